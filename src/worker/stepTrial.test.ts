import { describe, expect, it } from 'vitest';
import * as tf from '../core/tf';
import { DEFAULT_CONFIG } from '../core/config';
import { stepTrial } from './stepTrial';

describe('stepTrial', () => {
  it('times real training steps of the model it is given, and leaves no tensor behind', async () => {
    const before = tf.memory().numTensors;
    const small = { ...DEFAULT_CONFIG, hidden: [16], batchSize: 8 };
    const big = { ...DEFAULT_CONFIG, hidden: [256], batchSize: 64 };
    const ms = await stepTrial(small);
    expect(Number.isFinite(ms) && ms > 0).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
    // A step of a network 16× wider on 8× the batch takes longer: the trial times the step, not a constant.
    expect(await stepTrial(big)).toBeGreaterThan(ms);
  });
});
