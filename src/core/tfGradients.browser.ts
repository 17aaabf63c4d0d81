// The gradients and chained ops of tfjs-core, for bundles (see tf.ts and package.json "imports").
// tfjs-core itself first, as the umbrella package orders it: registering a gradient reads the
// DEBUG flag, which tfjs-core's entry registers (the dev server's pre-bundles run in import order
// and failed with "Cannot evaluate flag 'DEBUG'" the other way round).
import '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
