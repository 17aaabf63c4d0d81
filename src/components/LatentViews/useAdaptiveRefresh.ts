import { MIN_REFRESH_MS, pageHidden, VIS_TIME_SHARE, costSpacing, viewLane, type Timed } from '../../client/scheduler';
import { useEffect, useRef, useState } from 'react';

/** While training, a view whose request failed asks again after this long. */
export const RETRY_AFTER_FAILURE_MS = 5_000;

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
  return costSpacing(ms, VIS_TIME_SHARE, MIN_REFRESH_MS);
}

/**
 * Keeps a view fresh: one request whenever `refreshKey` changes, and while `live`, another
 * refreshInterval(d) after each one (d the worker's time for it), never more than one of
 * this view's requests at a time, all of them in the page scheduler's view lane, and none
 * while the tab is hidden.
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
      if (pageHidden()) {
        stoppedHidden = true;
        return;
      }
      busy = true;
      const r = await viewLane.run(() => request.current(), live, () => cancelled);
      busy = false;
      if (cancelled) return;
      if (!r) {
        // A failed request was reported. While training, try again after a pause (a new run
        // or a replaced worker may have cut it); otherwise wait for a change.
        if (live) timer = setTimeout(tick, RETRY_AFTER_FAILURE_MS);
        return;
      }
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
      viewLane.wake();
      if (timer !== undefined) clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [enabled, live, refreshKey]);

  return stats;
}
