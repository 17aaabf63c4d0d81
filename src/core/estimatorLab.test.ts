import { describe, expect, it } from 'vitest';
import {
  exactGradient,
  histogram,
  LAB_FUNCTIONS,
  normalCdf,
  normalPdf,
  quantile,
  runLab,
  sampleStats,
  scoreFormByQuadrature,
  sharedRange,
  singleSampleEstimates,
  standardNormals,
  varianceVsL,
} from './estimatorLab';

/** |a − b| within k standard errors. */
function within(a: number, b: number, se: number, k = 4): boolean {
  return Math.abs(a - b) <= k * se;
}

describe('normal density and CDF', () => {
  it('match tabulated values', () => {
    expect(normalPdf(0)).toBeCloseTo(1 / Math.sqrt(2 * Math.PI), 12);
    expect(normalPdf(0.5)).toBeCloseTo(0.3520653268, 9);
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1)).toBeCloseTo(0.8413447461, 6);
    expect(normalCdf(-1.959964)).toBeCloseTo(0.025, 6);
    expect(normalCdf(0.5)).toBeCloseTo(0.6914624613, 6);
  });

  it('the seeded generator draws N(0, 1) and repeats for a seed', () => {
    const a = standardNormals(20000, 3);
    const s = sampleStats(a);
    expect(Math.abs(s.mean)).toBeLessThan(4 * Math.sqrt(1 / 20000));
    expect(s.variance).toBeGreaterThan(0.96);
    expect(s.variance).toBeLessThan(1.04);
    expect(standardNormals(5, 3)).toEqual(a.slice(0, 5));
    expect(standardNormals(5, 4)).not.toEqual(a.slice(0, 5));
  });
});

describe('exact gradients', () => {
  it('z²: E = μ² + σ², ∂μ = 2μ, ∂σ = 2σ', () => {
    const g = exactGradient('square', 0.7, 1.3);
    expect(g.value).toBeCloseTo(0.49 + 1.69, 12);
    expect(g.dMu).toBeCloseTo(1.4, 12);
    expect(g.dSigma).toBeCloseTo(2.6, 12);
  });

  it('step: hand values at μ = 0, σ = 1 and at μ = 1, σ = 2', () => {
    const a = exactGradient('step', 0, 1);
    expect(a.value).toBeCloseTo(0.5, 7);
    expect(a.dMu).toBeCloseTo(0.398942, 6); // φ(0)
    expect(a.dSigma).toBeCloseTo(0, 12);
    const b = exactGradient('step', 1, 2);
    expect(b.value).toBeCloseTo(0.691462, 6); // Φ(0.5)
    expect(b.dMu).toBeCloseTo(0.352065 / 2, 6); // φ(0.5)/σ
    expect(b.dSigma).toBeCloseTo(-(0.5 / 2) * 0.352065, 6); // −(μ/σ²) φ(μ/σ)
  });

  it('the quadrature reproduces the closed forms of z²', () => {
    // The generic pathwise quadrature, applied where a closed form is known.
    const q = scoreFormByQuadrature('square', 0.7, 1.3);
    expect(q.dMu).toBeCloseTo(1.4, 6);
    expect(q.dSigma).toBeCloseTo(2.6, 6);
  });

  it('sigmoids: the pathwise quadrature agrees with the score-form quadrature and with finite differences of E[f]', () => {
    for (const fn of ['sigmoid', 'smoothStep'] as const) {
      for (const [mu, sigma] of [
        [0, 1],
        [0.8, 0.5],
        [-1.5, 2],
      ] as const) {
        const g = exactGradient(fn, mu, sigma);
        expect(g.method).toBe('quadrature');
        const s = scoreFormByQuadrature(fn, mu, sigma);
        expect(g.dMu).toBeCloseTo(s.dMu, 6);
        expect(g.dSigma).toBeCloseTo(s.dSigma, 6);
        const h = 1e-4;
        const fdMu = (exactGradient(fn, mu + h, sigma).value - exactGradient(fn, mu - h, sigma).value) / (2 * h);
        const fdSigma = (exactGradient(fn, mu, sigma + h).value - exactGradient(fn, mu, sigma - h).value) / (2 * h);
        expect(g.dMu).toBeCloseTo(fdMu, 6);
        expect(g.dSigma).toBeCloseTo(fdSigma, 6);
      }
    }
  });

  it('sigmoid at μ = 0: E = ½ and ∂σ = 0 by symmetry', () => {
    const g = exactGradient('sigmoid', 0, 1.7);
    expect(g.value).toBeCloseTo(0.5, 9);
    expect(g.dSigma).toBeCloseTo(0, 9);
  });

  it('refuses σ ≤ 0 and non-finite μ', () => {
    expect(() => exactGradient('square', 0, 0)).toThrow(/σ must be a positive number/);
    expect(() => exactGradient('square', Number.NaN, 1)).toThrow(/μ must be a finite number/);
    expect(() => runLab('square', 0, 1, 0, 100, 1)).toThrow(/L must be/);
  });
});

describe('single-sample estimates', () => {
  it('are (f′(z), f′(z)ε) and (f(z)ε/σ, f(z)(ε² − 1)/σ) — hand values for z² at μ = 1, σ = 2, ε = 0.5', () => {
    // z = 2, f = 4, f′ = 4
    const e = singleSampleEstimates('square', 1, 2, 0.5);
    expect(e.reparam[0]).toBeCloseTo(4, 12);
    expect(e.reparam[1]).toBeCloseTo(2, 12);
    expect(e.score[0]).toBeCloseTo((4 * 0.5) / 2, 12);
    expect(e.score[1]).toBeCloseTo((4 * (0.25 - 1)) / 2, 12);
  });
});

describe('Monte-Carlo estimates for f(z) = z²', () => {
  const mu = 1;
  const sigma = 1;
  const r = runLab('square', mu, sigma, 1, 20000, 11);

  it('both estimators are unbiased: their means match 2μ and 2σ within a few standard errors', () => {
    for (const est of [r.reparam, r.score]) {
      expect(within(est.statsMu.mean, 2 * mu, est.statsMu.stdErr)).toBe(true);
      expect(within(est.statsSigma.mean, 2 * sigma, est.statsSigma.stdErr)).toBe(true);
    }
  });

  it('single-sample variances match the hand computation: reparam 4σ² and 4μ² + 8σ²; score 30 and 136 at μ = σ = 1', () => {
    // Reparam: ∂μ = 2(μ + σε) → Var = 4σ²; ∂σ = 2(μ + σε)ε → E = 2σ, E[·²] = 4(μ² + 3σ²).
    expect(r.reparam.statsMu.variance / 4).toBeGreaterThan(0.95);
    expect(r.reparam.statsMu.variance / 4).toBeLessThan(1.05);
    expect(r.reparam.statsSigma.variance / 12).toBeGreaterThan(0.9);
    expect(r.reparam.statsSigma.variance / 12).toBeLessThan(1.1);
    // Score: ∂μ = (μ + σε)²ε/σ → E[·²] = (μ⁴ + 18μ²σ² + 15σ⁴)/σ² = 34, minus (2μ)² = 30.
    // ∂σ = (1 + ε)²(ε² − 1) = ε⁴ + 2ε³ − 2ε − 1 → E[·²] = 105 + 60 + 4 + 1 − 6 − 24 = 140, minus 2² = 136.
    expect(r.score.statsMu.variance / 30).toBeGreaterThan(0.85);
    expect(r.score.statsMu.variance / 30).toBeLessThan(1.15);
    expect(r.score.statsSigma.variance / 136).toBeGreaterThan(0.75);
    expect(r.score.statsSigma.variance / 136).toBeLessThan(1.25);
  });

  it('the score-function variance exceeds the reparameterization variance', () => {
    expect(r.score.statsMu.variance).toBeGreaterThan(3 * r.reparam.statsMu.variance);
    expect(r.score.statsSigma.variance).toBeGreaterThan(3 * r.reparam.statsSigma.variance);
  });

  it('the variance of an L-sample estimate falls as 1/L', () => {
    const rows = varianceVsL('square', mu, sigma, [1, 10], 5000, 5);
    const ratio = rows[0]!.reparam[0] / rows[1]!.reparam[0];
    expect(ratio).toBeGreaterThan(8);
    expect(ratio).toBeLessThan(12.5);
    expect(rows[1]!.reparam[0]).toBeCloseTo(0.4, 1);
  });

  it('is reproducible for a seed', () => {
    const again = runLab('square', mu, sigma, 1, 20000, 11);
    expect(again.score.statsMu.mean).toBe(r.score.statsMu.mean);
  });
});

describe('the other functions', () => {
  it('smooth functions: both estimators unbiased against the quadrature', () => {
    for (const fn of ['sigmoid', 'smoothStep'] as const) {
      const r = runLab(fn, 0.3, 0.8, 2, 10000, 21);
      for (const est of [r.reparam, r.score]) {
        expect(within(est.statsMu.mean, r.exact.dMu, est.statsMu.stdErr)).toBe(true);
        expect(within(est.statsSigma.mean, r.exact.dSigma, est.statsSigma.stdErr)).toBe(true);
      }
    }
  });

  it('step: the pathwise estimate is 0 (f′ = 0 almost everywhere) and so wrong; the score function stays unbiased', () => {
    const r = runLab('step', 0.5, 1, 1, 10000, 2);
    expect(r.reparam.statsMu.mean).toBe(0);
    expect(r.reparam.statsMu.variance).toBe(0);
    expect(r.exact.dMu).toBeGreaterThan(0.3);
    expect(within(r.score.statsMu.mean, r.exact.dMu, r.score.statsMu.stdErr)).toBe(true);
    expect(within(r.score.statsSigma.mean, r.exact.dSigma, r.score.statsSigma.stdErr)).toBe(true);
  });

  it('every function has a finite exact gradient over the slider ranges', () => {
    for (const fn of LAB_FUNCTIONS) {
      for (const mu of [-5, 0, 5]) {
        for (const sigma of [0.05, 1, 5]) {
          const g = exactGradient(fn, mu, sigma);
          expect(Number.isFinite(g.dMu) && Number.isFinite(g.dSigma) && Number.isFinite(g.value)).toBe(true);
        }
      }
    }
  });
});

describe('histograms and ranges', () => {
  it('counts values into bins (hand example)', () => {
    const h = histogram([0, 0.1, 0.5, 0.99, 1, 1.5, -0.2], 0, 1, 2);
    expect(h.counts).toEqual([2, 3]);
    expect(h.below).toBe(1);
    expect(h.above).toBe(1);
  });

  it('quantiles interpolate between order statistics', () => {
    expect(quantile([3, 1, 2, 4], 0.5)).toBeCloseTo(2.5, 12);
    expect(quantile([3, 1, 2, 4], 0)).toBe(1);
    expect(quantile([3, 1, 2, 4], 1)).toBe(4);
  });

  it('the shared range includes the exact value and is never empty', () => {
    const [lo, hi] = sharedRange([new Float64Array(10)], 0.4);
    expect(lo).toBeLessThanOrEqual(0);
    expect(hi).toBeGreaterThanOrEqual(0.4);
    const [a, b] = sharedRange([new Float64Array(5)], 0);
    expect(b).toBeGreaterThan(a);
  });
});
