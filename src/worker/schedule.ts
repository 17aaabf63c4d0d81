/** Throttles of the training loop: training rate is kept apart from readback and render rate. */

/**
 * At most this many steps between asynchronous readbacks of the step statistics… Each
 * readback waits for the previous one, so the device never has more than about twice this
 * many steps queued: a request from the page (a view, an encoding) runs behind at most that
 * much training work.
 */
export const METRICS_EVERY_STEPS = 3;
/** …and at most this many milliseconds, so that slow backends still update the curves. */
export const METRICS_EVERY_MS = 250;
/** Milliseconds of training between test-set evaluations. */
export const EVAL_EVERY_MS = 10_000;
/** Images in the fixed test subset evaluated at each interval. */
export const EVAL_SUBSET = 1_000;
/** Every n-th evaluation covers the whole test set instead of the subset. */
export const FULL_EVAL_EVERY = 6;
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
