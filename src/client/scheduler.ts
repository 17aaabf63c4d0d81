/**
 * The page's scheduler: when the page asks the workers for work, and when it draws. Every
 * view goes through it, with one rule of cost and one of waiting:
 *
 * - costSpacing: after work that cost d ms, the next of its kind waits until d is at most
 *   `share` of the time (d · (1 − share) / share), and at least a minimum. The charts' renders
 *   (main-thread time, useBoundedRate) and the latent views' requests (worker time, the view
 *   lane) are both spaced by it.
 * - RenderHold: while a person waits for an answer (a stroke's figures), renders that can wait
 *   do (deferToHold), for at most a second.
 * - FrameQueue: renders that fell due together go one per frame.
 * - Lane: requests of one kind run one at a time, each after the budget of the one before,
 *   and a cancelled one gives up its place (latest wins).
 * - repeat: a view that follows the model while training asks again every so often, never
 *   while its last request is in flight, and not while the page is hidden.
 *
 * docs/architecture.md, "The page's scheduler", says who uses what.
 */

/** The wait after work of `costMs` so that work of its kind takes at most `share` of the time, and at least `minMs`. */
export function costSpacing(costMs: number, share: number, minMs = 0): number {
  return Math.max(minMs, (costMs * (1 - share)) / share);
}

/** Whether the page is hidden (a background tab): nothing periodic asks for work then. */
export function pageHidden(): boolean {
  return typeof document !== 'undefined' && document.hidden;
}

// ---------------------------------------------------------------- drawing: hold and frames

/**
 * Main-thread work that can wait (the charts' re-renders: recharts takes tens of ms per chart
 * while training) is held while a person waits for an answer: from the moment a drawing is
 * sent to the worker until its figures are on screen. Without the hold, an answer that
 * arrives during a chart's render waits for it, then for the next frame (10–80 ms on the
 * stroke's latency, measured on this project's development machine while training).
 *
 * A hold ends by itself after `maxMs`, so a slow worker never freezes the charts for long,
 * and the charts bound how long they defer to holds (deferToHold).
 */
export const RENDER_HOLD_MAX_MS = 1_000;

export class RenderHold {
  private readonly holds = new Set<number>();
  private readonly waiters = new Set<() => void>();
  private nextId = 0;

  /** Holds deferrable renders until the returned release is called (once is enough) or `maxMs` passes. */
  hold(maxMs = RENDER_HOLD_MAX_MS): () => void {
    const id = ++this.nextId;
    this.holds.add(id);
    const timer = setTimeout(() => release(), maxMs);
    const release = () => {
      if (!this.holds.delete(id)) return;
      clearTimeout(timer);
      if (this.holds.size > 0) return;
      const waiting = [...this.waiters];
      this.waiters.clear();
      for (const wake of waiting) wake();
    };
    return release;
  }

  /** Whether deferrable renders should wait. */
  get held(): boolean {
    return this.holds.size > 0;
  }

  /** Calls `wake` when the last hold ends (at once if none is held); returns a cancel. */
  whenReleased(wake: () => void): () => void {
    if (!this.held) {
      wake();
      return () => {};
    }
    this.waiters.add(wake);
    return () => this.waiters.delete(wake);
  }
}

/** The page's one hold: drawings hold it, charts respect it. */
export const renderHold = new RenderHold();

/**
 * Runs `fn` once the next frame has been painted: after requestAnimationFrame (whose callbacks
 * run before the paint), a task. Where there are no frames (Node), after a task.
 */
export function afterNextPaint(fn: () => void): void {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => setTimeout(fn, 0));
  else setTimeout(fn, 0);
}

/**
 * Renders that fell due together go one per frame: each runs in a task after a paint, so that
 * no frame carries more than one of them. Three charts rendered in one frame made frames of
 * 100–200 ms on software WebGL while training; one each keeps every task near 50 ms or less.
 */
export class FrameQueue {
  private readonly queue = new Set<() => void>();
  private pumping = false;

  constructor(private readonly afterPaint: (fn: () => void) => void = afterNextPaint) {}

  /** Queues `render`; returns a cancel. */
  add(render: () => void): () => void {
    this.queue.add(render);
    if (!this.pumping) this.pump();
    return () => this.queue.delete(render);
  }

  private pump(): void {
    this.pumping = true;
    this.afterPaint(() => {
      const [next] = this.queue;
      try {
        if (next) {
          this.queue.delete(next);
          next();
        }
      } finally {
        if (this.queue.size > 0) this.pump();
        else this.pumping = false;
      }
    });
  }
}

/** The page's one queue of chart renders. */
export const chartFrames = new FrameQueue();

/** A render waits for someone's drawing to be answered (RenderHold), but no longer than this. */
export const MAX_HOLD_WAIT_MS = 1_000;

/**
 * Defers `render` while `hold` is held, for at most MAX_HOLD_WAIT_MS after `dueAt` (when the
 * render was due, performance.now()). Returns a cancel when deferred; null when it should run now.
 */
export function deferToHold(dueAt: number, render: () => void, hold: RenderHold = renderHold, now = performance.now()): (() => void) | null {
  const left = dueAt + MAX_HOLD_WAIT_MS - now;
  if (!hold.held || left <= 0) return null;
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    stopWaiting();
    clearTimeout(timer);
    render();
  };
  const stopWaiting = hold.whenReleased(once);
  const timer = setTimeout(once, left);
  return () => {
    done = true;
    stopWaiting();
    clearTimeout(timer);
  };
}

// ---------------------------------------------------------------- asking: the view lane

/**
 * The latent views' refresh budget. While the model trains, the views may take at most
 * VIS_TIME_SHARE of the drawing worker's time (it shares the cores with training): after a
 * request that took d ms in the worker, no view asks again before REFRESH_COST_FACTOR · d ms
 * have passed (d / (d + 4d) = 20%). One lane serializes the views' requests, so the bound
 * holds for all of them together.
 */
export const VIS_TIME_SHARE = 0.2;
export const REFRESH_COST_FACTOR = costSpacing(1, VIS_TIME_SHARE);
/** A view refreshes at most every MIN_REFRESH_MS, and at least REFRESH_COST_FACTOR times its own cost apart. */
export const MIN_REFRESH_MS = 250;

/** Something a worker measured: how long it took, in ms. */
export interface Timed {
  ms: number;
}

/** Seconds of the window over which the views' share of the worker's time is measured. */
export const SHARE_WINDOW_MS = 20_000;

/** …or over the last this many requests, if they reach further back (slow views refresh rarely). */
export const SHARE_WINDOW_REQUESTS = 8;

/**
 * What the views' requests cost the worker while training: each throttled request's worker
 * time (as the worker measured it) and when it ended. share() is the time spent in the window
 * [from, now] over its width, where `from` is SHARE_WINDOW_MS ago or the start of the
 * SHARE_WINDOW_REQUESTS-th last request, whichever is earlier, but never before the first
 * recorded request began.
 */
export class WorkShare {
  private spans: { start: number; end: number }[] = [];
  private since: number | null = null;

  record(ms: number, end = performance.now()): void {
    const start = end - ms;
    this.since ??= start;
    this.spans.push({ start, end });
    // Spans that no window can still reach are of no use.
    const drop = end - SHARE_WINDOW_MS;
    while (this.spans.length > SHARE_WINDOW_REQUESTS && this.spans[0]!.end < drop) this.spans.shift();
  }

  /** Forget everything (training paused: the next share starts afresh). */
  reset(): void {
    this.spans = [];
    this.since = null;
  }

  /** Share in [0, 1] of the window spent in the views' requests, or null before any. */
  share(now = performance.now()): number | null {
    if (this.since === null) return null;
    const nth = this.spans.at(-SHARE_WINDOW_REQUESTS) ?? this.spans[0];
    const from = Math.max(Math.min(now - SHARE_WINDOW_MS, nth ? nth.start : Infinity), this.since);
    const width = now - from;
    if (width <= 0) return null;
    let busy = 0;
    for (const s of this.spans) busy += Math.max(0, Math.min(s.end, now) - Math.max(s.start, from));
    return Math.min(1, busy / width);
  }
}

/**
 * One request at a time, across all views; while training, each waits until the time the
 * previous one cost has been paid back REFRESH_COST_FACTOR times. A cancelled request (its
 * view closed, or its settings changed) gives up its place at once.
 */
export class Lane {
  private openAt = 0;
  private tail: Promise<unknown> = Promise.resolve();
  private wakeSleeper: (() => void) | null = null;
  /** The worker time of the requests made while training. */
  readonly workShare = new WorkShare();

  /** Sleeps up to `ms`; wake() ends the sleep early. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeSleeper = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeSleeper = done;
    });
  }

  /** Lets the waiting request look again whether it was cancelled. */
  wake(): void {
    this.wakeSleeper?.();
  }

  run<T extends Timed>(job: () => Promise<T | null>, throttle: boolean, cancelled: () => boolean): Promise<T | null> {
    const result = this.tail.then(async () => {
      while (throttle && !cancelled() && this.openAt > performance.now()) await this.sleep(this.openAt - performance.now());
      if (cancelled()) return null;
      const r = await job();
      if (r) {
        this.openAt = performance.now() + costSpacing(r.ms, VIS_TIME_SHARE);
        if (throttle) this.workShare.record(r.ms);
      }
      return r;
    });
    this.tail = result.catch(() => null);
    return result;
  }
}

/** The latent views' lane. */
export const viewLane = new Lane();

// ---------------------------------------------------------------- asking: following the model

/**
 * Calls `ask` every `everyMs` until the returned stop is called: never while the previous
 * call's promise is pending (a slow answer is not queued behind by more of the same), and not
 * while the page is hidden. The views that follow the model while training use it (the
 * drawing's figures and estimates, z = μ + σ ⊙ ε, the Bayesian decoder's views, the chains).
 */
export function repeat(everyMs: number, ask: () => unknown): () => void {
  let inFlight = false;
  const id = setInterval(() => {
    if (inFlight || pageHidden()) return;
    const r = ask();
    if (r instanceof Promise) {
      inFlight = true;
      void r.catch(() => {}).finally(() => (inFlight = false));
    }
  }, everyMs);
  return () => clearInterval(id);
}

/**
 * repeat() shared by every view that asks for the same thing: the first follower starts it,
 * the last one's stop ends it (the pipeline strip and the estimator lab both show z = μ + σ ⊙ ε,
 * and ask for it once).
 */
export function sharedRepeat(everyMs: number, ask: () => unknown): () => () => void {
  let followers = 0;
  let stop: (() => void) | null = null;
  return () => {
    if (followers++ === 0) stop = repeat(everyMs, ask);
    let stopped = false;
    return () => {
      if (stopped) return;
      stopped = true;
      if (--followers === 0) stop?.();
    };
  };
}
