import type { StateCreator } from 'zustand';
import type { AppState } from './store';

/** One saved run as listed (client/runStore.ts keeps the records and their bytes in IndexedDB). */
export interface SavedRunMeta {
  id: number;
  name: string;
  savedAt: string;
  step: number;
  samplesSeen: number;
  /** What the run is, e.g. "J=20, 512 relu, Bernoulli". */
  summary: string;
  /** Last test ELBO of the run, when it had one. */
  testElbo: number | null;
  bytes: number;
}

/** Saved runs (in IndexedDB) and the state of saving, loading and exporting. */
export interface RunsSlice {
  /** Saved runs, newest first; null until listed. */
  savedRuns: SavedRunMeta[] | null;
  /** Why browser storage cannot be used, when it cannot (the rest of the app goes on). */
  storageProblem: string | null;
  /** What is being done now ("Saving…"), for the status line; null when idle. */
  runIoBusy: string | null;
  /** The outcome of the last save, load or export, for the status line. */
  runIoMessage: { kind: 'ok' | 'error'; text: string } | null;
  setSavedRuns: (runs: SavedRunMeta[] | null, problem?: string | null) => void;
  setRunIo: (busy: string | null, message?: RunsSlice['runIoMessage']) => void;
}

export const createRunsSlice: StateCreator<AppState, [], [], RunsSlice> = (set) => ({
  savedRuns: null,
  storageProblem: null,
  runIoBusy: null,
  runIoMessage: null,
  setSavedRuns: (savedRuns, problem = null) => set({ savedRuns, storageProblem: problem }),
  setRunIo: (runIoBusy, message) => set(message === undefined ? { runIoBusy } : { runIoBusy, runIoMessage: message }),
});
