/**
 * The user's own data sets on the page: keep the imported set in the browser, list and delete
 * saved ones, and make the training worker train on one (or on the built-in set again).
 */
import * as Comlink from 'comlink';
import { validateConfig, type Config } from '../core/config';
import type { UserDataset } from '../data/import/prepare';
import type { RunState } from '../protocol/types';
import { actionStore, workerApi } from './actions';
import { DatasetStore, type SavedDatasetMeta } from './datasetStore';
import { takeImport } from './importActions';
import type { DatasetSwitch } from './runDatasetCheck';
import { keepUnstoredCopy } from './recoveryData';

let datasets = new DatasetStore();

/** For tests: another store (e.g. on fake-indexeddb). */
export function setDatasetStoreForTests(s: DatasetStore): void {
  datasets = s;
}

export const listDatasets = (): Promise<SavedDatasetMeta[]> => datasets.list();
export const deleteDataset = (hash: string): Promise<void> => datasets.remove(hash);

/** The settings a user data set is trained with: the current ones, with the proposed decoder and latent size. */
export function configFor(base: Config, proposal: { decoder?: Config['decoder']; latentDim?: number }): Config {
  return { ...base, ...(proposal.decoder ? { decoder: proposal.decoder } : {}), ...(proposal.latentDim ? { latentDim: proposal.latentDim } : {}) };
}

/**
 * Trains on `set` from now on: a new run with `config`, then training starts. On any problem
 * (a bad set, an invalid config) this throws and the run in use stays. The set's arrays are
 * transferred to the worker (they are unusable here afterwards).
 */
export async function trainOnSet(set: UserDataset, config: Config): Promise<RunState> {
  const api = workerApi();
  if (!api) throw new Error('The training worker is not ready yet; try again in a moment.');
  const v = validateConfig(config);
  if (!v.ok) throw new Error(v.errors.map((e) => e.message).join('; '));
  const state = await api.useUserDataset(Comlink.transfer(set, [set.images.buffer, set.labels.buffer]), v.config);
  const store = actionStore().getState();
  store.setConfig(state.config);
  store.setPendingRebuild([]);
  await api.train();
  return state;
}

/** Trains on a saved data set (see trainOnSet). */
export async function trainOnDataset(hash: string, config: Config): Promise<RunState> {
  return trainOnSet(await datasets.read(hash), config);
}

/**
 * The imported set: kept in the browser, then trained on. A failed save (storage full) is
 * reported in `saveProblem` and training goes ahead on the set in memory; the page then keeps
 * a copy, so that a new worker after a failure can be given the set again.
 */
export async function keepAndTrainImported(config: Config): Promise<{ state: RunState; saveProblem: string | null }> {
  const set = await takeImport();
  let saveProblem: string | null = null;
  try {
    await datasets.save(set);
  } catch (e) {
    saveProblem = (e as Error).message;
    keepUnstoredCopy(set);
  }
  return { state: await trainOnSet(set, config), saveProblem };
}

/** Back to the built-in data set of the settings (a new run). */
export async function backToBuiltinData(): Promise<void> {
  const api = workerApi();
  if (!api) return;
  await api.useBuiltinDataset();
}

/**
 * Loads a run's own data set without training, so that the run can be loaded on it next: a
 * user set from this browser (a fresh model with `config` until the run replaces it), or the
 * built-in sets (the run's settings then name the one it loads).
 */
export async function switchDataset(to: DatasetSwitch, config: Config): Promise<void> {
  const api = workerApi();
  if (!api) throw new Error('The training worker is not ready yet; try again in a moment.');
  if (to.kind === 'builtin') {
    await api.useBuiltinDataset();
    return;
  }
  const set = await datasets.read(to.hash);
  const v = validateConfig(config);
  if (!v.ok) throw new Error(v.errors.map((e) => e.message).join('; '));
  await api.useUserDataset(Comlink.transfer(set, [set.images.buffer, set.labels.buffer]), v.config);
}
