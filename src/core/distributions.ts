import * as tf from './tf';

/**
 * Log-densities and divergences used by the objective. Every function works on batches:
 * rows are data points (or samples), columns are pixels or latent dimensions, and the
 * result is summed over columns, so it has one value per row, in nats.
 */

export const LOG_2PI = Math.log(2 * Math.PI);

/**
 * Bernoulli log-likelihood from logits l, in the stable form
 *   log p(x|z) = Σ_i [ x_i l_i − softplus(l_i) ],
 * which equals Σ_i [x_i log σ(l_i) + (1 − x_i) log(1 − σ(l_i))] without overflow for large |l|.
 */
export function bernoulliLogLik(x: tf.Tensor2D, logits: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => tf.sum(tf.sub(tf.mul(x, logits), tf.softplus(logits)), 1));
}

/**
 * Diagonal Gaussian log-density
 *   log N(x; m, diag e^{v}) = −½ Σ_i [ log 2π + v_i + (x_i − m_i)² e^{−v_i} ].
 */
export function gaussianLogLik(x: tf.Tensor2D, mean: tf.Tensor2D, logVar: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    const sq = tf.mul(tf.square(tf.sub(x, mean)), tf.exp(tf.neg(logVar)));
    return tf.mul(-0.5, tf.sum(tf.add(tf.add(sq, logVar), LOG_2PI), 1));
  });
}

/** Standard normal log-density log N(z; 0, I) = −½ Σ_j (log 2π + z_j²): the prior log p(z). */
export function logStandardNormal(z: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => tf.mul(-0.5, tf.sum(tf.add(tf.square(z), LOG_2PI), 1)));
}

/**
 * Analytic KL(q(z|x) ‖ p(z)) per latent dimension for q = N(μ, diag σ²), p = N(0, I)
 * (the paper's Appendix B):  KL_j = −½ (1 + log σ_j² − μ_j² − σ_j²).
 */
export function klAnalyticPerDim(mu: tf.Tensor2D, logVar: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.mul(-0.5, tf.sub(tf.sub(tf.add(1, logVar), tf.square(mu)), tf.exp(logVar))));
}

/** Analytic KL summed over latent dimensions: the term of estimator B (eq. 7). */
export function klAnalytic(mu: tf.Tensor2D, logVar: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => tf.sum(klAnalyticPerDim(mu, logVar), 1));
}

/**
 * log q(z|x) at z = μ + σ ⊙ ε, written with ε:
 *   log N(z; μ, diag σ²) = −½ Σ_j (log 2π + log σ_j² + ε_j²),  since (z_j − μ_j)/σ_j = ε_j.
 * The total derivative in μ and log σ² is the same as that of the density written in z.
 */
export function logQFromEps(logVar: tf.Tensor2D, eps: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => tf.mul(-0.5, tf.sum(tf.add(tf.add(logVar, tf.square(eps)), LOG_2PI), 1)));
}

/** log N(z; μ, diag e^{v}) for arbitrary z (used where z is not a reparameterized sample). */
export function logNormalDiag(z: tf.Tensor2D, mu: tf.Tensor2D, logVar: tf.Tensor2D): tf.Tensor1D {
  return gaussianLogLik(z, mu, logVar);
}

/** The reparameterization trick: z = μ + σ ⊙ ε with σ = exp(½ log σ²). */
export function reparameterize(mu: tf.Tensor2D, logVar: tf.Tensor2D, eps: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.add(mu, tf.mul(tf.exp(tf.mul(0.5, logVar)), eps)));
}

/**
 * Σ_k Σ_i t_k[i]²: the squared norm of a list of tensors, as a scalar. Written as a sum of a
 * stack rather than tf.addN: tfjs-backend-webgpu 4.22's AddN returns 0 for 8 inputs (seen on
 * the SwiftShader adapter), which silently zeroed the weight penalty and the gradient norm.
 */
export function sumOfSquares(tensors: tf.Tensor[]): tf.Scalar {
  return tf.tidy(() => tf.sum(tf.stack(tensors.map((t) => tf.sum(tf.square(t))))));
}

/** Numerically stable log-mean-exp along axis 1: log (1/k) Σ_k e^{a_k}, via logsumexp. */
export function logMeanExp(a: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => tf.sub(tf.logSumExp(a, 1), Math.log(a.shape[1])));
}
