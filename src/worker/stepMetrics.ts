/**
 * The figures of training steps as read back from the device. Each step leaves one vector of
 * statistics (core/trainer.ts STEP_STATS, then the analytic KL of each latent dimension); the
 * training loop stacks the pending ones and reads them in one asynchronous read.
 */
import type * as tf from '../core/tf';
import { STEP_STATS } from '../core/trainer';
import type { TrainPoint } from '../protocol/types';

/** A step whose statistics wait on the device to be read back. */
export interface PendingStats {
  step: number;
  samples: number;
  stats: tf.Tensor1D;
}

/**
 * The steps' points (loss, ELBO, recon, KL, gradient norm = √(squared norm), and for a
 * variational decoder the weight KL per image) from the stacked values [steps × width], and
 * the KL per latent dimension averaged over those steps.
 */
export function readStepStats(
  values: ArrayLike<number>,
  batch: readonly Omit<PendingStats, 'stats'>[],
  run: number,
  variational = false,
): { points: TrainPoint[]; klPerDim: number[] } {
  const at = (name: (typeof STEP_STATS)[number]) => STEP_STATS.indexOf(name);
  const width = values.length / batch.length;
  const points: TrainPoint[] = batch.map((p, i) => ({
    run,
    step: p.step,
    samples: p.samples,
    loss: values[i * width]!,
    elbo: values[i * width + 1]!,
    recon: values[i * width + 2]!,
    kl: values[i * width + 3]!,
    gradNorm: Math.sqrt(values[i * width + at('gradNormSq')]!),
    ...(variational ? { weightKl: values[i * width + at('weightKl')]! } : {}),
  }));
  const J = width - STEP_STATS.length;
  const klPerDim = new Array<number>(J).fill(0);
  for (let i = 0; i < batch.length; i++) {
    for (let j = 0; j < J; j++) klPerDim[j]! += values[i * width + STEP_STATS.length + j]! / batch.length;
  }
  return { points, klPerDim };
}
