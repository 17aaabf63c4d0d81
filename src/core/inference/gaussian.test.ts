import { describe, expect, it } from 'vitest';
import { cholesky, fitGaussian, logGaussianDensity, normalStream, sampleGaussian } from './gaussian';

describe('dense Gaussians', () => {
  it('cholesky of [[4, 2], [2, 3]] is [[2, 0], [1, √2]] and refuses an indefinite matrix', () => {
    const l = cholesky([4, 2, 2, 3], 2);
    expect(Array.from(l)).toEqual([2, 0, 1, Math.SQRT2]);
    expect(() => cholesky([1, 2, 2, 1], 2)).toThrow(/not positive definite/);
  });

  it('log-density of N(m, C) in 2-D matches the closed form', () => {
    // C = [[4, 2], [2, 3]]: det 8, C⁻¹ = [[3, −2], [−2, 4]]/8. At z − m = (1, −1):
    // quadratic form = (3 + 4 + 4)/8 = 11/8; log N = −½ (2 log 2π + log 8 + 11/8).
    const g = { d: 2, mean: Float64Array.from([0.5, 1]), cov: Float64Array.from([4, 2, 2, 3]), chol: cholesky([4, 2, 2, 3], 2) };
    const [v] = logGaussianDensity(g, [1.5, 0], 1);
    expect(v).toBeCloseTo(-0.5 * (2 * Math.log(2 * Math.PI) + Math.log(8) + 11 / 8), 12);
  });

  it('draws from N(m, C) and fits them back (tolerance 5 s.e. of 20,000 draws)', () => {
    const chol = cholesky([1, 0.8, 0.8, 1], 2);
    const n = 20000;
    const z = sampleGaussian([1, -1], chol, 2, n, normalStream(5).normal);
    const g = fitGaussian(z, n, 2);
    // s.e. of a mean: 1/√n ≈ 0.007; of a (co)variance: ≤ √(2/n) ≈ 0.01.
    expect(Math.abs(g.mean[0]! - 1)).toBeLessThan(0.035);
    expect(Math.abs(g.mean[1]! + 1)).toBeLessThan(0.035);
    expect(Math.abs(g.cov[0]! - 1)).toBeLessThan(0.05);
    expect(Math.abs(g.cov[1]! - 0.8)).toBeLessThan(0.05);
    expect(() => fitGaussian([1, 2], 1, 2)).toThrow(/more samples/);
  });

  it('normalStream is seeded: the same seed gives the same draws', () => {
    const a = normalStream(9);
    const b = normalStream(9);
    const xs = Array.from({ length: 5 }, a.normal);
    expect(Array.from({ length: 5 }, b.normal)).toEqual(xs);
    expect(Array.from({ length: 5 }, normalStream(10).normal)).not.toEqual(xs);
  });
});
