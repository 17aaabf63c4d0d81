/**
 * A dense layer's parameters, and how its gradient is taken on each backend: shared by the
 * model (model.ts) and the variational decoder's sampling (bayesDecoder.ts), which both build
 * on it.
 */
import type * as tf from './tf';

/** A dense layer's parameters: w and b, or for a variational layer the means m of q(θ) = N(m, s²). */
export interface DenseLayer {
  w: tf.Variable<tf.Rank.R2>;
  b: tf.Variable<tf.Rank.R1>;
  /** Variational layers only: s = softplus(ρ) of each weight and bias (see bayesDecoder.ts). */
  wRho?: tf.Variable<tf.Rank.R2>;
  bRho?: tf.Variable<tf.Rank.R1>;
}

/**
 * Whether dense layers take the gradient with explicit transposes on this backend.
 *
 * Workaround for tfjs-backend-wasm 4.22: a matMul with a transposed operand (transposeA or
 * transposeB, which is how tfjs writes the gradients of every matMul: dx = dy·Wᵀ,
 * dW = xᵀ·dy) runs 10–30× slower than a plain one. Measured here for the default model's
 * first layer: xᵀ·dy ([128,784]ᵀ·[128,512]) 200–340 ms, transpose + plain matMul 9–12 ms;
 * dy·Wᵀ 95 ms against 23 ms. That made the backward pass ~90 % of a wasm step. The GPU
 * backends read a transposed operand for free (an index swap in the shader), where an
 * explicit transpose would be one more pass, so only wasm takes this path.
 */
export function explicitTransposeGrads(backend: string): boolean {
  return backend === 'wasm';
}
