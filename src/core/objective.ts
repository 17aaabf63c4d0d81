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
import type { DecoderWeightDraw } from './bayesDecoder';

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
  /** Variational decoder: the prior std α of p_α(θ) = N(0, α²) (default 1). */
  weightPriorStd?: number;
  /** Variational decoder: N, the training images the bound is over (default TRAIN_SIZE_DEFAULT). */
  trainSize?: number;
  /** Variational decoder: ζ of the local reparameterization per decoder layer, [L·B, out] each (tests). */
  weightNoise?: tf.Tensor2D[];
}

/** Training images of MNIST and of Fashion-MNIST (both 60,000): N when the caller gives none. */
export const TRAIN_SIZE_DEFAULT = 60_000;

export interface ObjectiveTerms {
  /**
   * The scalar that training minimizes: −mean_x[recon − β·KL] + λ·½‖θ‖², plus for a
   * variational decoder KL(q(θ) ‖ p_α(θ))/N.
   */
  loss: tf.Scalar;
  /** Per-image ELBO estimate with β = 1: recon − KL. [B] */
  elbo: tf.Tensor1D;
  /** Per-image E_q[log p(x|z)], averaged over the L samples. [B] */
  recon: tf.Tensor1D;
  /** Per-image KL estimate: analytic (B) or Monte-Carlo (A). [B] */
  kl: tf.Tensor1D;
  /** Analytic KL per latent dimension, averaged over the batch (whatever the estimator). [J] */
  klPerDim: tf.Tensor1D;
  /** KL(q(θ) ‖ p_α(θ)) / N: the weight KL per image (0 for a point-estimate decoder). */
  weightKl: tf.Scalar;
}

/** Repeats each row L times, sample-major: [x; x; …] of shape [L·B, D]. */
export function tileSamples<T extends tf.Tensor2D>(t: T, L: number): T {
  return (L === 1 ? t : tf.tile(t, [L, 1])) as T;
}

/** Averages a [L·B] sample-major vector back to [B]. */
function meanOverSamples(v: tf.Tensor1D, L: number, B: number): tf.Tensor1D {
  return L === 1 ? v : tf.mean(tf.reshape(v, [L, B]), 0);
}

/**
 * L draws per image from the posterior, decoded: for x [B, 784], q(z|x) = N(μ, diag σ²), then
 * z_lb = μ_b + σ_b ⊙ ε_lb with ε_lb ~ N(0, I), sample-major (row l·B + b), and log p(x_b|z_lb).
 * The one place the estimators, the importance-sampled log p(x), the evaluation and the
 * gradient-variance lab sample then decode. Call inside tf.tidy (the terms are intermediates).
 */
export interface PosteriorDraws {
  /** μ of q(z|x), [B, J]. */
  mu: tf.Tensor2D;
  /** log σ² of q(z|x), [B, J]. */
  logVar: tf.Tensor2D;
  /** log σ² repeated for each sample, [L·B, J]. */
  logVarL: tf.Tensor2D;
  /** ε, [L·B, J]. */
  eps: tf.Tensor2D;
  /** z = μ + σ ⊙ ε, [L·B, J]. */
  z: tf.Tensor2D;
  /** log p(x|z) of each draw, [L·B]. */
  logPxz: tf.Tensor1D;
}

/**
 * See PosteriorDraws. ε is drawn with `seed` (Math.random without it), or given as `eps` [L·B, J].
 * `draw` says how a variational decoder's weights are taken (see bayesDecoder.ts; default: their means).
 */
export function drawPosterior(
  model: VAE,
  x: tf.Tensor2D,
  L: number,
  noise: { seed?: number; eps?: tf.Tensor2D; draw?: DecoderWeightDraw } = {},
): PosteriorDraws {
  const B = x.shape[0];
  const { mu, logVar } = model.encode(x);
  const logVarL = tileSamples(logVar, L);
  const eps = noise.eps ?? tf.randomNormal<tf.Rank.R2>([L * B, model.latentDim], 0, 1, 'float32', noise.seed);
  const z = reparameterize(tileSamples(mu, L), logVarL, eps);
  const logPxz = decoderLogLik(tileSamples(x, L), model.decode(z, noise.draw ?? 'mean'));
  return { mu, logVar, logVarL, eps, z, logPxz };
}

/** Each draw's sampled KL term, log q(z|x) − log p(z) (estimator A's KL before averaging), [L·B]. */
function sampledKl(d: PosteriorDraws): tf.Tensor1D {
  return tf.sub(logQFromEps(d.logVarL, d.eps), logStandardNormal(d.z));
}

/** The log importance weight of each draw: log w = log p(x|z) + log p(z) − log q(z|x), [L·B]. */
export function logImportanceWeights(d: PosteriorDraws): tf.Tensor1D {
  return tf.sub(d.logPxz, sampledKl(d));
}

/**
 * log (1/k) Σ_i e^{a_i} per image of a sample-major [k·B] vector (row i·B + b is draw i of
 * image b), by logsumexp: [B]. With a = log w, the importance-weighted bound L_k.
 */
export function logMeanExpOverSamples(a: tf.Tensor1D, k: number, B: number): tf.Tensor1D {
  return tf.tidy(() => logMeanExp(tf.transpose(tf.reshape(a, [k, B])) as tf.Tensor2D));
}

export interface ElboTerms {
  /** Per-image ELBO estimate: recon − KL. [B] */
  elbo: tf.Tensor1D;
  /** Per-image E_q[log p(x|z)], averaged over the L samples. [B] */
  recon: tf.Tensor1D;
  /** Per-image KL estimate: analytic (B) or Monte-Carlo (A). [B] */
  kl: tf.Tensor1D;
  /** Analytic KL per image and latent dimension (whatever the estimator). [B, J] */
  klDims: tf.Tensor2D;
  /**
   * Estimators A and IWAE: each draw's log p(x|z_l) and sampled KL log q(z_l|x) − log p(z_l),
   * sample-major [L·B] (row l·B + b); their difference is the log importance weight.
   */
  perDraw?: { logPxz: tf.Tensor1D; kl: tf.Tensor1D };
}

/**
 * The SGVB estimators of the ELBO (β = 1) for each image of x:
 * - estimator A (eq. 6): L̃ᴬ = (1/L) Σ_l [log p(x, z_l) − log q(z_l|x)]; here split as
 *   recon = (1/L) Σ_l log p(x|z_l) and KL = (1/L) Σ_l [log q(z_l|x) − log p(z_l)].
 * - estimator B (eq. 7): L̃ᴮ = −KL(q(z|x) ‖ p(z)) + (1/L) Σ_l log p(x|z_l), KL analytic.
 * with z_l = μ + σ ⊙ ε_l, ε_l ~ N(0, I). For IWAE (see iwaeBound) the terms are estimator A's,
 * from the same L draws the bound is computed from.
 *
 * With a variational decoder (full VB, the paper's Appendix F) each row's θ is drawn from q(θ)
 * by the local reparameterization trick, so `elbo` estimates E_q(θ)[ELBO_i(θ)], and the
 * bound over N images, Σ_i E_q(θ)[ELBO_i(θ)] − KL(q(θ) ‖ p_α(θ)), estimated from a minibatch
 * of M as (N/M) Σ_batch ELBO_i − KL, is minimized per image, divided by N:
 *   loss = −(1/M) Σ_batch [recon_i − β·KL_i] + KL(q(θ) ‖ p_α(θ))/N.
 */
export function elbo(model: VAE, x: tf.Tensor2D, opts: Pick<ObjectiveOptions, 'estimator' | 'samplesL' | 'seed' | 'eps' | 'weightNoise'>): ElboTerms {
  return tf.tidy(() => {
    const B = x.shape[0];
    const L = opts.samplesL;
    const draw: DecoderWeightDraw = model.variational
      ? { kind: 'local', ...(opts.seed === undefined ? {} : { seed: opts.seed + 104729 }), ...(opts.weightNoise ? { noise: opts.weightNoise } : {}) }
      : 'mean';
    const d = drawPosterior(model, x, L, { ...(opts.seed === undefined ? {} : { seed: opts.seed }), ...(opts.eps ? { eps: opts.eps } : {}), draw });
    const recon = meanOverSamples(d.logPxz, L, B);
    const klDims = klAnalyticPerDim(d.mu, d.logVar);
    if (opts.estimator === 'B') {
      const kl = tf.sum(klDims, 1) as tf.Tensor1D;
      return { elbo: tf.sub(recon, kl) as tf.Tensor1D, recon, kl, klDims };
    }
    const klDraws = sampledKl(d);
    const kl = meanOverSamples(klDraws, L, B);
    return { elbo: tf.sub(recon, kl) as tf.Tensor1D, recon, kl, klDims, perDraw: { logPxz: d.logPxz, kl: klDraws } };
  });
}

/**
 * The importance-weighted bound (IWAE; Burda et al., 2015) of each image from its k draws:
 *   L_k(x) = log (1/k) Σ_i w_i,  log w_i = log p(x|z_i) − β [log q(z_i|x) − log p(z_i)],
 * z_i = μ + σ ⊙ ε_i, by a logsumexp, so the gradient flows through μ, σ and the decoder.
 * β = 1 is the bound itself: log p(x) ≥ L_k ≥ L_{k−1} ≥ … ≥ L_1 = estimator A's ELBO in
 * expectation; β ≠ 1 (warm-up) tempers the prior-to-posterior ratio as β does the KL of the
 * ELBO, and at k = 1 it is exactly estimator A's β-weighted objective. `perDraw` is ElboTerms'.
 */
export function iwaeBound(perDraw: { logPxz: tf.Tensor1D; kl: tf.Tensor1D }, k: number, beta = 1): tf.Tensor1D {
  return tf.tidy(() => {
    const logW = beta === 1 ? tf.sub(perDraw.logPxz, perDraw.kl) : tf.sub(perDraw.logPxz, tf.mul(beta, perDraw.kl));
    return logMeanExpOverSamples(logW as tf.Tensor1D, k, perDraw.logPxz.shape[0] / k);
  });
}

/**
 * The training objective: the ELBO by estimator A or B (see elbo()), with β weighting the KL
 * term, or the importance-weighted bound L_k with k = L (see iwaeBound()), and the optional
 * weight penalty:  loss = −mean_x[recon − β·KL] + λ·½‖θ‖²  (IWAE: −mean_x L_k + λ·½‖θ‖²).
 */
export function objective(model: VAE, x: tf.Tensor2D, opts: ObjectiveOptions): ObjectiveTerms {
  return tf.tidy(() => {
    if (opts.estimator === 'iwae' && model.variational) throw new Error('the IWAE bound needs a point-estimate decoder');
    const { elbo: perImage, recon, kl, klDims, perDraw } = elbo(model, x, opts);
    const fit = opts.estimator === 'iwae' ? iwaeBound(perDraw!, opts.samplesL, opts.beta) : tf.sub(recon, tf.mul(opts.beta, kl));
    let loss = tf.neg(tf.mean(fit)) as tf.Scalar;
    if (opts.weightDecay && opts.weightDecay > 0) {
      const sq = sumOfSquares(model.weightVariables);
      loss = tf.add(loss, tf.mul(0.5 * opts.weightDecay, sq));
    }
    const N = opts.trainSize ?? TRAIN_SIZE_DEFAULT;
    if (!(N >= 1)) throw new Error(`the training set size N must be at least 1, got ${N}`);
    const weightKl = tf.div(model.weightKl(opts.weightPriorStd ?? 1), N) as tf.Scalar;
    if (model.variational) loss = tf.add(loss, weightKl);
    return { loss, elbo: perImage, recon, kl, klPerDim: tf.mean(klDims, 0) as tf.Tensor1D, weightKl };
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
    return logMeanExpOverSamples(logImportanceWeights(drawPosterior(model, x, k, { seed })), k, B);
  });
}
