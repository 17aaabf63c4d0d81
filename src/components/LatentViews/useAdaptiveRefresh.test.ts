import { describe, expect, it } from 'vitest';
import { MIN_REFRESH_MS, REFRESH_COST_FACTOR, RefreshGate, refreshInterval, VIS_TIME_SHARE } from './useAdaptiveRefresh';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A job that takes `ms` of wall time, reports `reported` ms, and logs when it ran. */
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
    const gate = new RefreshGate();
    const log: [string, number, number][] = [];
    const never = () => false;
    await Promise.all([
      gate.run(job(log, 'a', 20, 40), true, never),
      gate.run(job(log, 'b', 20), true, never),
      gate.run(job(log, 'c', 5), false, never),
    ]);
    expect(log.map((l) => l[0])).toEqual(['a', 'b', 'c']);
    const [a, b, c] = log as [[string, number, number], [string, number, number], [string, number, number]];
    expect(b[1]).toBeGreaterThanOrEqual(a[2] + 4 * 40 - 2); // a reported 40 ms: b waits 160 ms
    expect(c[1] - b[2]).toBeLessThan(60); // not throttled (training paused): no wait for b's 80 ms
  });

  it('a cancelled request gives up its place without running', async () => {
    const gate = new RefreshGate();
    const log: [string, number, number][] = [];
    await gate.run(job(log, 'a', 5, 500), true, () => false); // the next throttled one would wait 2 s
    let cancelled = false;
    const waiting = gate.run(job(log, 'b', 5), true, () => cancelled);
    const t0 = performance.now();
    await sleep(30);
    cancelled = true;
    gate.wake();
    expect(await waiting).toBeNull();
    expect(performance.now() - t0).toBeLessThan(500);
    expect(log.map((l) => l[0])).toEqual(['a']);
  });
});
