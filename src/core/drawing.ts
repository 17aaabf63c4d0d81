import * as tf from './tf';
import { klAnalyticPerDim, reparameterize } from './distributions';
import type { VAE } from './model';
import { decoderLogLik, logMarginalIS } from './objective';

/**
 * What the encoder and decoder say about one image x (a drawing, or a test digit):
 * q(z|x) = N(μ, diag σ²); the reconstruction E[x|z = μ]; L posterior samples
 * z_l = μ + σ ⊙ ε_l decoded to their mean images; and the ELBO by estimator B with those L
 * samples:  ELBO ≈ (1/L) Σ_l log p(x|z_l) − KL(q(z|x) ‖ p(z)),  KL analytic (eq. 7).
 */
export interface DrawingTensors {
  /** [J] */
  mu: tf.Tensor1D;
  /** [J] σ = exp(½ log σ²) */
  sigma: tf.Tensor1D;
  /** [784] decoder mean at z = μ */
  reconstruction: tf.Tensor1D;
  /** [S, 784] decoder means at the first S of the L samples */
  samples: tf.Tensor2D;
  /** [3] (ELBO, mean log p(x|z_l), KL) */
  figures: tf.Tensor1D;
  /** [J] analytic KL per dimension */
  klPerDim: tf.Tensor1D;
}

/** Tensors describing x [1, 784]; the caller reads them back and disposes them. */
export function analyzeImage(model: VAE, x: tf.Tensor2D, samplesL: number, shown: number, seed?: number): DrawingTensors {
  if (x.shape[0] !== 1) throw new Error(`analyzeImage takes one image, got ${x.shape[0]}`);
  if (samplesL < 1 || shown > samplesL) throw new Error(`need 1 ≤ shown (${shown}) ≤ L (${samplesL})`);
  return tf.tidy(() => {
    const { mu, logVar } = model.encode(x);
    const J = model.latentDim;
    const eps = tf.randomNormal<tf.Rank.R2>([samplesL, J], 0, 1, 'float32', seed);
    // Row 0 decodes μ itself (the reconstruction); rows 1..L the posterior samples: one batch.
    const z = tf.concat([mu, reparameterize(tf.broadcastTo(mu, [samplesL, J]) as tf.Tensor2D, tf.broadcastTo(logVar, [samplesL, J]) as tf.Tensor2D, eps)]);
    const out = model.decode(z as tf.Tensor2D);
    const means = out.family === 'bernoulli' ? tf.sigmoid(out.logits) : out.mean;
    const logLik = decoderLogLik(tf.broadcastTo(x, [samplesL + 1, x.shape[1]]) as tf.Tensor2D, out);
    const recon = tf.mean(tf.slice(logLik, [1], [samplesL]));
    const klDims = klAnalyticPerDim(mu, logVar);
    const kl = tf.sum(klDims);
    return {
      mu: tf.reshape(mu, [J]) as tf.Tensor1D,
      sigma: tf.reshape(tf.exp(tf.mul(0.5, logVar)), [J]) as tf.Tensor1D,
      reconstruction: tf.reshape(tf.slice(means, [0, 0], [1, -1]), [-1]) as tf.Tensor1D,
      samples: tf.slice(means, [1, 0], [shown, -1]) as tf.Tensor2D,
      figures: tf.stack([tf.sub(recon, kl), recon, kl]) as tf.Tensor1D,
      klPerDim: tf.reshape(klDims, [J]) as tf.Tensor1D,
    };
  });
}

/**
 * Combines importance-sampling estimates made in chunks: with chunk c giving
 * m_c = log (1/k_c) Σ_{i∈c} w_i, the estimate over all k = Σ k_c samples is
 *   log (1/k) Σ_i w_i = log Σ_c exp(m_c + log k_c) − log k,
 * computed in float64 with the maximum taken out (logsumexp).
 */
export function combineLogMeans(parts: { logMean: number; n: number }[]): number {
  const k = parts.reduce((a, p) => a + p.n, 0);
  if (k === 0) return NaN;
  const terms = parts.map((p) => p.logMean + Math.log(p.n));
  const m = Math.max(...terms);
  if (!Number.isFinite(m)) return m;
  return m + Math.log(terms.reduce((a, t) => a + Math.exp(t - m), 0)) - Math.log(k);
}

/**
 * Importance-sampled log p(x) of one image x [1, 784] with k samples from q(z|x), in chunks of
 * `chunk` samples (logMarginalIS on each, seeds seed, seed+1, …). After each chunk `onChunk`
 * gets the samples done and the estimate so far; it may throw to cancel.
 */
export async function logMarginalISChunked(
  model: VAE,
  x: tf.Tensor2D,
  k: number,
  chunk: number,
  seed: number,
  onChunk: (done: number, estimate: number) => Promise<void> | void = () => {},
): Promise<number> {
  if (!Number.isInteger(k) || k < 1) throw new Error(`k must be a whole number ≥ 1, got ${k}`);
  const parts: { logMean: number; n: number }[] = [];
  for (let done = 0, c = 0; done < k; c++) {
    const n = Math.min(chunk, k - done);
    const lp = logMarginalIS(model, x, n, seed + c, Math.max(n, 1));
    const v = (await lp.data())[0]!;
    lp.dispose();
    parts.push({ logMean: v, n });
    done += n;
    await onChunk(done, combineLogMeans(parts));
  }
  return combineLogMeans(parts);
}
