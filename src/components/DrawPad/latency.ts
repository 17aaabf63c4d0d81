/**
 * A stroke's latency (the pen lifting to the figures on screen) and where it went: on the page
 * before the request is sent (preprocessing, a busy main thread), waiting in the worker before
 * the work began (training steps, other requests), the work itself (readback included), and
 * the way back to the screen.
 */
export interface Latency {
  version: number;
  /** Pen lifted → figures on screen. */
  ms: number;
  /** Pen lifted → request sent (a stroke's end does not wait for the request in flight). */
  pageMs: number;
  /** Request sent → the worker starts on it. */
  queueMs: number;
  /** The worker's work, readback included. */
  workerMs: number;
  /** The rest: the answer's way back and the render up to the next frame. */
  displayMs: number;
}

/**
 * `requestedAt` and `shownAt` are performance.now() of the page; `sentAt` and `startedAt` are
 * ms since the epoch (performance.timeOrigin + performance.now() of the page and the worker).
 */
export function latencyParts(
  a: { version: number; requestedAt: number; sentAt: number; startedAt: number; workerMs: number },
  shownAt: number,
  timeOrigin: number = performance.timeOrigin,
): Latency {
  const ms = shownAt - a.requestedAt;
  const pageMs = a.sentAt - (timeOrigin + a.requestedAt);
  const queueMs = a.startedAt - a.sentAt;
  return { version: a.version, ms, pageMs, queueMs, workerMs: a.workerMs, displayMs: ms - pageMs - queueMs - a.workerMs };
}
