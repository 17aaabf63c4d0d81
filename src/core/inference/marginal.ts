/**
 * Estimates of the marginal likelihood log p(x) of one image, side by side:
 * - the paper's procedure (Kingma & Welling 2013, Appendix D; DESIGN.md): posterior samples
 *   z_l from MCMC, a density q fitted to them (a Gaussian here), and the harmonic-mean-type
 *   estimator  p(x) ≈ [ (1/L) Σ_l q(z_l) / (p(z_l) p(x|z_l)) ]⁻¹;
 * - importance sampling with the encoder's q(z|x) as proposal, with its standard error.
 * Quadrature at J = 2 is in ../posterior.ts.
 */
import * as tf from '../tf';
import { logQFromEps, logStandardNormal, reparameterize } from '../distributions';
import type { VAE } from '../model';
import { decoderLogLik } from '../objective';
import { logJoint, logSumExp } from '../posterior';
import { fitGaussian, logGaussianDensity, type FittedGaussian } from './gaussian';
import type { LogDensity } from './transitions';

export interface LogEstimate {
  /** The estimate, nats. */
  value: number;
  /** Its standard error by the delta method (independent draws assumed), nats. */
  se: number;
}

/**
 * log of the mean of e^{a_i} and its standard error: with m = max a_i and w_i = e^{a_i − m},
 * log mean = m + log w̄ and, by the delta method, se(log mean) ≈ sd(w) / (w̄ √n).
 */
export function logMeanExpWithSe(a: ArrayLike<number>): LogEstimate {
  const n = a.length;
  if (n === 0) throw new RangeError('log-mean-exp of no values');
  const lse = logSumExp(a);
  if (!Number.isFinite(lse)) return { value: lse, se: NaN };
  let m = -Infinity;
  for (let i = 0; i < n; i++) m = Math.max(m, a[i]!);
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const w = Math.exp(a[i]! - m);
    s += w;
    s2 += w * w;
  }
  const mean = s / n;
  const sd = n > 1 ? Math.sqrt(Math.max(0, (s2 - n * mean * mean) / (n - 1))) : NaN;
  return { value: lse - Math.log(n), se: sd / (mean * Math.sqrt(n)) };
}

/**
 * The harmonic-mean-type estimator from posterior samples z_l, given log q(z_l) and
 * log p(x, z_l) = log p(x|z_l) + log p(z_l):
 *   log p̂(x) = −log (1/L) Σ_l exp(log q(z_l) − log p(x, z_l)),
 * in log space. Unbiased for 1/p(x) when the z_l follow the posterior; its variance is finite
 * only when q has lighter tails than the posterior, which is why the notes call it unstable as
 * the dimension grows. The standard error treats the draws as independent (chains are not).
 */
export function logHarmonicMean(logQ: ArrayLike<number>, logJointValues: ArrayLike<number>): LogEstimate {
  if (logQ.length !== logJointValues.length) throw new RangeError(`harmonic mean: ${logQ.length} values of log q but ${logJointValues.length} of log p(x, z)`);
  const r = new Float64Array(logQ.length);
  for (let i = 0; i < r.length; i++) r[i] = logQ[i]! - logJointValues[i]!;
  const inv = logMeanExpWithSe(r);
  return { value: -inv.value, se: inv.se };
}

/**
 * The paper's three stages after the sampling: fit N(m, C) to the L draws (rows of J values)
 * and apply the harmonic-mean estimator with it. `logJointValues` are log p(x, z_l) at the same
 * draws.
 */
export function paperMarginalEstimate(draws: ArrayLike<number>, J: number, logJointValues: ArrayLike<number>): LogEstimate & { q: FittedGaussian } {
  const L = logJointValues.length;
  const q = fitGaussian(draws, L, J);
  return { ...logHarmonicMean(logGaussianDensity(q, draws, L), logJointValues), q };
}

/**
 * Importance weights log w_k = log p(x|z_k) + log p(z_k) − log q(z_k|x), z_k = μ + σ ⊙ ε_k,
 * ε_k ~ N(0, I) (seeded), with q the encoder's Gaussian for the one image x [1, 784]. [k]
 */
export function importanceLogWeights(model: VAE, x: tf.Tensor2D, k: number, seed: number): tf.Tensor1D {
  return tf.tidy(() => {
    if (x.shape[0] !== 1) throw new Error(`importance weights for one image, got ${x.shape[0]}`);
    const { mu, logVar } = model.encode(x);
    const muK = tf.tile(mu, [k, 1]) as tf.Tensor2D;
    const lvK = tf.tile(logVar, [k, 1]) as tf.Tensor2D;
    const eps = tf.randomNormal<tf.Rank.R2>([k, model.latentDim], 0, 1, 'float32', seed);
    const z = reparameterize(muK, lvK, eps);
    const ll = decoderLogLik(tf.broadcastTo(x, [k, x.shape[1]]) as tf.Tensor2D, model.decode(z));
    return tf.sub(tf.add(ll, logStandardNormal(z)), logQFromEps(lvK, eps)) as tf.Tensor1D;
  });
}

/**
 * The target of MCMC for one image x [1, 784]: the unnormalized log-posterior
 *   log p(x, z) = log p(x|z) + log N(z; 0, I),
 * with the model's decoder (DESIGN.md). The caller keeps x alive while the target is used.
 */
export function posteriorLogDensity(model: VAE, x: tf.Tensor2D): LogDensity {
  return (z) => logJoint(model, x, z);
}
