import { describe, expect, it } from 'vitest';
import {
  EARLY_EVAL_EVERY_MS,
  EARLY_EVAL_SAMPLES,
  EARLY_EVAL_SUBSET,
  EVAL_EVERY_MS,
  EVAL_SUBSET,
  EVAL_WORK_RATIO,
  FULL_EVAL_EVERY,
  evalDue,
  evalSize,
  type EvalClock,
} from './schedule';

/**
 * Test evaluations as a training loop at `rate` images per second, in steps of `batch`,
 * would start them over `ms` of training: their start times (ms) and sizes. Evaluation
 * time is not counted as training time, as in the session.
 */
function simulate(rate: number, batch: number, ms: number, nTest = 10_000): { at: number; n: number; full: boolean }[] {
  const stepMs = (1000 * batch) / rate;
  const out: { at: number; n: number; full: boolean }[] = [];
  const c: EvalClock = { trainingMsSinceEval: 0, samplesSeen: 0, lastEval: { samples: 0, images: 0 }, evalCount: 0 };
  for (let t = 0; t <= ms; t += stepMs) {
    if (evalDue(c)) {
      const size = evalSize(c, nTest);
      out.push({ at: t, ...size });
      c.trainingMsSinceEval = 0;
      c.evalCount++;
      c.lastEval = { samples: c.samplesSeen, images: size.n };
    }
    c.samplesSeen += batch;
    c.trainingMsSinceEval += stepMs;
  }
  return out;
}

describe('the schedule of test evaluations', () => {
  const clock = (over: Partial<EvalClock>): EvalClock => ({ trainingMsSinceEval: 0, samplesSeen: 0, lastEval: { samples: 0, images: 0 }, evalCount: 1, ...over });

  it('evaluates at once, then every EARLY_EVAL_EVERY_MS while early and EVAL_EVERY_MS after', () => {
    expect(evalDue(clock({ evalCount: 0 }))).toBe(true);
    expect(evalDue(clock({ samplesSeen: 6000, trainingMsSinceEval: EARLY_EVAL_EVERY_MS - 1 }))).toBe(false);
    expect(evalDue(clock({ samplesSeen: 6000, trainingMsSinceEval: EARLY_EVAL_EVERY_MS }))).toBe(true);
    expect(evalDue(clock({ samplesSeen: EARLY_EVAL_SAMPLES, trainingMsSinceEval: EARLY_EVAL_EVERY_MS }))).toBe(false);
    expect(evalDue(clock({ samplesSeen: EARLY_EVAL_SAMPLES, trainingMsSinceEval: EVAL_EVERY_MS }))).toBe(true);
  });

  it('waits for EVAL_WORK_RATIO training images per test image of the last evaluation', () => {
    const last = { samples: 1000, images: EARLY_EVAL_SUBSET };
    expect(evalDue(clock({ samplesSeen: 1000 + EVAL_WORK_RATIO * EARLY_EVAL_SUBSET - 1, trainingMsSinceEval: 60_000, lastEval: last }))).toBe(false);
    expect(evalDue(clock({ samplesSeen: 1000 + EVAL_WORK_RATIO * EARLY_EVAL_SUBSET, trainingMsSinceEval: 60_000, lastEval: last }))).toBe(true);
  });

  it('covers the small subset while early, the subset after, and the whole test set every FULL_EVAL_EVERY-th evaluation after', () => {
    expect(evalSize({ samplesSeen: 0, evalCount: 0 }, 10_000)).toEqual({ n: EARLY_EVAL_SUBSET, full: false });
    expect(evalSize({ samplesSeen: 20_000, evalCount: FULL_EVAL_EVERY }, 10_000)).toEqual({ n: EARLY_EVAL_SUBSET, full: false });
    expect(evalSize({ samplesSeen: EARLY_EVAL_SAMPLES, evalCount: FULL_EVAL_EVERY + 1 }, 10_000)).toEqual({ n: EVAL_SUBSET, full: false });
    expect(evalSize({ samplesSeen: EARLY_EVAL_SAMPLES, evalCount: 2 * FULL_EVAL_EVERY }, 10_000)).toEqual({ n: 10_000, full: true });
    expect(evalSize({ samplesSeen: 0, evalCount: 0 }, 300)).toEqual({ n: 300, full: false });
  });

  it('gives a fresh model at least 8 test points in its first minute on wasm (2,000 images/s), for about 3 % of the work', () => {
    const evals = simulate(2000, 128, 60_000);
    expect(evals.length).toBeGreaterThanOrEqual(8);
    // While early: 3 s apart (to the step), on 500 images.
    const early = evals.filter((e) => e.at < (1000 * EARLY_EVAL_SAMPLES) / 2000);
    expect(early.length).toBeGreaterThanOrEqual(5);
    for (let i = 1; i < early.length; i++) expect(early[i]!.at - early[i - 1]!.at).toBeLessThan(EARLY_EVAL_EVERY_MS + 64);
    // Evaluated images over the first minute: a forward pass each, a third of a trained image.
    const evaluated = evals.reduce((a, e) => a + e.n, 0);
    expect(evaluated / 3 / (2000 * 60)).toBeLessThan(0.1);
  });

  it('keeps evaluation to about a tenth of the work on a slow device (200 images/s)', () => {
    const evals = simulate(200, 128, 120_000);
    for (let i = 1; i < evals.length; i++) {
      const trained = ((evals[i]!.at - evals[i - 1]!.at) * 200) / 1000;
      expect(trained).toBeGreaterThanOrEqual(EVAL_WORK_RATIO * evals[i - 1]!.n - 1e-6);
    }
  });
});
