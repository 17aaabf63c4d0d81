import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../core/config';
import type { TrainPoint } from '../protocol/types';
import { createAppStore } from '../store/store';
import { liveValues } from './liveValues';

const point = (step: number, recon: number, kl: number): TrainPoint => ({ run: 1, step, samples: step * 128, elbo: recon - kl, recon, kl, loss: kl - recon, gradNorm: 1 });

describe('the live values of the guide', () => {
  it('are the means of the last 20 training minibatches, formatted as the Live figures', () => {
    const store = createAppStore();
    const h = store.getState().handleEvent;
    h({ type: 'state', state: { run: 1, running: true, step: 0, samples: 0, epoch: 0, config: DEFAULT_CONFIG, parameterCount: 1, stepIntervalMs: 0 } });
    expect(liveValues(store.getState()).elbo).toBe('—');
    // 25 points: the first 5 (recon −500) fall outside the window of 20.
    const points = [
      ...Array.from({ length: 5 }, (_, i) => point(i, -500, 1)),
      ...Array.from({ length: 20 }, (_, i) => point(5 + i, i % 2 === 0 ? -100 : -110, i % 2 === 0 ? 10 : 20)),
    ];
    h({ type: 'metrics', points, klPerDim: null, samplesPerSec: 1, tensors: 1, bytes: 1 });
    h({ type: 'eval', point: { run: 1, step: 24, samples: 3200, elbo: -120.26, recon: -100, kl: 20.26, klPerDim: [], activeUnits: 17, n: 1000, full: false } as never });
    const v = liveValues(store.getState());
    // Hand computation: recon mean (−100 − 110)/2 = −105, KL mean (10 + 20)/2 = 15, ELBO −120.
    expect(v.recon).toBe('-105.0');
    expect(v.kl).toBe('15.0');
    expect(v.elbo).toBe('-120.0');
    expect(v.elboTest).toBe('-120.3');
    expect(v.activeUnits).toBe('17');
    expect(v.latentDim).toBe(String(DEFAULT_CONFIG.latentDim));
    expect(v.padElbo).toBe('—');
    expect(v.padLogpx).toBe('—');
  });

  it("show the pad's ELBO and log p(x) for the input shown only, with the k the estimate has used", () => {
    const store = createAppStore();
    const st = store.getState();
    st.setDrawInput({ x: new Float32Array(784), intensities: new Float32Array(784), source: 'test', testIndex: 1, label: 2, decoder: 'bernoulli', version: 7 });
    st.setDrawAnalysis({ version: 7, elbo: -101.26 } as never);
    st.setDrawIs({ k: 1000, done: 400, estimate: -98.04, finished: false, cancelled: null, version: 7 });
    let v = liveValues(store.getState());
    expect(v.padElbo).toBe('-101.3');
    expect(v.padLogpx).toBe('-98.0 (k = 400 so far)');
    st.setDrawIs({ k: 1000, done: 1000, estimate: -97.96, finished: true, cancelled: null, version: 7 });
    expect(liveValues(store.getState()).padLogpx).toBe('-98.0 (k = 1,000)');
    // A newer input: the old figures are not shown as its figures.
    st.setDrawInput({ x: new Float32Array(784), intensities: new Float32Array(784), source: 'drawing', testIndex: null, label: null, decoder: 'bernoulli', version: 8 });
    v = liveValues(store.getState());
    expect(v.padElbo).toBe('—');
    expect(v.padLogpx).toBe('—');
  });
});
