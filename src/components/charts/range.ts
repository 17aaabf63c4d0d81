import type { XY } from './axes';

/**
 * The y-range of the live charts when it follows the part of the curves that matters: the
 * first steps of training have a spike (an ELBO of −540 nats at step 0 against −150 a minute
 * later) that would otherwise pin the axis for the whole run. Pure, for the unit tests.
 */

/** How much of the x-span, from its end, the y-range follows. */
export const RECENT_FRACTION = 0.9;

/**
 * The x from which the last `fraction` of the span [lo, hi] begins: lo + (1 − fraction)(hi − lo),
 * or on a log axis (lo > 0) the same in log x: lo · (hi / lo)^(1 − fraction).
 */
export function recentFrom(lo: number, hi: number, fraction: number, log: boolean): number {
  if (!(hi > lo)) return lo;
  const f = Math.min(1, Math.max(0, fraction));
  if (log && lo > 0) return lo * (hi / lo) ** (1 - f);
  return lo + (1 - f) * (hi - lo);
}

/** The smallest and largest x over the points of `series` with a finite value ([0, 0] when none). */
function xSpan(series: readonly (readonly XY[])[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const points of series)
    for (const p of points) {
      if (!Number.isFinite(p.v)) continue;
      if (p.samples < lo) lo = p.samples;
      if (p.samples > hi) hi = p.samples;
    }
  return lo <= hi ? [lo, hi] : [0, 0];
}

/**
 * The smallest and largest finite value of the points in the last `fraction` of the x-span
 * of all `series` together (see recentFrom); ±Infinity when there are none. The points before
 * are left out of the range: they are drawn clipped at its edge (offScaleRuns).
 */
export function recentExtent(series: readonly (readonly XY[])[], fraction = RECENT_FRACTION, log = false): [number, number] {
  const [lo, hi] = xSpan(series);
  const from = recentFrom(lo, hi, fraction, log);
  let min = Infinity;
  let max = -Infinity;
  for (const points of series)
    for (const p of points) {
      if (p.samples < from || !Number.isFinite(p.v)) continue;
      if (p.v < min) min = p.v;
      if (p.v > max) max = p.v;
    }
  return [min, max];
}

/** A stretch of a series beyond one edge of the y-range: from x to x, and its most extreme value. */
export interface OffScaleRun {
  side: 'below' | 'above';
  from: number;
  to: number;
  extreme: number;
}

/**
 * The stretches of consecutive points of `points` whose finite value lies below or above
 * [lo, hi], each with its x-range and its farthest value (the lowest below, the highest above).
 */
export function offScaleRuns(points: readonly XY[], lo: number, hi: number): OffScaleRun[] {
  const out: OffScaleRun[] = [];
  let cur: OffScaleRun | null = null;
  for (const p of points) {
    const side = !Number.isFinite(p.v) ? null : p.v < lo ? 'below' : p.v > hi ? 'above' : null;
    if (cur && side === cur.side) {
      cur.to = p.samples;
      cur.extreme = side === 'below' ? Math.min(cur.extreme, p.v) : Math.max(cur.extreme, p.v);
      continue;
    }
    if (cur) out.push(cur);
    cur = side ? { side, from: p.samples, to: p.samples, extreme: p.v } : null;
  }
  if (cur) out.push(cur);
  return out;
}
