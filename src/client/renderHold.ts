/**
 * Main-thread work that can wait (the charts' re-renders: recharts takes tens of ms per chart
 * while training) is held while a person waits for an answer: from the moment a drawing is
 * sent to the worker until its figures are on screen. Without the hold, an answer that
 * arrives during a chart's render waits for it, then for the next frame (10–80 ms on the
 * stroke's latency, measured on this project's development machine while training).
 *
 * A hold ends by itself after `maxMs`, so a slow worker never freezes the charts for long,
 * and the charts bound how long they defer to holds (useBoundedRate).
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
