import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { costSpacing, FrameQueue, RenderHold, RENDER_HOLD_MAX_MS, repeat, sharedRepeat } from './scheduler';

describe('RenderHold', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('is held until every hold is released, then wakes the waiters once', () => {
    const h = new RenderHold();
    const wake = vi.fn();
    const a = h.hold();
    const b = h.hold();
    h.whenReleased(wake);
    a();
    a(); // a second release of the same hold changes nothing
    expect(h.held).toBe(true);
    expect(wake).not.toHaveBeenCalled();
    b();
    expect(h.held).toBe(false);
    expect(wake).toHaveBeenCalledTimes(1);
    h.hold()();
    expect(wake).toHaveBeenCalledTimes(1);
  });

  it('a hold ends by itself after its maximum', () => {
    const h = new RenderHold();
    const wake = vi.fn();
    h.hold();
    h.whenReleased(wake);
    vi.advanceTimersByTime(RENDER_HOLD_MAX_MS - 1);
    expect(wake).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(h.held).toBe(false);
    expect(wake).toHaveBeenCalledTimes(1);
  });

  it('a cancelled waiter is not woken; without a hold the waiter runs at once', () => {
    const h = new RenderHold();
    const cancelled = vi.fn();
    const release = h.hold();
    h.whenReleased(cancelled)();
    release();
    expect(cancelled).not.toHaveBeenCalled();
    const now = vi.fn();
    h.whenReleased(now);
    expect(now).toHaveBeenCalledTimes(1);
  });
});

describe('FrameQueue', () => {
  /** Frames run by hand: each call of frame() is one paint followed by its task. */
  function manualFrames() {
    const tasks: Array<() => void> = [];
    return { afterPaint: (fn: () => void) => void tasks.push(fn), frame: () => tasks.shift()?.(), pending: () => tasks.length };
  }

  it('renders what fell due together one per frame, in order', () => {
    const f = manualFrames();
    const q = new FrameQueue(f.afterPaint);
    const done: string[] = [];
    q.add(() => done.push('curves'));
    q.add(() => done.push('kl'));
    q.add(() => done.push('noise'));
    expect(done).toEqual([]);
    f.frame();
    expect(done).toEqual(['curves']);
    f.frame();
    expect(done).toEqual(['curves', 'kl']);
    f.frame();
    expect(done).toEqual(['curves', 'kl', 'noise']);
    expect(f.pending()).toBe(0); // idle: no frame is asked for
    q.add(() => done.push('again'));
    f.frame();
    expect(done.at(-1)).toBe('again');
  });

  it('a cancelled render is skipped; a render that throws does not stop the queue', () => {
    const f = manualFrames();
    const q = new FrameQueue(f.afterPaint);
    const done: string[] = [];
    const cancel = q.add(() => done.push('cancelled'));
    q.add(() => {
      throw new Error('render failed');
    });
    q.add(() => done.push('next'));
    cancel();
    expect(() => f.frame()).toThrow('render failed');
    f.frame();
    expect(done).toEqual(['next']);
  });
});

describe('costSpacing: the one budget rule of charts and views', () => {
  it('after work of d ms, waits d · (1 − share) / share, so that the work is `share` of the time; never less than the minimum', () => {
    // share 0.2: 4 d; d / (d + 4 d) = 20 %.
    expect(costSpacing(100, 0.2)).toBeCloseTo(400, 9);
    expect(100 / (100 + costSpacing(100, 0.2))).toBeCloseTo(0.2, 12);
    // share 0.5: as long again.
    expect(costSpacing(30, 0.5)).toBeCloseTo(30, 9);
    expect(costSpacing(10, 0.2, 250)).toBe(250);
  });
});

describe('repeat: a view that follows the model', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('asks every interval, never while its last answer is pending, and stops when told', async () => {
    let calls = 0;
    let answer: () => void = () => {};
    const stop = repeat(1000, () => {
      calls++;
      return new Promise<void>((r) => (answer = r));
    });
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls).toBe(1);
    // The answer takes 2.5 s: the ticks meanwhile ask for nothing.
    await vi.advanceTimersByTimeAsync(2500);
    expect(calls).toBe(1);
    answer();
    await vi.advanceTimersByTimeAsync(500);
    expect(calls).toBe(2);
    answer();
    stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(calls).toBe(2);
  });

  it('a failed ask does not stop the repetition', async () => {
    let calls = 0;
    const stop = repeat(100, () => {
      calls++;
      return Promise.reject(new Error('worker replaced'));
    });
    await vi.advanceTimersByTimeAsync(350);
    expect(calls).toBe(3);
    stop();
  });

  it('sharedRepeat asks once however many follow, until the last one stops', async () => {
    let calls = 0;
    const follow = sharedRepeat(1000, () => void calls++);
    const a = follow();
    const b = follow();
    await vi.advanceTimersByTimeAsync(3000);
    expect(calls).toBe(3);
    a();
    a(); // a second stop of the same follower changes nothing
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls).toBe(4);
    b();
    await vi.advanceTimersByTimeAsync(3000);
    expect(calls).toBe(4);
  });
});
