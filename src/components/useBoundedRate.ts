import { startTransition, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { chartFrames, costSpacing, deferToHold, renderHold, type FrameQueue, type RenderHold } from '../client/scheduler';
import { useAppStore, type AppState } from '../store/store';

/** Charts re-render at most this often… */
export const CHART_MIN_INTERVAL_MS = 250;
/** …and at most this share of the main thread: the next render waits (1/share − 1) × the last one's cost. */
export const CHART_TIME_SHARE = 0.2;
/** Cap of a measured render cost: a chart waits at most 4 × this between updates. */
const MAX_COST_MS = 500;
/** How a bounded-rate subscription renders; `cost` holds the last render's cost, as the caller measured it. */
export interface BoundedRateOptions {
  minIntervalMs: number;
  share: number;
  cost: { current: number };
  frames?: FrameQueue;
  hold?: RenderHold;
}

/**
 * The subscription behind useBoundedRate (the page's scheduler, client/scheduler.ts, spaces,
 * holds and queues it): calls `notify` (which renders) when `select` of the
 * state changed, at a bounded rate, after any hold, one render per frame, and never inside
 * the store's own notification. Returns the unsubscribe.
 */
export function subscribeBounded<S, T>(
  subscribe: (listener: (state: S, prev: S) => void) => () => void,
  select: (state: S) => T,
  notify: () => void,
  { minIntervalMs, share, cost, frames = chartFrames, hold = renderHold }: BoundedRateOptions,
): () => void {
  let cancel: (() => void) | null = null;
  let last = Number.NEGATIVE_INFINITY; // the first change renders at the next frame
  const render = () => {
    cancel = null;
    last = performance.now();
    notify();
  };
  // Due → (after any hold) queued → rendered in a frame of its own.
  const queue = () => {
    cancel = frames.add(render);
  };
  const due = (since: number) => () => {
    cancel = deferToHold(since, queue, hold);
    if (!cancel) queue();
  };
  const unsubscribe = subscribe((state, prev) => {
    if (cancel !== null || Object.is(select(state), select(prev))) return;
    const now = performance.now();
    const interval = costSpacing(cost.current, share, minIntervalMs);
    const wait = last + interval - now;
    // After a quiet spell the change shows at the next frame; within a burst it waits its
    // turn. Never inside this notification: every chart due would render in the one task of
    // the worker's message (100–200 ms on software WebGL).
    if (wait <= 0) due(now)();
    else {
      const timer = setTimeout(due(now + wait), wait);
      cancel = () => clearTimeout(timer);
    }
  });
  return () => {
    unsubscribe();
    cancel?.();
  };
}

/**
 * Like useAppStore(selector), but re-renders the component at a bounded rate: at most every
 * `minIntervalMs`, and no sooner than (1/share − 1) times what its last render and commit
 * cost, so a heavy chart takes at most `share` of the main thread however fast the worker
 * sends figures. While someone waits for a drawing's answer (RenderHold), a due render waits
 * too, for at most MAX_HOLD_WAIT_MS; charts due together render one per frame. Updates are
 * never lost: after the wait, the component renders the latest value. The selector must
 * return a value of the store (or one derived stably from it): a new object on every call
 * would re-render at every notification.
 */
export function useBoundedRate<T>(selector: (s: AppState) => T, minIntervalMs = CHART_MIN_INTERVAL_MS, share = CHART_TIME_SHARE): T {
  const selectorRef = useRef(selector);
  const costMs = useRef(0);
  /** When the update now rendering was started (performance.now()), until it is committed. */
  const started = useRef<number | null>(null);
  useLayoutEffect(() => {
    selectorRef.current = selector;
  });
  const [value, setValue] = useState(() => selector(useAppStore.getState()));
  useEffect(() => {
    const latest = () => selectorRef.current(useAppStore.getState());
    // A transition: React renders the chart's own components in slices of a few ms, yielding
    // to the browser (and to urgent updates such as a drawing's figures) between them. What
    // recharts then renders from its own store in effects is synchronous, so a chart's update
    // is still one or more tasks, but shorter ones.
    const update = () => {
      started.current ??= performance.now();
      startTransition(() => setValue(latest));
    };
    const unsubscribe = subscribeBounded(useAppStore.subscribe, (s) => selectorRef.current(s), update, { minIntervalMs, share, cost: costMs });
    // A change between the first render and this subscription.
    if (!Object.is(latest(), value)) update();
    return unsubscribe;
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `value` only for the first check
  }, [minIntervalMs, share]);
  // The update's cost: from its start to the task after its commit, when recharts' own
  // renders from its effects are done too (or more, never less). Capped, so that one stall
  // elsewhere does not stop the chart for long.
  useEffect(() => {
    const t0 = started.current;
    if (t0 === null) return;
    started.current = null;
    const timer = setTimeout(() => (costMs.current = Math.min(MAX_COST_MS, performance.now() - t0)), 0);
    return () => clearTimeout(timer);
  }, [value]);
  return value;
}
