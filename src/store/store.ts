import { create, type StateCreator } from 'zustand';
import { DEFAULT_CONFIG, formatSetting, settingLabel, validateSetting, type Config, type DatasetName, type SettingKey } from '../core/config';
import type { BackendInfo, EvalPoint, RunState, TrainPoint, WorkerEvent } from '../protocol/types';
import type { UserDatasetInfo } from '../protocol/import';
import { TEST_IMAGES, TRAIN_IMAGES } from '../shared/datasets';
import { appendBounded } from './history';
import { recordSettingChange, type SettingChange } from './settingChanges';
import { createLatentSlice, type LatentSlice } from './latentSlice';
import { createDrawSlice, type DrawSlice } from './drawSlice';
import { createRunsSlice, type RunsSlice } from './runsSlice';
import { createLabSlice, type LabSlice } from './labSlice';
import { createUiSlice, type UiSlice } from './uiSlice';
import { createInferenceSlice, type InferenceSlice } from './inferenceSlice';

/** Plain serializable state only: no Worker, no tensor, no proxy (those live in client/). */

export interface RunHistory {
  run: number;
  /** What distinguishes this run, e.g. "J = 2, 512 relu, Bernoulli". */
  label: string;
  config: Config;
  points: TrainPoint[];
  evals: EvalPoint[];
  /** Where training diverged (and was rolled back), for the chart. */
  divergences: { step: number; samples: number; restoredStep: number }[];
  /** Live settings changed during the run, where they took effect (absent: none recorded). */
  settingChanges?: readonly SettingChange[];
}

export interface DataSlice {
  progress: { loaded: number; total: number } | null;
  dataReady: boolean;
  /** Training images in the data set (for epochs). */
  nTrain: number;
  /** Test images of the loaded data set: indices of test images run from 0 to nTest − 1. */
  nTest: number;
  /** The data set the worker has loaded and trains on. */
  datasetName: DatasetName;
  /** The user's own data set the worker trains on instead of `datasetName`, when one. */
  userDataset: UserDatasetInfo | null;
  dataError: string | null;
}

export interface BackendSlice {
  backend: BackendInfo | null;
}

export interface ConfigSlice {
  /** What the controls show (valid values only). */
  config: Config;
  /** Invalid inputs by field, with the message shown beside the control. */
  fieldErrors: Partial<Record<SettingKey, string>>;
  /** Settings changed in the controls that need a rebuild, awaiting confirmation. */
  pendingRebuild: SettingKey[];
  setFieldError: (key: SettingKey, message: string | null) => void;
  setConfig: (config: Config) => void;
  setPendingRebuild: (keys: SettingKey[]) => void;
}

export interface TrainingSlice {
  runState: RunState | null;
  samplesPerSec: number | null;
  tensors: number | null;
  tensorBytes: number | null;
  /** Step of the last checkpoint the page holds (to resume after a worker failure). */
  checkpointStep: number | null;
  /** Latest analytic KL per latent dimension on training batches. */
  klPerDim: number[] | null;
  runs: RunHistory[];
  /** Messages for the alert region, newest last. */
  errors: string[];
  notices: string[];
  dismissError: (i: number) => void;
  pushError: (message: string) => void;
  pushNotice: (message: string) => void;
  /** Applies one event from the worker. */
  handleEvent: (e: WorkerEvent) => void;
  /**
   * A loaded run continues its saved history: the saved points come first, then any points
   * of the run that arrived since (those after the saved ones).
   */
  adoptHistory: (run: number, saved: Pick<RunHistory, 'points' | 'evals' | 'divergences'>) => void;
}

export type AppState = DataSlice & BackendSlice & ConfigSlice & TrainingSlice & LatentSlice & DrawSlice & RunsSlice & LabSlice & UiSlice & InferenceSlice;

export const createDataSlice: StateCreator<AppState, [], [], DataSlice> = () => ({
  progress: null,
  dataReady: false,
  nTrain: TRAIN_IMAGES,
  nTest: TEST_IMAGES,
  datasetName: 'mnist',
  userDataset: null,
  dataError: null,
});

export const createBackendSlice: StateCreator<AppState, [], [], BackendSlice> = () => ({
  backend: null,
});

export const createConfigSlice: StateCreator<AppState, [], [], ConfigSlice> = (set) => ({
  config: DEFAULT_CONFIG,
  fieldErrors: {},
  pendingRebuild: [],
  setFieldError: (key, message) =>
    set((s) => {
      const fieldErrors = { ...s.fieldErrors };
      if (message) fieldErrors[key] = message;
      else delete fieldErrors[key];
      return { fieldErrors };
    }),
  setConfig: (config) => set({ config }),
  setPendingRebuild: (pendingRebuild) => set({ pendingRebuild }),
});

/** A short label of a config's network (for run legends): "J = 20, 512 relu, Bernoulli". */
export function describeConfig(c: Config): string {
  const parts = [settingLabel('latentDim', c.latentDim), `${formatSetting('hidden', c.hidden)} ${c.activation}`, c.decoder === 'gaussian' ? 'Gaussian' : 'Bernoulli'];
  return parts.join(', ');
}

function withRun(runs: RunHistory[], state: RunState): RunHistory[] {
  if (runs.some((r) => r.run === state.run)) {
    return runs.map((r) =>
      r.run === state.run
        ? { ...r, config: state.config, settingChanges: recordSettingChange(r.settingChanges ?? [], r.config, state.config, state.step, state.samples) }
        : r,
    );
  }
  const label = state.origin ? `${state.origin}: ${describeConfig(state.config)}` : describeConfig(state.config);
  const fresh: RunHistory = { run: state.run, label, config: state.config, points: [], evals: [], divergences: [] };
  // Keep the last few earlier runs for comparison.
  return [...runs.filter((r) => r.points.length > 0).slice(-4), fresh];
}

export const createTrainingSlice: StateCreator<AppState, [], [], TrainingSlice> = (set) => ({
  runState: null,
  samplesPerSec: null,
  tensors: null,
  tensorBytes: null,
  klPerDim: null,
  checkpointStep: null,
  runs: [],
  errors: [],
  notices: [],
  dismissError: (i) => set((s) => ({ errors: s.errors.filter((_, j) => j !== i) })),
  pushError: (message) => set((s) => ({ errors: [...s.errors.slice(-4), message] })),
  pushNotice: (message) => set((s) => ({ notices: [...s.notices.slice(-6), message] })),
  adoptHistory: (run, saved) =>
    set((s) => ({
      runs: s.runs.map((r) => {
        if (r.run !== run) return r;
        const lastStep = saved.points.at(-1)?.step ?? -1;
        const lastEval = saved.evals.at(-1)?.step ?? -1;
        return {
          ...r,
          points: appendBounded(saved.points, r.points.filter((p) => p.step > lastStep)),
          evals: appendBounded(saved.evals, r.evals.filter((e) => e.step > lastEval)),
          divergences: [...saved.divergences, ...r.divergences],
        };
      }),
    })),
  handleEvent: (e) =>
    set((s): Partial<AppState> => {
      switch (e.type) {
        case 'progress':
          return { progress: { loaded: e.loaded, total: e.total } };
        case 'ready':
          return { dataReady: true, progress: null, nTrain: e.nTrain, nTest: e.nTest, datasetName: e.dataset, userDataset: e.user ?? null };
        case 'backend':
          return { backend: e.info };
        case 'state':
          return {
            runState: e.state,
            runs: withRun(s.runs, e.state),
            samplesPerSec: e.state.running ? s.samplesPerSec : null,
          };
        case 'metrics': {
          const runs =
            e.points.length === 0
              ? s.runs
              : s.runs.map((r) => {
                  const mine = e.points.filter((p) => p.run === r.run);
                  return mine.length ? { ...r, points: appendBounded(r.points, mine) } : r;
                });
          // The step counter moves with the figures read back, not only on state changes.
          const last = e.points.at(-1);
          const runState =
            s.runState && last && last.run === s.runState.run
              ? { ...s.runState, step: last.step, samples: last.samples, epoch: last.samples / s.nTrain }
              : s.runState;
          return {
            runs,
            runState,
            samplesPerSec: e.samplesPerSec ?? s.samplesPerSec,
            klPerDim: e.klPerDim ?? s.klPerDim,
            tensors: e.tensors,
            tensorBytes: e.bytes,
          };
        }
        case 'eval':
          return { runs: s.runs.map((r) => (r.run === e.point.run ? { ...r, evals: appendBounded(r.evals, [e.point]) } : r)) };
        case 'diverged':
          return {
            errors: [...s.errors.slice(-4), e.message],
            // The steps after the restored one trained weights that were thrown away, and the
            // worker takes them again: drop their figures (the marker shows where it
            // happened), so the figures and the step counter are those of the restored weights.
            runState: s.runState && s.runState.run === e.run ? { ...s.runState, step: e.restoredStep } : s.runState,
            runs: s.runs.map((r) =>
              r.run === e.run
                ? {
                    ...r,
                    points: r.points.filter((p) => p.step <= e.restoredStep),
                    evals: r.evals.filter((v) => v.step <= e.restoredStep),
                    divergences: [...r.divergences, { step: e.step, samples: e.samples, restoredStep: e.restoredStep }],
                  }
                : r,
            ),
          };
        case 'checkpoint':
          // The arrays stay in client/ (megabytes); the store keeps only which step they are.
          return { checkpointStep: e.checkpoint.step };
        case 'error':
          return { errors: [...s.errors.slice(-4), e.message], ...(s.dataReady ? {} : { dataError: e.message }) };
      }
    }),
});

export function createAppStore() {
  return create<AppState>()((...a) => ({
    ...createDataSlice(...a),
    ...createBackendSlice(...a),
    ...createConfigSlice(...a),
    ...createTrainingSlice(...a),
    ...createLatentSlice(...a),
    ...createDrawSlice(...a),
    ...createRunsSlice(...a),
    ...createLabSlice(...a),
    ...createUiSlice(...a),
    ...createInferenceSlice(...a),
  }));
}

/** The app's one store. Tests build their own with createAppStore(). */
export const useAppStore = createAppStore();

export type AppStore = ReturnType<typeof createAppStore>;

/** Validation of one control's raw value, shared by the controls. */
export { validateSetting };
