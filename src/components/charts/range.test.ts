import { describe, expect, it } from 'vitest';
import type { XY } from './axes';
import { offScaleRuns, recentExtent, recentFrom } from './range';

const pts = (...xy: [number, number][]): XY[] => xy.map(([samples, v]) => ({ samples, v }));

describe('recentFrom', () => {
  it('is where the last fraction of the span begins, in x or in log x', () => {
    expect(recentFrom(0, 1000, 0.9, false)).toBeCloseTo(100, 9); // 0 + 0.1 · 1000
    expect(recentFrom(200, 1200, 0.75, false)).toBe(450); // 200 + 0.25 · 1000
    expect(recentFrom(100, 100_000, 2 / 3, true)).toBeCloseTo(1000, 6); // 100 · 1000^(1/3)
    expect(recentFrom(0, 1000, 0.9, true)).toBeCloseTo(100, 9); // no log of 0: linear
    expect(recentFrom(5, 5, 0.9, false)).toBe(5);
  });
});

describe('recentExtent', () => {
  // The shape of a fresh run: −540 at the first readback, −200 soon after, −150 later.
  const train = pts([128, -540], [1000, -260], [2500, -200], [5000, -170], [10000, -150], [20000, -140]);
  const test = pts([0, -545], [10000, -152], [20000, -141]);

  it('leaves out the first tenth of the x-span, so the first steps do not pin the axis', () => {
    // The span is [0, 20000] (the test point at 0 counts); the last 90 % starts at 2000, after the point at 1000.
    expect(recentExtent([train, test])).toEqual([-200, -140]);
  });

  it('takes every point when the fraction is 1, and follows a log x-axis', () => {
    expect(recentExtent([train, test], 1)).toEqual([-545, -140]);
    // Log x over [128, 20000] (no test series): from 128 · (20000/128)^0.5 = 1600.
    expect(recentExtent([train], 0.5, true)).toEqual([-200, -140]);
  });

  it('skips values that are not finite, and is ±Infinity with no value', () => {
    expect(recentExtent([pts([0, 1], [10, Number.NaN], [20, 3])])).toEqual([3, 3]);
    expect(recentExtent([[], pts([5, Number.NaN])])).toEqual([Infinity, -Infinity]);
  });
});

describe('offScaleRuns', () => {
  it('groups consecutive points beyond each edge, with their x-range and farthest value', () => {
    const p = pts([0, -540], [100, -300], [200, -190], [300, 5], [400, 7], [500, -150], [600, -400]);
    expect(offScaleRuns(p, -200, 0)).toEqual([
      { side: 'below', from: 0, to: 100, extreme: -540 },
      { side: 'above', from: 300, to: 400, extreme: 7 },
      { side: 'below', from: 600, to: 600, extreme: -400 },
    ]);
  });
  it('is empty when every point is inside, values on the edge included; a NaN ends a run', () => {
    expect(offScaleRuns(pts([0, -200], [1, 0]), -200, 0)).toEqual([]);
    expect(offScaleRuns(pts([0, -300], [1, Number.NaN], [2, -300]), -200, 0)).toHaveLength(2);
  });
});
