import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../core/config';
import { decodeRunFile, encodeRunFile } from '../core/runFile';
import type { EvalPoint, TrainPoint } from '../protocol/types';
import { fromSavedHistory, metricsCsv, toSavedHistory } from './runExport';
import { createAppStore, type RunHistory } from './store';

const point = (step: number, elbo: number, run = 1): TrainPoint => ({ run, step, samples: step * 128, elbo, recon: elbo - 10, kl: 10, loss: -elbo, gradNorm: 2.5 });
const evalPoint = (step: number, elbo: number, run = 1): EvalPoint => ({
  run,
  step,
  samples: step * 128,
  elbo,
  recon: elbo - 20,
  kl: 20,
  klPerDim: [12, 8],
  activeUnits: 2,
  n: 1000,
  full: false,
});

function history(): RunHistory {
  return {
    run: 1,
    label: 'J=2, "wide", net',
    config: DEFAULT_CONFIG,
    points: [point(1, -540.25), point(2, Number.NaN)],
    evals: [evalPoint(2, -300.5), { ...evalPoint(3, -290), iwae: { k: 5, bound: -285.25 } }],
    divergences: [{ step: 2, samples: 256, restoredStep: 0 }],
  };
}

describe('run histories in run files', () => {
  it('survive a run file round trip, NaN included, under a new run number', () => {
    const h = history();
    const bytes = encodeRunFile({
      name: 'x',
      savedAt: '2026-11-22T00:00:00Z',
      config: DEFAULT_CONFIG,
      dataset: { kind: 'builtin', name: 'mnist' },
      checkpoint: { step: 2, samplesSeen: 256, optimizer: 'adam', weights: [{ shape: [1], values: new Float32Array([1]) }], optimizerState: [] },
      history: toSavedHistory(h),
    });
    const back = fromSavedHistory(decodeRunFile(bytes).history, 7);
    expect(back.points).toHaveLength(2);
    expect(back.points[0]).toEqual({ ...h.points[0]!, run: 7 });
    expect(back.points[1]!.elbo).toBeNaN();
    // The IWAE bound of a run trained with it comes back with its k.
    expect(back.evals).toEqual(h.evals.map((e) => ({ ...e, run: 7 })));
    expect(back.divergences).toEqual(h.divergences);
  });

  it('a loaded run shows its saved history, then the points it makes after', () => {
    const store = createAppStore();
    const cfg = DEFAULT_CONFIG;
    store.getState().handleEvent({ type: 'state', state: { run: 5, running: false, step: 2, samples: 256, epoch: 0, config: cfg, parameterCount: 1, stepIntervalMs: 0 } });
    // A point of the new run arrived before the history was adopted.
    store.getState().handleEvent({ type: 'metrics', points: [point(3, -250, 5)], klPerDim: null, samplesPerSec: null, tensors: 1, bytes: 1 });
    store.getState().adoptHistory(5, fromSavedHistory(toSavedHistory(history()), 5));
    const run = store.getState().runs.find((r) => r.run === 5)!;
    expect(run.points.map((p) => p.step)).toEqual([1, 2, 3]);
    expect(run.evals.map((e) => e.step)).toEqual([2, 3]);
    expect(run.divergences).toHaveLength(1);
  });
});

describe('metrics CSV', () => {
  it('has a header, one row per point, quoted labels, and empty cells for what does not apply', () => {
    const csv = metricsCsv([history()]);
    expect(csv.split('\n')).toEqual([
      'run,label,set,step,samples,elbo,recon,kl,loss,grad_norm,active_units,test_images,iwae_bound,iwae_k',
      '1,"J=2, ""wide"", net",train,1,128,-540.25,-550.25,10,540.25,2.5,,,,',
      '1,"J=2, ""wide"", net",train,2,256,,,10,,2.5,,,,',
      '1,"J=2, ""wide"", net",test,2,256,-300.5,-320.5,20,,,2,1000,,',
      '1,"J=2, ""wide"", net",test,3,384,-290,-310,20,,,2,1000,-285.25,5',
      '',
    ]);
  });
});
