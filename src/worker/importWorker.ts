/// <reference lib="webworker" />
/**
 * The import worker: reads the user's files, decodes images with the browser's own decoders
 * (createImageBitmap, OffscreenCanvas) and preprocesses them off the page's thread. Cancel is
 * the page terminating this worker.
 */
import * as Comlink from 'comlink';
import { grayFromRGBA } from '../data/import/rgba';
import type { EncodedImage, RawImage } from '../data/import/types';
import type { ImportWorkerApi } from '../protocol/import';
import { ImportJob } from './importJob';

/** Images larger than this on their longer side are scaled down while decoding (they end as 28×28). */
const DECODE_MAX_SIDE = 256;

/** The thin browser-only step: encoded bytes → RGBA → grey levels. */
async function decodeImage(e: EncodedImage): Promise<RawImage> {
  let bmp = await createImageBitmap(new Blob([e.bytes as BlobPart]));
  const big = Math.max(bmp.width, bmp.height);
  if (big > DECODE_MAX_SIDE) {
    const s = DECODE_MAX_SIDE / big;
    const small = await createImageBitmap(bmp, {
      resizeWidth: Math.max(1, Math.round(bmp.width * s)),
      resizeHeight: Math.max(1, Math.round(bmp.height * s)),
      resizeQuality: 'high',
    });
    bmp.close();
    bmp = small;
  }
  const { width, height } = bmp;
  const ctx = new OffscreenCanvas(width, height).getContext('2d');
  if (!ctx) throw new Error('no 2-D canvas in this worker');
  ctx.drawImage(bmp, 0, 0);
  bmp.close();
  const rgba = ctx.getImageData(0, 0, width, height).data;
  return { width, height, gray: grayFromRGBA(rgba, width, height), label: e.label, source: e.name };
}

const job = new ImportJob();

const api: ImportWorkerApi = {
  async load(files, name, opts, onProgress) {
    const inputs = await Promise.all(files.map(async (f) => ({ name: f.path, bytes: new Uint8Array(await f.file.arrayBuffer()) })));
    const s = await job.load(inputs, name, decodeImage, opts, (p) => void Promise.resolve(onProgress(p)).catch(() => {}));
    return Comlink.transfer(s, [s.preview.buffer]);
  },
  async reprocess(opts) {
    const s = job.process(opts);
    return Comlink.transfer(s, [s.preview.buffer]);
  },
  async take() {
    // Copies: the job keeps its own for another take.
    const set = job.take();
    const images = set.images.slice();
    const labels = set.labels.slice();
    return Comlink.transfer({ ...set, images, labels }, [images.buffer, labels.buffer]);
  },
};

Comlink.expose(api);
