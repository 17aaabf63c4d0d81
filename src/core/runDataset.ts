/**
 * Which data set a run trained on, as a run file records it: a built-in set by name, or one of
 * the user's own by name, image count and content hash (an FNV-1a of its images, labels and
 * class names, see data/import/hash.ts). A model is only evaluated on the data it learned:
 * loading a run while another data set is loaded is refused, and these functions say why in
 * words that name both sets. Pure TypeScript: no tfjs, no DOM.
 */
import './zodJitless';
import { z } from 'zod';
import { DATASETS, type DatasetName } from './config';

/** Most characters of a user data set's name in a run file. */
export const DATASET_NAME_LIMIT = 200;

export const runDatasetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('builtin'), name: z.enum(DATASETS) }),
  z.object({
    kind: z.literal('user'),
    name: z.string().min(1, 'must not be empty').max(DATASET_NAME_LIMIT, `must be at most ${DATASET_NAME_LIMIT} characters`),
    n: z.number().int('must be a whole number').min(1, 'must be at least 1').max(Number.MAX_SAFE_INTEGER),
    hash: z.string().regex(/^[0-9a-f]{8,64}$/, 'must be 8 to 64 hexadecimal digits'),
  }),
]);
export type RunDataset = z.infer<typeof runDatasetSchema>;
export type UserRunDataset = Extract<RunDataset, { kind: 'user' }>;

const BUILTIN_TITLES: Record<DatasetName, string> = { mnist: 'MNIST', fashion: 'Fashion-MNIST' };

/** The record of a built-in set. */
export function builtinDataset(name: DatasetName): RunDataset {
  return { kind: 'builtin', name };
}

/**
 * The data set a run trains on: the user's own when one is given, else the built-in set of its
 * settings (config.dataset means nothing while a user set is loaded).
 */
export function runDatasetOf(configDataset: DatasetName, user?: { name: string; n: number; hash: string } | null): RunDataset {
  return user ? { kind: 'user', name: user.name.slice(0, DATASET_NAME_LIMIT) || 'your data', n: user.n, hash: user.hash } : builtinDataset(configDataset);
}

/** 'the built-in MNIST' or 'your data set "shapes" (1,200 images, hash 0a1b2c3d)'. */
export function describeRunDataset(d: RunDataset): string {
  if (d.kind === 'builtin') return `the built-in ${BUILTIN_TITLES[d.name]}`;
  return `your data set "${d.name}" (${d.n.toLocaleString('en-US')} images, hash ${d.hash})`;
}

/** Two records name the same data: the same built-in set, or a user set with the same content (hash and count). */
export function sameRunDataset(a: RunDataset, b: RunDataset): boolean {
  if (a.kind === 'builtin' || b.kind === 'builtin') return a.kind === b.kind && a.name === b.name;
  return a.hash === b.hash && a.n === b.n;
}

/**
 * Whether a run trained on `recorded` may be loaded while `current` is loaded. Built-in sets
 * switch by themselves (the settings name the set, and loading the run loads it), so only a
 * user set on either side has to match.
 */
export function needsSameDataset(recorded: RunDataset, current: RunDataset): boolean {
  return (recorded.kind === 'user' || current.kind === 'user') && !sameRunDataset(recorded, current);
}

/**
 * Why a run is not loaded: both sets named, and what to do. `canSwitch`: the recorded set can
 * be loaded from this browser (a built-in one always can), so the page offers to.
 */
export function datasetMismatchMessage(runName: string, recorded: RunDataset, current: RunDataset, canSwitch: boolean): string {
  const head = `"${runName}" was trained on ${describeRunDataset(recorded)}, but the data set loaded now is ${describeRunDataset(current)}.`;
  const why = 'A model is only evaluated on the data it learned, so the run was not loaded and nothing changed.';
  const next =
    canSwitch || recorded.kind === 'builtin'
      ? `Switch to ${recorded.kind === 'builtin' ? `the built-in ${BUILTIN_TITLES[recorded.name]}` : `"${recorded.name}"`} to load it.`
      : `"${recorded.name}" is not kept in this browser: import it again (the Your data tab), then load the run.`;
  return `${head} ${why} ${next}`;
}
