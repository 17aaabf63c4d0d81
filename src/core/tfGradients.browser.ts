// The gradients and chained ops of tfjs-core, for bundles (see tf.ts and package.json "imports").
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
