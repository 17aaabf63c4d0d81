import * as tf from '../core/tf';
import { IMAGE_SIZE } from '../core/model';
import { Trainer } from '../core/trainer';
import { DEFAULT_CONFIG, type Config } from '../core/config';

/**
 * The thread count's trial: the default model's own training step (M = 128) on a fixed
 * batch, the fastest of three after three warm-up steps. Milliseconds per step. (With one
 * warm-up step the trial on 2 threads read 41 ms against 35 on one, and chose 1, while the
 * next steps ran at 29 ms: the first steps after the module starts are slower on a pool.)
 *
 * Why not the backends' trial (`trial` in backend.ts): its matrix products scale with threads (about 2× from 1
 * to 2), while a training step also does work that does not (Adam's update, the loss, weight
 * packing: docs/performance.md, issue 27), and its random inputs, made inside the timed part,
 * swamped the products: on an idle 2-core machine it timed 1 and 2 threads alike (13 ms) and
 * chose 1, while training ran 1.27× faster on 2.
 */
export async function stepTrial(config: Config = DEFAULT_CONFIG): Promise<number> {
  const trainer = new Trainer(config);
  const x = trialBatch(config.batchSize);
  try {
    const once = async () => {
      const t = performance.now();
      const stats = tf.tidy(() => trainer.trainStep(x));
      await stats.data();
      stats.dispose();
      return performance.now() - t;
    };
    for (let i = 0; i < 3; i++) await once();
    return Math.min(await once(), await once(), await once());
  } finally {
    x.dispose();
    trainer.dispose();
  }
}

/** A fixed batch of m binary images (13 % of the pixels on, about MNIST's share), for timing steps whose data does not matter. */
export function trialBatch(m: number, seed = 7): tf.Tensor2D {
  return tf.tidy(() => tf.cast(tf.less(tf.randomUniform([m, IMAGE_SIZE], 0, 1, 'float32', seed), 0.13), 'float32')) as tf.Tensor2D;
}
