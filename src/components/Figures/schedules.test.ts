import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../core/config';
import { scheduleRows } from './schedules';

describe('scheduleRows', () => {
  it('has no row when nothing is scheduled', () => {
    expect(scheduleRows({ ...DEFAULT_CONFIG, lrDecaySteps: 0, klWarmupSteps: 0 }, 500)).toEqual([]);
  });

  it('gives the decayed learning rate and the warmed-up β at the step, by hand', () => {
    const c = { ...DEFAULT_CONFIG, learningRate: 2e-3, lrDecaySteps: 10_000, beta: 2, klWarmupSteps: 1000 };
    // Step 5,000 = T/2: ½(1 + cos(π/2)) = 0.5, so 2e-3 · (0.01 + 0.99 · 0.5) = 1.01e-3; β done warming up.
    expect(scheduleRows(c, 5000)).toEqual([
      ['Learning rate now', '1.01e−3 (step 5,000 of 10,000 of the decay)'],
      ['β now', '2 (step 1,000 of 1,000 of the warm-up)'],
    ]);
    // Step 2,500 = T/4: ½(1 + cos(π/4)) = 0.853553…, 2e-3 · (0.01 + 0.99 · 0.853553) = 1.71e-3; β = 2 · 250/1000 = 0.5 at step 250.
    expect(scheduleRows(c, 2500)[0]).toEqual(['Learning rate now', '1.71e−3 (step 2,500 of 10,000 of the decay)']);
    expect(scheduleRows(c, 250)[1]).toEqual(['β now', '0.5 (step 250 of 1,000 of the warm-up)']);
    // Past the decay: 1 % of the set rate, 2e-5.
    expect(scheduleRows(c, 20_000)[0]).toEqual(['Learning rate now', '2e−5 (step 10,000 of 10,000 of the decay)']);
  });
});
