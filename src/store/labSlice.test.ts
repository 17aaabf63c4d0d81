import { describe, expect, it } from 'vitest';
import type { ReparamView } from './labSlice';
import { REPARAM_TRAIL, varianceRatios } from './labSlice';
import { createAppStore } from './store';
import type { VarianceCell } from '../protocol/lab';

const view = (key: string, z: number[]): ReparamView => ({
  key,
  run: 1,
  step: 0,
  J: z.length,
  decoder: 'bernoulli',
  mu: z.map(() => 0),
  sigma: z.map(() => 1),
  eps: z,
  z,
  decoded: new Float32Array(784),
  atMu: new Float32Array(784),
  testIndex: 0,
  label: 7,
  ms: 1,
});

describe('lab slice', () => {
  it('keeps a trail of recent z for the same input, and starts afresh for a new one', () => {
    const store = createAppStore();
    const s = () => store.getState();
    s().setReparam(view('test:1', [0.1, 0.2]), true);
    s().setReparam(view('test:1', [0.3, 0.4]), true);
    s().setReparam(view('test:1', [0.5, 0.6]), false);
    expect(s().reparamTrail.map((t) => t.z)).toEqual([
      [0.1, 0.2],
      [0.3, 0.4],
    ]);
    s().setReparam(view('test:2', [1, 1]), true);
    expect(s().reparamTrail.map((t) => t.z)).toEqual([[1, 1]]);
    for (let i = 0; i < REPARAM_TRAIL + 5; i++) s().setReparam(view('test:2', [i, i]), true);
    expect(s().reparamTrail).toHaveLength(REPARAM_TRAIL);
    expect(s().reparamTrail.at(-1)!.z).toEqual([REPARAM_TRAIL + 4, REPARAM_TRAIL + 4]);
  });

  it('a new source clears the result and the trail', () => {
    const store = createAppStore();
    store.getState().setReparam(view('test:1', [0.1]), true);
    store.getState().setReparamSource('index', 42);
    expect(store.getState()).toMatchObject({ reparamSource: 'index', reparamIndex: 42, reparam: null, reparamTrail: [] });
  });
});

describe('varianceRatios', () => {
  const cell = (estimator: VarianceCell['estimator'], L: number, totalVariance: number): VarianceCell => ({
    estimator,
    L,
    totalVariance,
    R: 10,
    meanNormSq: 0,
    signalNormSq: 0,
    snr: 0,
    ms: 1,
  });

  it('divides the total variances at the smallest L (hand example)', () => {
    const r = varianceRatios({ cells: [cell('reparamB', 2, 1), cell('reparamB', 1, 4), cell('reparamA', 1, 6), cell('score', 1, 4000), cell('score', 2, 10)] });
    expect(r).toEqual({ L: 1, scoreOverB: 1000, aOverB: 1.5 });
  });

  it('is null without estimator B or with no cells', () => {
    expect(varianceRatios({ cells: [cell('score', 1, 3)] })).toBeNull();
    expect(varianceRatios({ cells: [] })).toBeNull();
    expect(varianceRatios({ cells: [cell('reparamB', 1, 2)] })).toEqual({ L: 1, scoreOverB: null, aOverB: null });
  });
});
