/// <reference lib="webworker" />
/**
 * The drawing worker: answers the drawing pad with a copy of the model, on the wasm backend,
 * beside the training worker. In the training worker an encoding must wait for the step
 * under way (one synchronous call of about 100 ms on wasm, several hundred ms on software
 * WebGL); here it starts at once, and the pad's long estimates take no time from training.
 * The page sends the copy (ModelSnapshot) when the model changes, and about once a second
 * while someone draws during training.
 */
import * as Comlink from 'comlink';
import * as tf from '../core/tf';
import './wasmPaths';
import type { DrawWorkerApi } from '../protocol/types';
import { DrawingService, drawingRequests } from './drawing';
import { DrawModelHost } from './drawHost';
import { inferenceRequests } from './inferenceApi';

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
  async ping() {
    return 0;
  },
  ...drawingRequests(drawing),
  ...inference,
};

Comlink.expose(api);
