import type { StateCreator } from 'zustand';
import {
  DEFAULT_CHAIN_SETTINGS,
  type ChainSettings,
  type ChainSnapshot,
  type GapsRequest,
  type GapsResult,
  type JobProgress,
  type LabGrid,
  type LabImages,
  type MarginalRequest,
  type MarginalResult,
} from '../protocol/inference';
import type { AppState } from './store';

/** Where the posterior lab takes its image from: the drawing pad's current input, or a test digit. */
export type InferenceSource = 'drawing' | 'test';

export interface JobState<R> {
  running: boolean;
  progress: JobProgress | null;
  result: R | null;
  error: string | null;
}

/** The gaps' settings in the panel: a request without its image and seed (the lab's seed is used). */
export type GapsOptions = Omit<GapsRequest, 'x' | 'seed'>;

/** The marginal-likelihood settings in the panel: a request without its image and seed. */
export type MarginalOptions = Omit<MarginalRequest, 'x' | 'seed'>;

export interface GapsAverage {
  /** Test-set indices of the images. */
  indices: number[];
  amortization: { mean: number; se: number };
  approximation: { mean: number; se: number };
  /** The model's step when measured (to track it through training). */
  step: number;
}

const idle = <R>(): JobState<R> => ({ running: false, progress: null, result: null, error: null });

export interface InferenceSlice {
  inferenceSource: InferenceSource;
  inferenceIndex: number;
  chainSettings: ChainSettings;
  /** The two latent dimensions of the scatter (0-based). */
  inferenceDims: [number, number];
  chainSnapshot: ChainSnapshot | null;
  /** The image the chains (and the last jobs) were started on, in words. */
  chainInput: string | null;
  labGrid: LabGrid | null;
  labImages: LabImages | null;
  /** A refused setting or a failed request, in words. */
  inferenceError: string | null;
  gapsOptions: GapsOptions;
  marginalOptions: MarginalOptions;
  gapsJob: JobState<GapsResult>;
  /** The gaps averaged over a sample of test images: mean and standard error over the images. */
  gapsAverage: JobState<GapsAverage>;
  marginalJob: JobState<MarginalResult>;
  setInferenceSource: (source: InferenceSource, index?: number) => void;
  setChainSettings: (o: Partial<ChainSettings>) => void;
  setInferenceDims: (dims: [number, number]) => void;
  setChainSnapshot: (s: ChainSnapshot | null) => void;
  setChainInput: (what: string | null) => void;
  setLabGrid: (g: LabGrid | null) => void;
  setLabImages: (i: LabImages | null) => void;
  setInferenceError: (message: string | null) => void;
  setGapsOptions: (o: Partial<GapsOptions>) => void;
  setMarginalOptions: (o: Partial<MarginalOptions>) => void;
  setGapsJob: (o: Partial<JobState<GapsResult>>) => void;
  setGapsAverage: (o: Partial<JobState<GapsAverage>>) => void;
  setMarginalJob: (o: Partial<JobState<MarginalResult>>) => void;
}

export const createInferenceSlice: StateCreator<AppState, [], [], InferenceSlice> = (set) => ({
  inferenceSource: 'drawing',
  inferenceIndex: 0,
  chainSettings: { ...DEFAULT_CHAIN_SETTINGS },
  inferenceDims: [0, 1],
  chainSnapshot: null,
  chainInput: null,
  labGrid: null,
  labImages: null,
  inferenceError: null,
  gapsOptions: { fitSteps: 300, k: 5000 },
  marginalOptions: { repeats: 3, k: 2000, chains: 4, warmup: 100, draws: 250, leapfrogSteps: 5 },
  gapsJob: idle(),
  gapsAverage: idle(),
  marginalJob: idle(),
  setInferenceSource: (inferenceSource, index) => set((s) => ({ inferenceSource, inferenceIndex: index ?? s.inferenceIndex })),
  setChainSettings: (o) => set((s) => ({ chainSettings: { ...s.chainSettings, ...o } })),
  setInferenceDims: (inferenceDims) => set({ inferenceDims }),
  setChainSnapshot: (chainSnapshot) => set({ chainSnapshot }),
  setChainInput: (chainInput) => set({ chainInput }),
  setLabGrid: (labGrid) => set({ labGrid }),
  setLabImages: (labImages) => set({ labImages }),
  setInferenceError: (inferenceError) => set({ inferenceError }),
  setGapsOptions: (o) => set((s) => ({ gapsOptions: { ...s.gapsOptions, ...o } })),
  setMarginalOptions: (o) => set((s) => ({ marginalOptions: { ...s.marginalOptions, ...o } })),
  setGapsJob: (o) => set((s) => ({ gapsJob: { ...s.gapsJob, ...o } })),
  setGapsAverage: (o) => set((s) => ({ gapsAverage: { ...s.gapsAverage, ...o } })),
  setMarginalJob: (o) => set((s) => ({ marginalJob: { ...s.marginalJob, ...o } })),
});
