import { describe, expect, it } from 'vitest';
import { describeVerdict, GAP_FACTOR, SILENT_MAX_MS, SILENT_MIN_MS, STALL_MAX_MS, STALL_MIN_MS, STALL_WARMUP_MS, Watchdog } from './watchdog';

/** A fake clock and a watchdog on it. */
function setup() {
  let t = 0;
  const dog = new Watchdog(() => t);
  const advance = (ms: number) => (t += ms);
  return { dog, advance };
}

/** Pings answered every second for `seconds`, the step (worker's and shown) going up by one each time. */
function answerFor(s: ReturnType<typeof setup>, seconds: number, from: number): number {
  let step = from;
  for (let i = 0; i < seconds; i++) {
    s.advance(1000);
    step += 1;
    s.dog.answered(step);
    s.dog.shown(step);
    expect(s.dog.check()).toBeNull();
  }
  return step;
}

describe('Watchdog', () => {
  it('allows the long silence before the first step (shaders compiling), then declares the worker dead', () => {
    const s = setup();
    s.dog.answered(0);
    s.dog.shown(0);
    s.advance(SILENT_MAX_MS);
    expect(s.dog.check()).toBeNull();
    s.advance(1);
    expect(s.dog.check()).toEqual({ kind: 'silent', ms: SILENT_MAX_MS + 1 });
  });

  it('after steps answered every second, declares silence after SILENT_MIN_MS, not before', () => {
    const s = setup();
    s.dog.setRunning(true);
    s.dog.answered(0);
    s.dog.shown(0);
    answerFor(s, 5, 0);
    s.advance(SILENT_MIN_MS);
    expect(s.dog.check()).toBeNull();
    s.advance(1);
    expect(s.dog.check()?.kind).toBe('silent');
  });

  it('gives a worker that blocks 4 s between answers 3 × 4 s of silence', () => {
    const s = setup();
    s.dog.setRunning(true);
    s.dog.answered(0);
    s.dog.shown(0);
    s.advance(1000);
    s.dog.answered(1);
    s.dog.shown(1); // warm from here
    s.advance(4000);
    s.dog.answered(2);
    s.dog.shown(2);
    expect(s.dog.silentLimit()).toBe(GAP_FACTOR * 4000);
    s.advance(GAP_FACTOR * 4000);
    expect(s.dog.check()).toBeNull();
    s.advance(1);
    expect(s.dog.check()?.kind).toBe('silent');
  });

  it('declares a loop that answers pings but makes no step while running stalled after STALL_MIN_MS', () => {
    const s = setup();
    s.dog.setRunning(true);
    s.dog.answered(0);
    s.dog.shown(0);
    const step = answerFor(s, 5, 0);
    // The script was aborted mid-step: pings still answer, with the same step count.
    for (let i = 0; i < STALL_MIN_MS / 1000; i++) {
      s.advance(1000);
      s.dog.answered(step);
      expect(s.dog.check()).toBeNull();
    }
    s.advance(1000);
    s.dog.answered(step);
    expect(s.dog.check()).toEqual({ kind: 'stalled', ms: STALL_MIN_MS + 1000, step, workerMoved: false });
  });

  it('declares a worker whose steps go on but no longer reach the page (its reports lost)', () => {
    const s = setup();
    s.dog.setRunning(true);
    s.dog.answered(0);
    s.dog.shown(0);
    let step = answerFor(s, 5, 0);
    const shown = step;
    for (let i = 0; i <= STALL_MIN_MS / 1000; i++) {
      s.advance(1000);
      s.dog.answered(++step);
      s.dog.shown(shown);
    }
    expect(s.dog.check()).toEqual({ kind: 'stalled', ms: STALL_MIN_MS + 1000, step: shown, workerMoved: true });
  });

  it('does not call a paused worker stalled, nor a slow-motion one between its steps', () => {
    const s = setup();
    s.dog.setRunning(true);
    s.dog.answered(0);
    s.dog.shown(0);
    const step = answerFor(s, 3, 0);
    s.dog.setRunning(false);
    for (let i = 0; i < 60; i++) {
      s.advance(1000);
      s.dog.answered(step);
      expect(s.dog.check()).toBeNull();
    }
    // Slow motion: one step every 5 s; the stall limit is 3 × that.
    s.dog.setRunning(true, 5000);
    expect(s.dog.stallLimit()).toBe(15_000);
    for (let i = 0; i < 14; i++) {
      s.advance(1000);
      s.dog.answered(step);
      expect(s.dog.check()).toBeNull();
    }
  });

  it('lets the stall limit grow with the longest gap between steps, up to STALL_MAX_MS', () => {
    const s = setup();
    s.dog.setRunning(true);
    s.dog.shown(0);
    s.advance(1000);
    s.dog.shown(1); // warm
    s.advance(8000);
    s.dog.shown(2);
    expect(s.dog.stallLimit()).toBe(GAP_FACTOR * 8000);
    s.advance(40_000); // a full evaluation in software
    s.dog.answered(3);
    s.dog.shown(3);
    expect(s.dog.stallLimit()).toBe(STALL_MAX_MS);
  });

  it('waits STALL_WARMUP_MS for the first step of a new run', () => {
    const s = setup();
    s.dog.setRunning(true);
    s.dog.answered(0);
    s.dog.shown(0);
    answerFor(s, 3, 0);
    s.dog.newRun();
    expect(s.dog.stallLimit()).toBe(STALL_WARMUP_MS);
    expect(s.dog.silentLimit()).toBe(SILENT_MAX_MS);
  });

  it('a drawing worker (no steps) gets the short silence limit once started', () => {
    const s = setup();
    s.dog.started();
    for (let i = 0; i < 10; i++) {
      s.advance(1000);
      s.dog.answered();
    }
    s.advance(SILENT_MIN_MS + 1);
    expect(s.dog.check()?.kind).toBe('silent');
  });

  it('says what happened in words', () => {
    expect(describeVerdict({ kind: 'silent', ms: 6400 })).toBe('it stopped answering for 6 s');
    expect(describeVerdict({ kind: 'stalled', ms: 11_000, step: 40, workerMoved: false })).toBe('its training loop stopped: no step for 11 s while training');
    expect(describeVerdict({ kind: 'stalled', ms: 12_400, step: 40, workerMoved: true })).toBe('it stopped reporting its steps: none reached the page for 12 s while training');
  });
});
