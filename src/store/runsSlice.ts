import type { StateCreator } from 'zustand';
import type { SavedRunMeta } from '../client/runStore';
import type { AppState } from './store';

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
