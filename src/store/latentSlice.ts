import type { StateCreator } from 'zustand';
import { GRID_N_DEFAULT } from '../core/latent';
import type { GridHold, MapProjection } from '../protocol/types';
import type { AppState } from './store';

/** The four latent-space views. */
export type LatentViewKey = 'grid' | 'map' | 'prior' | 'interpolation';

export interface GridOptions {
  /** n × n decoded images. */
  n: number;
  /** Swept dimensions (0-based; shown as z1, z2, …). */
  dimX: number;
  dimY: number;
  /** What the other dimensions are held at, for J > 2. */
  hold: GridHold;
}

export interface MapOptions {
  /** The first `count` test images are encoded. */
  count: number;
  /** For J > 2: two chosen dimensions, or the two leading principal axes of the μ's. */
  projection: MapProjection;
  dimX: number;
  dimY: number;
  /** Draw one-σ ellipses of q(z|x) around the points. */
  ellipses: boolean;
}

export interface PriorOptions {
  count: number;
  /** Seeds z ~ N(0, I); Resample changes it. */
  seed: number;
}

export interface InterpolationOptions {
  /** Test image indices of the two ends. */
  from: number;
  to: number;
  /** Decoded points on the path, ends included. */
  steps: number;
  /** Along the great circle (slerp) instead of the straight line. */
  spherical: boolean;
}

export const MAP_COUNTS = [1000, 2000, 5000, 10000] as const;
export const PRIOR_COUNTS = [16, 36, 64, 100] as const;
export const INTERPOLATION_STEPS_MIN = 3;
export const INTERPOLATION_STEPS_MAX = 20;

export interface LatentSlice {
  /** Whether the latent views are shown (and refreshed) at all. */
  latentViewsShown: boolean;
  /** Per view: open (refreshed) or closed. */
  latentViewOpen: Record<LatentViewKey, boolean>;
  /** The test digit selected on the map, which the other views use; null when none. */
  selectedTestIndex: number | null;
  grid: GridOptions;
  map: MapOptions;
  prior: PriorOptions;
  interpolation: InterpolationOptions;
  setLatentViewsShown: (shown: boolean) => void;
  setLatentViewOpen: (view: LatentViewKey, open: boolean) => void;
  selectTestIndex: (index: number | null) => void;
  setGridOptions: (options: Partial<GridOptions>) => void;
  setMapOptions: (options: Partial<MapOptions>) => void;
  setPriorOptions: (options: Partial<PriorOptions>) => void;
  /** New z ~ N(0, I) for the prior samples. */
  resamplePrior: () => void;
  setInterpolationOptions: (options: Partial<InterpolationOptions>) => void;
}

export const createLatentSlice: StateCreator<AppState, [], [], LatentSlice> = (set) => ({
  latentViewsShown: true,
  latentViewOpen: { grid: true, map: true, prior: true, interpolation: true },
  selectedTestIndex: null,
  grid: { n: GRID_N_DEFAULT, dimX: 0, dimY: 1, hold: 'zero' },
  map: { count: 2000, projection: 'pca', dimX: 0, dimY: 1, ellipses: false },
  prior: { count: 64, seed: 1 },
  interpolation: { from: 0, to: 1, steps: 10, spherical: false },
  setLatentViewsShown: (latentViewsShown) => set({ latentViewsShown }),
  setLatentViewOpen: (view, open) => set((s) => ({ latentViewOpen: { ...s.latentViewOpen, [view]: open } })),
  selectTestIndex: (selectedTestIndex) => set({ selectedTestIndex }),
  setGridOptions: (o) => set((s) => ({ grid: { ...s.grid, ...o } })),
  setMapOptions: (o) => set((s) => ({ map: { ...s.map, ...o } })),
  setPriorOptions: (o) => set((s) => ({ prior: { ...s.prior, ...o } })),
  resamplePrior: () => set((s) => ({ prior: { ...s.prior, seed: s.prior.seed + 1 } })),
  setInterpolationOptions: (o) => set((s) => ({ interpolation: { ...s.interpolation, ...o } })),
});
