// The gradients and chained ops of tfjs-core, in Node (unit tests, scripts/train-node.ts): there
// `@tensorflow/tfjs-core` resolves to its CommonJS bundle, which has neither, and the files that
// register them are ES modules only a bundler can load (extensionless and directory imports).
// The umbrella package's CommonJS bundle registers both on that same tfjs-core; in Node its
// size costs nothing. See tf.ts and package.json "imports".
// eslint-disable-next-line @typescript-eslint/no-restricted-imports -- Node only (the "node" condition): never in a bundle.
import '@tensorflow/tfjs';
