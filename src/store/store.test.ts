import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../core/config';
import type { RunState, TrainPoint } from '../protocol/types';
import { createAppStore } from './store';

const state = (over: Partial<RunState> = {}): RunState => ({
  run: 1,
  running: true,
  step: 0,
  samples: 0,
  epoch: 0,
  config: DEFAULT_CONFIG,
  parameterCount: 1,
  stepIntervalMs: 0,
  ...over,
});

const point = (step: number, run = 1): TrainPoint => ({
  run,
  step,
  samples: step * 128,
  elbo: -100 - step,
  recon: -90,
  kl: 10,
  loss: 100,
  gradNorm: 1,
});

describe('store', () => {
  it('follows worker events: progress, readiness, runs, metrics and evaluations', () => {
    const store = createAppStore();
    const h = store.getState().handleEvent;
    h({ type: 'progress', loaded: 5, total: 10, file: 'x' });
    expect(store.getState().progress).toEqual({ loaded: 5, total: 10 });
    h({ type: 'ready', nTrain: 1000, nTest: 100, dataset: 'fashion' });
    expect(store.getState().datasetName).toBe('fashion');
    expect(store.getState().dataReady).toBe(true);
    expect(store.getState().nTest).toBe(100);
    h({ type: 'state', state: state() });
    h({ type: 'metrics', points: [point(1), point(2)], klPerDim: [1, 2], samplesPerSec: 640, tensors: 30, bytes: 1 });
    const s = store.getState();
    expect(s.runs).toHaveLength(1);
    expect(s.runs[0]!.points.map((p) => p.step)).toEqual([1, 2]);
    expect(s.runState!.step).toBe(2);
    expect(s.runState!.epoch).toBeCloseTo(256 / 1000, 10);
    expect(s.samplesPerSec).toBe(640);
    expect(s.klPerDim).toEqual([1, 2]);
    h({ type: 'eval', point: { run: 1, step: 2, samples: 256, elbo: -99, recon: -90, kl: 9, klPerDim: [9], activeUnits: 1, n: 100, full: false } });
    expect(store.getState().runs[0]!.evals).toHaveLength(1);
  });

  it('keeps the earlier run when a new one starts, and stops showing samples/s when paused', () => {
    const store = createAppStore();
    const h = store.getState().handleEvent;
    h({ type: 'state', state: state() });
    h({ type: 'metrics', points: [point(1)], klPerDim: null, samplesPerSec: 100, tensors: 1, bytes: 1 });
    h({ type: 'state', state: state({ run: 2, config: { ...DEFAULT_CONFIG, latentDim: 2 } }) });
    h({ type: 'metrics', points: [point(1, 2)], klPerDim: null, samplesPerSec: 100, tensors: 1, bytes: 1 });
    const runs = store.getState().runs;
    expect(runs.map((r) => r.run)).toEqual([1, 2]);
    expect(runs[1]!.label).toContain('J = 2');
    expect(runs[0]!.points).toHaveLength(1);
    h({ type: 'state', state: state({ run: 2, running: false }) });
    expect(store.getState().samplesPerSec).toBeNull();
  });

  it('records a live setting changed mid-run where it took effect', () => {
    const store = createAppStore();
    const h = store.getState().handleEvent;
    h({ type: 'state', state: state() });
    h({ type: 'state', state: state({ step: 40, samples: 5120 }) });
    expect(store.getState().runs[0]!.settingChanges ?? []).toEqual([]);
    h({ type: 'state', state: state({ step: 40, samples: 5120, config: { ...DEFAULT_CONFIG, beta: 0.5 } }) });
    expect(store.getState().runs[0]!.settingChanges!.map(({ step, samples, what }) => ({ step, samples, what }))).toEqual([{ step: 40, samples: 5120, what: 'β = 0.5' }]);
  });

  it('an error before the data is ready is a data error too', () => {
    const store = createAppStore();
    store.getState().handleEvent({ type: 'error', message: 'Data file x is missing' });
    expect(store.getState().dataError).toContain('missing');
    expect(store.getState().errors).toEqual(['Data file x is missing']);
  });

  it('records a divergence on its run and says what happened', () => {
    const store = createAppStore();
    const h = store.getState().handleEvent;
    h({ type: 'state', state: state() });
    h({ type: 'metrics', points: [point(48), point(49), point(50), point(51), point(52)], klPerDim: null, samplesPerSec: 1, tensors: 1, bytes: 1 });
    expect(store.getState().runState!.step).toBe(52);
    h({ type: 'diverged', run: 1, step: 51, samples: 6528, restoredStep: 49, message: 'Training diverged at step 51' });
    expect(store.getState().runs[0]!.divergences).toEqual([{ step: 51, samples: 6528, restoredStep: 49 }]);
    // The figures after the restored step go, and the counter shows the restored step.
    expect(store.getState().runs[0]!.points.map((p) => p.step)).toEqual([48, 49]);
    expect(store.getState().runState!.step).toBe(49);
    expect(store.getState().errors.at(-1)).toContain('diverged');
  });
});
