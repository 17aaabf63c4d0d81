/**
 * The part of the worker protocol used by the Bayesian-decoder panel (full VB): decoders drawn
 * from q(θ) for one z, the map of the decoder weights' standard deviations, the manifold grid
 * with the mean decoder and its per-pixel spread, and the small-data experiment (point estimate
 * against variational decoder weights on the same small training subset). Plain serializable
 * data only; only types come from core/.
 */
import type { StdSummary } from '../core/bayesViews';

export type { StdSummary };

/** Limits the worker enforces (and the panel's controls offer). */
export const BAYES_LIMITS = {
  samplesMin: 2,
  samplesMax: 16,
  gridNMin: 3,
  gridNMax: 12,
  drawsMin: 2,
  drawsMax: 32,
  /** Training subset sizes of the small-data experiment. */
  subsetSizes: [500, 1000] as readonly number[],
  stepsMin: 10,
  stepsMax: 5000,
};

/** Where the one z comes from: a test digit's posterior mean μ, or a draw from the prior. */
export type BayesZSource = { kind: 'test'; index: number } | { kind: 'prior'; seed: number };

export interface DecoderSamplesRequest {
  source: BayesZSource;
  /** Decoders drawn from q(θ). */
  count: number;
  /** Seeds the draws: the same seed shows the same decoders while the model learns. */
  seed: number;
}

export interface DecoderSamplesResult {
  run: number;
  step: number;
  z: number[];
  count: number;
  /** E[x | z, θ_k] for each drawn θ_k, count × 784, in [0, 1]. */
  samples: Float32Array;
  /** The mean decoder's image (θ = m), 784. */
  mean: Float32Array;
  /** Per-pixel standard deviation over the draws, 784. */
  spread: Float32Array;
  /** Test label when the source is a test digit. */
  label: number | null;
}

export interface WeightStdResult {
  run: number;
  step: number;
  /** The prior std α in effect. */
  alpha: number;
  layers: StdSummary[];
  /** Per output pixel, the mean s of the output layer's weights into it (784). */
  pixelMap: Float32Array;
  /** KL(q(θ) ‖ p_α(θ)) / N, per image. */
  weightKlPerImage: number;
}

export interface SpreadGridRequest {
  /** n × n grid over the first two latent dimensions (one row for J = 1). */
  n: number;
  /** Samples of θ per grid point for the spread. */
  draws: number;
  seed: number;
}

export interface SpreadGridResult {
  run: number;
  step: number;
  rows: number;
  cols: number;
  coords: number[];
  /** The mean decoder's images, rows·cols × 784. */
  mean: Float32Array;
  /** Their per-pixel standard deviation under q(θ), rows·cols × 784. */
  spread: Float32Array;
  draws: number;
}

export interface SmallDataRequest {
  /** Training images: the first 500 or 1,000 of the training set. */
  trainImages: number;
  /** Training steps per arm (M = 100, the rest of the settings as in effect). */
  steps: number;
}

export interface SmallDataArm {
  decoderWeights: 'point' | 'variational';
  /** Mean ELBO on the training subset (fixed binarization), nats per image. */
  trainElbo: number;
  /** Mean ELBO on the first 1,000 test images. */
  testElbo: number;
  /** KL(q(θ) ‖ p_α(θ)) / N per image (0 for the point estimate). */
  weightKl: number;
}

export interface SmallDataProgress {
  arm: 'point' | 'variational';
  step: number;
  steps: number;
}

export interface SmallDataResult {
  trainImages: number;
  steps: number;
  testImages: number;
  arms: SmallDataArm[];
  /** Why the experiment stopped early (then `arms` holds what finished). */
  cancelled?: string;
}

/** The Bayesian-decoder panel's requests to the training worker. */
/** The panel's views, which both workers answer (the drawing worker on its copy). */
export interface BayesViewsApi {
  bayesDecoderSamples(req: DecoderSamplesRequest): Promise<DecoderSamplesResult>;
  bayesWeightStds(): Promise<WeightStdResult>;
  bayesSpreadGrid(req: SpreadGridRequest): Promise<SpreadGridResult>;
}

/** The panel's requests to the training worker: the views, and the small-data experiment. */
export interface BayesWorkerApi extends BayesViewsApi {
  /** Trains two fresh models on the subset (training pauses meanwhile and resumes after). */
  bayesSmallData(req: SmallDataRequest, onProgress: (p: SmallDataProgress) => void): Promise<SmallDataResult>;
  cancelBayesJob(): Promise<void>;
}
