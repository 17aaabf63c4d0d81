/**
 * Whether a saved run may be loaded on the data set loaded now, and what the page offers when
 * not: the run's own data set when it can be loaded here (a built-in set, or a user set kept
 * in this browser), else only the reason. Pure: the caller gives the stored sets.
 */
import type { Config } from '../core/config';
import { datasetMismatchMessage, describeRunDataset, needsSameDataset, runDatasetOf, type RunDataset } from '../core/runDataset';
import type { RunState } from '../protocol/types';

/** Where the page can get the run's data set from, to load the run on it. */
export type DatasetSwitch = { kind: 'builtin'; name: Config['dataset'] } | { kind: 'user'; hash: string; name: string };

export type RunDatasetCheck = { ok: true } | { ok: false; message: string; switchTo: DatasetSwitch | null };

/** The data set the model on the page trains on now (the settings' built-in set before the worker reports). */
export function currentRunDataset(runState: Pick<RunState, 'config' | 'userData'> | null, config: Config): RunDataset {
  return runDatasetOf(runState?.config.dataset ?? config.dataset, runState?.userData);
}

/**
 * Checks a run trained on `recorded` against `current`. `stored`: the user's data sets kept
 * in this browser (hash and count), to offer the run's own when it is among them.
 */
export function checkRunDataset(
  runName: string,
  recorded: RunDataset,
  current: RunDataset,
  stored: readonly { hash: string; n: number }[],
): RunDatasetCheck {
  if (!needsSameDataset(recorded, current)) return { ok: true };
  let switchTo: DatasetSwitch | null = null;
  if (recorded.kind === 'builtin') switchTo = { kind: 'builtin', name: recorded.name };
  else if (stored.some((s) => s.hash === recorded.hash && s.n === recorded.n)) switchTo = { kind: 'user', hash: recorded.hash, name: recorded.name };
  return { ok: false, message: datasetMismatchMessage(runName, recorded, current, switchTo !== null), switchTo };
}

/**
 * The settings a run is loaded with. On a user set the built-in name in the settings is kept
 * as it is in effect: the worker would otherwise load that built-in set and leave the user's.
 */
export function configForLoad(saved: Config, recorded: RunDataset, current: RunState | null): Config {
  return recorded.kind === 'user' && current ? { ...saved, dataset: current.config.dataset } : saved;
}

/**
 * Why a trained model ("Skip ahead"; they all learned MNIST) is not loaded on the data set
 * loaded now; null when it may be (a built-in set: its settings bring MNIST back).
 */
export function pretrainedRefusal(name: string, current: RunDataset): string | null {
  if (current.kind !== 'user') return null;
  return (
    `The trained model "${name}" learned the built-in MNIST, but the data set loaded now is ${describeRunDataset(current)}. ` +
    'A model is only evaluated on the data it learned, so it was not loaded and nothing changed. ' +
    'Go back to MNIST (the Your data tab) to load it.'
  );
}
