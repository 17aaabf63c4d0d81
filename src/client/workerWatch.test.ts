import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SILENT_MAX_MS, SILENT_MIN_MS, STALL_MIN_MS } from './watchdog';
import { watchWorker } from './workerWatch';

describe('watchWorker on fake time', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());
  const now = () => Date.now();

  it('declares a training worker whose loop stopped (pings answered, the step count still) and calls onDead once', async () => {
    let steps = 0;
    let loopAlive = true;
    const onDead = vi.fn();
    const ping = async () => (loopAlive ? ++steps : steps);
    watchWorker({ ping, training: () => ({ run: 1, running: true, stepIntervalMs: 0, step: steps }), onDead }, now);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(onDead).not.toHaveBeenCalled();
    loopAlive = false;
    await vi.advanceTimersByTimeAsync(STALL_MIN_MS);
    expect(onDead).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(onDead).toHaveBeenCalledTimes(1);
    expect(onDead.mock.calls[0]![0]).toMatch(/training loop stopped/);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(onDead).toHaveBeenCalledTimes(1);
  });

  it('declares a drawing worker that stops answering after a few seconds, and not one that answers', async () => {
    let alive = true;
    const onDead = vi.fn();
    watchWorker({ ping: () => (alive ? Promise.resolve(0) : new Promise(() => {})), onDead }, now);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(onDead).not.toHaveBeenCalled();
    alive = false;
    await vi.advanceTimersByTimeAsync(SILENT_MIN_MS);
    expect(onDead).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(onDead).toHaveBeenCalledWith(expect.stringMatching(/stopped answering/));
  });

  it('gives a paused training worker that never stepped the long limit', async () => {
    const onDead = vi.fn();
    watchWorker({ ping: () => new Promise(() => {}), training: () => ({ run: 1, running: false, stepIntervalMs: 0, step: 0 }), onDead }, now);
    await vi.advanceTimersByTimeAsync(SILENT_MAX_MS - 1_000);
    expect(onDead).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(3_000);
    expect(onDead).toHaveBeenCalledTimes(1);
  });

  it('stops pinging when stopped', async () => {
    const ping = vi.fn(async () => 0);
    const stop = watchWorker({ ping, onDead: () => {} }, now);
    await vi.advanceTimersByTimeAsync(3_000);
    stop();
    const calls = ping.mock.calls.length;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(ping.mock.calls.length).toBe(calls);
  });
});
