/**
 * The part of the worker protocol used by the drawing pad: encode a drawing, estimate its
 * log p(x), its true posterior on a grid (J = 2), inpaint it, and load pretrained models.
 * Plain serializable data only; images are Float32Arrays of intensities in [0, 1], 784 per
 * image, row-major (transferred, not copied).
 */
import type { Config, DecoderFamily } from '../core/config';
import type { Corruption } from '../data/corrupt';

/** The pretrained models shipped under public/pretrained/ (NAME.bin, NAME.json). */
export const PRETRAINED = {
  'mnist-j20': 'J = 20 (784-512-20 ReLU, the default)',
  'mnist-j2': 'J = 2 (784-512-2 ReLU: the true posterior can be drawn)',
} as const;
export type PretrainedName = keyof typeof PRETRAINED;
/** The latent size of each pretrained model (the rest of its network is the settings' defaults). */
export const PRETRAINED_LATENT: Record<PretrainedName, number> = { 'mnist-j20': 20, 'mnist-j2': 2 };

export interface PretrainedInfo {
  name: PretrainedName;
  config: Config;
  /** Training images seen when the weights were written. */
  samples: number;
  /** Test ELBO recorded in the file (the 10,000 test images, weights as stored). */
  testElbo: number | null;
  dtype: string;
  bytes: number;
  /** The run the model was loaded as. */
  run: number;
}

/** Limits the worker enforces (and the page's controls use). */
export const DRAW_LIMITS = {
  /** Posterior samples z_l for the ELBO estimate of a drawing. */
  samplesL: 64,
  /**
   * The first answer at a stroke's end (and the answers while the pen moves) uses this many
   * samples, then the full samplesL follow: decoding 65 rows is most of an encoding's cost
   * (about 75 of 110 ms on software WebGL, against 30 ms for 9 rows). The same seed gives the
   * same first ε rows, so the samples shown do not change when the refined answer arrives.
   */
  quickL: 8,
  /** Of those, how many are decoded and shown. */
  shown: 8,
  isKMax: 10_000,
  /** Importance samples per chunk: one decoder batch, then a progress event and a yield (a
   * new stroke waits for at most one chunk). */
  isChunk: 100,
  gridMin: 11,
  gridMax: 201,
  /** Grid points decoded per batch before the worker yields to other requests. */
  gridChunk: 2048,
  inpaintStepsMax: 32,
} as const;

export interface AnalyzeRequest {
  /** The model input x (784 values in [0, 1]; binary for the Bernoulli decoder). */
  x: Float32Array;
  /** Seeds ε: the same drawing and seed give the same figures. */
  seed: number;
  /** Posterior samples for the ELBO, shown ≤ L ≤ DRAW_LIMITS.samplesL (default samplesL). */
  samplesL?: number;
}

/**
 * Which worker answered: the drawing worker (a copy of the model, beside training) or the
 * training worker (between steps, when the drawing worker does not hold the current model).
 */
export type DrawingWorker = 'drawing' | 'training';

/**
 * The model the drawing worker encodes with: a copy of the training worker's weights at
 * `step` of run `run`, in the order of VAE.variables (transferred, not copied).
 */
export interface ModelSnapshot {
  run: number;
  step: number;
  config: Config;
  weights: Float32Array[];
}

export interface DrawingAnalysis {
  run: number;
  step: number;
  decoder: DecoderFamily;
  /** The worker that answered. */
  worker: DrawingWorker;
  /** μ_j and σ_j of q(z|x), per latent dimension. */
  mu: number[];
  sigma: number[];
  /** Analytic KL(q(z|x) ‖ p(z)) per dimension. */
  klPerDim: number[];
  /** ELBO = recon − KL, with recon = (1/L) Σ_l log p(x|z_l) over L = samplesL samples. */
  elbo: number;
  recon: number;
  kl: number;
  samplesL: number;
  /** Decoder mean at z = μ: 784 values. */
  reconstruction: Float32Array;
  /** Decoder means at the first `shown` samples z_l = μ + σ ⊙ ε_l: shown × 784. */
  samples: Float32Array;
  shown: number;
  /** Milliseconds the worker spent, readback included. */
  workerMs: number;
  /**
   * When the worker started on this request, in ms since the epoch (performance.timeOrigin +
   * performance.now(), comparable across the page and the worker): the page splits a stroke's
   * latency into waiting on the page, waiting in the worker, the work and the display.
   */
  startedAt: number;
}

export interface LogPxRequest {
  x: Float32Array;
  k: number;
  seed: number;
}

export interface LogPxProgress {
  done: number;
  k: number;
  /** The estimate over the samples done so far. */
  estimate: number;
}

export interface LogPxResult {
  k: number;
  /** log (1/k) Σ p(x, z_i)/q(z_i|x), z_i ~ q(z|x); null when cancelled. */
  logPx: number | null;
  /** Why it stopped early (a newer request, a new model), when it did. */
  cancelled: string | null;
  ms: number;
  /** The training step of the model it was computed on. */
  step: number;
  /**
   * The drawing's ELBO (L = DRAW_LIMITS.samplesL, the request's seed) under that same model,
   * for the gap log p(x) − ELBO; null when cancelled.
   */
  elbo: number | null;
}

export interface PosteriorRequest {
  x: Float32Array;
  /** Cells per side of the grid over [−4, 4]². */
  n: number;
}

export interface PosteriorResult {
  n: number;
  lim: number;
  delta: number;
  /** Posterior mass per cell, n × n, row iy = z₂ index from −lim upward, column ix = z₁ index. */
  mass: Float32Array;
  /** Quadrature log p(x) (null when cancelled). */
  logPx: number | null;
  mean: [number, number];
  cov: [[number, number], [number, number]];
  /** Posterior mass in the outermost ring of cells: large means the square cuts the posterior off. */
  edgeMass: number;
  cancelled: string | null;
  ms: number;
  /** The training step of the model it was computed on. */
  step: number;
}

export interface InpaintRequest {
  /** The image to damage (the current model input). */
  x: Float32Array;
  /** A damage from the list, or 'mask': erase the pixels painted by hand in `mask`. */
  corruption: Corruption | 'mask';
  /** With corruption 'mask': 784 values, 1 = erase (unknown), 0 = keep. */
  mask?: Uint8Array;
  steps: number;
  seed: number;
}

export interface InpaintResult {
  /** The damaged image (erased region blank, or noisy). */
  observed: Float32Array;
  /** 1 where the pixel is known and kept. */
  known: Float32Array;
  /** steps × 784 images x_1 … x_T. */
  steps: Float32Array;
  stepCount: number;
  ms: number;
}

/** A test digit for the pad: its intensities (for the pad) and its model input (as evaluated). */
export interface TestDigitInput {
  index: number;
  label: number;
  /** 784 intensities in [0, 1]. */
  intensities: Float32Array;
  /** The test set's model input: fixed-seed binarization (Bernoulli) or intensities (Gaussian). */
  x: Float32Array;
}

/**
 * The pretrained model to start from, read from the page's URL: ?pretrained=NAME starts from
 * that model; anything else (or nothing) from fresh weights, so that Train shows a VAE learn
 * from the first step. The trained models are one click away ("skip ahead").
 */
export function pretrainedFromSearch(search: string): PretrainedName | null {
  const raw = new URLSearchParams(search).get('pretrained');
  if (raw !== null && Object.hasOwn(PRETRAINED, raw)) return raw as PretrainedName;
  return null;
}

/** The drawing pad's requests, which both workers answer. */
export interface DrawingRequests {
  /** q(z|x), the reconstruction, posterior samples and the ELBO of one image. */
  analyzeDrawing(req: AnalyzeRequest): Promise<DrawingAnalysis>;
  /** Importance-sampled log p(x) in chunks, with progress; a newer call cancels it. */
  estimateLogPx(req: LogPxRequest, onProgress: (p: LogPxProgress) => void): Promise<LogPxResult>;
  /** (J = 2) The true posterior on a grid over [−4, 4]² and the quadrature log p(x). */
  truePosterior(req: PosteriorRequest): Promise<PosteriorResult>;
  /** Damage the image and fill it in by iterating encode → sample z → decode. */
  inpaint(req: InpaintRequest): Promise<InpaintResult>;
  /** Stops the log p(x) and posterior computations under way. */
  cancelDrawingWork(): Promise<void>;
}

/**
 * The test set of the data set in use, copied to the drawing worker once per data set (the
 * latent views and the test digits read it there). `key` names the data set: a built-in
 * name, or "user:" and the content hash of the user's own.
 */
export interface TestSetCopy {
  key: string;
  /** n × 784 bytes, 0…255. */
  images: Uint8Array;
  labels: Uint8Array;
  n: number;
  /** Images in the training set (the N of the full-VB bound's weight KL per image). */
  nTrain: number;
}

/** The key of a TestSetCopy for a run on the built-in `dataset`, or on the user's set of `userHash`. */
export function testSetKey(dataset: string, userHash?: string): string {
  return userHash ? `user:${userHash}` : dataset;
}

/** A test digit for the pad, from whichever worker answers the pad. */
export interface TestDigitApi {
  /** A test digit's intensities and its model input. */
  testDigitInput(index: number): Promise<TestDigitInput>;
}

/** What only the training worker answers for the drawing pad: the models and the copies for the drawing worker. */
export interface DrawingSupportApi extends TestDigitApi {
  /** Replaces the model by a pretrained one (checked completely first): a new run, origin "pretrained". */
  loadPretrained(name: PretrainedName): Promise<PretrainedInfo>;
  /** A copy of the current model's weights, for the drawing worker. */
  modelSnapshot(): Promise<ModelSnapshot>;
  /** A copy of the test set in use, for the drawing worker. */
  testSetCopy(): Promise<TestSetCopy>;
}
