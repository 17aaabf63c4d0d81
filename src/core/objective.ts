import * as tf from './tf';
import type { Estimator } from './config';
import {
  bernoulliLogLik,
  gaussianLogLik,
  klAnalyticPerDim,
  logMeanExp,
  logQFromEps,
  logStandardNormal,
  reparameterize,
  sumOfSquares,
} from './distributions';
import type { DecoderOutput, VAE } from './model';

/** log p_θ(x|z) for whichever decoder family produced `out`; one value per row. */
export function decoderLogLik(x: tf.Tensor2D, out: DecoderOutput): tf.Tensor1D {
  return out.family === 'bernoulli' ? bernoulliLogLik(x, out.logits) : gaussianLogLik(x, out.mean, out.logVar);
}

export interface ObjectiveOptions {
  estimator: Estimator;
  /** Samples of ε per data point. */
  samplesL: number;
  /** Weight of the KL term in the training loss only. */
  beta: number;
  /** λ of the λ·½‖θ‖² weight penalty, per image. */
  weightDecay?: number;
  /** Seed for ε; without it tfjs draws from Math.random. */
  seed?: number;
  /** ε of shape [L·B, J] supplied by the caller (tests, the reparameterization view). */
  eps?: tf.Tensor2D;
}

export interface ObjectiveTerms {
  /** The scalar that training minimizes: −mean_x[recon − β·KL] + λ·½‖θ‖². */
  loss: tf.Scalar;
  /** Per-image ELBO estimate with β = 1: recon − KL. [B] */
  elbo: tf.Tensor1D;
  /** Per-image E_q[log p(x|z)], averaged over the L samples. [B] */
  recon: tf.Tensor1D;
  /** Per-image KL estimate: analytic (B) or Monte-Carlo (A). [B] */
  kl: tf.Tensor1D;
  /** Analytic KL per latent dimension, averaged over the batch (whatever the estimator). [J] */
  klPerDim: tf.Tensor1D;
}

/** Repeats each row L times, sample-major: [x; x; …] of shape [L·B, D]. */
function tileSamples<T extends tf.Tensor2D>(t: T, L: number): T {
  return (L === 1 ? t : tf.tile(t, [L, 1])) as T;
}

/** Averages a [L·B] sample-major vector back to [B]. */
function meanOverSamples(v: tf.Tensor1D, L: number, B: number): tf.Tensor1D {
  return L === 1 ? v : tf.mean(tf.reshape(v, [L, B]), 0);
}

/**
 * The SGVB estimators of the paper for a minibatch x:
 * - estimator A (eq. 6): L̃ᴬ = (1/L) Σ_l [log p(x, z_l) − log q(z_l|x)]; here split as
 *   recon = (1/L) Σ_l log p(x|z_l) and KL = (1/L) Σ_l [log q(z_l|x) − log p(z_l)].
 * - estimator B (eq. 7): L̃ᴮ = −KL(q(z|x) ‖ p(z)) + (1/L) Σ_l log p(x|z_l), KL analytic.
 * with z_l = μ + σ ⊙ ε_l, ε_l ~ N(0, I).
 */
export function objective(model: VAE, x: tf.Tensor2D, opts: ObjectiveOptions): ObjectiveTerms {
  return tf.tidy(() => {
    const B = x.shape[0];
    const L = opts.samplesL;
    const J = model.latentDim;
    const { mu, logVar } = model.encode(x);
    const muL = tileSamples(mu, L);
    const logVarL = tileSamples(logVar, L);
    const eps = opts.eps ?? tf.randomNormal<tf.Rank.R2>([L * B, J], 0, 1, 'float32', opts.seed);
    const z = reparameterize(muL, logVarL, eps);
    const logPxz = decoderLogLik(tileSamples(x, L), model.decode(z));
    const recon = meanOverSamples(logPxz, L, B);
    const klDims = klAnalyticPerDim(mu, logVar);
    const kl =
      opts.estimator === 'B'
        ? tf.sum(klDims, 1)
        : meanOverSamples(tf.sub(logQFromEps(logVarL, eps), logStandardNormal(z)), L, B);
    const elbo = tf.sub(recon, kl);
    let loss = tf.neg(tf.mean(tf.sub(recon, tf.mul(opts.beta, kl)))) as tf.Scalar;
    if (opts.weightDecay && opts.weightDecay > 0) {
      const sq = sumOfSquares(model.variables);
      loss = tf.add(loss, tf.mul(0.5 * opts.weightDecay, sq));
    }
    return { loss, elbo: elbo as tf.Tensor1D, recon, kl: kl as tf.Tensor1D, klPerDim: tf.mean(klDims, 0) as tf.Tensor1D };
  });
}

/**
 * Importance-sampled estimate of log p(x) with q(z|x) as the proposal and k samples:
 *   log p(x) ≈ log (1/k) Σ_k p(x|z_k) p(z_k) / q(z_k|x),  z_k ~ q(z|x),
 * computed with logsumexp. k = 1 is the single-sample ELBO estimate (estimator A's form);
 * its expectation rises toward log p(x) as k grows (Burda et al., 2015). Images are
 * processed in chunks so that at most `maxRows` decoder rows exist at once.
 */
export function logMarginalIS(model: VAE, x: tf.Tensor2D, k: number, seed?: number, maxRows = 8192): tf.Tensor1D {
  const B = x.shape[0];
  const perChunk = Math.max(1, Math.floor(maxRows / k));
  if (B > perChunk) {
    const parts: tf.Tensor1D[] = [];
    for (let start = 0; start < B; start += perChunk) {
      const n = Math.min(perChunk, B - start);
      const xs = tf.slice(x, [start, 0], [n, -1]);
      parts.push(logMarginalIS(model, xs, k, seed === undefined ? undefined : seed + start, maxRows));
      xs.dispose();
    }
    const out = tf.concat(parts);
    tf.dispose(parts);
    return out;
  }
  return tf.tidy(() => {
    const J = model.latentDim;
    const { mu, logVar } = model.encode(x);
    // Sample-major layout [k·B, ·]; reshaped to [k, B] and transposed to [B, k] for logsumexp.
    const muK = tileSamples(mu, k);
    const logVarK = tileSamples(logVar, k);
    const eps = tf.randomNormal<tf.Rank.R2>([k * B, J], 0, 1, 'float32', seed);
    const z = reparameterize(muK, logVarK, eps);
    const logPxz = decoderLogLik(tileSamples(x, k), model.decode(z));
    const logW = tf.sub(tf.add(logPxz, logStandardNormal(z)), logQFromEps(logVarK, eps));
    return logMeanExp(tf.transpose(tf.reshape(logW, [k, B])) as tf.Tensor2D);
  });
}
