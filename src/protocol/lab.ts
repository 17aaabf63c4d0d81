/**
 * The part of the worker protocol used by the reparameterization panel and the estimator lab:
 * z = μ + σ ⊙ ε for one image with a given ε, and the measured variance of the encoder's
 * gradient under each estimator. Plain serializable data only; only types come from core/
 * (the page must not bundle tfjs).
 */
import type { DecoderFamily } from '../core/config';
import type { GradEstimator } from '../core/gradEstimators';
import type { VarianceCell } from '../core/gradVariance';

export type { GradEstimator, VarianceCell };

/** Limits the worker enforces (and the page's controls offer). */
export const LAB_WORKER_LIMITS = {
  /** |ε_j| above this is refused (the sliders go to ±3; N(0, 1) draws rarely pass 5). */
  epsAbsMax: 8,
  batchSizes: [4, 8, 16, 32, 64] as readonly number[],
  repetitionsMin: 3,
  repetitionsMax: 200,
  /** The L values offered for the variance chart (1, 2, 5, 10, 20, 50). */
  Ls: [1, 2, 5, 10, 20, 50] as readonly number[],
};

/** The image to encode: 784 values in [0, 1] (a drawing's model input), or a test digit by index. */
export type ReparamInput = { kind: 'image'; x: Float32Array } | { kind: 'test'; index: number };

export interface ReparamRequest {
  input: ReparamInput;
  /** ε, one value per latent dimension (J of them). */
  eps: number[];
}

export interface ReparamResult {
  run: number;
  step: number;
  J: number;
  decoder: DecoderFamily;
  /** q(z|x) = N(μ, diag σ²), σ = exp(½ log σ²). */
  mu: number[];
  sigma: number[];
  eps: number[];
  /** z = μ + σ ⊙ ε, computed in the worker as in training. */
  z: number[];
  /** The decoder's mean image at z (Bernoulli: probabilities; Gaussian: means in [0, 1]). 784 values. */
  decoded: Float32Array;
  /** The decoder's mean image at z = μ (ε = 0), for comparison. */
  atMu: Float32Array;
  /** For a test digit: its index and label. */
  testIndex: number | null;
  label: number | null;
  ms: number;
}

export interface GradVarianceRequest {
  /** Images of the fixed minibatch (test images chosen by the seed). */
  batchSize: number;
  /** Gradient estimates R per (estimator, L). */
  repetitions: number;
  Ls: number[];
  estimators: GradEstimator[];
  seed: number;
}

export interface GradVarianceProgress {
  done: number;
  total: number;
  estimator: GradEstimator;
  L: number;
}

export interface GradVarianceResult {
  run: number;
  step: number;
  batchSize: number;
  repetitions: number;
  /** Test-set indices of the minibatch. */
  indices: number[];
  /** Number of encoder parameters φ whose gradient was measured. */
  encoderParameters: number;
  cells: VarianceCell[];
  /** Why it stopped early (cancelled, the model changed, training resumed), or null when complete. */
  cancelled: string | null;
  /** Whether training was paused for the job (and resumed after). */
  pausedTraining: boolean;
  backend: string;
  ms: number;
}

/** The reparameterization panel and the estimator lab. */
/** z = μ + σ ⊙ ε, which both workers answer (the drawing worker on its copy). */
export interface ReparamApi {
  /** μ, σ of q(z|x), z = μ + σ ⊙ ε for the given ε, and the decoded images. */
  reparamSample(req: ReparamRequest): Promise<ReparamResult>;
}

/** The estimator lab's requests to the training worker. */
export interface LabApi extends ReparamApi {
  /** The variance of the encoder's gradient per estimator and L (pauses training meanwhile). */
  gradientVariance(req: GradVarianceRequest, onProgress: (p: GradVarianceProgress) => void): Promise<GradVarianceResult>;
  /** Stops the variance job at its next gradient estimate. */
  cancelGradientVariance(): Promise<void>;
}
