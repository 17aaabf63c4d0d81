/** Throttles of the training loop: training rate is kept apart from readback and render rate. */

/**
 * At most this many steps between asynchronous readbacks of the step statistics… Each
 * readback waits for the previous one, so the device never has more than about twice this
 * many steps queued: a test evaluation or a copy of the weights for the drawing worker runs
 * behind at most that much training work.
 */
export const METRICS_EVERY_STEPS = 3;
/** …and at most this many milliseconds, so that slow backends still update the curves. */
export const METRICS_EVERY_MS = 250;
/** Milliseconds of training between test-set evaluations (at least; see EVAL_WORK_RATIO). */
export const EVAL_EVERY_MS = 10_000;
/**
 * …and at least this many training images per test image of the last evaluation, so that
 * evaluation stays about a tenth of the device's work on any backend: an evaluated image is a
 * forward pass, a trained one forward and backward (about 3×), so 3 trained per evaluated
 * gives 1 part in 10. A schedule in time alone would not: the time an evaluation takes grows
 * as the backend slows, and on a software WebGPU adapter (about 35 images/s) the 1,000-image
 * subset every 10 s took as long as the training between.
 */
export const EVAL_WORK_RATIO = 3;
/** Images in the fixed test subset evaluated at each interval. */
export const EVAL_SUBSET = 1_000;
/** Every n-th evaluation covers the whole test set instead of the subset. */
export const FULL_EVAL_EVERY = 6;
/**
 * A fresh model changes fastest in its first training images, when evaluations EVAL_EVERY_MS
 * apart would give its test curve two or three points. Until this many training images have
 * been seen, evaluations come after EARLY_EVAL_EVERY_MS of training instead, on a smaller
 * subset (EARLY_EVAL_SUBSET), and never over the whole test set. On wasm (about 2,000 images/s)
 * that is the first 15 s, with an evaluation every 3 s: about 10 test points in the first
 * minute instead of 6. Its cost: 500 evaluated images per 6,000 trained, a forward pass each
 * (a third of a trained image), about 3 % of the device's work; on a slow device the work
 * ratio (EVAL_WORK_RATIO) still keeps it to a tenth.
 */
export const EARLY_EVAL_SAMPLES = 30_000;
/** Milliseconds of training between evaluations while early (see EARLY_EVAL_SAMPLES). */
export const EARLY_EVAL_EVERY_MS = 3_000;
/** Images of the fixed test subset evaluated while early (the first of those of EVAL_SUBSET). */
export const EARLY_EVAL_SUBSET = 500;

/** Where the schedule of test evaluations stands. */
export interface EvalClock {
  /** Training time since the last evaluation started (ms). */
  trainingMsSinceEval: number;
  /** Training images seen. */
  samplesSeen: number;
  /** Training images seen when the last evaluation started, and the test images it covered. */
  lastEval: { samples: number; images: number };
  /** Evaluations started in this run. */
  evalCount: number;
}

/**
 * Whether a test evaluation is due: the first at once; then after EVAL_EVERY_MS of training
 * (EARLY_EVAL_EVERY_MS before EARLY_EVAL_SAMPLES) and at least EVAL_WORK_RATIO training
 * images per test image of the last evaluation.
 */
export function evalDue(c: EvalClock): boolean {
  if (c.evalCount === 0) return true;
  const every = c.samplesSeen < EARLY_EVAL_SAMPLES ? EARLY_EVAL_EVERY_MS : EVAL_EVERY_MS;
  return c.trainingMsSinceEval >= every && c.samplesSeen - c.lastEval.samples >= EVAL_WORK_RATIO * c.lastEval.images;
}

/**
 * The test images the evaluation starting now covers: the whole test set at every
 * FULL_EVAL_EVERY-th evaluation after the early ones, else the fixed subset (EARLY_EVAL_SUBSET
 * while early, EVAL_SUBSET after), never more than the test set holds.
 */
export function evalSize(c: Pick<EvalClock, 'samplesSeen' | 'evalCount'>, nTest: number): { n: number; full: boolean } {
  const early = c.samplesSeen < EARLY_EVAL_SAMPLES;
  if (!early && c.evalCount > 0 && c.evalCount % FULL_EVAL_EVERY === 0) return { n: nTest, full: true };
  return { n: Math.min(early ? EARLY_EVAL_SUBSET : EVAL_SUBSET, nTest), full: false };
}

/** Milliseconds of training between copies of the last finite checkpoint sent to the page. */
export const CHECKPOINT_EXPORT_MS = 15_000;
/** Test images evaluated between two training steps, so evaluation never stalls training. */
export const EVAL_CHUNK = 250;

/**
 * Yields to the worker's event loop so that requests queued from the page are answered
 * between steps. A MessageChannel message runs as the next task; setTimeout(0) would be
 * clamped to ≥ 4 ms after a few nested calls.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      ch.port1.close();
      resolve();
    };
    ch.port2.postMessage(null);
  });
}
