import { describe, expect, it } from 'vitest';
import * as tf from '../core/tf';
import { DEFAULT_CONFIG } from '../core/config';
import { flopsPerStep, median, peakSharePct } from './measure';
import { measureBayesRate } from './bayesRate';

describe('peakSharePct', () => {
  it('is (samples/s ÷ M) × FLOPs per step ÷ the peak, in %', () => {
    // 1,280 samples/s at M = 128: 10 steps/s; 2e8 FLOPs per step: 2 GFLOP/s of a 10 GFLOP/s peak = 20 %.
    expect(peakSharePct(1280, 128, 2e8, 10)).toBe(20);
    // Rounded to one decimal: 1 step/s × 1e9 FLOPs of a 3 GFLOP/s peak = 33.33… % → 33.3.
    expect(peakSharePct(64, 64, 1e9, 3)).toBe(33.3);
  });
});

describe('flopsPerStep', () => {
  it('counts the encoder and decoder products of one step by hand for a 784-4-2 model', () => {
    const c = { ...DEFAULT_CONFIG, hidden: [4], latentDim: 2, batchSize: 1, samplesL: 1, decoder: 'bernoulli' as const };
    // Encoder 784→4→4 (2J): MACs 784·4 + 4·4 = 3152; ×3 (forward, dW, dX) minus the data's dX 784·4 = 6320.
    // Decoder 2→4→784: MACs 2·4 + 4·784 = 3144; ×3 = 9432. FLOPs = 2 × M × (6320 + 9432) = 31,504.
    expect(flopsPerStep(c)).toBe(31_504);
  });
});

describe('median', () => {
  it('is the middle value, or the mean of the middle two', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe('measureBayesRate', () => {
  it('times both decoders on a tiny model, reports the ratio of the medians, and leaks no tensor', async () => {
    const before = tf.memory().numTensors;
    const r = await measureBayesRate({ ...DEFAULT_CONFIG, hidden: [8], latentDim: 2, batchSize: 4 }, 3, 1);
    expect(tf.memory().numTensors).toBe(before);
    expect(r.steps).toBe(3);
    expect(r.pointMs).toBeGreaterThan(0);
    expect(r.ratio).toBeCloseTo(r.variationalMs / r.pointMs, 12);
    expect(r.pointSamplesPerSec).toBeCloseTo((4 * 1000) / r.pointMs, 9);
    expect(r.config).toEqual({ hidden: [8], latentDim: 2, batchSize: 4 });
  });
});
