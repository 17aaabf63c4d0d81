/**
 * What the page shows of the autosave (client/autosave.ts): whether it is on, the run it
 * offers to restore after a reload, and what the last save cost. Plain data; a small store of
 * its own, beside the app's.
 */
import { create } from 'zustand';

/** The autosave's description, stored beside it: what the offer to restore says. */
export interface AutosaveMeta {
  savedAt: string;
  step: number;
  samplesSeen: number;
  /** What the run is, e.g. "J=20, 512 relu, Bernoulli". */
  summary: string;
  bytes: number;
}

export interface AutosaveState {
  enabled: boolean;
  /** An autosave from an earlier visit, offered until restored or dismissed. */
  offer: AutosaveMeta | null;
  /** The last save: when, which step, its size and the main-thread time it took. */
  last: { at: string; step: number; bytes: number; ms: number } | null;
  /** Why autosave is not saving (storage full, a run too large), or null. */
  problem: string | null;
  /** Restoring: the offer's buttons wait. */
  restoring: boolean;
}

export const useAutosaveStore = create<AutosaveState>()(() => ({ enabled: true, offer: null, last: null, problem: null, restoring: false }));
