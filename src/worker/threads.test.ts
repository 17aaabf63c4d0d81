import { describe, expect, it } from 'vitest';
import { chooseThreads, MAX_WASM_THREADS, threadsFromSearch, trialCounts } from './threads';

describe('trialCounts', () => {
  it('doubles from 1 up to the cores, and tries the core count itself', () => {
    expect(trialCounts(1)).toEqual([1]);
    expect(trialCounts(2)).toEqual([1, 2]);
    expect(trialCounts(4)).toEqual([1, 2, 4]);
    expect(trialCounts(6)).toEqual([1, 2, 4, 6]);
  });

  it('stops at the pool size of the threaded build, and survives a missing core count', () => {
    expect(trialCounts(64)).toEqual([1, 2, 4, 8]);
    expect(trialCounts(12, MAX_WASM_THREADS)).toEqual([1, 2, 4, 8]);
    expect(trialCounts(0)).toEqual([1]);
    expect(trialCounts(Number.NaN)).toEqual([1]);
  });
});

describe('chooseThreads', () => {
  it('picks the fastest measured count', () => {
    const r = chooseThreads(
      [
        { threads: 1, ms: 30 },
        { threads: 2, ms: 17 },
        { threads: 4, ms: 10 },
        { threads: 8, ms: 14 },
      ],
      null,
    );
    expect(r.threads).toBe(4);
    expect(r.reason).toMatch(/^fastest in a trial/);
  });

  it('breaks a tie (within 5 %) toward fewer threads', () => {
    // 2 threads: 10.0 ms; 4 threads: 9.6 ms is within 5 % of it, so 2 wins.
    expect(chooseThreads([{ threads: 4, ms: 9.6 }, { threads: 1, ms: 18 }, { threads: 2, ms: 10 }], null).threads).toBe(2);
    // 4 threads 9.0 ms: 10.0 is 11 % slower, not a tie.
    expect(chooseThreads([{ threads: 1, ms: 18 }, { threads: 2, ms: 10 }, { threads: 4, ms: 9 }], null).threads).toBe(4);
    expect(chooseThreads([{ threads: 1, ms: 12 }, { threads: 2, ms: 12 }], null).threads).toBe(1);
  });

  it("respects the user's setting over any trial, clamped to the pool", () => {
    expect(chooseThreads([{ threads: 1, ms: 30 }, { threads: 2, ms: 15 }], 1)).toEqual({ threads: 1, reason: 'set by ?threads=1' });
    expect(chooseThreads([], 3).threads).toBe(3);
    expect(chooseThreads([], 99).threads).toBe(MAX_WASM_THREADS);
  });

  it('falls back to one thread when nothing was measured, ignoring failed times', () => {
    expect(chooseThreads([], null)).toEqual({ threads: 1, reason: 'no trial time was measured' });
    expect(chooseThreads([{ threads: 2, ms: Number.NaN }, { threads: 1, ms: 20 }], null).threads).toBe(1);
  });
});

describe('threadsFromSearch', () => {
  it('reads a whole number of threads, or chooses by trial', () => {
    expect(threadsFromSearch('?threads=2')).toEqual({ threads: 2, notice: null });
    expect(threadsFromSearch('?backend=wasm')).toEqual({ threads: null, notice: null });
    expect(threadsFromSearch('?threads=auto')).toEqual({ threads: null, notice: null });
  });

  it('refuses anything else with a message', () => {
    for (const bad of ['0', '2.5', 'many', '9']) {
      const r = threadsFromSearch(`?threads=${bad}`);
      expect(r.threads).toBeNull();
      expect(r.notice).toContain(`"${bad}"`);
    }
  });
});
