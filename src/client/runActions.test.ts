import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_CONFIG, type Config } from '../core/config';
import { decodeRunFile, encodeRunFile, type SavedRun } from '../core/runFile';
import type { RunDataset } from '../core/runDataset';
import type { UserDataset } from '../data/import/prepare';
import type { UserDatasetInfo } from '../protocol/import';
import type { RunState } from '../protocol/types';
import { useDatasetOfferStore } from '../store/datasetOfferStore';
import { createAppStore, type AppStore } from '../store/store';
import { DatasetStore } from './datasetStore';

/**
 * Loading a run checks the data set it trained on against the one loaded. The worker is a
 * fake that answers the way the real one does (session.ts): every data set change and every
 * loaded run is a new run; a loaded run whose settings name another built-in set loads that
 * set and leaves the user's.
 */
let store: AppStore;
let worker: FakeWorker;

class FakeWorker {
  run = 1;
  config: Config = DEFAULT_CONFIG;
  user: UserDatasetInfo | null = null;
  calls: string[] = [];
  state(): RunState {
    return { run: this.run, running: false, step: 0, samples: 0, epoch: 0, config: this.config, parameterCount: 1, stepIntervalMs: 0, ...(this.user ? { userData: this.user } : {}) };
  }
  private newRun(config: Config, user: UserDatasetInfo | null): RunState {
    this.run++;
    this.config = config;
    this.user = user;
    store.getState().handleEvent({ type: 'ready', nTrain: 1, nTest: 1, dataset: config.dataset, ...(user ? { user } : {}) });
    store.getState().handleEvent({ type: 'state', state: this.state() });
    return this.state();
  }
  useUserDataset = async (set: UserDataset, config: Config) => {
    this.calls.push(`useUserDataset ${set.name} ${set.hash}`);
    return this.newRun(config, { name: set.name, hash: set.hash, n: set.n, classNames: set.classNames });
  };
  useBuiltinDataset = async () => {
    this.calls.push('useBuiltinDataset');
    return this.newRun(this.config, null);
  };
  exportRun = async () => ({
    run: this.run,
    config: this.config,
    checkpoint: { step: 40, samplesSeen: 5120, optimizer: this.config.optimizer, weights: [{ shape: [2], values: new Float32Array([1, 2]) }], optimizerState: [] },
  });
  loadRun = async (config: Config, _cp: unknown, origin: string) => {
    this.calls.push(`loadRun ${config.dataset} ${origin}`);
    return this.newRun(config, config.dataset === this.config.dataset ? this.user : null);
  };
}

vi.mock('./actions', () => ({
  actionStore: () => store,
  workerApi: () => worker,
  rememberCheckpoint: () => {},
}));

// The saved runs' storage (RunStore) opens the global IndexedDB.
globalThis.indexedDB = new IDBFactory();
const { loadRunBytes, loadSavedRun, saveRunToBrowser } = await import('./runActions');
const { setDatasetStoreForTests } = await import('./datasetActions');
const { acceptDatasetSwitch } = await import('./datasetSwitch');

const shapes: RunDataset = { kind: 'user', name: 'shapes', n: 2, hash: '0a1b2c3d' };

function userSet(name: string, hash: string): UserDataset {
  return { name, hash, n: 2, images: new Uint8Array(2 * 784).fill(7), labels: new Uint8Array(2), classNames: [], testShare: 0.5, seed: 1 };
}

function runFile(dataset: RunDataset, config: Config = { ...DEFAULT_CONFIG, beta: 3 }): Uint8Array {
  const run: SavedRun = {
    name: 'my run',
    savedAt: '2026-12-03T10:00:00.000Z',
    config,
    dataset,
    checkpoint: { step: 40, samplesSeen: 5120, optimizer: config.optimizer, weights: [{ shape: [2], values: new Float32Array([1, 2]) }], optimizerState: [] },
    history: { points: [{ step: 40, samples: 5120, elbo: -200, recon: -190, kl: 10, loss: 200, gradNorm: 1 }], evals: [], divergences: [] },
  };
  return encodeRunFile(run);
}

let datasets: DatasetStore;

beforeEach(async () => {
  store = createAppStore();
  worker = new FakeWorker();
  store.getState().handleEvent({ type: 'state', state: worker.state() });
  datasets = new DatasetStore(() => new IDBFactory());
  setDatasetStoreForTests(datasets);
  useDatasetOfferStore.setState({ offer: null, busy: false });
});

/** Trains on a user set, as the Your data tab does. */
async function onUserSet(name: string, hash: string): Promise<void> {
  await worker.useUserDataset(userSet(name, hash), store.getState().config);
  worker.calls.length = 0;
}

describe('loading a run on the data set it trained on', () => {
  it('round trip through browser storage: saved on a user set, refused on another, loaded again on its own', async () => {
    await onUserSet('shapes', '0a1b2c3d');
    await saveRunToBrowser('kept');
    const meta = store.getState().savedRuns?.find((r) => r.name === 'kept');
    expect(meta?.summary).toMatch(/your data "shapes" \(2 images, hash 0a1b2c3d\)/);
    await onUserSet('letters', 'ffee0011');
    await loadSavedRun(meta!.id, 'kept');
    expect(store.getState().runIoMessage).toMatchObject({ kind: 'error', text: expect.stringMatching(/"kept" was trained on your data set "shapes".*loaded now is your data set "letters"/) });
    expect(worker.calls).toEqual([]);
    await onUserSet('shapes', '0a1b2c3d');
    await loadSavedRun(meta!.id, 'kept');
    expect(worker.calls).toEqual(['loadRun mnist loaded "kept"']);
    expect(store.getState().runIoMessage).toMatchObject({ kind: 'ok', text: expect.stringMatching(/^Loaded "kept" \(step 40, .*, on your data set "shapes" \(2 images, hash 0a1b2c3d\)\)\. Press Train/) });
  });

  it('a run file on a user set loads on that set and keeps it, whatever built-in set its settings name', async () => {
    await onUserSet('shapes', '0a1b2c3d');
    const bytes = runFile({ kind: 'user', name: 'shapes', n: 2, hash: '0a1b2c3d' }, { ...DEFAULT_CONFIG, dataset: 'fashion' });
    expect(decodeRunFile(bytes).dataset).toEqual(shapes);
    await loadRunBytes(bytes, 'my.vaerun');
    // The settings' built-in name is the one in effect: the worker did not swap in Fashion-MNIST.
    expect(worker.calls).toEqual(['loadRun mnist loaded "my run"']);
    expect(store.getState().runState?.userData?.hash).toBe('0a1b2c3d');
    expect(store.getState().userDataset?.name).toBe('shapes');
  });

  it('refuses a user-set run while another set is loaded: both named, the worker not asked, nothing changed', async () => {
    await onUserSet('letters', 'ffee0011');
    const before = { runState: store.getState().runState, config: store.getState().config, runs: store.getState().runs, user: store.getState().userDataset };
    await expect(loadRunBytes(runFile(shapes), 'my.vaerun', { source: 'runs', retry: async () => {} })).rejects.toThrow(
      /"my run" was trained on your data set "shapes" \(2 images, hash 0a1b2c3d\), but the data set loaded now is your data set "letters" \(2 images, hash ffee0011\)\..*not kept in this browser/,
    );
    expect(worker.calls).toEqual([]);
    const after = store.getState();
    expect({ runState: after.runState, config: after.config, runs: after.runs, user: after.userDataset }).toEqual(before);
    // Not kept in this browser: no switch to offer.
    expect(useDatasetOfferStore.getState().offer).toBeNull();
  });

  it('refuses a user-set run on the built-in set, and offers the set kept in this browser; the switch loads it', async () => {
    await datasets.save(userSet('shapes', '0a1b2c3d'));
    const bytes = runFile(shapes);
    let retries = 0;
    const retry = async () => {
      retries++;
      await loadRunBytes(bytes, 'my.vaerun');
    };
    await expect(loadRunBytes(bytes, 'my.vaerun', { source: 'runs', retry })).rejects.toThrow(/loaded now is the built-in MNIST.*Switch to "shapes" to load it/);
    expect(worker.calls).toEqual([]);
    expect(useDatasetOfferStore.getState().offer).toMatchObject({ source: 'runs', label: 'Switch to "shapes" and load the run' });
    await acceptDatasetSwitch();
    expect(retries).toBe(1);
    expect(worker.calls).toEqual(['useUserDataset shapes 0a1b2c3d', 'loadRun mnist loaded "my run"']);
    expect(store.getState().runState?.userData?.hash).toBe('0a1b2c3d');
    expect(store.getState().runState?.config.beta).toBe(3);
    expect(useDatasetOfferStore.getState().offer).toBeNull();
  });

  it('refuses a built-in run while a user set is loaded, and offers the built-in set', async () => {
    await onUserSet('shapes', '0a1b2c3d');
    const bytes = runFile({ kind: 'builtin', name: 'mnist' });
    await expect(loadRunBytes(bytes, 'my.vaerun', { source: 'autosave', retry: () => loadRunBytes(bytes, 'my.vaerun') })).rejects.toThrow(
      /trained on the built-in MNIST, but the data set loaded now is your data set "shapes"/,
    );
    expect(useDatasetOfferStore.getState().offer).toMatchObject({ source: 'autosave', label: 'Switch to the built-in MNIST and load the run' });
    await acceptDatasetSwitch();
    expect(worker.calls).toEqual(['useBuiltinDataset', 'loadRun mnist loaded "my run"']);
    expect(store.getState().runState?.userData).toBeUndefined();
  });

  it('loads a built-in run on another built-in set without asking (the settings switch the set)', async () => {
    await loadRunBytes(runFile({ kind: 'builtin', name: 'fashion' }, { ...DEFAULT_CONFIG, dataset: 'fashion' }), 'f.vaerun');
    expect(worker.calls).toEqual(['loadRun fashion loaded "my run"']);
  });
});
