import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FrameQueue, RenderHold, RENDER_HOLD_MAX_MS } from './renderHold';

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
