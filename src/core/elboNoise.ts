/**
 * How noisy are the training curves under each estimator? The running standard deviation of
 * the minibatch ELBO over a window of consecutive readings, around the window's least-squares
 * line in the step, so that the learning trend does not count as noise. Windows never straddle a change of
 * the settings that shape the noise (estimator A/B, samples L, batch size M). Pure TypeScript.
 */
import type { Estimator } from './config';

/** The settings in effect from (after) a step on: points with step > `step` used them. */
export interface EstimatorMark {
  run: number;
  step: number;
  estimator: Estimator;
  samplesL: number;
  batchSize: number;
}

export interface ElboReading {
  step: number;
  samples: number;
  elbo: number;
}

/**
 * Standard deviation of the residuals of v around its least-squares line over x (the index
 * when x is not given):  s = √( Σ_i (v_i − a − b x_i)² / (n − 2) ).  For n < 3: NaN.
 */
export function detrendedSd(v: readonly number[], x?: readonly number[]): number {
  const n = v.length;
  if (n < 3) return Number.NaN;
  const xs = x ?? v.map((_, i) => i);
  let xm = 0;
  let vm = 0;
  for (let i = 0; i < n; i++) {
    xm += xs[i]! / n;
    vm += v[i]! / n;
  }
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - xm) * (v[i]! - vm);
    sxx += (xs[i]! - xm) * (xs[i]! - xm);
  }
  const b = sxx > 0 ? sxy / sxx : 0;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const r = v[i]! - vm - b * (xs[i]! - xm);
    ss += r * r;
  }
  return Math.sqrt(ss / (n - 2));
}

export interface NoisePoint {
  step: number;
  samples: number;
  /** Running s.d. of the last `window` ELBO readings of the segment. */
  sd: number;
  segment: number;
}

export interface NoiseSegment {
  index: number;
  estimator: Estimator;
  samplesL: number;
  batchSize: number;
  firstStep: number;
  lastStep: number;
  /** ELBO readings in the segment. */
  n: number;
  /** √(mean of the squared running s.d.s): the segment's typical noise (NaN if too short). */
  typicalSd: number;
}

/** The settings mark in effect for a point of `run` at `step`: the last one set before it. */
export function markFor(marks: readonly EstimatorMark[], run: number, step: number): EstimatorMark | null {
  const mine = marks.filter((m) => m.run === run).sort((a, b) => a.step - b.step);
  let found = mine[0] ?? null;
  for (const m of mine) if (m.step < step) found = m;
  return found;
}

/**
 * Running s.d. of the ELBO over `window` readings, per segment of constant settings. Points
 * must be in step order; `fallback` gives the settings where no mark covers a point.
 */
export function runningElboNoise(
  points: readonly ElboReading[],
  marks: readonly EstimatorMark[],
  run: number,
  window: number,
  fallback: Omit<EstimatorMark, 'run' | 'step'>,
): { points: NoisePoint[]; segments: NoiseSegment[] } {
  if (!Number.isInteger(window) || window < 3) throw new Error(`window must be a whole number ≥ 3, got ${window}`);
  const runMarks = marks.filter((m) => m.run === run).sort((a, b) => a.step - b.step);
  const out: NoisePoint[] = [];
  const segments: NoiseSegment[] = [];
  let buf: number[] = [];
  let steps: number[] = [];
  let key = '';
  let sumSq = 0;
  let nSd = 0;
  const close = () => {
    const s = segments.at(-1);
    if (s) s.typicalSd = nSd > 0 ? Math.sqrt(sumSq / nSd) : Number.NaN;
  };
  for (const p of points) {
    if (!Number.isFinite(p.elbo)) continue;
    const m = markFor(runMarks, run, p.step) ?? { run, step: 0, ...fallback };
    const k = `${m.estimator}|${m.samplesL}|${m.batchSize}`;
    if (k !== key) {
      close();
      key = k;
      buf = [];
      steps = [];
      sumSq = 0;
      nSd = 0;
      segments.push({ index: segments.length, estimator: m.estimator, samplesL: m.samplesL, batchSize: m.batchSize, firstStep: p.step, lastStep: p.step, n: 0, typicalSd: Number.NaN });
    }
    const seg = segments.at(-1)!;
    seg.lastStep = p.step;
    seg.n++;
    buf.push(p.elbo);
    steps.push(p.step);
    if (buf.length > window) {
      buf.shift();
      steps.shift();
    }
    if (buf.length === window) {
      // Readings may be thinned (long histories keep every other point): fit the line in the step.
      const sd = detrendedSd(buf, steps);
      out.push({ step: p.step, samples: p.samples, sd, segment: seg.index });
      sumSq += sd * sd;
      nSd++;
    }
  }
  close();
  return { points: out, segments };
}
