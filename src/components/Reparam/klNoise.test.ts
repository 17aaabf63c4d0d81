import { describe, expect, it } from 'vitest';
import { mcKlSd, mcKlVariance } from './klNoise';

/** Seeded standard normals (Box–Muller on a small LCG), for the Monte-Carlo check. */
function normals(n: number, seed: number): number[] {
  let x = seed;
  const u = () => ((x = (x * 1103515245 + 12345) % 2147483648) + 0.5) / 2147483648;
  return Array.from({ length: n }, () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u()));
}

describe('mcKlVariance', () => {
  it('is 0 where q is the prior (a collapsed dimension) and ½ per dimension as σ → 0', () => {
    expect(mcKlVariance([0, 0], [1, 1])).toBe(0);
    expect(mcKlVariance([2, -1, 0.5], [1e-6, 1e-6, 1e-6])).toBeCloseTo(1.5, 6);
  });
  it('by hand: μ = 1, σ = 0.5 gives 1·0.25 + ½·0.75² = 0.53125', () => {
    expect(mcKlVariance([1], [0.5])).toBeCloseTo(0.53125, 12);
  });
  it('matches the variance of log q(z) − log p(z) over many draws of z', () => {
    const mu = [1, -0.3];
    const sigma = [0.5, 0.2];
    const eps = normals(400_000, 7);
    const est: number[] = [];
    for (let i = 0; i + 1 < eps.length; i += 2) {
      let f = 0;
      for (let j = 0; j < 2; j++) {
        const z = mu[j]! + sigma[j]! * eps[i + j]!;
        f += -Math.log(sigma[j]!) - 0.5 * eps[i + j]! ** 2 + 0.5 * z * z;
      }
      est.push(f);
    }
    const mean = est.reduce((a, b) => a + b, 0) / est.length;
    const v = est.reduce((a, b) => a + (b - mean) ** 2, 0) / (est.length - 1);
    // 200,000 draws: the sample variance's relative standard error is about √(2/n)·(kurtosis factor) < 1 %.
    expect(v).toBeCloseTo(mcKlVariance(mu, sigma), 1);
    expect(Math.abs(v / mcKlVariance(mu, sigma) - 1)).toBeLessThan(0.02);
  });
  it('the standard deviation shrinks as √(L·M)', () => {
    expect(mcKlSd([1], [0.5], 1, 1)).toBeCloseTo(Math.sqrt(0.53125), 12);
    expect(mcKlSd([1], [0.5], 2, 8)).toBeCloseTo(Math.sqrt(0.53125 / 16), 12);
  });
});
