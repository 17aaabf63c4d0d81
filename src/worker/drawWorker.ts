/// <reference lib="webworker" />
/**
 * The drawing worker: answers every request a person waits for (the drawing pad, the latent
 * views, the test digits, the posterior lab) with a copy of the model, on the wasm backend,
 * beside the training worker. In the training worker a request must wait for the step under
 * way (one synchronous call of about 100 ms on wasm, several hundred ms on software WebGL);
 * here it starts at once, and the views and long estimates take no time from training. The
 * page sends the copy (ModelSnapshot) when the model changes while paused, and at most about
 * once a second while training; the test set (TestSetCopy) once per data set. See
 * docs/architecture.md, "One path for interactive work".
 */
import * as Comlink from 'comlink';
import * as tf from '../core/tf';
import './wasmPaths';
import type { DrawWorkerApi } from '../protocol/types';
import { DrawingService, drawingRequests } from './drawing';
import { DrawModelHost } from './drawHost';
import { reparamSample } from './lab';
import { bayesViewRequests } from './bayesViewsApi';
import { inferenceRequests } from './inferenceApi';
import { latentViewRequests } from './latentViewsApi';
import { yieldToEventLoop } from './schedule';

/**
 * Grid points of the true posterior decoded per batch. A new stroke's encoding waits for the
 * batch under way: decoding 2048 points takes about 85 ms on wasm (J = 2, 512 hidden units,
 * Node on the 2-core dev machine), 256 about 14 ms, at the price of about a third more time
 * for the whole grid.
 */
const GRID_CHUNK = 256;

const host = new DrawModelHost();
const drawing = new DrawingService(() => host.source(), { worker: 'drawing', gridChunk: GRID_CHUNK });
let warmedUp = false;
const { cancelInference, ...inference } = inferenceRequests(() => host.source());

/**
 * The latent views on the copy. A view yields between its chunks (latentViews.VIEW_CHUNK
 * images, a few ms on wasm), so that a stroke's encoding that arrives meanwhile is answered
 * after one chunk, not after the whole view. A copy replaced meanwhile (a new run) makes the
 * view fail; it is run again on the new one.
 */
const views = latentViewRequests(async (view) => {
  for (let attempt = 0; ; attempt++) {
    const run = host.version?.run;
    try {
      return await view(host.viewSource(yieldToEventLoop));
    } catch (e) {
      if (host.version?.run === run || attempt >= 2) throw e;
    }
  }
});

const api: DrawWorkerApi = {
  async init() {
    // The single-threaded SIMD build: the drawing worker's small products would share the
    // cores with training, and the threaded build would start a pool of 8 idle pthread workers.
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    const ok = await tf.setBackend('wasm');
    await tf.ready();
    if (!ok || tf.getBackend() !== 'wasm') throw new Error('the wasm backend failed to initialise');
    return { backend: tf.getBackend() };
  },
  async setModel(snapshot) {
    // Another run: the old one's estimates stop at their next chunk. Then not in the middle of a
    // log p(x) or true-posterior estimate (each reports the step of the one model it ran on).
    if (host.version?.run !== snapshot?.run) drawing.cancel();
    await drawing.idle();
    const { runChanged } = host.set(snapshot);
    if (runChanged) {
      drawing.cancel();
      cancelInference();
    }
    // The first encoding then finds its kernels ready.
    if (!warmedUp) {
      warmedUp = true;
      await drawing.warmUp();
    }
    return host.version!;
  },
  async setTestSet(set) {
    host.setTestSet(set);
  },
  async reparamSample(req) {
    const r = await reparamSample(host.source(), req);
    return Comlink.transfer(r, [r.decoded.buffer, r.atMu.buffer]);
  },
  async testDigitInput(index) {
    const r = drawing.testDigit(index);
    return Comlink.transfer(r, [r.intensities.buffer, r.x.buffer]);
  },
  async ping() {
    return 0;
  },
  ...drawingRequests(drawing),
  ...views,
  ...bayesViewRequests(() => host.bayesSource()),
  ...inference,
};

Comlink.expose(api);
