/**
 * What the Bayesian-decoder views compute from a model with a variational decoder: decoders
 * drawn from q(θ), the per-pixel spread of the decoder's mean image under q(θ), and the
 * standard deviations s of the decoder's weights. Every tensor is tidied or disposed; reads
 * are asynchronous.
 */
import * as tf from './tf';
import { IMAGE_SIZE, type VAE } from './model';

function needVariational(model: VAE): void {
  if (!model.variational) {
    throw new Error('the decoder weights are a point estimate: choose "Variational q(θ)" as the decoder weights to see their distribution');
  }
}

/**
 * One z decoded by `count` decoders θ_k = m + s ⊙ ζ_k drawn from q(θ) (a whole draw each), and
 * by the mean decoder θ = m. Returns the images E[x | z, θ_k] (count × 784), the mean
 * decoder's image, and the per-pixel standard deviation over the draws,
 *   sd_p = √((1/K) Σ_k (x_kp − x̄_p)²),  x̄_p = (1/K) Σ_k x_kp.
 */
export async function decodersFromQ(
  model: VAE,
  z: number[],
  count: number,
  seed: number,
): Promise<{ samples: Float32Array; mean: Float32Array; spread: Float32Array }> {
  needVariational(model);
  if (z.length !== model.latentDim) throw new Error(`z must have ${model.latentDim} entries, got ${z.length}`);
  const [samples, mean, spread] = tf.tidy(() => {
    const zt = tf.tensor2d(z, [1, z.length]);
    const draws = Array.from({ length: count }, (_, k) => model.decodeMean(zt, { kind: 'shared', seed: seed + 7 * k }));
    const all = tf.concat(draws, 0);
    const { variance } = tf.moments(all, 0);
    return [all, tf.reshape(model.decodeMean(zt), [IMAGE_SIZE]), tf.sqrt(variance)];
  });
  const out = await Promise.all([samples.data(), mean.data(), spread.data()]);
  tf.dispose([samples, mean, spread]);
  return { samples: Float32Array.from(out[0]), mean: Float32Array.from(out[1]), spread: Float32Array.from(out[2]) };
}

/**
 * The mean decoder's images at each row of z [B, J], and their per-pixel spread under q(θ):
 * the standard deviation over `draws` samples of θ per row (local reparameterization, an
 * independent θ per sample, which has the same per-pixel distribution as whole draws).
 * Returns mean and spread, both B × 784.
 */
export async function meanAndSpread(model: VAE, z: tf.Tensor2D, draws: number, seed: number): Promise<{ mean: Float32Array; spread: Float32Array }> {
  needVariational(model);
  const B = z.shape[0];
  const [mean, spread] = tf.tidy(() => {
    const tiled = tf.tile(z, [draws, 1]) as tf.Tensor2D;
    const images = tf.reshape(model.decodeMean(tiled, { kind: 'local', seed }), [draws, B, IMAGE_SIZE]);
    return [model.decodeMean(z), tf.sqrt(tf.moments(images, 0).variance)];
  });
  const out = await Promise.all([mean.data(), spread.data()]);
  tf.dispose([mean, spread]);
  return { mean: Float32Array.from(out[0]), spread: Float32Array.from(out[1]) };
}

export interface StdSummary {
  /** "decoder layer 1 weights", "decoder output biases", … */
  name: string;
  shape: number[];
  mean: number;
  min: number;
  max: number;
}

/**
 * The standard deviations s = softplus(ρ) of every decoder layer's weights and biases, summarized
 * (mean, min, max), and the map of the output layer's weights: per output pixel p, the mean of
 * s over the weights into p, (1/H) Σ_h s_hp (the first 784 outputs: the Bernoulli logits or
 * the Gaussian means).
 */
export async function weightStdSummary(model: VAE): Promise<{ layers: StdSummary[]; pixelMap: Float32Array }> {
  needVariational(model);
  const stds = model.decoderWeightStds();
  const head = stds[stds.length - 2]!;
  const map = tf.tidy(() => tf.mean(tf.slice(head, [0, 0], [-1, IMAGE_SIZE]), 0));
  const stats = tf.tidy(() => tf.stack(stds.map((s) => tf.stack([tf.mean(s), tf.min(s), tf.max(s)]))));
  const [m, st] = await Promise.all([map.data(), stats.data()]);
  const nLayers = stds.length / 2;
  const layers = stds.map((s, i) => {
    const layer = Math.floor(i / 2);
    const which = layer === nLayers - 1 ? 'output' : `hidden ${layer + 1}`;
    return { name: `decoder ${which} ${i % 2 === 0 ? 'weights' : 'biases'}`, shape: s.shape.slice(), mean: st[3 * i]!, min: st[3 * i + 1]!, max: st[3 * i + 2]! };
  });
  tf.dispose([...stds, map, stats]);
  return { layers, pixelMap: Float32Array.from(m) };
}
