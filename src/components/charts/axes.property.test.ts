import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AXIS_LIMIT, growingBound, niceAxis, samplesAxis, valueAxis } from './axes';

/**
 * Property-based tests of the axes over every finite double: the extremes (±1.7e308), sub-normal
 * spans, equal ends. Each call must return (so it terminates), with a finite domain that holds
 * the data (clamped to ±AXIS_LIMIT) and a bounded number of ascending ticks inside it.
 */

/** Any finite double, with the hard cases drawn often. */
const finite = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(Number.MAX_VALUE, -Number.MAX_VALUE, 1.7e308, -1.7e308, 1e308, -1e308, Number.MIN_VALUE, -Number.MIN_VALUE, 0, -0, 2.2250738585072014e-308),
  fc.double({ min: -1e-300, max: 1e-300, noNaN: true }),
);

/** A value and one next to it (a span of a few units in the last place, or sub-normal). */
const nearPair = fc.tuple(finite, fc.integer({ min: 0, max: 8 })).map(([v, ulps]) => {
  let w = v;
  for (let i = 0; i < ulps; i++) w = w + Math.max(Math.abs(w) * Number.EPSILON, Number.MIN_VALUE);
  return [v, Number.isFinite(w) ? w : v] as const;
});

const clamp = (v: number) => Math.max(-AXIS_LIMIT, Math.min(AXIS_LIMIT, v));

function expectSound(spec: { domain: [number, number]; ticks: number[] }, lo: number, hi: number, count: number) {
  const [a, b] = spec.domain;
  expect(Number.isFinite(a) && Number.isFinite(b)).toBe(true);
  expect(a).toBeLessThan(b);
  // Holds the data, up to the 12-digit rounding of a bound (a millionth of the span).
  const slack = 1e-6 * (b / 2 - a / 2) * 2;
  expect(a).toBeLessThanOrEqual(clamp(lo) + slack);
  expect(b).toBeGreaterThanOrEqual(clamp(hi) - slack);
  expect(spec.ticks.length).toBeGreaterThanOrEqual(2);
  expect(spec.ticks.length).toBeLessThanOrEqual(count + 4);
  for (const [i, t] of spec.ticks.entries()) {
    expect(Number.isFinite(t)).toBe(true);
    if (i > 0) expect(t).toBeGreaterThan(spec.ticks[i - 1]!);
  }
}

describe('niceAxis over every finite range', () => {
  it('terminates with a finite domain holding the data and at most count + 4 ascending ticks', () => {
    fc.assert(
      fc.property(finite, finite, fc.integer({ min: 1, max: 12 }), (x, y, count) => {
        expectSound(niceAxis(x, y, count), Math.min(x, y), Math.max(x, y), count);
      }),
      { numRuns: 3000 },
    );
  });
  it('does the same for spans of a few units in the last place, sub-normal spans and equal ends', () => {
    fc.assert(
      fc.property(nearPair, ([x, y]) => {
        expectSound(niceAxis(x, y), x, y, 5);
      }),
      { numRuns: 3000 },
    );
  });
  it('answers the range of ±1.7e308 at once (it once looped over 3.4e308 unit steps)', () => {
    const spec = niceAxis(-1.7e308, 1.7e308);
    expect(spec.domain).toEqual([-AXIS_LIMIT, AXIS_LIMIT]);
    // Step 5e299 (the smallest of 1, 2, 2.5, 5 × 10^k at least 2e300 / 5 = 4e299): 4 intervals.
    expect(spec.ticks).toEqual([-1e300, -5e299, 0, 5e299, 1e300]);
  });
  it('gives a sub-normal value a span around it', () => {
    const spec = niceAxis(Number.MIN_VALUE, Number.MIN_VALUE);
    expect(spec.domain[0]).toBeLessThan(Number.MIN_VALUE);
    expect(spec.domain[1]).toBeGreaterThan(Number.MIN_VALUE);
  });
});

describe('valueAxis from zero and samplesAxis over every finite value', () => {
  it('valueAxis from zero is sound for any finite pair', () => {
    fc.assert(
      fc.property(finite, finite, (x, y) => {
        const [lo, hi] = [Math.min(x, y), Math.max(x, y)];
        expectSound(valueAxis(lo, hi, true), Math.min(0, lo), Math.max(0, hi), 5);
      }),
      { numRuns: 2000 },
    );
  });
  it('samplesAxis, linear and log, terminates with a bounded number of ascending ticks', () => {
    fc.assert(
      fc.property(finite, fc.boolean(), fc.oneof(fc.constant(100), finite), (max, log, from) => {
        const spec = samplesAxis(max, log, from);
        const [a, b] = spec.domain;
        expect(Number.isFinite(a) && Number.isFinite(b) && a < b).toBe(true);
        expect(spec.ticks.length).toBeGreaterThanOrEqual(1);
        expect(spec.ticks.length).toBeLessThanOrEqual(13);
        for (const [i, t] of spec.ticks.entries()) if (i > 0) expect(t).toBeGreaterThan(spec.ticks[i - 1]!);
      }),
      { numRuns: 3000 },
    );
  });
  it('growingBound stops at AXIS_LIMIT instead of overflowing to Infinity', () => {
    expect(growingBound(1.7e308)).toBe(AXIS_LIMIT);
    // 1.7e308 on a log axis from 100: decades 1e2 … 1e300, every 25th of the 299 (ceil(299 / 12) = 25).
    const log = samplesAxis(1.7e308, true);
    expect(log.domain).toEqual([100, AXIS_LIMIT]);
    expect(log.ticks).toHaveLength(12);
  });
});
