/**
 * HMC's speed on the app's model: leapfrog steps (gradient evaluations of log p(x, z) through
 * the decoder) per second, for a 784-512-J ReLU model with untrained weights and one image, at
 * a given latent size J. Runs on whatever backend is set; the benchmark page's worker and the
 * Node script (scripts/hmc-rate.ts) call it. Never asserts a speed.
 */
import * as tf from '../core/tf';
import { DEFAULT_CONFIG } from '../core/config';
import { posteriorLogDensity } from '../core/inference/marginal';
import { ChainSampler } from '../core/inference/sampler';
import { IMAGE_SIZE, VAE } from '../core/model';

export interface HmcRate {
  J: number;
  chains: number;
  leapfrogSteps: number;
  transitions: number;
  /** Leapfrog steps per second, summed over the chains (each chain's step is one row of a batch). */
  leapfrogPerSec: number;
  /** Transitions (samples) per second, summed over the chains. */
  samplesPerSec: number;
  ms: number;
}

/** Times `transitions` HMC transitions (after `warm` untimed ones, which compile the kernels). */
export async function measureHmcRate(J: number, opts: { chains?: number; leapfrogSteps?: number; transitions?: number; warm?: number } = {}): Promise<HmcRate> {
  const chains = opts.chains ?? 4;
  const L = opts.leapfrogSteps ?? 10;
  const transitions = opts.transitions ?? 20;
  const model = new VAE({ ...DEFAULT_CONFIG, hidden: [512], activation: 'relu', decoder: 'bernoulli', latentDim: J, seed: 1 });
  const x = tf.tidy(() => tf.cast(tf.less(tf.randomUniform([1, IMAGE_SIZE], 0, 1, 'float32', 3), 0.2), 'float32') as tf.Tensor2D);
  const s = new ChainSampler(posteriorLogDensity(model, x), new Float32Array(chains * J), chains, {
    method: 'hmc', stepSize: 0.05, leapfrogSteps: L, warmup: 0, seed: 1, maxDraws: transitions + 10,
  });
  try {
    await s.run(opts.warm ?? 2);
    const t0 = performance.now();
    await s.run(transitions);
    const ms = performance.now() - t0;
    return { J, chains, leapfrogSteps: L, transitions, leapfrogPerSec: (transitions * L * chains * 1000) / ms, samplesPerSec: (transitions * chains * 1000) / ms, ms };
  } finally {
    s.dispose();
    x.dispose();
    model.dispose();
  }
}
