import type { StateCreator } from 'zustand';
import type { DecoderFamily } from '../core/config';
import type { Corruption } from '../data/corrupt';
import type { DrawingAnalysis, InpaintResult, PosteriorResult, PretrainedInfo, PretrainedName } from '../protocol/drawing';
import type { AppState } from './store';

/** What the model is given: a preprocessed drawing, or a test digit. */
export interface DrawInput {
  /** The model input x (784 values; binarized for the Bernoulli decoder). */
  x: Float32Array;
  /** The 28×28 intensities before binarization (the preprocessed drawing, or the test digit). */
  intensities: Float32Array;
  source: 'drawing' | 'test';
  /** For a test digit: its index and label. */
  testIndex: number | null;
  label: number | null;
  /** The decoder family x was made for (binarized for Bernoulli). */
  decoder: DecoderFamily;
  /** Increases with every new input, so that late answers for an older input are dropped. */
  version: number;
}

export interface IsState {
  k: number;
  done: number;
  /** The estimate over the samples done so far. */
  estimate: number | null;
  finished: boolean;
  cancelled: string | null;
  /** The input version it belongs to. */
  version: number;
  /**
   * The model the finished estimate ran on: its step and the drawing's ELBO under it (computed
   * by the same request), so that the gap log p(x) − ELBO compares figures of one model.
   */
  at?: { step: number; elbo: number } | null;
}

export const IS_K_CHOICES = [100, 500, 1000, 2000, 5000] as const;
/** Grid sizes offered. 61 (Δ ≈ 0.13) already integrates posteriors with s.d. ≥ Δ/2 to better than 0.1 %. */
export const GRID_N_CHOICES = [61, 101, 151, 201] as const;

export interface DrawOptions {
  /** Importance samples for log p(x). */
  isK: number;
  /** Cells per side of the true-posterior grid (J = 2). */
  gridN: number;
  inpaintSteps: number;
  /** Seeds ε of the posterior samples; "Resample" changes it. */
  seed: number;
}

/**
 * The drawing worker (src/worker/drawWorker.ts): starting, holding a copy of the model of
 * `run` at `step` (null before its first copy), or off, with why (the training worker then
 * answers the pad).
 */
export type DrawWorkerStatus = { state: 'starting' } | { state: 'ready'; run: number | null; step: number | null } | { state: 'off'; reason: string };

export interface DrawSlice {
  /** null: the pad is empty ("Draw something"). */
  drawInput: DrawInput | null;
  /** The encoder's answer for drawInput (null while none has arrived for it). */
  /**
   * requestedAt: when the input was made (performance.now(), the pen lifting for a stroke's
   * end); sentAt: when its request left the page (ms since the epoch, like startedAt).
   */
  drawAnalysis: (DrawingAnalysis & { version: number; requestedAt: number; sentAt: number; final: boolean }) | null;
  drawIs: IsState | null;
  drawPosterior: (PosteriorResult & { version: number }) | null;
  drawInpaint: (InpaintResult & { corruption: Corruption | 'mask'; version: number }) | null;
  drawOptions: DrawOptions;
  /** A pretrained model being loaded (its name), the last one loaded, and a load failure. */
  pretrainedLoading: PretrainedName | null;
  pretrainedInfo: PretrainedInfo | null;
  drawWorker: DrawWorkerStatus;
  setDrawInput: (input: DrawInput | null) => void;
  setDrawAnalysis: (a: DrawSlice['drawAnalysis']) => void;
  setDrawIs: (s: IsState | null) => void;
  setDrawPosterior: (p: DrawSlice['drawPosterior']) => void;
  setDrawInpaint: (r: DrawSlice['drawInpaint']) => void;
  setDrawOptions: (o: Partial<DrawOptions>) => void;
  setPretrained: (loading: PretrainedName | null, info?: PretrainedInfo | null) => void;
  setDrawWorker: (s: DrawWorkerStatus) => void;
}

export const createDrawSlice: StateCreator<AppState, [], [], DrawSlice> = (set) => ({
  drawInput: null,
  drawAnalysis: null,
  drawIs: null,
  drawPosterior: null,
  drawInpaint: null,
  drawOptions: { isK: 1000, gridN: 61, inpaintSteps: 8, seed: 1 },
  pretrainedLoading: null,
  pretrainedInfo: null,
  drawWorker: { state: 'starting' },
  // A new input (or none) makes every result of the previous one stale.
  setDrawInput: (drawInput) => set({ drawInput, ...(drawInput ? {} : { drawAnalysis: null, drawIs: null, drawPosterior: null, drawInpaint: null }) }),
  setDrawAnalysis: (drawAnalysis) => set({ drawAnalysis }),
  setDrawIs: (drawIs) => set({ drawIs }),
  setDrawPosterior: (drawPosterior) => set({ drawPosterior }),
  setDrawInpaint: (drawInpaint) => set({ drawInpaint }),
  setDrawOptions: (o) => set((s) => ({ drawOptions: { ...s.drawOptions, ...o } })),
  setPretrained: (pretrainedLoading, info) => set((s) => ({ pretrainedLoading, pretrainedInfo: info === undefined ? s.pretrainedInfo : info })),
  setDrawWorker: (drawWorker) => set({ drawWorker }),
});
