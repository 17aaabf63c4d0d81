import { useEffect, useRef, useState } from 'react';

/**
 * The latent views' refresh budget. While the model trains, the views may take at most
 * VIS_TIME_SHARE of the worker's time: after a request that took d ms in the worker, no view
 * asks again before REFRESH_COST_FACTOR · d ms have passed (d / (d + 4d) = 20%). A shared gate
 * serializes the views' requests, so the bound holds for all of them together.
 */
export const VIS_TIME_SHARE = 0.2;
export const REFRESH_COST_FACTOR = (1 - VIS_TIME_SHARE) / VIS_TIME_SHARE;
/** A view refreshes at most every MIN_REFRESH_MS, and at least REFRESH_COST_FACTOR times its own cost apart. */
export const MIN_REFRESH_MS = 250;

/** Something the worker measured: how long it took, in ms. */
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
export class RefreshGate {
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
        this.openAt = performance.now() + REFRESH_COST_FACTOR * r.ms;
        if (throttle) this.workShare.record(r.ms);
      }
      return r;
    });
    this.tail = result.catch(() => null);
    return result;
  }
}

export const refreshGate = new RefreshGate();

export interface AdaptiveRefreshOptions<T extends Timed> {
  /** The view is open and the worker can answer. */
  enabled: boolean;
  /** The model is training: refresh again and again, within the budget. Otherwise once per `key`. */
  live: boolean;
  /** Anything that should trigger a refresh at once when it changes (settings, run, step). */
  refreshKey: string;
  /** Asks the worker (through a client action); null when it could not answer. */
  request: () => Promise<T | null>;
  /** Paints a result. */
  draw: (result: T) => void;
}

export interface RefreshStats {
  /** Results drawn so far. */
  refreshes: number;
  /** The worker's time for the last one, ms. */
  lastMs: number | null;
  /** The wait before the next refresh while training, ms. */
  intervalMs: number | null;
}

/** The pause between two refreshes of one view after a request of `ms`. */
export function refreshInterval(ms: number): number {
  return Math.max(MIN_REFRESH_MS, REFRESH_COST_FACTOR * ms);
}

/**
 * Keeps a view fresh: one request whenever `refreshKey` changes, and while `live`, another
 * refreshInterval(d) after each one (d the worker's time for it), never more than one of
 * this view's requests at a time, and none while the tab is hidden.
 */
export function useAdaptiveRefresh<T extends Timed>(o: AdaptiveRefreshOptions<T>): RefreshStats {
  const [stats, setStats] = useState<RefreshStats>({ refreshes: 0, lastMs: null, intervalMs: null });
  const request = useRef(o.request);
  const draw = useRef(o.draw);
  useEffect(() => {
    request.current = o.request;
    draw.current = o.draw;
  });
  const { enabled, live, refreshKey } = o;

  useEffect(() => {
    if (!enabled) return;
    let cancelled = false;
    let busy = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // When the tab comes back, resume where the loop stopped.
    let stoppedHidden = false;

    const tick = async () => {
      timer = undefined;
      if (cancelled || busy) return;
      if (document.hidden) {
        stoppedHidden = true;
        return;
      }
      busy = true;
      const r = await refreshGate.run(() => request.current(), live, () => cancelled);
      busy = false;
      if (cancelled || !r) return; // a failed request was reported; wait for a change
      draw.current(r);
      const interval = refreshInterval(r.ms);
      setStats((s) => ({ refreshes: s.refreshes + 1, lastMs: r.ms, intervalMs: live ? interval : null }));
      if (live) timer = setTimeout(tick, interval);
    };
    const onVisibility = () => {
      if (!document.hidden && stoppedHidden) {
        stoppedHidden = false;
        void tick();
      }
    };
    document.addEventListener('visibilitychange', onVisibility);
    void tick();
    return () => {
      cancelled = true;
      refreshGate.wake();
      if (timer !== undefined) clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [enabled, live, refreshKey]);

  return stats;
}
