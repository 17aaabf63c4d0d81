import { beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_CONFIG, type Config } from '../core/config';
import type { PretrainedInfo } from '../protocol/drawing';
import { createAppStore, type AppStore } from '../store/store';

/**
 * The set-up is applied through the controls' actions only. The actions are replaced by a
 * fake worker that answers the way the real one does: a state event with the config in
 * effect, a new run on a rebuild, a reset or a pretrained model.
 */
let store: AppStore;
let run = 1;
const calls: string[] = [];

function state(config: Config, newRun = false, origin?: string): void {
  if (newRun) run += 1;
  store.getState().handleEvent({ type: 'state', state: { run, running: false, step: 0, samples: 0, epoch: 0, config, parameterCount: 1, stepIntervalMs: 0, ...(origin ? { origin } : {}) } });
}

vi.mock('./actions', () => ({
  actionStore: () => store,
  connectedWorker: async () => ({}),
  reportError: (e: Error) => store.getState().pushError(e.message),
  applyConfig: (c: Config) => {
    calls.push('applyConfig');
    store.getState().setConfig(c);
    // Live settings take effect at once; network ones wait for confirmRebuild.
    const inEffect = store.getState().runState!.config;
    if (c.latentDim === inEffect.latentDim && c.dataset === inEffect.dataset) setTimeout(() => state(c));
  },
  confirmRebuild: () => {
    calls.push('confirmRebuild');
    setTimeout(() => state(store.getState().config, true));
  },
  reset: () => {
    calls.push('reset');
    setTimeout(() => state(store.getState().runState!.config, true));
  },
  train: () => calls.push('train'),
  pause: () => calls.push('pause'),
}));

const J2: Config = { ...DEFAULT_CONFIG, latentDim: 2 };
vi.mock('./drawActions', () => ({
  loadPretrained: async (name: string): Promise<PretrainedInfo> => {
    calls.push(`loadPretrained ${name}`);
    state(J2, true, 'pretrained');
    const info = { name, config: J2, samples: 1, testElbo: null, dtype: 'int8', bytes: 1, run } as PretrainedInfo;
    store.getState().setPretrained(null, info);
    return info;
  },
  loadTestDigit: async (i: number) => {
    calls.push(`loadTestDigit ${i}`);
    return { index: i };
  },
}));

vi.mock('../app/views', () => ({ showView: (id: string) => calls.push(`showView ${id}`) }));

const { applySetup } = await import('./guideActions');

beforeEach(() => {
  store = createAppStore();
  run = 1;
  calls.length = 0;
  store.getState().handleEvent({ type: 'ready', nTrain: 60000, nTest: 10000, dataset: 'mnist' });
  state({ ...DEFAULT_CONFIG, latentDim: 20 });
});

describe('applying a stop set-up', () => {
  it('applies live settings without a new model, then the digit, then trains', async () => {
    expect(await applySetup({ settings: { beta: 2 }, testDigit: 3, train: true })).toBe(true);
    expect(calls).toEqual(['applyConfig', 'loadTestDigit 3', 'train']);
    expect(store.getState().runState!.config.beta).toBe(2);
    expect(store.getState().runState!.run).toBe(1);
  });

  it('rebuilds for a network setting (fresh weights come with it), then trains the new model', async () => {
    expect(await applySetup({ settings: { latentDim: 2 }, fresh: true, train: true })).toBe(true);
    expect(calls).toEqual(['applyConfig', 'confirmRebuild', 'train']);
    expect(store.getState().runState!.config.latentDim).toBe(2);
    expect(store.getState().runState!.run).toBe(2);
  });

  it('resets for fresh weights when the network stays', async () => {
    expect(await applySetup({ fresh: true, train: false })).toBe(true);
    expect(calls).toEqual(['applyConfig', 'reset', 'pause']);
    expect(store.getState().runState!.run).toBe(2);
  });

  it('loads a pretrained model once: not again while its run is in effect', async () => {
    expect(await applySetup({ pretrained: 'mnist-j2' })).toBe(true);
    expect(await applySetup({ pretrained: 'mnist-j2', settings: { beta: 1.5 } })).toBe(true);
    expect(calls).toEqual(['loadPretrained mnist-j2', 'applyConfig', 'applyConfig']);
    expect(store.getState().runState!.config).toMatchObject({ latentDim: 2, beta: 1.5 });
  });

  it('refuses an invalid set-up with a message and changes nothing', async () => {
    const before = store.getState().runState;
    expect(await applySetup({ settings: { batchSize: 0 }, train: true })).toBe(false);
    expect(calls).toEqual([]);
    expect(store.getState().runState).toBe(before);
    expect(store.getState().errors.at(-1)).toMatch(/Batch size M must be at least 1/);
  });
});
