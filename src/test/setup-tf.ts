import '@tensorflow/tfjs-backend-cpu';
import * as tf from '../core/tf';
import { beforeAll } from 'vitest';

// Unit tests run on the cpu backend: deterministic, and available in Node without native code.
beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
  if (tf.getBackend() !== 'cpu') throw new Error(`expected the cpu backend, got ${tf.getBackend()}`);
});
