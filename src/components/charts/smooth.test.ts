import { describe, expect, it } from 'vitest';
import type { XY } from './axes';
import { emaSmooth } from './smooth';

const pts = (...v: number[]): XY[] => v.map((v, i) => ({ samples: 100 * (i + 1), v }));

describe('emaSmooth', () => {
  it('is the debiased moving average, by hand for w = 0.5', () => {
    // m = 5, 12.5, 21.25; divided by 1 − 0.5, 1 − 0.25, 1 − 0.125.
    const s = emaSmooth(pts(10, 20, 30), 0.5);
    expect(s.map((p) => p.samples)).toEqual([100, 200, 300]);
    expect(s[0]!.v).toBeCloseTo(10, 12);
    expect(s[1]!.v).toBeCloseTo(12.5 / 0.75, 12); // 16.667: (0.5·10 + 20) / 1.5
    expect(s[2]!.v).toBeCloseTo(21.25 / 0.875, 12); // 24.286: (0.25·10 + 0.5·20 + 30) / 1.75
  });

  it('leaves a constant curve constant at any weight (the debiasing removes the pull to 0)', () => {
    for (const w of [0.3, 0.9, 0.99]) for (const p of emaSmooth(pts(-150, -150, -150, -150), w)) expect(p.v).toBeCloseTo(-150, 9);
  });

  it('returns the values for w = 0, clamps w, and passes a value that is not finite through without counting it', () => {
    expect(emaSmooth(pts(1, 5, 2), 0)).toEqual(pts(1, 5, 2));
    expect(emaSmooth(pts(1, 5, 2), -3)).toEqual(pts(1, 5, 2));
    const s = emaSmooth(pts(10, Number.NaN, 20), 0.5);
    expect(s[1]!.v).toBeNaN();
    expect(s[2]!.v).toBeCloseTo(12.5 / 0.75, 12); // as if the NaN were not there
  });
});
