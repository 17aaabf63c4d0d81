import { fmt, fmtCount, fmtInt } from '../format';

/**
 * Axes and marks of the live charts, computed here rather than by recharts. Recharts derives
 * an axis from the data of every series it holds, in its store, on every update; while
 * training, that cost 40–60 ms of main-thread time per learning-curves update (profiled on the
 * development machine). The live charts give recharts fixed axes that change only when the
 * data outgrow them, and draw their series themselves (LiveLineChart). Pure, for the unit tests.
 */

/** A point of a series: x (training images seen) and a value. */
export interface XY {
  samples: number;
  v: number;
}

/** An axis as recharts is given it: its domain and the ticks shown. */
export interface AxisSpec {
  domain: [number, number];
  ticks: number[];
}

/**
 * The props that give recharts an axis as computed here: its domain and ticks as they are
 * (no nice rounding of its own, every tick labelled, data outside the domain clipped rather
 * than widening it). Spread into XAxis or YAxis.
 */
export function fixedAxis(spec: AxisSpec) {
  return { domain: spec.domain, ticks: spec.ticks, interval: 0, niceTicks: 'none', allowDataOverflow: true } as const;
}

/** Rounds away float noise from multiples of a step (0.30000000000000004 → 0.3). */
function clean(x: number): number {
  return Number(x.toPrecision(12));
}

/** A step of 1, 2, 2.5 or 5 × 10^k, the smallest of those at least `span / count`. */
export function niceStep(span: number, count = 5): number {
  const raw = span / Math.max(1, count);
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * magnitude >= raw * (1 - 1e-12)) return clean(m * magnitude);
  return clean(10 * magnitude);
}

/**
 * The largest magnitude an axis reaches. Values beyond it are drawn clipped at the frame
 * (allowDataOverflow); it keeps every span, bound and step of an axis a finite number, since
 * 1.7e308 − (−1.7e308) overflows to Infinity.
 */
export const AXIS_LIMIT = 1e300;

/** Most intervals an axis of `count` intervals may get: a step at least span / count, plus one step at each end. */
const extraTicks = 3;

/** The multiples of `step` from `lo` to `hi` (both multiples of it); null when there would be more than `most`. */
function multiples(lo: number, hi: number, step: number, most: number): number[] | null {
  const n = Math.round(hi / step - lo / step);
  if (!(n >= 1 && n <= most)) return null;
  const out: number[] = [];
  for (let i = 0; i <= n; i++) out.push(clean(lo + i * step));
  return out;
}

/** `v` within ±AXIS_LIMIT. */
function clampToLimit(v: number): number {
  return Math.max(-AXIS_LIMIT, Math.min(AXIS_LIMIT, v));
}

/** The distinct values of ascending `ticks`, in order. */
function distinct(ticks: readonly number[]): number[] {
  const out: number[] = [];
  for (const t of ticks) if (out.length === 0 || t > out.at(-1)!) out.push(t);
  return out;
}

/**
 * The axis where no nice step fits (a span too small for 12 significant digits, or sub-normal):
 * the domain is [min, max] itself, ticks at min + (max − min)·i/count written as
 * min·(1 − t) + max·t so that nothing overflows.
 */
function plainAxis(min: number, max: number, count: number): AxisSpec {
  const n = Math.max(1, Math.floor(count));
  const ticks = distinct(Array.from({ length: n + 1 }, (_, i) => (i === 0 ? min : i === n ? max : min * (1 - i / n) + max * (i / n))));
  return { domain: [min, max], ticks };
}

/**
 * A linear axis holding [min, max], its bounds on multiples of a nice step (about `count`
 * intervals), so that it only changes when the data cross a tick. A single value gets a
 * span around it; no finite value at all gives [0, 1].
 */
export function niceAxis(min: number, max: number, count = 5): AxisSpec {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return { domain: [0, 1], ticks: [0, 0.5, 1] };
  if (min > max) [min, max] = [max, min];
  min = clampToLimit(min);
  max = clampToLimit(max);
  if (min === max) {
    // A tenth of the value each side; at least the smallest double, so a sub-normal value gets a span too.
    const pad = min === 0 ? 1 : Math.max(Math.abs(min) / 10, Number.MIN_VALUE);
    min = clampToLimit(min - pad);
    max = clampToLimit(max + pad);
  }
  const step = niceStep(max - min, count);
  const lo = clean(Math.floor(min / step + 1e-9) * step);
  const hi = clean(Math.ceil(max / step - 1e-9) * step);
  const ticks = Number.isFinite(lo) && Number.isFinite(hi) ? multiples(lo, hi, step, Math.ceil(count) + extraTicks) : null;
  // Rounding to 12 digits can move a bound past the data (a span below 1e-12 of the values): no nice step then.
  const slack = 1e-6 * step;
  if (ticks === null || lo >= hi || lo > min + slack || hi < max - slack || ticks.some((t, i) => i > 0 && !(t > ticks[i - 1]!))) return plainAxis(min, max, count);
  return { domain: [lo, hi], ticks };
}

/** An axis for values from `lo` to `hi` (±Infinity: none yet), from 0 if `fromZero`. */
export function valueAxis(lo: number, hi: number, fromZero: boolean): AxisSpec {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return fromZero ? { domain: [0, 1], ticks: [0, 0.5, 1] } : niceAxis(NaN, NaN);
  return fromZero ? niceAxis(Math.min(0, lo), Math.max(0, hi)) : niceAxis(lo, hi);
}

/** Mantissas of the bound of a growing axis: it moves in steps of 20–25 %. */
const GROWTH = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10];

/** The smallest value of (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8) × 10^k at least `max` (1 for max ≤ 0), within [1e-300, 1e300]. */
export function growingBound(max: number): number {
  if (!(max > 0) || !Number.isFinite(max)) return 1;
  if (max >= AXIS_LIMIT) return AXIS_LIMIT;
  // Below 1e-300 the powers of 10 lose their digits (and 10^-324 is 0): the bound stops there.
  if (max <= 1 / AXIS_LIMIT) return 1 / AXIS_LIMIT;
  const magnitude = 10 ** Math.floor(Math.log10(max));
  for (const m of GROWTH) if (clean(m * magnitude) >= max) return clean(m * magnitude);
  return clean(10 * magnitude);
}

/**
 * The x axis of a chart against training images seen: from 0 (or `from` on a log axis) to a
 * growing bound, so that it changes a few times per decade of training, not at every update.
 * Log axes have their ticks at powers of 10 (with 2 and 5 × 10^k when fewer than three fit).
 */
export function samplesAxis(max: number, log: boolean, from = 100): AxisSpec {
  if (!log) {
    const hi = growingBound(max);
    const step = niceStep(hi, 5);
    // growingBound's values are at most 5 steps of niceStep(hi, 5), so this always holds; the fallback is for safety.
    return { domain: [0, hi], ticks: multiples(0, Math.floor(hi / step + 1e-9) * step, step, 5 + extraTicks) ?? [0, hi] };
  }
  if (!(from > 0) || !Number.isFinite(from)) from = 100;
  from = Math.min(from, AXIS_LIMIT / 10);
  const hi = Math.max(growingBound(max), from * 10);
  const decades: number[] = [];
  // From the smallest positive double to AXIS_LIMIT is 624 decades: the loop ends, and the bound says so.
  for (let p = from; p <= hi * (1 + 1e-12) && decades.length < 700; p *= 10) decades.push(clean(p));
  // Beyond a dozen decades, every k-th of them, so that the labels stay apart.
  const every = Math.ceil(decades.length / 12);
  let ticks = every > 1 ? decades.filter((_, i) => i % every === 0) : decades;
  if (decades.length < 3) ticks = decades.flatMap((p) => [p, clean(2 * p), clean(5 * p)]).filter((t) => t <= hi);
  return { domain: [from, hi], ticks };
}

/** The smallest and largest finite value over `series` (±Infinity when none). */
export function valueExtent(series: readonly (readonly XY[])[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const points of series)
    for (const p of points) {
      if (!Number.isFinite(p.v)) continue;
      if (p.v < lo) lo = p.v;
      if (p.v > hi) hi = p.v;
    }
  return [lo, hi];
}

/** The largest x over `series` (0 when none). */
export function samplesExtent(series: readonly (readonly XY[])[]): number {
  let hi = 0;
  for (const points of series) {
    const last = points.at(-1);
    if (last && last.samples > hi) hi = last.samples;
  }
  return hi;
}

/** A scale from a data value to a pixel (recharts' useXAxisScale / useYAxisScale); undefined off the scale. */
export type Scale = (value: number) => number | undefined;

/**
 * An SVG path through `points`, with x and y mapped by the scales. A point that maps to no
 * finite pixel (a value that is not finite; zero on a log axis) breaks the line there.
 */
export function linePath(points: readonly XY[], x: Scale, y: Scale): string {
  let d = '';
  let pen = false;
  for (const p of points) {
    const px = Number.isFinite(p.v) ? x(p.samples) : undefined;
    const py = px === undefined ? undefined : y(p.v);
    if (px === undefined || py === undefined || !Number.isFinite(px) || !Number.isFinite(py)) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${px.toFixed(1)},${py.toFixed(1)}`;
    pen = true;
  }
  return d;
}

/** The index of the point of `points` (in increasing x) whose x is nearest `samples`; -1 when empty. */
export function nearestIndex(points: readonly XY[], samples: number): number {
  if (points.length === 0) return -1;
  let lo = 0;
  let hi = points.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (points[mid]!.samples <= samples) lo = mid;
    else hi = mid;
  }
  return Math.abs(points[hi]!.samples - samples) < Math.abs(points[lo]!.samples - samples) ? hi : lo;
}

/**
 * The readout's lines at x = `samples`: a heading, then each series' value at its point nearest
 * to it (with that point's x when it is more than 2 % away). Series without points are left out.
 */
export function readoutLines(series: readonly { name: string; points: readonly XY[] }[], samples: number): string[] {
  const lines = [`${fmtInt(samples)} images`];
  for (const s of series) {
    const i = nearestIndex(s.points, samples);
    if (i < 0) continue;
    const p = s.points[i]!;
    const at = Math.abs(p.samples - samples) > 0.02 * Math.max(1, samples) ? ` (at ${fmtCount(p.samples)})` : '';
    lines.push(`${s.name}: ${fmt(p.v, 2)}${at}`);
  }
  return lines;
}

/**
 * Where the readout stands: at a point's x (training images seen), or at the newest point,
 * following it as points arrive. It is kept as an x rather than an index because the series
 * are thinned while training: as points arrive the stride grows and an index would drift
 * to later and later points.
 */
export type ReadoutAnchor = { at: number } | 'latest';

/** The index of the point the readout stands at, or -1 when the series has none. */
export function anchoredIndex(points: readonly XY[], anchor: ReadoutAnchor): number {
  return anchor === 'latest' ? points.length - 1 : nearestIndex(points, anchor.at);
}

/**
 * The readout's anchor after a key press (arrows move a point, Page up/down a tenth of the
 * points, Home the first, End the newest, which it then follows); null for any other key.
 */
export function readoutKey(points: readonly XY[], anchor: ReadoutAnchor, key: string): ReadoutAnchor | null {
  const n = points.length;
  if (n === 0) return null;
  if (key === 'End') return 'latest';
  const i = anchoredIndex(points, anchor);
  const page = Math.max(1, Math.round(n / 10));
  const next = ({ ArrowLeft: i - 1, ArrowDown: i - 1, ArrowRight: i + 1, ArrowUp: i + 1, PageDown: i - page, PageUp: i + page, Home: 0 } as Record<string, number>)[key];
  if (next === undefined) return null;
  const j = Math.max(0, Math.min(n - 1, next));
  // Stepping onto the newest point follows it, as End does.
  return j === n - 1 ? 'latest' : { at: points[j]!.samples };
}
