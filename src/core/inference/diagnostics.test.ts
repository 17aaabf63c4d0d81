import { describe, expect, it } from 'vitest';
import { autocovariance, dimensionChains, effectiveSampleSize, splitRhat, summarizeChains } from './diagnostics';
import { normalStream } from './gaussian';

describe('autocovariance', () => {
  it('matches the hand computation for 1…6 (divisor n)', () => {
    // x̄ = 3.5, deviations −2.5 −1.5 −0.5 0.5 1.5 2.5.
    const g = autocovariance([1, 2, 3, 4, 5, 6], 3);
    expect(g[0]).toBeCloseTo(17.5 / 6, 12); // 6.25 + 2.25 + 0.25 + 0.25 + 2.25 + 6.25
    expect(g[1]).toBeCloseTo(8.75 / 6, 12); // 3.75 + 0.75 − 0.25 + 0.75 + 3.75
    expect(g[2]).toBeCloseTo(1 / 6, 12); // 1.25 − 0.75 − 0.75 + 1.25
    expect(g[3]).toBeCloseTo(-4.75 / 6, 12); // −1.25 − 2.25 − 1.25
  });
});

describe('split-R̂', () => {
  it('matches the hand computation on two chains of four draws', () => {
    // Halves [1,2] [3,4] [2,4] [6,8]: means 1.5 3.5 3 7 (grand 3.75), variances 0.5 0.5 2 2,
    // W = 1.25, B = 2/3 · (2.25² + 0.25² + 0.75² + 3.25²) = 2/3 · 16.25,
    // var⁺ = ½ W + B/2, R̂ = √(var⁺/W).
    const B = (2 / 3) * 16.25;
    const expected = Math.sqrt((0.5 * 1.25 + B / 2) / 1.25);
    expect(splitRhat([[1, 2, 3, 4], [2, 4, 6, 8]])).toBeCloseTo(expected, 12);
    expect(expected).toBeCloseTo(2.19848, 4);
  });

  it('is near 1 for chains of the same stationary process and far above it for chains stuck apart', () => {
    const { normal } = normalStream(3);
    const chains = [0, 1, 2, 3].map(() => Array.from({ length: 2000 }, normal));
    expect(Math.abs(splitRhat(chains) - 1)).toBeLessThan(0.01);
    const apart = chains.map((c, i) => c.map((v) => v + 3 * i));
    expect(splitRhat(apart)).toBeGreaterThan(2);
  });

  it('refuses chains of different lengths or too short', () => {
    expect(() => splitRhat([[1, 2, 3, 4], [1, 2, 3]])).toThrow(/differ in length/);
    expect(() => splitRhat([[1, 2, 3]])).toThrow(/at least 4/);
    expect(() => effectiveSampleSize([])).toThrow(/no chains/);
  });
});

describe('effective sample size', () => {
  it('matches the hand computation on one chain 1…6', () => {
    // W = γ₀·6/5 = 3.5, var⁺ = 5/6 · 3.5 = 17.5/6; ρ₁ = 1 − (3.5 − 8.75/6)/(17.5/6) = 0.3,
    // ρ₂ = 1 − (3.5 − 1/6)/(17.5/6) = −1/7, ρ₃ = 1 − (3.5 + 4.75/6)/(17.5/6) < 0:
    // P₀ = 1 + 0.3, P₁ = ρ₂ + ρ₃ < 0 stops; τ = −1 + 2·1.3 = 1.6, ESS = 6/1.6.
    expect(effectiveSampleSize([[1, 2, 3, 4, 5, 6]])).toBeCloseTo(6 / 1.6, 12);
  });

  it('matches the hand computation on two chains (1…6 and 2…7)', () => {
    // Same autocovariances; chain means 3.5 and 4.5 add their variance 0.5 to var⁺:
    // var⁺ = 5/6·3.5 + 0.5; ρ₁ = 1 − (3.5 − 8.75/6)/var⁺; ρ₂ + ρ₃ < 0 stops; τ = −1 + 2(1 + ρ₁).
    const varPlus = (5 / 6) * 3.5 + 0.5;
    const rho1 = 1 - (3.5 - 8.75 / 6) / varPlus;
    const rho2 = 1 - (3.5 - 1 / 6) / varPlus;
    const rho3 = 1 - (3.5 + 4.75 / 6) / varPlus;
    expect(rho2 + rho3).toBeLessThan(0);
    expect(effectiveSampleSize([[1, 2, 3, 4, 5, 6], [2, 3, 4, 5, 6, 7]])).toBeCloseTo(12 / (-1 + 2 * (1 + rho1)), 12);
  });

  it('is about N for independent draws and about N(1−φ)/(1+φ) for an AR(1) chain', () => {
    const { normal } = normalStream(11);
    const N = 20000;
    const iid = Array.from({ length: N }, normal);
    expect(effectiveSampleSize([iid]) / N).toBeGreaterThan(0.9);
    expect(effectiveSampleSize([iid]) / N).toBeLessThan(1.1);
    // x_t = φ x_{t−1} + ε_t has integrated autocorrelation time (1 + φ)/(1 − φ) = 3 at φ = ½.
    const ar: number[] = [0];
    for (let t = 1; t < N; t++) ar.push(0.5 * ar[t - 1]! + normal());
    const ratio = effectiveSampleSize([ar]) / (N / 3);
    expect(ratio).toBeGreaterThan(0.85);
    expect(ratio).toBeLessThan(1.15);
  });

  it('summarizes every dimension of interleaved J-dimensional draws', () => {
    const chain = [1, 10, 2, 20, 3, 30, 4, 40, 5, 50, 6, 60];
    expect(Array.from(dimensionChains([chain], 2, 1)[0]!)).toEqual([10, 20, 30, 40, 50, 60]);
    const s = summarizeChains([chain], 2);
    expect(s.ess[0]).toBeCloseTo(6 / 1.6, 12);
    // Scaling a chain by 10 changes no autocorrelation.
    expect(s.ess[1]).toBeCloseTo(6 / 1.6, 12);
    expect(s.minEss).toBeCloseTo(6 / 1.6, 12);
  });
});
