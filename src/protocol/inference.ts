/**
 * The posterior lab's part of the drawing worker's protocol: Markov chains of the true
 * posterior p(z|x) ∝ p(x|z) p(z) of one image (HMC or random-walk Metropolis, run in chunks in
 * the drawing worker), the inference gaps (q* against the encoder's q) and the marginal
 * likelihood by the paper's procedure beside importance sampling and quadrature. Plain
 * serializable data only; only types come from core/.
 */
import type { McmcMethod } from '../core/inference/sampler';

export type { McmcMethod };

/** Limits the worker enforces (and the page's controls offer). */
export const INFERENCE_LIMITS = {
  chainsMax: 16,
  leapfrogMax: 100,
  stepSizeMax: 10,
  warmupMax: 5000,
  /** Draws kept per chain (older ones are dropped). */
  drawsMax: 5000,
  /** Importance samples for log p(x): beyond this the weights' tensor would not fit comfortably. */
  isKMax: 50_000,
  /** The paper's harmonic-mean procedure is for small latent spaces (its notes: "J ≤ 5"). */
  harmonicJMax: 5,
  repeatsMax: 10,
  fitStepsMax: 3000,
  /**
   * Work per chunk before the worker yields to other requests, ms. The pad's strokes wait for
   * the chunk under way: 150 ms chunks made a stroke's figures come after 96–164 ms (p50) with
   * chains running, 30 ms after 51–52 ms, at the same chain rate (docs/performance.md).
   */
  chunkMs: 30,
  /** Points of the two chosen dimensions sent for the scatter (the newest). */
  scatterMax: 2000,
  histogramBins: 30,
  /** Grid of the true posterior behind the samples at J = 2. */
  gridN: 61,
} as const;

export interface ChainSettings {
  method: McmcMethod;
  chains: number;
  /** Initial step size ε (HMC) or proposal scale (random walk), adapted during warm-up. */
  stepSize: number;
  leapfrogSteps: number;
  warmup: number;
  /** Draws per chain after warm-up; the chains stop there. */
  draws: number;
  seed: number;
}

export const DEFAULT_CHAIN_SETTINGS: ChainSettings = { method: 'hmc', chains: 4, stepSize: 0.1, leapfrogSteps: 10, warmup: 200, draws: 1000, seed: 1 };

export type LabRunState = 'idle' | 'running' | 'paused' | 'done' | 'stopped';

export interface ChainSnapshot {
  state: LabRunState;
  /** Why the chains stopped (the model changed, an error), when they did. */
  note: string | null;
  settings: ChainSettings | null;
  J: number;
  /** The model copy the chains target. */
  run: number;
  step: number;
  transitions: number;
  warmupLeft: number;
  /** Draws kept per chain. */
  draws: number;
  stepSize: number;
  /** Mean Metropolis acceptance probability after warm-up. */
  acceptRate: number | null;
  /** ESS and split-R̂ per dimension (null until 20 draws per chain). */
  ess: number[] | null;
  rhat: number[] | null;
  /** Kept draws per second (all chains) and gradient (or density) evaluations per second, over the sampling time. */
  samplesPerSec: number | null;
  evalsPerSec: number | null;
  /** The encoder's q(z|x) = N(μ, diag σ²). */
  mu: number[];
  sigma: number[];
  /** The chosen dimensions and the newest kept draws in them: pairs (z_a, z_b) and the chain of each. */
  dims: [number, number];
  scatter: Float32Array;
  scatterChain: Uint8Array;
  /** Per dimension: a histogram of the kept draws over μ_j ± 4σ_j (histogramBins cells). */
  hist: { lo: number; hi: number; counts: number[] }[];
  /** Mean and covariance of the draws in the two chosen dimensions (null before 3 draws). */
  sampleMean: [number, number] | null;
  sampleCov: [number, number, number] | null;
}

/** J = 2: the true posterior's mass on the grid behind the scatter (row iy = z₂ from −lim up, column ix = z₁). */
export interface LabGrid {
  n: number;
  lim: number;
  mass: Float32Array;
  logPx: number;
  mean: [number, number];
  cov: [[number, number], [number, number]];
}

export interface LabImages {
  /** Decoder means at the chains' current positions (one per chain, up to 8) and at 8 draws from q(z|x). 784 each. */
  posterior: Float32Array;
  q: Float32Array;
  count: number;
}

export interface GapsRequest {
  x: Float32Array;
  /** Adam steps of the per-image fit. */
  fitSteps: number;
  /** Importance samples for log p(x) when J > 2 (at J = 2, quadrature). */
  k: number;
  seed: number;
}

export interface Estimate {
  value: number;
  se: number;
}

export interface GapsResult {
  J: number;
  elboEncoder: Estimate;
  elboStar: Estimate;
  logPx: Estimate;
  /** How log p(x) was computed, e.g. "quadrature, 101×101 grid" or "importance sampling, k = 5000". */
  logPxMethod: string;
  amortization: Estimate;
  approximation: Estimate;
  /** q*: its μ and σ. */
  starMu: number[];
  starSigma: number[];
  cancelled: string | null;
  ms: number;
}

export interface MarginalRequest {
  x: Float32Array;
  /** Independent repetitions of each estimate (different seeds). */
  repeats: number;
  /** Importance samples per IS estimate. */
  k: number;
  /** HMC per repetition of the paper's procedure. */
  chains: number;
  warmup: number;
  draws: number;
  leapfrogSteps: number;
  seed: number;
}

export interface RepeatedEstimate {
  values: number[];
  mean: number;
  /** Standard deviation over the repetitions. */
  sd: number;
}

export interface MarginalResult {
  J: number;
  /** Importance sampling with the encoder as proposal. */
  is: RepeatedEstimate;
  /** The paper's procedure: HMC → fitted Gaussian → harmonic-mean estimator (J ≤ harmonicJMax). */
  harmonic: RepeatedEstimate | null;
  /** Quadrature on the grid (J = 2 only). */
  quadrature: number | null;
  k: number;
  cancelled: string | null;
  ms: number;
}

export interface JobProgress {
  done: number;
  total: number;
  what: string;
}

/** The lab's requests, answered by the drawing worker. */
export interface InferenceLabApi {
  /** Starts fresh chains for x with these settings (checked first; a bad setting changes nothing). */
  labStart(x: Float32Array, settings: ChainSettings): Promise<void>;
  labPause(): Promise<void>;
  labResume(): Promise<void>;
  /** Drops the chains. */
  labReset(): Promise<void>;
  /** The chains' figures now, with the draws in dimensions `dims`. */
  labSnapshot(dims: [number, number]): Promise<ChainSnapshot>;
  /** J = 2: the grid posterior of the chains' image (null otherwise or before it is done). */
  labGrid(): Promise<LabGrid | null>;
  labImages(seed: number): Promise<LabImages | null>;
  labGaps(req: GapsRequest, onProgress: (p: JobProgress) => void): Promise<GapsResult>;
  labMarginal(req: MarginalRequest, onProgress: (p: JobProgress) => void): Promise<MarginalResult>;
  /** Stops the gaps or marginal job under way at its next chunk. */
  labCancelJob(): Promise<void>;
}

function wholeIn(v: unknown, lo: number, hi: number): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi;
}

/** What is wrong with chain settings, in words, or null when they are fine. */
export function chainSettingsProblem(s: ChainSettings): string | null {
  const L = INFERENCE_LIMITS;
  if (s.method !== 'hmc' && s.method !== 'rwmh') return 'the method must be HMC or random-walk Metropolis';
  if (!wholeIn(s.chains, 1, L.chainsMax)) return `chains must be a whole number from 1 to ${L.chainsMax}, got ${String(s.chains)}`;
  if (!(typeof s.stepSize === 'number' && s.stepSize > 0 && s.stepSize <= L.stepSizeMax)) return `the step size must be > 0 and ≤ ${L.stepSizeMax}, got ${String(s.stepSize)}`;
  if (!wholeIn(s.leapfrogSteps, 1, L.leapfrogMax)) return `leapfrog steps must be a whole number from 1 to ${L.leapfrogMax}, got ${String(s.leapfrogSteps)}`;
  if (!wholeIn(s.warmup, 0, L.warmupMax)) return `warm-up must be a whole number from 0 to ${L.warmupMax}, got ${String(s.warmup)}`;
  if (!wholeIn(s.draws, 20, L.drawsMax)) return `draws per chain must be a whole number from 20 to ${L.drawsMax}, got ${String(s.draws)}`;
  if (!wholeIn(s.seed, 0, 2 ** 31 - 1)) return `the seed must be a whole number from 0 to ${2 ** 31 - 1}, got ${String(s.seed)}`;
  return null;
}

/** What is wrong with a marginal-likelihood request's numbers for a model of latent size J, or null. */
export function marginalProblem(r: Omit<MarginalRequest, 'x'>, J: number): string | null {
  const L = INFERENCE_LIMITS;
  if (!wholeIn(r.repeats, 1, L.repeatsMax)) return `repetitions must be a whole number from 1 to ${L.repeatsMax}, got ${String(r.repeats)}`;
  if (!wholeIn(r.k, 1, L.isKMax)) return `k must be a whole number from 1 to ${L.isKMax} (beyond it the importance weights would not fit in memory), got ${String(r.k)}`;
  const chain = chainSettingsProblem({ method: 'hmc', chains: r.chains, stepSize: 0.1, leapfrogSteps: r.leapfrogSteps, warmup: r.warmup, draws: r.draws, seed: r.seed });
  if (chain) return chain;
  if (J < 1) return 'the model has no latent dimensions';
  return null;
}
