import { describe, expect, it } from 'vitest';
import { describeThreads, describeTrial } from './threadsText';

describe('describeTrial', () => {
  it("gives each count's time and its speed-up over one thread", () => {
    // 24 / 13 = 1.846… → 1.85×; 24 / 8 = 3.00×.
    expect(describeTrial([{ threads: 2, ms: 13 }, { threads: 1, ms: 24 }, { threads: 4, ms: 8 }])).toBe(
      '1 thread 24.0 ms, 2 threads 13.0 ms (1.85×), 4 threads 8.0 ms (3.00×)',
    );
  });

  it('gives no speed-up without a one-thread time to compare with', () => {
    expect(describeTrial([{ threads: 2, ms: 13 }, { threads: 4, ms: 8 }])).toBe('2 threads 13.0 ms, 4 threads 8.0 ms');
  });
});

describe('describeThreads', () => {
  it('names the count, the build, the reason and the trial', () => {
    expect(
      describeThreads({ count: 2, threaded: true, reason: 'fastest in a trial', trial: [{ threads: 1, ms: 20 }, { threads: 2, ms: 12.5 }] }),
    ).toBe('2 threads (threaded SIMD build): fastest in a trial (1 thread 20.0 ms, 2 threads 12.5 ms (1.60×))');
    expect(describeThreads({ count: 1, threaded: false, reason: 'single-threaded build: the page is not cross-origin isolated' })).toBe(
      '1 thread: single-threaded build: the page is not cross-origin isolated',
    );
  });
});
