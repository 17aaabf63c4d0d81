import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Lane, MIN_REFRESH_MS, REFRESH_COST_FACTOR, SHARE_WINDOW_MS, SHARE_WINDOW_REQUESTS, VIS_TIME_SHARE, WorkShare } from '../../client/scheduler';
import { refreshInterval } from './useAdaptiveRefresh';

// The gate's waits run on a fake clock (timers and performance.now): the times it keeps are exact.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
});
afterEach(() => {
  vi.useRealTimers();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A job that takes `ms` of (fake) time, reports `reported` ms, and logs when it ran. */
function job(log: [string, number, number][], name: string, ms: number, reported = ms) {
  return async () => {
    const start = performance.now();
    await sleep(ms);
    log.push([name, start, performance.now()]);
    return { ms: reported };
  };
}

describe('refresh budget', () => {
  it('waits four times a request’s cost: at most 20% of the time goes to the views', () => {
    expect(VIS_TIME_SHARE).toBe(0.2);
    expect(REFRESH_COST_FACTOR).toBe(4);
    expect(refreshInterval(10)).toBe(MIN_REFRESH_MS);
    expect(refreshInterval(100)).toBe(400);
    // A request of d followed by a wait of 4d: d / (d + 4d) = 20%.
    expect(100 / (100 + refreshInterval(100))).toBeCloseTo(VIS_TIME_SHARE, 12);
  });

  it('runs one request at a time; while training the next starts 4× the last one’s cost after it', async () => {
    const gate = new Lane();
    const log: [string, number, number][] = [];
    const never = () => false;
    const all = Promise.all([
      gate.run(job(log, 'a', 20, 40), true, never),
      gate.run(job(log, 'b', 20), true, never),
      gate.run(job(log, 'c', 5), false, never),
    ]);
    await vi.runAllTimersAsync();
    await all;
    expect(log.map((l) => l[0])).toEqual(['a', 'b', 'c']);
    const [a, b, c] = log as [[string, number, number], [string, number, number], [string, number, number]];
    expect(a[2] - a[1]).toBe(20);
    expect(b[1]).toBe(a[2] + 4 * 40); // a reported 40 ms: b waits 160 ms after it
    expect(c[1]).toBe(b[2]); // not throttled (training paused): no wait for b's 80 ms
  });

  it('a cancelled request gives up its place without running', async () => {
    const gate = new Lane();
    const log: [string, number, number][] = [];
    const first = gate.run(job(log, 'a', 5, 500), true, () => false); // the next throttled one would wait 2 s
    await vi.advanceTimersByTimeAsync(5);
    await first;
    let cancelled = false;
    let settled = false;
    const waiting = gate.run(job(log, 'b', 5), true, () => cancelled).finally(() => (settled = true));
    const t0 = performance.now();
    await vi.advanceTimersByTimeAsync(30);
    expect(settled).toBe(false); // still waiting out the 2 s
    cancelled = true;
    gate.wake();
    expect(await waiting).toBeNull();
    expect(performance.now() - t0).toBe(30); // given up at once, not after the wait
    expect(log.map((l) => l[0])).toEqual(['a']);
  });
});

describe('the views’ measured share of the worker’s time', () => {
  it('is the worker time inside the window over the window (early on: since the first request began)', () => {
    const w = new WorkShare();
    expect(w.share(1000)).toBeNull();
    // 100 ms of work ending at t = 1,100 (began at 1,000), then 50 ms ending at 1,500.
    w.record(100, 1100);
    w.record(50, 1500);
    // Window from 1,000 (the first start) to 2,000: 150 / 1,000.
    expect(w.share(2000)).toBeCloseTo(0.15, 12);
    // Many requests later the window is the last 20 s: the old spans are outside it.
    for (let t = 2000; t <= 24_000; t += 1000) w.record(100, t);
    // [5,000, 25,000] holds the 20 spans ending at 6,000 … 24,000 (the one ending at 5,000 is outside).
    expect(w.share(25_000)).toBeCloseTo((19 * 100) / SHARE_WINDOW_MS, 12);
    // A span cut by the window's start counts only inside it.
    const v = new WorkShare();
    for (let t = 1000; t <= 40_000; t += 100) v.record(50, t);
    // Window [20,030, 40,030]: the span [19,950, 20,000] is outside; [20,050, 20,100] … all inside.
    expect(v.share(40_030)).toBeCloseTo((200 * 50) / SHARE_WINDOW_MS, 9);
    v.reset();
    expect(v.share(25_000)).toBeNull();
  });

  it('reaches back over the last few requests when the views refresh rarely', () => {
    // A slow view: 10 s of work, then the gate's 40 s wait, and again: 20 s would see only gaps.
    const w = new WorkShare();
    for (let i = 0; i < SHARE_WINDOW_REQUESTS + 2; i++) w.record(10_000, 10_000 + i * 50_000);
    const now = 10_000 + (SHARE_WINDOW_REQUESTS + 1) * 50_000 + 30_000;
    // From the start of the 8th-last request (at 100 s) to now (490 s): 8 × 10 s of work in 390 s.
    const from = 10_000 + 2 * 50_000 - 10_000;
    expect(now - from).toBe(390_000);
    expect(w.share(now)).toBeCloseTo((SHARE_WINDOW_REQUESTS * 10_000) / 390_000, 12);
  });

  it('counts the requests made while training, not the ones made while paused', async () => {
    const gate = new Lane();
    await gate.run(async () => ({ ms: 30 }), false, () => false);
    expect(gate.workShare.share()).toBeNull();
    const throttled = gate.run(async () => ({ ms: 30 }), true, () => false); // waits 4 × 30 ms first
    await vi.runAllTimersAsync();
    await throttled;
    const s = gate.workShare.share();
    expect(s).not.toBeNull();
    expect(s!).toBeGreaterThan(0);
  });
});
