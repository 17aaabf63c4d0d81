/**
 * Full variational Bayes over the decoder's parameters (the paper's Appendix F; the notes'
 * "Full Variational Bayes"): every decoder weight and bias θ_k has its own Gaussian
 * q(θ_k) = N(m_k, s_k²) with s_k = softplus(ρ_k) = log(1 + e^ρ_k) > 0, under the prior
 * p_α(θ_k) = N(0, α²). The means m are the layer's ordinary w and b (so the same network code
 * serves a point estimate and a distribution); the ρ's are extra variables beside them.
 *
 * Sampling is by the reparameterization trick, θ = m + s ⊙ ζ with ζ ~ N(0, I), or, for a
 * dense layer, by the local reparameterization trick (Kingma, Salimans & Welling, 2015): the
 * pre-activations b = a·θ_w + θ_b of a row a are Gaussian with
 *   mean = a·m_w + m_b,   variance = (a ⊙ a)·s_w² + s_b²,
 * so they are drawn directly as mean + √variance ⊙ ζ, ζ ~ N(0, I) of shape [rows, out]: one
 * independent θ per row (lower variance of the gradient than one θ shared by the batch) and
 * [rows, out] normals instead of [in, out].
 */
import * as tf from './tf';
import { explicitTransposeGrads, type DenseLayer } from './dense';

/**
 * a·b whose gradient takes explicit transposes, da = g·transpose(b) and db = transpose(a)·g:
 * on wasm a matMul with a transposed operand (how tfjs writes these gradients) runs 10–30×
 * slower than a plain one (see explicitTransposeGrads in model.ts).
 */
const matMulExplicit = tf.customGrad((a, b, save) => {
  (save as tf.GradSaveFunc)([a as tf.Tensor, b as tf.Tensor]);
  return {
    value: tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D),
    gradFunc: (g: tf.Tensor, saved: tf.Tensor[]) => {
      const [as, bs] = saved as [tf.Tensor2D, tf.Tensor2D];
      return [tf.matMul(g as tf.Tensor2D, tf.transpose(bs)), tf.matMul(tf.transpose(as), g as tf.Tensor2D)];
    },
  };
});

function matMul(a: tf.Tensor2D, b: tf.Tensor2D, explicit: boolean): tf.Tensor2D {
  return (explicit ? matMulExplicit(a, b) : tf.matMul(a, b)) as tf.Tensor2D;
}

/** ρ with softplus(ρ) = s: ρ = log(e^s − 1), written log(expm1(s)) and, for large s, s + log(1 − e^−s). */
export function softplusInverse(s: number): number {
  if (!(s > 0) || !Number.isFinite(s)) throw new Error(`a standard deviation must be a positive finite number, got ${s}`);
  return s > 20 ? s + Math.log1p(-Math.exp(-s)) : Math.log(Math.expm1(s));
}

/** s = softplus(ρ) = log(1 + e^ρ). */
export function weightStd(rho: tf.Tensor): tf.Tensor {
  return tf.softplus(rho);
}

/**
 * KL(N(m, s²) ‖ N(0, α²)) for one weight, in nats (plain numbers, for tests and the page):
 *   log(α/s) + (s² + m²)/(2α²) − ½.
 */
export function klGaussianToPrior(m: number, s: number, alpha: number): number {
  return Math.log(alpha / s) + (s * s + m * m) / (2 * alpha * alpha) - 0.5;
}

/**
 * KL(q(θ) ‖ p_α(θ)) summed over every weight and bias of the variational layers, a scalar:
 *   Σ_k [log α − log s_k + (s_k² + m_k²)/(2α²) − ½],  s_k = softplus(ρ_k).
 */
export function weightKl(layers: DenseLayer[], alpha: number): tf.Scalar {
  if (!(alpha > 0) || !Number.isFinite(alpha)) throw new Error(`the prior std α must be a positive finite number, got ${alpha}`);
  return tf.tidy(() => {
    const inv2a2 = 1 / (2 * alpha * alpha);
    const parts: tf.Scalar[] = [];
    let count = 0;
    for (const l of layers) {
      for (const [m, rho] of [[l.w, l.wRho], [l.b, l.bRho]] as [tf.Tensor, tf.Tensor | undefined][]) {
        if (!rho) throw new Error('weightKl: a layer has no ρ (not a variational layer)');
        const s = weightStd(rho);
        // −log s + (s² + m²)/(2α²), summed; the constants log α − ½ are added per weight below.
        parts.push(tf.sum(tf.add(tf.neg(tf.log(s)), tf.mul(inv2a2, tf.add(tf.square(s), tf.square(m))))));
        count += m.size;
      }
    }
    return tf.add(tf.addN(parts), count * (Math.log(alpha) - 0.5)) as tf.Scalar;
  });
}

/**
 * One dense layer's pre-activations by the local reparameterization trick:
 *   (x·m_w + m_b) + √((x ⊙ x)·s_w² + s_b²) ⊙ ζ,  ζ ~ N(0, I) [rows, out].
 * `noise` supplies ζ (tests; a fixed ζ makes this a deterministic function of m and ρ).
 * `explicit`: the products' gradients with explicit transposes (wasm; see matMulExplicit).
 */
export function denseLocalReparam(
  x: tf.Tensor2D,
  layer: DenseLayer,
  noise?: tf.Tensor2D,
  seed?: number,
  explicit = explicitTransposeGrads(tf.getBackend()),
): tf.Tensor2D {
  if (!layer.wRho || !layer.bRho) throw new Error('denseLocalReparam: the layer has no ρ (not a variational layer)');
  const wRho = layer.wRho;
  const bRho = layer.bRho;
  return tf.tidy(() => {
    const mean = tf.add(matMul(x, layer.w, explicit), layer.b) as tf.Tensor2D;
    const variance = tf.add(matMul(tf.square(x), tf.square(weightStd(wRho)) as tf.Tensor2D, explicit), tf.square(weightStd(bRho)));
    const zeta = noise ?? tf.randomNormal<tf.Rank.R2>(mean.shape, 0, 1, 'float32', seed);
    if (zeta.shape[0] !== mean.shape[0] || zeta.shape[1] !== mean.shape[1]) {
      throw new Error(`noise of shape [${zeta.shape}] for pre-activations of shape [${mean.shape}]`);
    }
    return tf.add(mean, tf.mul(tf.sqrt(variance), zeta)) as tf.Tensor2D;
  });
}

/**
 * One whole draw of a layer's parameters by the reparameterization trick, θ = m + s ⊙ ζ: the
 * same decoder for every row (what "a decoder drawn from q(θ)" means in the views).
 */
export function sampleLayer(layer: DenseLayer, seed?: number): { w: tf.Tensor2D; b: tf.Tensor1D } {
  if (!layer.wRho || !layer.bRho) throw new Error('sampleLayer: the layer has no ρ (not a variational layer)');
  const wRho = layer.wRho;
  const bRho = layer.bRho;
  return tf.tidy(() => ({
    w: tf.add(layer.w, tf.mul(weightStd(wRho), tf.randomNormal(layer.w.shape, 0, 1, 'float32', seed))) as tf.Tensor2D,
    b: tf.add(layer.b, tf.mul(weightStd(bRho), tf.randomNormal(layer.b.shape, 0, 1, 'float32', seed === undefined ? undefined : seed + 1))) as tf.Tensor1D,
  }));
}

/**
 * How the decoder's parameters are taken in a forward pass:
 * - 'mean': θ = m (the point estimate, or the mean decoder of q(θ));
 * - local: the local reparameterization trick, an independent θ per row (training, evaluation);
 * - shared: one θ = m + s ⊙ ζ for all rows (one decoder drawn from q(θ)).
 * A point-estimate model ignores the choice.
 */
export type DecoderWeightDraw =
  | 'mean'
  | { kind: 'local'; seed?: number; /** ζ per decoder layer, [rows, out] each. */ noise?: tf.Tensor2D[] }
  | { kind: 'shared'; seed?: number };
