import * as tf from './tf';
import { reparameterize } from './distributions';
import type { VAE } from './model';

/**
 * Marginal inference of x (the paper's §1: "image denoising, inpainting and super-resolution"):
 * fill in the unknown pixels of an image by iterating
 *   z_t ~ q(z | x_t),   m_t = E[x | z_t],   x_{t+1} = k ⊙ x_obs + (1 − k) ⊙ m_t,
 * where k is 1 on the known pixels, so the known pixels never change; x_0 = x_obs (an erased
 * region is blank, 0). The decoder mean m_t (probabilities for the Bernoulli decoder) is fed back as a
 * soft image rather than a binary sample, which keeps the steps readable. With no known pixels
 * (denoising a noisy image) every pixel is replaced by the decoder's mean at each step.
 */
export function inpaint(model: VAE, observed: tf.Tensor2D, known: tf.Tensor2D, steps: number, seed?: number): tf.Tensor2D {
  if (observed.shape[0] !== 1 || known.shape[0] !== 1) throw new Error('inpaint takes one image');
  if (!Number.isInteger(steps) || steps < 1) throw new Error(`steps must be a whole number ≥ 1, got ${steps}`);
  return tf.tidy(() => {
    const unknown = tf.sub(1, known);
    const keep = tf.mul(known, observed);
    let x = observed;
    const out: tf.Tensor2D[] = [];
    for (let t = 0; t < steps; t++) {
      const { mu, logVar } = model.encode(x);
      const eps = tf.randomNormal<tf.Rank.R2>(mu.shape, 0, 1, 'float32', seed === undefined ? undefined : seed + t);
      const m = model.decodeMean(reparameterize(mu, logVar, eps));
      x = tf.add(keep, tf.mul(unknown, m)) as tf.Tensor2D;
      out.push(x);
    }
    return tf.concat(out) as tf.Tensor2D;
  });
}
