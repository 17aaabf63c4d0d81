/**
 * What a new training worker is given after the old one failed, when the run trained on the
 * user's own data set: the same set again, read from this browser's storage, or from the copy
 * the page keeps of a set that could not be stored there. When neither has it, the new worker
 * goes back to the built-in set, and the run's checkpoint is not restored on it (a model is
 * only evaluated on the data it learned); the page says why.
 */
import type { UserDataset } from '../data/import/prepare';
import type { UserDatasetInfo } from '../protocol/import';
import type { CheckpointArrays } from '../core/serialize';
import { DatasetStore } from './datasetStore';

/** Where the page can find a user set again. */
export interface UserSetSources {
  /** The set the page keeps itself (one that could not be stored in the browser), when it is this one. */
  kept(hash: string): UserDataset | null;
  /** A set kept in this browser's storage; rejects when it is not there. */
  read(hash: string): Promise<UserDataset>;
}

/** The new worker's data: `set` (null: the built-in set of the settings), and why the user's set was lost, if it was. */
export interface RecoveryData {
  set: UserDataset | null;
  lost: string | null;
}

/** Decides what the new worker trains on, given the user set the failed worker trained on (none: the built-in set). */
export async function dataForNewWorker(user: UserDatasetInfo | null | undefined, sources: UserSetSources): Promise<RecoveryData> {
  if (!user) return { set: null, lost: null };
  const kept = sources.kept(user.hash);
  if (kept) return { set: kept, lost: null };
  let why: string;
  try {
    const set = await sources.read(user.hash);
    if (set.hash === user.hash && set.n === user.n) return { set, lost: null };
    why = `the stored set with its hash holds ${set.n.toLocaleString('en-US')} images, not ${user.n.toLocaleString('en-US')}`;
  } catch (e) {
    why = (e as Error).message ?? String(e);
  }
  return { set: null, lost: `your data set "${user.name}" could not be given to it (${why})` };
}

/** A set trained on that could not be stored in the browser: the page's own copy (a user set is at most tens of MB). */
let keptCopy: UserDataset | null = null;

/** Keeps a copy of `set` on the page (its arrays are about to go to the worker), or forgets it (null). */
export function keepUnstoredCopy(set: UserDataset | null): void {
  keptCopy = set ? { ...set, images: set.images.slice(), labels: set.labels.slice(), classNames: [...set.classNames] } : null;
}

let storage: DatasetStore | null = null;

/** The page's sources: its own copy, then this browser's storage. */
export const pageUserSets: UserSetSources = {
  kept: (hash) => (keptCopy?.hash === hash ? keptCopy : null),
  read: (hash) => (storage ??= new DatasetStore()).read(hash),
};

/** A checkpoint of a run, from the failed worker's last export or from the autosave. */
export interface RunCheckpoint {
  run: number;
  checkpoint: CheckpointArrays;
}

/**
 * What a new worker resumes from: of the failed worker's last checkpoint and the autosave, the
 * one of run `run` at the later step (the worker exports one every CHECKPOINT_EXPORT_MS of
 * training, the autosave every few seconds: either may be the newer); null when neither is of
 * that run.
 */
export function newestCheckpoint(run: number | undefined, ...candidates: (RunCheckpoint | null | undefined)[]): RunCheckpoint | null {
  let best: RunCheckpoint | null = null;
  for (const c of candidates) {
    if (!c || c.run !== run) continue;
    if (!best || c.checkpoint.step > best.checkpoint.step) best = c;
  }
  return best;
}
