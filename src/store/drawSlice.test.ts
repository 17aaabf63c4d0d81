import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../core/config';
import type { DrawingAnalysis } from '../protocol/drawing';
import type { RunState } from '../protocol/types';
import type { DrawInput } from './drawSlice';
import { createAppStore } from './store';

const input = (version: number): DrawInput => ({
  x: new Float32Array(784),
  intensities: new Float32Array(784),
  source: 'drawing',
  testIndex: null,
  label: null,
  decoder: 'bernoulli',
  version,
});

describe('draw slice', () => {
  it('a run loaded from pretrained weights is labelled so in the run history', () => {
    const store = createAppStore();
    const st: RunState = { run: 2, running: false, step: 0, samples: 0, epoch: 0, config: DEFAULT_CONFIG, parameterCount: 1, origin: 'pretrained', stepIntervalMs: 0 };
    store.getState().handleEvent({ type: 'state', state: st });
    expect(store.getState().runs.at(-1)!.label).toMatch(/^pretrained: J = 2,/);
    store.getState().handleEvent({ type: 'state', state: { ...st, run: 3, origin: undefined } });
    expect(store.getState().runs.at(-1)!.label).toMatch(/^J = 2,/);
  });

  it('an empty pad clears every result; options merge', () => {
    const store = createAppStore();
    const s = store.getState();
    s.setDrawInput(input(1));
    s.setDrawAnalysis({ version: 1, requestedAt: 0, sentAt: 0, final: true } as unknown as DrawingAnalysis & { version: number; requestedAt: number; sentAt: number; final: boolean });
    s.setDrawIs({ k: 10, done: 10, estimate: -90, finished: true, cancelled: null, version: 1 });
    s.setDrawOptions({ isK: 5000 });
    expect(store.getState().drawOptions.gridN).toBe(61);
    expect(store.getState().drawOptions.isK).toBe(5000);
    store.getState().setDrawInput(null);
    const after = store.getState();
    expect(after.drawInput).toBeNull();
    expect(after.drawAnalysis).toBeNull();
    expect(after.drawIs).toBeNull();
    expect(after.drawPosterior).toBeNull();
  });
});
