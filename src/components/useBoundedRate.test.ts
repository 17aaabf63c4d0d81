import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createStore } from 'zustand/vanilla';
import { FrameQueue, MAX_HOLD_WAIT_MS, RenderHold, deferToHold } from '../client/scheduler';
import { subscribeBounded } from './useBoundedRate';

/** Frames run by hand: each frame() is one paint and the task after it. */
function manualFrames() {
  const tasks: Array<() => void> = [];
  return { queue: new FrameQueue((fn) => void tasks.push(fn)), frame: () => tasks.shift()?.(), pending: () => tasks.length };
}

describe('a chart subscription at a bounded rate', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function setup(hold = new RenderHold()) {
    const store = createStore<{ a: number; b: number }>(() => ({ a: 0, b: 0 }));
    const f = manualFrames();
    const renders = { a: 0, b: 0 };
    const opts = { minIntervalMs: 250, share: 0.2, frames: f.queue, hold };
    const subA = subscribeBounded(store.subscribe, (s) => s.a, () => renders.a++, { ...opts, cost: { current: 0 } });
    const subB = subscribeBounded(store.subscribe, (s) => s.b, () => renders.b++, { ...opts, cost: { current: 0 } });
    return { store, f, renders, unsubscribe: () => (subA(), subB()) };
  }

  it('never renders inside the store notification; charts due together render one per frame', () => {
    const { store, f, renders } = setup();
    store.setState({ a: 1, b: 1 }); // one worker message changing both charts' figures
    expect(renders).toEqual({ a: 0, b: 0 });
    f.frame();
    expect(renders.a + renders.b).toBe(1);
    f.frame();
    expect(renders).toEqual({ a: 1, b: 1 });
  });

  it('within a burst, a chart renders at most every minIntervalMs, with the latest value', () => {
    const { store, f, renders } = setup();
    store.setState({ a: 1 });
    f.frame();
    expect(renders.a).toBe(1);
    for (let i = 2; i <= 5; i++) {
      vi.advanceTimersByTime(40);
      store.setState({ a: i });
    }
    f.frame();
    expect(renders.a).toBe(1); // 160 ms after the last render: not yet
    vi.advanceTimersByTime(250);
    f.frame();
    expect(renders.a).toBe(2);
    expect(f.pending()).toBe(0);
  });

  it('the cost the caller measured is kept and spaces the renders to the share', () => {
    const store = createStore<{ a: number }>(() => ({ a: 0 }));
    const f = manualFrames();
    const cost = { current: 0 };
    let renders = 0;
    subscribeBounded(store.subscribe, (s) => s.a, () => renders++, { minIntervalMs: 250, share: 0.2, frames: f.queue, cost });
    store.setState({ a: 1 });
    f.frame();
    expect(renders).toBe(1);
    cost.current = 400; // the caller measured its render and commit: 400 ms
    vi.advanceTimersByTime(10); // nothing in the subscription overwrites it
    expect(cost.current).toBe(400);
    store.setState({ a: 2 });
    vi.advanceTimersByTime(1500);
    f.frame();
    expect(renders).toBe(1); // 400 × (1 − 0.2) / 0.2 = 1,600 ms after the last render
    vi.advanceTimersByTime(100);
    f.frame();
    expect(renders).toBe(2);
  });

  it("waits while a drawing's answer is on its way, at most MAX_HOLD_WAIT_MS", () => {
    const hold = new RenderHold();
    const release = hold.hold(10 * MAX_HOLD_WAIT_MS);
    const { store, f, renders } = setup(hold);
    store.setState({ a: 1 });
    f.frame();
    expect(renders.a).toBe(0);
    release();
    f.frame();
    expect(renders.a).toBe(1);
    // A hold that outlasts the bound: the chart goes anyway.
    hold.hold(10 * MAX_HOLD_WAIT_MS);
    vi.advanceTimersByTime(300);
    store.setState({ a: 2 });
    vi.advanceTimersByTime(MAX_HOLD_WAIT_MS);
    f.frame();
    expect(renders.a).toBe(2);
  });

  it('after unsubscribing, nothing renders', () => {
    const { store, f, renders, unsubscribe } = setup();
    store.setState({ a: 1, b: 1 });
    unsubscribe();
    f.frame();
    f.frame();
    expect(renders).toEqual({ a: 0, b: 0 });
  });
});

describe('a chart render defers to a hold', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs at once when nothing is held', () => {
    expect(deferToHold(0, () => {}, new RenderHold(), 0)).toBeNull();
  });

  it('waits for the release, and renders once', () => {
    const h = new RenderHold();
    const release = h.hold();
    const render = vi.fn();
    expect(deferToHold(0, render, h, 0)).not.toBeNull();
    vi.advanceTimersByTime(MAX_HOLD_WAIT_MS / 2);
    expect(render).not.toHaveBeenCalled();
    release();
    expect(render).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(MAX_HOLD_WAIT_MS);
    expect(render).toHaveBeenCalledTimes(1);
  });

  it('waits no longer than MAX_HOLD_WAIT_MS after it was due, whatever holds come', () => {
    const h = new RenderHold();
    h.hold(10 * MAX_HOLD_WAIT_MS);
    const render = vi.fn();
    deferToHold(0, render, h, 300);
    vi.advanceTimersByTime(MAX_HOLD_WAIT_MS - 300 - 1);
    expect(render).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(render).toHaveBeenCalledTimes(1);
    // Due long ago: runs now even though the hold is still on.
    expect(deferToHold(0, render, h, MAX_HOLD_WAIT_MS)).toBeNull();
  });

  it('a cancelled deferral never renders', () => {
    const h = new RenderHold();
    const release = h.hold();
    const render = vi.fn();
    deferToHold(0, render, h, 0)!();
    release();
    vi.advanceTimersByTime(2 * MAX_HOLD_WAIT_MS);
    expect(render).not.toHaveBeenCalled();
  });
});
