import { describe, expect, it } from 'vitest';
import { detrendedSd, markFor, runningElboNoise, type EstimatorMark } from './elboNoise';

describe('detrendedSd', () => {
  it('is 0 on a straight line and the residual s.d. otherwise (hand example)', () => {
    expect(detrendedSd([1, 3, 5, 7])).toBeCloseTo(0, 12);
    // v = [0, 1, 0, 1]: line fit a + b i with b = 0.2, a = 0.2; residuals −0.2, 0.6, −0.6, 0.2
    // Σ r² = 0.04 + 0.36 + 0.36 + 0.04 = 0.8; / (n − 2) = 0.4
    expect(detrendedSd([0, 1, 0, 1])).toBeCloseTo(Math.sqrt(0.4), 12);
    expect(detrendedSd([1, 2])).toBeNaN();
  });

  it('ignores a trend added to the values', () => {
    const noise = [0.3, -0.1, 0.4, -0.5, 0.2, 0.1, -0.3];
    const trended = noise.map((v, i) => v + 10 - 2.5 * i);
    expect(detrendedSd(trended)).toBeCloseTo(detrendedSd(noise), 10);
  });
});

describe('runningElboNoise', () => {
  const marks: EstimatorMark[] = [
    { run: 1, step: 0, estimator: 'B', samplesL: 1, batchSize: 100 },
    { run: 1, step: 6, estimator: 'A', samplesL: 1, batchSize: 100 },
    { run: 2, step: 0, estimator: 'A', samplesL: 5, batchSize: 100 },
  ];

  it('finds the settings in effect: those set at a step before the point', () => {
    expect(markFor(marks, 1, 6)!.estimator).toBe('B');
    expect(markFor(marks, 1, 7)!.estimator).toBe('A');
    expect(markFor(marks, 2, 3)!.samplesL).toBe(5);
    expect(markFor(marks, 3, 3)).toBeNull();
  });

  it('splits at a change of estimator and restarts the window there', () => {
    // Steps 1..6 under B: quiet alternation ±0.1; steps 7..12 under A: ±1.
    const pts = Array.from({ length: 12 }, (_, i) => {
      const step = i + 1;
      const amp = step <= 6 ? 0.1 : 1;
      return { step, samples: step * 100, elbo: -100 + step + (i % 2 ? amp : -amp) };
    });
    const r = runningElboNoise(pts, marks, 1, 4, { estimator: 'B', samplesL: 1, batchSize: 100 });
    expect(r.segments.map((s) => [s.estimator, s.firstStep, s.lastStep, s.n])).toEqual([
      ['B', 1, 6, 6],
      ['A', 7, 12, 6],
    ]);
    // Windows of 4: 3 per segment (ending at steps 4, 5, 6 and 10, 11, 12).
    expect(r.points.map((p) => p.step)).toEqual([4, 5, 6, 10, 11, 12]);
    // [−a, a, −a, a] around its line: slope 0.4a, residuals (−0.4, 1.2, −1.2, 0.4)a,
    // Σ r² = 3.2a², / (n − 2) → s.d. = a√1.6 = 2a√0.4. The added trend (+1 per step) is removed.
    const expected = (amp: number) => detrendedSd([-amp, amp, -amp, amp]);
    expect(expected(1)).toBeCloseTo(2 * Math.sqrt(0.4), 12);
    for (const p of r.points) expect(p.sd).toBeCloseTo(expected(p.step <= 6 ? 0.1 : 1), 9);
    expect(r.segments[0]!.typicalSd).toBeCloseTo(expected(0.1), 9);
    expect(r.segments[1]!.typicalSd).toBeCloseTo(expected(1), 9);
  });

  it('uses the fallback settings for a run without marks, skips non-finite readings, and fits the trend in the step', () => {
    const pts = [1, 2, 3, 4].map((step) => ({ step, samples: step, elbo: step === 2 ? Number.NaN : step * 2 }));
    const r = runningElboNoise(pts, marks, 9, 3, { estimator: 'A', samplesL: 2, batchSize: 32 });
    expect(r.segments).toHaveLength(1);
    expect(r.segments[0]).toMatchObject({ estimator: 'A', samplesL: 2, batchSize: 32, n: 3 });
    expect(r.points).toHaveLength(1);
    expect(r.points[0]!.sd).toBeCloseTo(0, 12);
  });
});
