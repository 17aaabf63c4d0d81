/**
 * How much noise estimator A's Monte-Carlo KL adds, exactly, for a Gaussian q.
 *
 * With z = μ + σ ε, ε ~ N(0, 1), one dimension's single-sample estimate of the KL is
 *   log q(z) − log p(z) = −log σ − ½ε² + ½(μ + σε)² = const + μσ ε + ½(σ² − 1) ε²,
 * and since Var ε = 1, Var ε² = 2 and Cov(ε, ε²) = 0, its variance is
 *   μ²σ² + ½(1 − σ²)².
 * Dimensions are independent, so the variances add. Estimator B (the analytic KL) adds none.
 * For q = p (μ = 0, σ = 1, a collapsed dimension) it is 0; for a sharp posterior (σ → 0) it
 * tends to ½ per dimension, whatever μ.
 */
export function mcKlVariance(mu: readonly number[], sigma: readonly number[]): number {
  let v = 0;
  for (let j = 0; j < mu.length; j++) {
    const m = mu[j]!;
    const s = sigma[j]!;
    v += m * m * s * s + 0.5 * (1 - s * s) ** 2;
  }
  return v;
}

/** The standard deviation of the KL estimate from `samplesL` samples per image, averaged over `batchSize` images of this kind. */
export function mcKlSd(mu: readonly number[], sigma: readonly number[], samplesL = 1, batchSize = 1): number {
  return Math.sqrt(mcKlVariance(mu, sigma) / (samplesL * batchSize));
}
