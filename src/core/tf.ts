/**
 * TensorFlow.js as the playground uses it: the ops of tfjs-core with their gradients and
 * chained ops registered. The umbrella package `@tensorflow/tfjs` would also bring tfjs-layers,
 * the converter, tfjs-data and the cpu and WebGL backends into every bundle that imports the
 * model core: the drawing worker, which runs on wasm only, carried all of them. Here each entry
 * point registers the backends it runs on (src/worker/backend.ts, src/worker/drawWorker.ts,
 * src/test/setup-tf.ts), and tfjs-layers is loaded only by the model export (layersExport.ts).
 */
// Gradients and chained ops: in bundles from tfjs-core's own files, in Node from the umbrella's
// CommonJS bundle (package.json "imports" picks by the "node" condition).
import '#tf-gradients';

export * from '@tensorflow/tfjs-core';
