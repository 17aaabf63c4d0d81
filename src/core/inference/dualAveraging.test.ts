import { describe, expect, it } from 'vitest';
import { DualAveraging } from './dualAveraging';

describe('dual averaging of the step size', () => {
  it('finds the step size whose acceptance is the target, for a known acceptance curve', () => {
    // With α(ε) = e^{−ε}, the target δ = 0.65 is reached at ε* = −ln 0.65 ≈ 0.431.
    const da = new DualAveraging(2, 0.65);
    for (let m = 0; m < 2000; m++) da.update(Math.exp(-da.current));
    expect(da.final).toBeCloseTo(-Math.log(0.65), 2);
  });

  it('takes a smaller step after rejections than after acceptances', () => {
    // Both move from μ = log(10 ε₀), the algorithm's shrinkage point: after one update with
    // α, log ε₁ = log 10 − (1/γ)(δ − α)/(1 + t₀).
    const down = new DualAveraging(1, 0.65);
    down.update(0);
    expect(Math.log(down.current)).toBeCloseTo(Math.log(10) - (0.65 / 11) / 0.05, 12);
    const up = new DualAveraging(1, 0.65);
    up.update(1);
    expect(Math.log(up.current)).toBeCloseTo(Math.log(10) + (0.35 / 11) / 0.05, 12);
    expect(down.current).toBeLessThan(up.current);
    // A NaN acceptance counts as a rejection.
    const nan = new DualAveraging(1, 0.65);
    nan.update(NaN);
    expect(nan.current).toBeCloseTo(down.current, 12);
  });

  it('refuses a step size ≤ 0 and a target outside (0, 1)', () => {
    expect(() => new DualAveraging(0, 0.65)).toThrow(/step size must be > 0/);
    expect(() => new DualAveraging(0.1, 1)).toThrow(/target acceptance/);
  });
});
