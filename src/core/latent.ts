/**
 * Latent-space maths for the views of the latent space (no tensors, no DOM): the inverse
 * normal CDF and the manifold grid's coordinates (the paper's Fig. 4), PCA of the posterior
 * means, and interpolation paths (linear and spherical). Runs in the worker and in Node tests.
 */

// ------------------------------------------------------------------ inverse normal CDF

/** Horner evaluation of c[0] + c[1] r + … + c[7] r⁷. */
function poly(c: readonly number[], r: number): number {
  let v = 0;
  for (let i = c.length - 1; i >= 0; i--) v = v * r + c[i]!;
  return v;
}

// Coefficients of Wichura's AS 241 (PPND16), Applied Statistics 37(3), 477–484, 1988: the
// published 20-digit values, written as the doubles they round to.
const AS241_A = [
  3.3871328727963665, 133.14166789178438, 1971.5909503065513, 13731.69376550946,
  45921.95393154987, 67265.7709270087, 33430.57558358813, 2509.0809287301227,
];
const AS241_B = [
  1, 42.31333070160091, 687.1870074920579, 5394.196021424751, 21213.794301586597,
  39307.89580009271, 28729.085735721943, 5226.495278852854,
];
const AS241_C = [
  1.4234371107496835, 4.630337846156546, 5.769497221460691, 3.6478483247632045,
  1.2704582524523684, 0.2417807251774506, 0.022723844989269184, 0.0007745450142783414,
];
const AS241_D = [
  1, 2.053191626637759, 1.6763848301838038, 0.6897673349851, 0.14810397642748008,
  0.015198666563616457, 0.0005475938084995345, 1.0507500716444169e-09,
];
const AS241_E = [
  6.657904643501103, 5.463784911164114, 1.7848265399172913, 0.29656057182850487,
  0.026532189526576124, 0.0012426609473880784, 2.7115555687434876e-05, 2.0103343992922881e-07,
];
const AS241_F = [
  1, 0.599832206555888, 0.1369298809227358, 0.014875361290850615, 0.0007868691311456133,
  1.8463183175100548e-05, 1.421511758316446e-07, 2.0442631033899397e-15,
];

/**
 * Φ⁻¹(p), the quantile of the standard normal distribution, by Wichura's algorithm AS 241
 * (PPND16): a rational approximation in q = p − ½ for |q| ≤ 0.425, and in r = √(−log min(p, 1−p))
 * in the tails (one for r ≤ 5, one beyond). Relative error about 1e-16 over (0, 1).
 * Returns −∞ at 0, +∞ at 1, and refuses p outside [0, 1].
 */
export function inverseNormalCdf(p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`inverseNormalCdf: p must be in [0, 1], got ${p}`);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (q * poly(AS241_A, r)) / poly(AS241_B, r);
  }
  let r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
  let v: number;
  if (r <= 5) {
    r -= 1.6;
    v = poly(AS241_C, r) / poly(AS241_D, r);
  } else {
    r -= 5;
    v = poly(AS241_E, r) / poly(AS241_F, r);
  }
  return q < 0 ? -v : v;
}

// ------------------------------------------------------------------ manifold grid

/** Limits of the manifold grid's size n (n × n decoded images). */
export const GRID_N_MIN = 8;
export const GRID_N_MAX = 30;
export const GRID_N_DEFAULT = 15;

/**
 * The coordinates of an n-point grid over one latent axis, through the inverse CDF of the
 * prior (the paper's Fig. 4): z_i = Φ⁻¹((i + ½)/n), i = 0 … n−1. Each cell then holds equal
 * prior mass 1/n; the grid is symmetric (z_i = −z_{n−1−i}) and for odd n its middle is 0.
 */
export function gridCoordinates(n: number): number[] {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`gridCoordinates: n must be a positive integer, got ${n}`);
  return Array.from({ length: n }, (_, i) => inverseNormalCdf((i + 0.5) / n));
}

/**
 * The swept part of the manifold grid's latent codes, as rows × cols tiles in row-major
 * order: the tile in row r (from the top) and column c has z[dimX] = g_c and
 * z[dimY] = g_{n−1−r} (up is positive, as on a plot), every other entry 0. `mask` is 1 at
 * the swept dimensions, so a full code is base ⊙ (1 − mask) + offsets. For J = 1 (or
 * dimY < 0) the grid is a single row sweeping dimX.
 */
export function gridLatentOffsets(
  n: number,
  latentDim: number,
  dimX: number,
  dimY: number,
): { offsets: Float32Array; mask: Float32Array; rows: number; cols: number; coords: number[] } {
  const J = latentDim;
  const oneRow = dimY < 0;
  if (!Number.isInteger(dimX) || dimX < 0 || dimX >= J) throw new RangeError(`grid: horizontal dimension must be in 0…${J - 1}, got ${dimX}`);
  if (!oneRow && (!Number.isInteger(dimY) || dimY >= J || dimY === dimX)) {
    throw new RangeError(`grid: vertical dimension must be in 0…${J - 1} and differ from the horizontal one, got ${dimY}`);
  }
  const g = gridCoordinates(n);
  const rows = oneRow ? 1 : n;
  const offsets = new Float32Array(rows * n * J);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < n; c++) {
      const row = (r * n + c) * J;
      offsets[row + dimX] = g[c]!;
      if (!oneRow) offsets[row + dimY] = g[n - 1 - r]!;
    }
  }
  const mask = new Float32Array(J);
  mask[dimX] = 1;
  if (!oneRow) mask[dimY] = 1;
  return { offsets, mask, rows, cols: n, coords: g };
}

// ------------------------------------------------------------------ PCA

/**
 * Mean and sample covariance of n points of dimension d (row-major):
 *   m = (1/n) Σ_i x_i,  C = (1/(n−1)) Σ_i (x_i − m)(x_i − m)ᵀ.
 */
export function covarianceMatrix(points: ArrayLike<number>, n: number, d: number): { mean: Float64Array; cov: Float64Array } {
  if (n < 2) throw new RangeError(`covarianceMatrix: need at least 2 points, got ${n}`);
  if (points.length < n * d) throw new RangeError(`covarianceMatrix: expected ${n * d} values, got ${points.length}`);
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j]! += points[i * d + j]!;
  for (let j = 0; j < d; j++) mean[j]! /= n;
  const cov = new Float64Array(d * d);
  const c = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) c[j] = points[i * d + j]! - mean[j]!;
    for (let a = 0; a < d; a++) {
      const ca = c[a]!;
      for (let b = a; b < d; b++) cov[a * d + b]! += ca * c[b]!;
    }
  }
  for (let a = 0; a < d; a++) {
    for (let b = a; b < d; b++) {
      const v = cov[a * d + b]! / (n - 1);
      cov[a * d + b] = v;
      cov[b * d + a] = v;
    }
  }
  return { mean, cov };
}

/** Sweeps of the cyclic Jacobi method; it converges quadratically, so this is never reached in practice. */
const JACOBI_MAX_SWEEPS = 60;

/**
 * Eigen-decomposition A = V Λ Vᵀ of a symmetric d × d matrix by the cyclic Jacobi method:
 * each rotation in the (p, q) plane by θ with tan 2θ = 2a_pq / (a_qq − a_pp) zeroes a_pq, and
 * sweeps repeat until the off-diagonal mass is negligible. Eigenvalues come sorted in
 * decreasing order; vectors[k·d … k·d + d) is the unit eigenvector of values[k], with the sign
 * chosen so that its largest-magnitude entry is positive (stable from one call to the next).
 */
export function symmetricEigen(matrix: ArrayLike<number>, d: number): { values: Float64Array; vectors: Float64Array } {
  if (matrix.length !== d * d) throw new RangeError(`symmetricEigen: expected a ${d}×${d} matrix, got ${matrix.length} values`);
  const a = Float64Array.from(matrix);
  const v = new Float64Array(d * d);
  for (let i = 0; i < d; i++) v[i * d + i] = 1;
  let scale = 0;
  for (let i = 0; i < d * d; i++) scale += a[i]! * a[i]!;
  const tol = 1e-30 * Math.max(scale, Number.MIN_VALUE);
  for (let sweep = 0; sweep < JACOBI_MAX_SWEEPS; sweep++) {
    let off = 0;
    for (let p = 0; p < d; p++) for (let q = p + 1; q < d; q++) off += a[p * d + q]! ** 2;
    if (off <= tol) break;
    for (let p = 0; p < d - 1; p++) {
      for (let q = p + 1; q < d; q++) {
        const apq = a[p * d + q]!;
        if (apq === 0) continue;
        const app = a[p * d + p]!;
        const aqq = a[q * d + q]!;
        // t = tan θ, the smaller root of t² + 2τt − 1 = 0 with τ = (a_qq − a_pp)/(2a_pq).
        const tau = (aqq - app) / (2 * apq);
        const t = Math.sign(tau || 1) / (Math.abs(tau) + Math.sqrt(1 + tau * tau));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = t * c;
        for (let k = 0; k < d; k++) {
          // A ← Jᵀ A J: rows and columns p and q.
          const akp = a[k * d + p]!;
          const akq = a[k * d + q]!;
          a[k * d + p] = c * akp - s * akq;
          a[k * d + q] = s * akp + c * akq;
        }
        for (let k = 0; k < d; k++) {
          const apk = a[p * d + k]!;
          const aqk = a[q * d + k]!;
          a[p * d + k] = c * apk - s * aqk;
          a[q * d + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < d; k++) {
          const vkp = v[k * d + p]!;
          const vkq = v[k * d + q]!;
          v[k * d + p] = c * vkp - s * vkq;
          v[k * d + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: d }, (_, i) => i).sort((i, j) => a[j * d + j]! - a[i * d + i]!);
  const values = new Float64Array(d);
  const vectors = new Float64Array(d * d);
  order.forEach((col, k) => {
    values[k] = a[col * d + col]!;
    let big = 0;
    for (let i = 0; i < d; i++) if (Math.abs(v[i * d + col]!) > Math.abs(big)) big = v[i * d + col]!;
    const sign = big < 0 ? -1 : 1;
    for (let i = 0; i < d; i++) vectors[k * d + i] = sign * v[i * d + col]!;
  });
  return { values, vectors };
}

export interface PrincipalAxes {
  /** The first k eigenvectors of the covariance, row-major k × d (unit length). */
  components: Float64Array;
  /** Their eigenvalues: the variance of the data along each axis. */
  variances: Float64Array;
  /** Trace of the covariance: the total variance, so variances[i]/total is the share explained. */
  totalVariance: number;
}

/** The k leading principal axes of a d × d covariance matrix. */
export function principalAxes(cov: ArrayLike<number>, d: number, k: number): PrincipalAxes {
  if (k < 1 || k > d) throw new RangeError(`principalAxes: k must be in 1…${d}, got ${k}`);
  const { values, vectors } = symmetricEigen(cov, d);
  let total = 0;
  for (let i = 0; i < d; i++) total += cov[i * d + i]!;
  return { components: vectors.slice(0, k * d), variances: values.slice(0, k), totalVariance: total };
}

/** PCA of n points of dimension d: the k leading axes of their covariance, and their mean. */
export function pca(points: ArrayLike<number>, n: number, d: number, k: number): PrincipalAxes & { mean: Float64Array } {
  const { mean, cov } = covarianceMatrix(points, n, d);
  return { ...principalAxes(cov, d, k), mean };
}

/**
 * Projects n points of dimension d onto k axes (row-major k × d): y_i = A x_i. The points are
 * not centred, so the origin of the projection is the origin of the latent space (the prior's mean).
 */
export function project(points: ArrayLike<number>, n: number, d: number, axes: ArrayLike<number>, k: number): Float32Array {
  const out = new Float32Array(n * k);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < k; a++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += axes[a * d + j]! * points[i * d + j]!;
      out[i * k + a] = s;
    }
  }
  return out;
}

/**
 * The covariance of q(z|x) = N(μ, diag σ²) seen through two axes u, w (rows of `axes`, 2 × d):
 * Σ' = A diag(σ²) Aᵀ, i.e. [Σ_j u_j² σ_j², Σ_j u_j w_j σ_j², Σ_j w_j² σ_j²] per point (n × 3).
 */
export function projectedCovariance(variances: ArrayLike<number>, n: number, d: number, axes: ArrayLike<number>): Float32Array {
  const out = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) {
    let xx = 0;
    let xy = 0;
    let yy = 0;
    for (let j = 0; j < d; j++) {
      const s2 = variances[i * d + j]!;
      const u = axes[j]!;
      const w = axes[d + j]!;
      xx += u * u * s2;
      xy += u * w * s2;
      yy += w * w * s2;
    }
    out[i * 3] = xx;
    out[i * 3 + 1] = xy;
    out[i * 3 + 2] = yy;
  }
  return out;
}

// ------------------------------------------------------------------ interpolation

/** Linear interpolation (1 − t) a + t b. */
export function lerp(a: ArrayLike<number>, b: ArrayLike<number>, t: number): Float64Array {
  if (a.length !== b.length) throw new RangeError(`lerp: lengths differ (${a.length} and ${b.length})`);
  return Float64Array.from({ length: a.length }, (_, j) => (1 - t) * a[j]! + t * b[j]!);
}

/** Below this angle (radians) between a and b, slerp falls back to lerp (sin Ω ≈ 0). */
export const SLERP_MIN_ANGLE = 1e-6;

/**
 * Spherical linear interpolation (Shoemake 1985; for latent codes, White 2016):
 *   slerp(a, b; t) = sin((1 − t)Ω)/sin Ω · a + sin(tΩ)/sin Ω · b,  cos Ω = â · b̂.
 * It follows the great circle between the directions of a and b; when |a| = |b| every point has
 * that same norm, where the straight line passes closer to the origin, which the prior makes
 * atypical in many dimensions. Falls back to lerp when a and b are (nearly) parallel.
 */
export function slerp(a: ArrayLike<number>, b: ArrayLike<number>, t: number): Float64Array {
  if (a.length !== b.length) throw new RangeError(`slerp: lengths differ (${a.length} and ${b.length})`);
  let na = 0;
  let nb = 0;
  let dot = 0;
  for (let j = 0; j < a.length; j++) {
    na += a[j]! * a[j]!;
    nb += b[j]! * b[j]!;
    dot += a[j]! * b[j]!;
  }
  if (na === 0 || nb === 0) return lerp(a, b, t);
  const cos = Math.min(1, Math.max(-1, dot / Math.sqrt(na * nb)));
  const omega = Math.acos(cos);
  const sin = Math.sin(omega);
  if (omega < SLERP_MIN_ANGLE || sin < SLERP_MIN_ANGLE) return lerp(a, b, t);
  const wa = Math.sin((1 - t) * omega) / sin;
  const wb = Math.sin(t * omega) / sin;
  return Float64Array.from({ length: a.length }, (_, j) => wa * a[j]! + wb * b[j]!);
}

/**
 * `steps` latent codes from a to b (both included), at t = i/(steps − 1): on the straight
 * line, or along the great circle (slerp). Row-major steps × d.
 */
export function interpolationPath(a: ArrayLike<number>, b: ArrayLike<number>, steps: number, spherical: boolean): Float32Array {
  if (!Number.isInteger(steps) || steps < 2) throw new RangeError(`interpolationPath: steps must be an integer ≥ 2, got ${steps}`);
  const d = a.length;
  const out = new Float32Array(steps * d);
  for (let i = 0; i < steps; i++) {
    const t = i / (steps - 1);
    out.set(spherical ? slerp(a, b, t) : lerp(a, b, t), i * d);
  }
  return out;
}

/** A square-ish layout for k tiles: the number of columns and rows. */
export function tileLayout(k: number): { cols: number; rows: number } {
  const cols = Math.ceil(Math.sqrt(k));
  return { cols, rows: Math.ceil(k / cols) };
}

/**
 * One posterior q(z|x) = N(μ, diag σ²) seen through the map's two axes (rows of `axes`,
 * 2 × J): its projected mean A μ and covariance A diag(σ²) Aᵀ as [xx, xy, yy].
 */
export function projectPosterior(mu: ArrayLike<number>, sigma: ArrayLike<number>, axes: ArrayLike<number>): { x: number; y: number; cov: [number, number, number] } {
  const J = mu.length;
  if (sigma.length !== J || axes.length !== 2 * J) throw new RangeError(`projectPosterior: μ, σ (${J}, ${sigma.length}) and axes (${axes.length}) do not match`);
  const [x, y] = project(mu, 1, J, axes, 2);
  const variances = Array.from(sigma, (s) => s * s);
  const [xx, xy, yy] = projectedCovariance(variances, 1, J, axes);
  return { x: x!, y: y!, cov: [xx!, xy!, yy!] };
}
