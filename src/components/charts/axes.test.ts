import { describe, expect, it } from 'vitest';
import { anchoredIndex, growingBound, linePath, nearestIndex, niceAxis, niceStep, readoutKey, readoutLines, samplesAxis, samplesExtent, valueAxis, valueExtent, type XY } from './axes';

const pts = (...xy: [number, number][]): XY[] => xy.map(([samples, v]) => ({ samples, v }));

describe('niceStep', () => {
  it('is the smallest of 1, 2, 2.5, 5 × 10^k at least span / count', () => {
    expect(niceStep(10, 5)).toBe(2);
    expect(niceStep(11, 5)).toBe(2.5); // 2.2 → 2.5
    expect(niceStep(13, 5)).toBe(5); // 2.6 → 5
    expect(niceStep(500, 5)).toBe(100);
    expect(niceStep(0.3, 5)).toBe(0.1); // 0.06 → 0.1
    expect(niceStep(0.06, 5)).toBe(0.02); // 0.012 → 0.02, without float noise
    expect(niceStep(0, 5)).toBe(1);
    expect(niceStep(Number.NaN, 5)).toBe(1);
  });
});

describe('niceAxis', () => {
  it('holds the range on multiples of the step, ticks at every multiple', () => {
    // ELBO from -550.3 to -107.2: span 443 → step 100 → [-600, -100].
    expect(niceAxis(-550.3, -107.2)).toEqual({ domain: [-600, -100], ticks: [-600, -500, -400, -300, -200, -100] });
    // KL from 0 to 24.9: step 5 → [0, 25].
    expect(niceAxis(0, 24.9)).toEqual({ domain: [0, 25], ticks: [0, 5, 10, 15, 20, 25] });
    // A bound exactly on a tick is kept, not pushed a step further.
    expect(niceAxis(0, 25).domain).toEqual([0, 25]);
    expect(niceAxis(0.1, 0.34).ticks).toEqual([0.1, 0.15, 0.2, 0.25, 0.3, 0.35]);
  });
  it('changes only when the data cross a tick (what keeps the chart frame still)', () => {
    expect(niceAxis(-550, -120)).toEqual(niceAxis(-560, -101));
    expect(niceAxis(-550, -99).domain).toEqual([-600, 0]);
  });
  it('gives one value a span around it, and no value [0, 1]', () => {
    const one = niceAxis(-120, -120);
    expect(one.domain[0]).toBeLessThan(-120);
    expect(one.domain[1]).toBeGreaterThan(-120);
    expect(niceAxis(0, 0).domain).toEqual([-1, 1]);
    expect(niceAxis(Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY).domain).toEqual([0, 1]);
    expect(niceAxis(5, 1).domain).toEqual(niceAxis(1, 5).domain);
  });
});

describe('valueAxis', () => {
  it('starts at 0 when asked, else holds the data', () => {
    expect(valueAxis(1.1, 3.7, true).domain).toEqual([0, 4]);
    expect(valueAxis(1.1, 3.7, false).domain).toEqual([1, 4]);
    expect(valueAxis(Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, true)).toEqual({ domain: [0, 1], ticks: [0, 0.5, 1] });
  });
});

describe('growingBound and samplesAxis', () => {
  it('grows in steps of (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8) × 10^k', () => {
    expect(growingBound(1)).toBe(1);
    expect(growingBound(1001)).toBe(1200);
    expect(growingBound(12_800)).toBe(15_000);
    expect(growingBound(211_200)).toBe(250_000);
    expect(growingBound(8_000_001)).toBe(10_000_000);
    expect(growingBound(0)).toBe(1);
    // Between two bounds the axis does not move: one bound for every value from 200,001 to 250,000.
    expect(new Set([200_001, 220_000, 250_000].map(growingBound))).toEqual(new Set([250_000]));
  });
  it('linear: from 0 to the bound, nice ticks inside', () => {
    expect(samplesAxis(211_200, false)).toEqual({ domain: [0, 250_000], ticks: [0, 50_000, 100_000, 150_000, 200_000, 250_000] });
    expect(samplesAxis(1100, false)).toEqual({ domain: [0, 1200], ticks: [0, 250, 500, 750, 1000] });
  });
  it('log: from 100, ticks at the decades, with 2 and 5 × 10^k when fewer than three decades fit', () => {
    expect(samplesAxis(211_200, true)).toEqual({ domain: [100, 250_000], ticks: [100, 1000, 10_000, 100_000] });
    expect(samplesAxis(1500, true)).toEqual({ domain: [100, 1500], ticks: [100, 200, 500, 1000] });
    expect(samplesAxis(10, true).domain).toEqual([100, 1000]);
  });
});

describe('extents', () => {
  it('skip values that are not finite; x is the largest last x', () => {
    expect(valueExtent([pts([1, -3], [2, Number.NaN]), pts([5, 7])])).toEqual([-3, 7]);
    expect(valueExtent([[]])).toEqual([Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]);
    expect(samplesExtent([pts([1, 0], [300, 0]), pts([128, 0])])).toBe(300);
    expect(samplesExtent([])).toBe(0);
  });
});

describe('linePath', () => {
  const x = (v: number) => v * 2;
  const y = (v: number) => 100 - v;
  it('moves to the first point and draws to the others, in pixels', () => {
    expect(linePath(pts([0, 10], [5, 20], [10, 15]), x, y)).toBe('M0.0,90.0L10.0,80.0L20.0,85.0');
  });
  it('breaks the line at a value that is not finite or a point off the scale', () => {
    expect(linePath(pts([0, 10], [5, Number.NaN], [10, 15], [15, 16]), x, y)).toBe('M0.0,90.0M20.0,85.0L30.0,84.0');
    const log = (v: number) => (v > 0 ? Math.log10(v) * 10 : undefined);
    expect(linePath(pts([0, 10], [10, 20], [100, 30]), log, y)).toBe('M10.0,80.0L20.0,70.0');
    expect(linePath([], x, y)).toBe('');
  });
});

describe('nearestIndex', () => {
  const p = pts([0, 0], [128, 0], [256, 0], [1000, 0]);
  it('finds the point of nearest x', () => {
    expect(nearestIndex(p, -5)).toBe(0);
    expect(nearestIndex(p, 60)).toBe(0);
    expect(nearestIndex(p, 70)).toBe(1);
    expect(nearestIndex(p, 256)).toBe(2);
    expect(nearestIndex(p, 700)).toBe(3);
    expect(nearestIndex(p, 5000)).toBe(3);
    expect(nearestIndex([], 5)).toBe(-1);
    expect(nearestIndex(pts([7, 1]), 5)).toBe(0);
  });
});

describe('readoutLines', () => {
  it('reads each series at its nearest point, with that point’s x when it is off by more than 2 %', () => {
    const series = [
      { name: 'ELBO (train)', points: pts([128, -540.123], [256, -530.5]) },
      { name: 'ELBO (test)', points: pts([1000, -400]) },
      { name: 'empty', points: [] },
    ];
    expect(readoutLines(series, 256)).toEqual(['256 images', 'ELBO (train): -530.50', 'ELBO (test): -400.00 (at 1k)']);
    expect(readoutLines(series, 1000)).toEqual(['1,000 images', 'ELBO (train): -530.50 (at 256)', 'ELBO (test): -400.00']);
    expect(readoutLines(series, 12_800)[0]).toBe('12,800 images');
  });
});

describe('readout anchor', () => {
  // Ten points at 128, 256, …; thinned to every other one as a long run's series is.
  const full = pts(...Array.from({ length: 10 }, (_, i) => [128 * (i + 1), i] as [number, number]));
  const thinned = full.filter((_, i) => i % 2 === 1);
  it('stays at its x when the series is thinned and grows, where an index would drift', () => {
    const anchor = readoutKey(full, { at: 128 * 4 }, 'ArrowRight')!;
    expect(anchor).toEqual({ at: 128 * 5 });
    const grown = [...thinned, ...pts([128 * 12, 11], [128 * 14, 13])];
    expect(grown[anchoredIndex(grown, anchor)]!.samples).toBe(128 * 4); // nearest kept point (640 → 512 or 768: tie goes left)
    expect(grown[4]!.samples).toBe(128 * 10); // what index 4 would have read
    expect(anchoredIndex(grown, { at: 128 * 6 })).toBe(2);
  });
  it('follows the newest point after End, or after stepping onto it', () => {
    expect(readoutKey(full, { at: 128 }, 'End')).toBe('latest');
    expect(anchoredIndex(full, 'latest')).toBe(9);
    expect(anchoredIndex([...full, ...pts([5000, 0])], 'latest')).toBe(10);
    expect(readoutKey(full, { at: 128 * 9 }, 'ArrowRight')).toBe('latest');
    expect(readoutKey(full, 'latest', 'ArrowRight')).toBe('latest');
  });
  it('moves by a point, a tenth of the points, or to the first', () => {
    expect(readoutKey(full, 'latest', 'ArrowLeft')).toEqual({ at: 128 * 9 });
    expect(readoutKey(full, 'latest', 'ArrowDown')).toEqual({ at: 128 * 9 });
    expect(readoutKey(full, { at: 128 * 5 }, 'PageDown')).toEqual({ at: 128 * 4 });
    expect(readoutKey(full, { at: 128 * 5 }, 'PageUp')).toEqual({ at: 128 * 6 });
    expect(readoutKey(full, 'latest', 'Home')).toEqual({ at: 128 });
    expect(readoutKey(full, { at: 128 }, 'ArrowLeft')).toEqual({ at: 128 });
    expect(readoutKey(full, 'latest', 'a')).toBeNull();
    expect(readoutKey([], 'latest', 'Home')).toBeNull();
    expect(anchoredIndex([], 'latest')).toBe(-1);
  });
});
