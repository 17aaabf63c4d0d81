/**
 * Dense multivariate Gaussians in plain TypeScript (float64, no tensors) for the inference lab:
 * seeded standard normals, the Cholesky factor, a Gaussian fitted to samples, and its
 * log-density. The fitted Gaussian is the density q(z) of the paper's marginal-likelihood
 * procedure (stage 2: a density fitted to the posterior samples).
 */
import { mulberry32 } from '../../shared/rng';
import { covarianceMatrix } from '../latent';

export const LOG_2PI = Math.log(2 * Math.PI);

/** A generator of N(0, 1) draws from a seeded uniform stream (Box–Muller: √(−2 ln u₁) cos 2πu₂ and its sine twin). */
export function normalStream(seed: number): { normal: () => number; uniform: () => number } {
  const uniform = mulberry32(seed);
  let spare: number | null = null;
  const normal = () => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    // 1 − u keeps the logarithm finite (u ∈ [0, 1)).
    const r = Math.sqrt(-2 * Math.log(1 - uniform()));
    const t = 2 * Math.PI * uniform();
    spare = r * Math.sin(t);
    return r * Math.cos(t);
  };
  return { normal, uniform };
}

/**
 * Lower-triangular L with L Lᵀ = A for a symmetric positive-definite d × d matrix (row-major),
 * by the Cholesky–Banachiewicz recurrence
 *   L_ii = √(A_ii − Σ_{k<i} L_ik²),  L_ji = (A_ji − Σ_{k<i} L_jk L_ik) / L_ii  (j > i).
 * Throws when A is not positive definite (a pivot ≤ 0).
 */
export function cholesky(a: ArrayLike<number>, d: number): Float64Array {
  if (a.length !== d * d) throw new RangeError(`cholesky: expected a ${d}×${d} matrix, got ${a.length} values`);
  const l = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * d + j]!;
      for (let k = 0; k < j; k++) s -= l[i * d + k]! * l[j * d + k]!;
      if (i === j) {
        if (!(s > 0)) throw new RangeError(`cholesky: the matrix is not positive definite (pivot ${i} is ${s})`);
        l[i * d + i] = Math.sqrt(s);
      } else {
        l[i * d + j] = s / l[j * d + j]!;
      }
    }
  }
  return l;
}

export interface FittedGaussian {
  d: number;
  mean: Float64Array;
  /** Sample covariance (row-major d × d), plus `jitter` on the diagonal. */
  cov: Float64Array;
  /** Its Cholesky factor. */
  chol: Float64Array;
}

/**
 * N(m, C) fitted to n samples of dimension d by moments: m the sample mean, C the sample
 * covariance (divisor n − 1) plus `jitter`·I, which keeps C invertible when a chain has barely
 * moved. Needs n > d.
 */
export function fitGaussian(samples: ArrayLike<number>, n: number, d: number, jitter = 1e-9): FittedGaussian {
  if (n <= d) throw new RangeError(`fitGaussian: need more samples than dimensions (${n} samples, d = ${d})`);
  const { mean, cov } = covarianceMatrix(samples, n, d);
  for (let i = 0; i < d; i++) cov[i * d + i]! += jitter;
  return { d, mean, cov, chol: cholesky(cov, d) };
}

/**
 * log N(z; m, C) = −½ [d log 2π + log det C + (z − m)ᵀ C⁻¹ (z − m)], with C = L Lᵀ:
 * log det C = 2 Σ log L_ii and the quadratic form is ‖L⁻¹(z − m)‖² by forward substitution.
 * `z` holds n rows of d values; returns n log-densities.
 */
export function logGaussianDensity(g: FittedGaussian, z: ArrayLike<number>, n: number): Float64Array {
  const { d, mean, chol } = g;
  let logDet = 0;
  for (let i = 0; i < d; i++) logDet += 2 * Math.log(chol[i * d + i]!);
  const out = new Float64Array(n);
  const y = new Float64Array(d);
  for (let r = 0; r < n; r++) {
    let q = 0;
    for (let i = 0; i < d; i++) {
      let s = z[r * d + i]! - mean[i]!;
      for (let k = 0; k < i; k++) s -= chol[i * d + k]! * y[k]!;
      y[i] = s / chol[i * d + i]!;
      q += y[i]! * y[i]!;
    }
    out[r] = -0.5 * (d * LOG_2PI + logDet + q);
  }
  return out;
}

/** n draws of N(m, L Lᵀ): z = m + L ε, ε ~ N(0, I) from `normal`. Rows of d values. */
export function sampleGaussian(mean: ArrayLike<number>, chol: ArrayLike<number>, d: number, n: number, normal: () => number): Float64Array {
  const out = new Float64Array(n * d);
  const e = new Float64Array(d);
  for (let r = 0; r < n; r++) {
    for (let i = 0; i < d; i++) e[i] = normal();
    for (let i = 0; i < d; i++) {
      let s = mean[i]!;
      for (let k = 0; k <= i; k++) s += chol[i * d + k]! * e[k]!;
      out[r * d + i] = s;
    }
  }
  return out;
}
