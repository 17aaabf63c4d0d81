import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../shared/rng';
import {
  covarianceMatrix,
  projectPosterior,
  gridCoordinates,
  gridLatentOffsets,
  interpolationPath,
  inverseNormalCdf,
  lerp,
  pca,
  project,
  projectedCovariance,
  slerp,
  symmetricEigen,
  tileLayout,
} from './latent';

const norm = (v: ArrayLike<number>) => Math.sqrt(Array.from(v).reduce((s, x) => s + x * x, 0));
const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((s, x, i) => s + x * b[i]!, 0);

describe('inverse normal CDF (AS 241)', () => {
  // Reference quantiles computed independently with mpmath (40 digits): root of Φ(x) = p.
  it.each([
    [0.975, 1.9599639845400543],
    [0.75, 0.6744897501960817],
    [0.99, 2.326347874040841],
    [0.001, -3.0902323061678136],
    [1e-10, -6.361340902404057],
    [1e-20, -9.262340089798407],
    [1e-300, -37.0470962993612],
  ])('Φ⁻¹(%s) = %s', (p, x) => {
    expect(inverseNormalCdf(p)).toBeCloseTo(x, 12);
    expect(Math.abs(inverseNormalCdf(p) - x) / Math.abs(x)).toBeLessThan(1e-14);
  });

  it('is odd about ½, 0 at ½, ±∞ at the ends, and refuses p outside [0, 1]', () => {
    expect(inverseNormalCdf(0.5)).toBe(0);
    // Binary fractions, so that 1 − p is exact too.
    for (const p of [0.25, 0.0625, 2 ** -17, 0.375]) expect(inverseNormalCdf(1 - p)).toBeCloseTo(-inverseNormalCdf(p), 12);
    expect(inverseNormalCdf(0)).toBe(-Infinity);
    expect(inverseNormalCdf(1)).toBe(Infinity);
    expect(() => inverseNormalCdf(1.2)).toThrow(/\[0, 1\]/);
    expect(() => inverseNormalCdf(Number.NaN)).toThrow(/\[0, 1\]/);
  });

  it('is increasing across the branch points (|q| = 0.425, r = 5)', () => {
    const ps = [0.074, 0.075, 0.0751, 0.924, 0.925, 0.926, 1.3e-11, 1.4e-11, 1.5e-11];
    const sorted = [...ps].sort((a, b) => a - b);
    const xs = sorted.map(inverseNormalCdf);
    for (let i = 1; i < xs.length; i++) expect(xs[i]!).toBeGreaterThan(xs[i - 1]!);
  });
});

describe('manifold grid coordinates', () => {
  it('z_i = Φ⁻¹((i + ½)/n): the middle of an odd grid is 0, the grid is symmetric, hand values match', () => {
    const g = gridCoordinates(15);
    expect(g).toHaveLength(15);
    expect(g[7]).toBe(0);
    for (let i = 0; i < 15; i++) expect(g[i]!).toBeCloseTo(-g[14 - i]!, 14);
    // (0.5)/15 = 1/30 and 1.5/15 = 0.1: Φ⁻¹(1/30) = −1.8339146358159142, Φ⁻¹(0.1) = −1.2815515655446004.
    expect(g[0]!).toBeCloseTo(-1.8339146358159142, 12);
    expect(g[1]!).toBeCloseTo(-1.2815515655446004, 12);
    for (let i = 1; i < 15; i++) expect(g[i]!).toBeGreaterThan(g[i - 1]!);
    // Even n: no cell at 0, the two middle cells straddle it. n = 8: Φ⁻¹(7/16) = −0.15731068461017067.
    const g8 = gridCoordinates(8);
    expect(g8[3]!).toBeCloseTo(-0.15731068461017067, 12);
    expect(g8[4]!).toBeCloseTo(0.15731068461017067, 12);
  });

  it('lays the swept dims out row-major with up positive, other dims at 0 and masked', () => {
    const { offsets, mask, rows, cols, coords } = gridLatentOffsets(3, 4, 2, 0);
    expect([rows, cols]).toEqual([3, 3]);
    expect(Array.from(mask)).toEqual([1, 0, 1, 0]);
    const tile = (r: number, c: number) => Array.from(offsets.subarray((r * 3 + c) * 4, (r * 3 + c + 1) * 4));
    const [lo, mid, hi] = coords as [number, number, number];
    expect(mid).toBe(0);
    // Top-left: x (dim 2) lowest, y (dim 0) highest; bottom-right the opposite.
    expect(tile(0, 0)).toEqual([Math.fround(hi), 0, Math.fround(lo), 0]);
    expect(tile(2, 2)).toEqual([Math.fround(lo), 0, Math.fround(hi), 0]);
    expect(tile(1, 1)).toEqual([0, 0, 0, 0]);
  });

  it('is one row for a single latent dimension, and refuses bad dims', () => {
    const r = gridLatentOffsets(8, 1, 0, -1);
    expect([r.rows, r.cols, r.offsets.length]).toEqual([1, 8, 8]);
    expect(Array.from(r.offsets)).toEqual(gridCoordinates(8).map(Math.fround));
    expect(() => gridLatentOffsets(8, 4, 4, 0)).toThrow(/horizontal dimension must be in 0…3/);
    expect(() => gridLatentOffsets(8, 4, 1, 1)).toThrow(/differ from the horizontal/);
    expect(() => gridCoordinates(0)).toThrow(/positive integer/);
  });
});

/** An orthonormal basis of R^d from seeded Gram–Schmidt, rows of a d × d array. */
function randomBasis(d: number, seed: number): number[][] {
  const rand = mulberry32(seed);
  const basis: number[][] = [];
  while (basis.length < d) {
    let v = Array.from({ length: d }, () => rand() - 0.5);
    for (const b of basis) {
      const p = dot(v, b);
      v = v.map((x, i) => x - p * b[i]!);
    }
    const n = norm(v);
    if (n > 1e-6) basis.push(v.map((x) => x / n));
  }
  return basis;
}

describe('PCA', () => {
  it('recovers known axes (up to sign) and variances of points stretched along them', () => {
    // Points m ± 3u₁, m ± u₂, m ± ½u₃ in R⁴: mean m, covariance (2·9 u₁u₁ᵀ + 2 u₂u₂ᵀ + ½ u₃u₃ᵀ)/5.
    const [u1, u2, u3] = randomBasis(4, 11) as [number[], number[], number[]];
    const m = [0.5, -1, 2, 0.25];
    const pts: number[] = [];
    for (const [u, s] of [[u1, 3], [u2, 1], [u3, 0.5]] as const) {
      for (const sign of [1, -1]) pts.push(...m.map((mj, j) => mj + sign * s * u[j]!));
    }
    const r = pca(pts, 6, 4, 3);
    expect(Array.from(r.mean).map((v) => +v.toFixed(12))).toEqual(m);
    expect(r.variances[0]!).toBeCloseTo(18 / 5, 10);
    expect(r.variances[1]!).toBeCloseTo(2 / 5, 10);
    expect(r.variances[2]!).toBeCloseTo(0.5 / 5, 10);
    expect(r.totalVariance).toBeCloseTo(20.5 / 5, 10);
    [u1, u2, u3].forEach((u, k) => {
      const c = r.components.subarray(k * 4, k * 4 + 4);
      expect(Math.abs(dot(c, u))).toBeCloseTo(1, 10);
      expect(norm(c)).toBeCloseTo(1, 12);
    });
  });

  it('decomposes a 20×20 covariance: A v = λ v, orthonormal vectors, sorted values, stable sign', () => {
    const d = 20;
    const basis = randomBasis(d, 5);
    const rand = mulberry32(9);
    // 500 Gaussian points with a different spread along each basis vector.
    const n = 500;
    const pts = new Float64Array(n * d);
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < d; k++) {
        const g = Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
        const s = 0.2 * 1.3 ** (d - k);
        for (let j = 0; j < d; j++) pts[i * d + j]! += g * s * basis[k]![j]!;
      }
    }
    const { cov } = covarianceMatrix(pts, n, d);
    const { values, vectors } = symmetricEigen(cov, d);
    let trace = 0;
    for (let i = 0; i < d; i++) trace += cov[i * d + i]!;
    expect(Array.from(values).reduce((a, b) => a + b, 0)).toBeCloseTo(trace, 8);
    for (let k = 0; k < d; k++) {
      const v = vectors.subarray(k * d, (k + 1) * d);
      if (k > 0) expect(values[k]!).toBeLessThanOrEqual(values[k - 1]!);
      for (let i = 0; i < d; i++) {
        let av = 0;
        for (let j = 0; j < d; j++) av += cov[i * d + j]! * v[j]!;
        expect(av).toBeCloseTo(values[k]! * v[i]!, 8);
      }
      for (let l = 0; l < d; l++) expect(dot(v, vectors.subarray(l * d, (l + 1) * d))).toBeCloseTo(k === l ? 1 : 0, 10);
      const big = Array.from(v).reduce((b, x) => (Math.abs(x) > Math.abs(b) ? x : b), 0);
      expect(big).toBeGreaterThan(0);
    }
    // The leading axis is close to the most stretched basis vector (sampling noise aside).
    expect(Math.abs(dot(vectors.subarray(0, d), basis[0]!))).toBeGreaterThan(0.95);
  });

  it('projects points onto axes without centring, and projects σ² through them', () => {
    const axes = [1, 0, 0, 0, 0.6, 0.8];
    const y = project([1, 2, 3, -1, 0, 5], 2, 3, axes, 2);
    expect(Array.from(y)).toEqual([1, Math.fround(0.6 * 2 + 0.8 * 3), -1, Math.fround(4)]);
    const c = projectedCovariance([1, 4, 9], 1, 3, axes);
    // [Σ u² σ², Σ u w σ², Σ w² σ²] = [1, 0, 0.36·4 + 0.64·9].
    expect(c[0]).toBeCloseTo(1, 6);
    expect(c[1]).toBeCloseTo(0, 6);
    expect(c[2]).toBeCloseTo(0.36 * 4 + 0.64 * 9, 5);
  });
});

describe('interpolation', () => {
  const a = [3, 0, 0];
  const b = [0, 0, 3];

  it('slerp hits both endpoints and keeps the norm of equal-norm endpoints; lerp cuts the corner', () => {
    expect(Array.from(slerp(a, b, 0)).map((v) => +v.toFixed(12))).toEqual(a);
    expect(Array.from(slerp(a, b, 1)).map((v) => +v.toFixed(12))).toEqual(b);
    const mid = slerp(a, b, 0.5);
    expect(norm(mid)).toBeCloseTo(3, 12);
    expect(mid[0]!).toBeCloseTo(3 / Math.SQRT2, 12);
    expect(mid[2]!).toBeCloseTo(3 / Math.SQRT2, 12);
    // The straight line's midpoint is nearer the origin: |(a + b)/2| = 3/√2.
    expect(norm(lerp(a, b, 0.5))).toBeCloseTo(3 / Math.SQRT2, 12);
    for (const t of [0.1, 0.3, 0.7]) expect(norm(slerp(a, b, t))).toBeCloseTo(3, 12);
  });

  it('slerp of parallel vectors falls back to the straight line', () => {
    expect(Array.from(slerp([1, 1], [2, 2], 0.5))).toEqual([1.5, 1.5]);
    expect(Array.from(slerp([0, 0], [2, 2], 0.25))).toEqual([0.5, 0.5]);
  });

  it('interpolationPath has the endpoints at both ends, evenly spaced in t', () => {
    const p = interpolationPath(a, b, 5, false);
    expect(p.length).toBe(15);
    expect(Array.from(p.subarray(0, 3))).toEqual(a);
    expect(Array.from(p.subarray(12, 15))).toEqual(b);
    expect(Array.from(p.subarray(3, 6))).toEqual([2.25, 0, 0.75]);
    const s = interpolationPath(a, b, 5, true);
    expect(norm(s.subarray(6, 9))).toBeCloseTo(3, 5);
    expect(() => interpolationPath(a, b, 1, true)).toThrow(/steps/);
  });

  it('tileLayout is square-ish', () => {
    expect(tileLayout(64)).toEqual({ cols: 8, rows: 8 });
    expect(tileLayout(10)).toEqual({ cols: 4, rows: 3 });
  });
});

describe('projectPosterior', () => {
  it('places a posterior in chosen dimensions: (μ1, μ3) and diag(σ1², σ3²)', () => {
    const axes = [1, 0, 0, 0, 0, 1];
    const r = projectPosterior([0.5, -2, 1.5], [0.1, 3, 0.4], axes);
    expect(r.x).toBeCloseTo(0.5, 6);
    expect(r.y).toBeCloseTo(1.5, 6);
    expect(r.cov[0]).toBeCloseTo(0.01, 6);
    expect(r.cov[1]).toBeCloseTo(0, 6);
    expect(r.cov[2]).toBeCloseTo(0.16, 6);
  });

  it('through rotated axes: by hand, u = (1, 1)/√2, w = (1, −1)/√2, μ = (3, 1), σ = (1, 2)', () => {
    const h = Math.SQRT1_2;
    const r = projectPosterior([3, 1], [1, 2], [h, h, h, -h]);
    // u·μ = 4/√2 = 2√2, w·μ = 2/√2 = √2.
    expect(r.x).toBeCloseTo(2 * Math.SQRT2, 6);
    expect(r.y).toBeCloseTo(Math.SQRT2, 6);
    // xx = ½(1 + 4) = 2.5, xy = ½(1 − 4) = −1.5, yy = 2.5.
    expect(r.cov[0]).toBeCloseTo(2.5, 6);
    expect(r.cov[1]).toBeCloseTo(-1.5, 6);
    expect(r.cov[2]).toBeCloseTo(2.5, 6);
  });

  it('refuses axes of another dimension', () => {
    expect(() => projectPosterior([1, 2], [1, 1], [1, 0, 0, 0, 1, 0])).toThrow(/do not match/);
  });
});
