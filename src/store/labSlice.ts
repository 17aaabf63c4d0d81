import type { StateCreator } from 'zustand';
import type { EstimatorMark } from '../core/elboNoise';
import type { LabFunction } from '../core/estimatorLab';
import type { GradEstimator, GradVarianceProgress, GradVarianceResult, ReparamResult } from '../protocol/lab';
import type { AppState } from './store';

/** Where the reparameterization panel takes its digit from. */
export type ReparamSource = 'drawing' | 'selected' | 'index';

/** A reparameterization result with the input it belongs to (for dropping late answers). */
export type ReparamView = ReparamResult & { key: string };

/** How many recent z (and decoded images) the panel keeps to show the spread around μ. */
export const REPARAM_TRAIL = 24;
export const REPARAM_TRAIL_IMAGES = 8;

export interface Lab1dOptions {
  fn: LabFunction;
  mu: number;
  sigma: number;
  /** Samples per estimate. */
  L: number;
  /** Seeds the draws; Resample changes it. */
  seed: number;
}

export interface GradJobOptions {
  batchSize: number;
  repetitions: number;
  Ls: number[];
  estimators: GradEstimator[];
  seed: number;
}

export interface GradJobState {
  running: boolean;
  progress: GradVarianceProgress | null;
  result: GradVarianceResult | null;
  error: string | null;
}

export interface LabSlice {
  reparamSource: ReparamSource;
  reparamIndex: number;
  /** ε per latent dimension (null until the model's J is known). */
  reparamEps: number[] | null;
  /** Seeds the next fresh ε. */
  reparamEpsSeed: number;
  reparam: ReparamView | null;
  /** Recent z and decoded images for the current input (newest last). */
  reparamTrail: { z: number[]; image: Float32Array }[];
  reparamAnimating: boolean;
  /** Dimensions shown when J is large (0-based); null: the defaults. */
  reparamDims: number[] | null;
  reparamError: string | null;
  lab1d: Lab1dOptions;
  gradOptions: GradJobOptions;
  gradJob: GradJobState;
  /** The estimator settings in effect from each step on, per run (for the noise of the curves). */
  estimatorMarks: EstimatorMark[];
  setReparamSource: (source: ReparamSource, index?: number) => void;
  setReparamEps: (eps: number[] | null, seed?: number) => void;
  setReparam: (r: ReparamView | null, appendTrail: boolean) => void;
  setReparamAnimating: (on: boolean) => void;
  setReparamDims: (dims: number[] | null) => void;
  setReparamError: (message: string | null) => void;
  setLab1d: (o: Partial<Lab1dOptions>) => void;
  setGradOptions: (o: Partial<GradJobOptions>) => void;
  setGradJob: (s: Partial<GradJobState>) => void;
  addEstimatorMark: (m: EstimatorMark) => void;
}

export const createLabSlice: StateCreator<AppState, [], [], LabSlice> = (set) => ({
  reparamSource: 'drawing',
  reparamIndex: 0,
  reparamEps: null,
  reparamEpsSeed: 1,
  reparam: null,
  reparamTrail: [],
  reparamAnimating: false,
  reparamDims: null,
  reparamError: null,
  lab1d: { fn: 'square', mu: 1, sigma: 1, L: 1, seed: 1 },
  gradOptions: { batchSize: 16, repetitions: 10, Ls: [1, 2, 5, 10], estimators: ['reparamB', 'reparamA', 'score'], seed: 1 },
  gradJob: { running: false, progress: null, result: null, error: null },
  estimatorMarks: [],
  setReparamSource: (reparamSource, index) =>
    set((s) => ({ reparamSource, reparamIndex: index ?? s.reparamIndex, reparam: null, reparamTrail: [], reparamError: null })),
  setReparamEps: (reparamEps, seed) => set((s) => ({ reparamEps, reparamEpsSeed: seed ?? s.reparamEpsSeed })),
  setReparam: (reparam, appendTrail) =>
    set((s) => {
      if (!reparam) return { reparam, reparamTrail: [] };
      const sameInput = s.reparam && s.reparam.key === reparam.key && s.reparam.J === reparam.J;
      const base = sameInput ? s.reparamTrail : [];
      const reparamTrail = appendTrail ? [...base, { z: reparam.z, image: reparam.decoded }].slice(-REPARAM_TRAIL) : base;
      return { reparam, reparamTrail, reparamError: null };
    }),
  setReparamAnimating: (reparamAnimating) => set({ reparamAnimating }),
  setReparamDims: (reparamDims) => set({ reparamDims }),
  setReparamError: (reparamError) => set({ reparamError }),
  setLab1d: (o) => set((s) => ({ lab1d: { ...s.lab1d, ...o } })),
  setGradOptions: (o) => set((s) => ({ gradOptions: { ...s.gradOptions, ...o } })),
  setGradJob: (o) => set((s) => ({ gradJob: { ...s.gradJob, ...o } })),
  addEstimatorMark: (m) => set((s) => ({ estimatorMarks: [...s.estimatorMarks.slice(-199), m] })),
});

/**
 * The headline ratios of a gradient-variance result at its smallest L: total variance of the
 * score function ÷ reparameterization with estimator B, and estimator A ÷ B. Null when B's
 * variance is missing or 0.
 */
export function varianceRatios(r: Pick<GradVarianceResult, 'cells'>): { L: number; scoreOverB: number | null; aOverB: number | null } | null {
  if (r.cells.length === 0) return null;
  const L = Math.min(...r.cells.map((c) => c.L));
  const at = (e: GradEstimator) => r.cells.find((c) => c.estimator === e && c.L === L)?.totalVariance ?? null;
  const b = at('reparamB');
  if (b === null || !(b > 0)) return null;
  const sf = at('score');
  const a = at('reparamA');
  return { L, scoreOverB: sf === null ? null : sf / b, aOverB: a === null ? null : a / b };
}
