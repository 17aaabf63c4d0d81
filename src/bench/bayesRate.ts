/**
 * The speed of a training step with variational decoder weights (full VB, issue 25) as a ratio
 * to the point-estimate decoder, on the current backend: both trainers take steps on one fixed
 * binarized batch in alternation (A-B-A-B), so that a busy machine slows both alike; each step
 * is waited for (its statistics read back). ratio = median variational step time / median
 * point step time. The benchmark page's worker and scripts/bench-bayes.ts call it; it never
 * asserts a speed and imports no backend.
 */
import * as tf from '../core/tf';
import { IMAGE_SIZE } from '../core/model';
import { Trainer } from '../core/trainer';
import type { Config } from '../core/config';

export interface BayesRate {
  config: { hidden: number[]; latentDim: number; batchSize: number };
  steps: number;
  pointMs: number;
  variationalMs: number;
  /** variationalMs / pointMs: how many times longer a variational step takes. */
  ratio: number;
  pointSamplesPerSec: number;
  variationalSamplesPerSec: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** One step, waited for, in ms. */
async function timedStep(trainer: Trainer, x: tf.Tensor2D): Promise<number> {
  const t0 = performance.now();
  const stats = trainer.trainStep(x);
  await stats.data();
  stats.dispose();
  return performance.now() - t0;
}

/** `steps` timed steps of each decoder (after `warm` untimed ones: the optimizers' slots, the kernels). */
export async function measureBayesRate(config: Config, steps: number, warm = 3): Promise<BayesRate> {
  const point = new Trainer({ ...config, decoderWeights: 'point' });
  const vb = new Trainer({ ...config, decoderWeights: 'variational' });
  const x = tf.tidy(() => tf.cast(tf.less(tf.randomUniform([config.batchSize, IMAGE_SIZE], 0, 1, 'float32', 1), 0.2), 'float32')) as tf.Tensor2D;
  try {
    for (let i = 0; i < warm; i++) {
      await timedStep(point, x);
      await timedStep(vb, x);
    }
    const p: number[] = [];
    const v: number[] = [];
    for (let i = 0; i < steps; i++) {
      p.push(await timedStep(point, x));
      v.push(await timedStep(vb, x));
    }
    const pointMs = median(p);
    const variationalMs = median(v);
    return {
      config: { hidden: [...config.hidden], latentDim: config.latentDim, batchSize: config.batchSize },
      steps,
      pointMs,
      variationalMs,
      ratio: variationalMs / pointMs,
      pointSamplesPerSec: (config.batchSize * 1000) / pointMs,
      variationalSamplesPerSec: (config.batchSize * 1000) / variationalMs,
    };
  } finally {
    point.dispose();
    vb.dispose();
    x.dispose();
  }
}
