import * as tf from './tf';
import { logStandardNormal } from './distributions';
import type { VAE } from './model';
import { decoderLogLik } from './objective';

/**
 * The true posterior of a 2-dimensional latent on a grid (docs/architecture.md):
 *   p(z|x) = p(x|z) p(z) / p(x),   p(x) = ∫ p(x|z) p(z) dz,
 * evaluated at the centres of an n × n grid of cells over [−lim, lim]². The normalizer by
 * the midpoint rule is a quadrature estimate of the marginal likelihood:
 *   log p(x) ≈ log Σ_ij exp(log p(x, z_ij)) + log ΔA,   ΔA = Δ², Δ = 2·lim / n,
 * computed with logsumexp. It misses the mass outside the square (for the N(0, I) prior,
 * 1.3·10⁻⁴ of it for lim = 4) and is accurate when the posterior is wider than a cell or two.
 */

/** Half-width of the grid: [−4, 4]². */
export const GRID_LIMIT = 4;

export interface LatentGrid {
  /** Cells per side. */
  n: number;
  lim: number;
  /** Cell width Δ = 2·lim / n. */
  delta: number;
  /** Cell centres, [n², 2] row-major: row r = iy·n + ix holds (z₁, z₂) = (−lim + (ix+½)Δ, −lim + (iy+½)Δ). */
  z: Float32Array;
}

/** The cell centres of an n × n grid over [−lim, lim]² (z₂ grows with the row index iy). */
export function latentGrid(n: number, lim = GRID_LIMIT): LatentGrid {
  if (!Number.isInteger(n) || n < 2) throw new Error(`grid size must be a whole number ≥ 2, got ${n}`);
  const delta = (2 * lim) / n;
  const z = new Float32Array(n * n * 2);
  for (let iy = 0; iy < n; iy++) {
    for (let ix = 0; ix < n; ix++) {
      const r = iy * n + ix;
      z[2 * r] = -lim + (ix + 0.5) * delta;
      z[2 * r + 1] = -lim + (iy + 0.5) * delta;
    }
  }
  return { n, lim, delta, z };
}

/**
 * log p(x, z) = log p(x|z) + log p(z) for one image x [1, 784] at every row of z [N, J]
 * (one decoder batch). Returns [N].
 */
export function logJoint(model: VAE, x: tf.Tensor2D, z: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    if (x.shape[0] !== 1) throw new Error(`logJoint takes one image, got ${x.shape[0]}`);
    const xs = tf.broadcastTo(x, [z.shape[0], x.shape[1]]) as tf.Tensor2D;
    return tf.add(decoderLogLik(xs, model.decode(z)), logStandardNormal(z)) as tf.Tensor1D;
  });
}

/** log Σ exp(a_i), in float64 (stable: the maximum is taken out first). */
export function logSumExp(a: ArrayLike<number>): number {
  let m = -Infinity;
  for (let i = 0; i < a.length; i++) if (a[i]! > m) m = a[i]!;
  if (!Number.isFinite(m)) return m;
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.exp(a[i]! - m);
  return m + Math.log(s);
}

export interface GridPosterior {
  /** Quadrature estimate log p(x) = logsumexp(log p(x, z_ij)) + log ΔA. */
  logPx: number;
  /** Posterior mass of each cell, p(z_ij|x)·ΔA, normalized to sum to 1 over the grid. [n²] */
  mass: Float64Array;
  /** Posterior mean and covariance of z under the grid posterior. */
  mean: [number, number];
  cov: [[number, number], [number, number]];
}

/** Normalizes log p(x, z_ij) on the grid: the quadrature log p(x) and the posterior mass per cell. */
export function normalizeGrid(logJointValues: ArrayLike<number>, grid: LatentGrid): GridPosterior {
  const N = grid.n * grid.n;
  if (logJointValues.length !== N) throw new Error(`expected ${N} values for a ${grid.n}×${grid.n} grid, got ${logJointValues.length}`);
  const lse = logSumExp(logJointValues);
  const mass = new Float64Array(N);
  let m1 = 0;
  let m2 = 0;
  for (let r = 0; r < N; r++) {
    const p = Math.exp(logJointValues[r]! - lse);
    mass[r] = p;
    m1 += p * grid.z[2 * r]!;
    m2 += p * grid.z[2 * r + 1]!;
  }
  let c11 = 0;
  let c12 = 0;
  let c22 = 0;
  for (let r = 0; r < N; r++) {
    const d1 = grid.z[2 * r]! - m1;
    const d2 = grid.z[2 * r + 1]! - m2;
    c11 += mass[r]! * d1 * d1;
    c12 += mass[r]! * d1 * d2;
    c22 += mass[r]! * d2 * d2;
  }
  return {
    logPx: lse + 2 * Math.log(grid.delta),
    mass,
    mean: [m1, m2],
    cov: [
      [c11, c12],
      [c12, c22],
    ],
  };
}

/**
 * The true posterior of one image x [1, 784] on an n × n grid, for a model with J = 2.
 * Decodes in chunks of at most `maxRows` grid points; `between` (if given) runs between
 * chunks, so a worker can answer other requests, and may throw to cancel.
 */
export async function gridPosterior(
  model: VAE,
  x: tf.Tensor2D,
  n: number,
  opts: { lim?: number; maxRows?: number; between?: () => Promise<void> } = {},
): Promise<GridPosterior & { grid: LatentGrid }> {
  if (model.latentDim !== 2) throw new Error(`the grid posterior needs a 2-dimensional latent, the model has J = ${model.latentDim}`);
  const grid = latentGrid(n, opts.lim ?? GRID_LIMIT);
  const N = n * n;
  const maxRows = opts.maxRows ?? N;
  const values = new Float32Array(N);
  for (let start = 0; start < N; start += maxRows) {
    const rows = Math.min(maxRows, N - start);
    const lj = tf.tidy(() => logJoint(model, x, tf.tensor2d(grid.z.subarray(2 * start, 2 * (start + rows)), [rows, 2])));
    const part = await lj.data();
    lj.dispose();
    values.set(part, start);
    if (opts.between && start + rows < N) await opts.between();
  }
  return { ...normalizeGrid(values, grid), grid };
}
