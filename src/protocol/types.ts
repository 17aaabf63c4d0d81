/**
 * The contract between the page and the training worker: the worker's API (called through
 * Comlink) and the events it streams back. Plain serializable data only.
 */
import type { Config, DatasetName } from '../core/config';
import type { UserDataset } from '../data/import/prepare';
import type { UserDatasetInfo } from './import';
import type { CheckpointArrays } from '../core/serialize';
import type { ExportedModels } from '../core/layersExport';
import type { InferenceLabApi } from './inference';
import type { DrawingRequests, DrawingSupportApi, ModelSnapshot, PretrainedName, TestDigitApi, TestSetCopy } from './drawing';
import type { LabApi, ReparamApi } from './lab';

export type { DrawingRequests };
import type { BayesViewsApi, BayesWorkerApi } from './bayes';

export const BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];
export type BackendRequest = BackendName | 'auto';

export interface ThreadTrial {
  threads: number;
  /** Milliseconds per trial workload with this many threads. */
  ms: number;
}

/** What the wasm backend runs with, and why: shown beside the backend. */
export interface ThreadsInfo {
  /** Threads in use (1 for the single-threaded build). */
  count: number;
  /** Whether the threaded SIMD build is loaded. */
  threaded: boolean;
  /** Why this count: chosen by the trial, set by the URL, or why the threaded build is not used. */
  reason: string;
  /** The trial's times per count, when a trial ran. */
  trial?: ThreadTrial[];
}

export interface BackendInfo {
  name: BackendName;
  /** Why this backend runs: forced by the URL, hardware GPU, fastest in the trial, fallback… */
  reason: string;
  /** WebGPU adapter description where there is one. */
  adapter?: string;
  /** Milliseconds the automatic choice took (adapter probe and trial). */
  choiceMs: number;
  /** Measured trial times per backend (ms per trial workload), when a trial ran. */
  trial?: Partial<Record<BackendName, number>>;
  /** wasm only: the threads it runs with, and the trial that chose them. */
  threads?: ThreadsInfo;
}

/** One training step's figures (per image, nats). */
export interface TrainPoint {
  run: number;
  step: number;
  /** Training images processed before this step's end. */
  samples: number;
  elbo: number;
  recon: number;
  kl: number;
  loss: number;
  gradNorm: number;
  /**
   * Variational decoder only: KL(q(θ) ‖ p_α(θ)) / N, the weight KL per image; the full-VB bound
   * per image is elbo − weightKl (elbo is then the data term E_q(θ)[ELBO_i]).
   */
  weightKl?: number;
}

/** A test-set evaluation (per image, nats). */
export interface EvalPoint {
  run: number;
  step: number;
  samples: number;
  elbo: number;
  recon: number;
  kl: number;
  klPerDim: number[];
  activeUnits: number;
  /** Test images evaluated: the fixed subset or the whole test set. */
  n: number;
  full: boolean;
  /** Variational decoder only: KL(q(θ) ‖ p_α(θ)) / N per image, as in TrainPoint. */
  weightKl?: number;
  /** Runs trained with the IWAE estimator: the mean importance-weighted bound L_k over the same images, and its k. */
  iwae?: { k: number; bound: number };
}

export interface RunState {
  run: number;
  running: boolean;
  step: number;
  samples: number;
  epoch: number;
  /** The config in effect in the worker. */
  config: Config;
  parameterCount: number;
  /** Where the run's weights came from when not a fresh initialization, e.g. "pretrained". */
  origin?: string;
  /** Slow motion: at least this long between steps (0: full speed). */
  stepIntervalMs: number;
  /** The user's own data set the run trains on (absent: the built-in `config.dataset`). */
  userData?: UserDatasetInfo;
}

export type WorkerEvent =
  | { type: 'progress'; loaded: number; total: number; file: string }
  | { type: 'ready'; nTrain: number; nTest: number; dataset: DatasetName; user?: UserDatasetInfo }
  | { type: 'backend'; info: BackendInfo }
  | { type: 'state'; state: RunState }
  | {
      type: 'metrics';
      points: TrainPoint[];
      /** Analytic KL per latent dimension, averaged over the steps of this readback. */
      klPerDim: number[] | null;
      samplesPerSec: number | null;
      tensors: number;
      bytes: number;
    }
  | { type: 'eval'; point: EvalPoint }
  | {
      /** Training produced a non-finite loss or gradient; it paused and restored a checkpoint. */
      type: 'diverged';
      run: number;
      step: number;
      samples: number;
      restoredStep: number;
      message: string;
    }
  | { type: 'error'; message: string }
  /** The last finite checkpoint, sent now and then so that a new worker can resume from it. */
  | { type: 'checkpoint'; run: number; checkpoint: CheckpointArrays };

export interface InitOptions {
  /** Base URL of the data assets, ending in '/'. */
  dataUrl: string;
  backend: BackendRequest;
  /** wasm threads set by the page's ?threads= (absent: chosen by a trial). */
  threads?: number | null;
  config: Config;
  /** Resume a run from a checkpoint (after the previous worker failed). */
  restore?: { run: number; checkpoint: CheckpointArrays };
  /** Pretrained model to start from (default and null: fresh weights). Ignored with `restore` or `userData`. */
  pretrained?: PretrainedName | null;
  /**
   * Train on the user's own data set instead of the built-in `config.dataset` (a new worker
   * after a failure is given the set the failed one trained on); `restore` then applies to it.
   */
  userData?: UserDataset;
}

export type SetConfigResult = { ok: true; rebuildNeeded: string[] } | { ok: false; message: string };

/** Training: the run's life (start, pause, settings, new runs) and its evaluation. */
export interface TrainingApi {
  init(opts: InitOptions, onEvent: (e: WorkerEvent) => void): Promise<BackendInfo>;
  /**
   * Trains on the user's own data set from now on (its arrays transferred): a new run with
   * `config` (checked first; on any problem the data set, model and run in use stay).
   */
  useUserDataset(set: UserDataset, config: Config): Promise<RunState>;
  /** Back to the built-in data set of the config in effect: a new run. */
  useBuiltinDataset(): Promise<RunState>;
  train(): Promise<void>;
  pause(): Promise<void>;
  /** One training step (when paused). */
  step(): Promise<void>;
  /** Slow motion for teaching: at least `ms` between training steps (0: full speed). */
  setStepInterval(ms: number): Promise<void>;
  /** A fresh model with the current config: a new run. */
  reset(): Promise<void>;
  /** Applies live settings at the next step; reports settings that need a rebuild. */
  setConfig(config: Config): Promise<SetConfigResult>;
  /** Builds a new network for a config whose shape changed: a new run. */
  rebuild(config: Config): Promise<SetConfigResult>;
  /** Evaluates the whole test set now. */
  evaluateFull(): Promise<EvalPoint>;
  /** Heartbeat: answers between steps with the step count. */
  ping(): Promise<number>;
  /** Test hook: 'nan' poisons a weight (the next step diverges); 'throw' raises an uncaught error. */
  injectFault(kind: 'nan' | 'throw'): Promise<void>;
}

/** The latent-space views (types below). */
export interface LatentViewsApi {
  /** The manifold grid, decoded as one batch. */
  decodeGrid(req: GridRequest): Promise<GridResult>;
  /** Posterior means of the first `count` test images, projected to 2-D. */
  encodeTestMap(req: MapRequest): Promise<MapResult>;
  /** Decoder means of z ~ N(0, I). */
  samplePrior(req: PriorRequest): Promise<PriorResult>;
  /** Decoded images along the path between two test digits' μ. */
  interpolate(req: InterpolationRequest): Promise<InterpolationResult>;
  /** One test digit, its reconstruction, and q(z|x). */
  getTestDigit(index: number): Promise<TestDigitResult>;
}

/** Saving and loading runs and models. */
export interface RunFilesApi {
  /** Saving: the current config, weights and optimizer state (training pauses for the copy). */
  exportRun(): Promise<ExportedRun>;
  /** Loading: continues a saved run as a new run labelled `origin`; checked completely first, refused whole. */
  loadRun(config: Config, checkpoint: CheckpointArrays, origin: string): Promise<RunState>;
  /** The encoder and decoder as TensorFlow.js LayersModel files (and a variational decoder's s). */
  exportLayersModels(): Promise<ExportedModels>;
}

/** The training worker's API: one small interface per feature, each beside its feature's types. */
export interface WorkerApi extends TrainingApi, LatentViewsApi, RunFilesApi, DrawingRequests, DrawingSupportApi, LabApi, BayesWorkerApi {}

/**
 * The drawing worker's API: every request a person waits for (the drawing pad, the latent
 * views, the test digits, z = μ + σ ⊙ ε, the Bayesian decoder's views, the posterior lab), answered with a copy of the model on the wasm
 * backend, so that none waits for a training step (a wasm step is one synchronous call of
 * about 100 ms; a software WebGL step several hundred).
 */
export interface DrawWorkerApi extends DrawingRequests, LatentViewsApi, TestDigitApi, ReparamApi, BayesViewsApi, InferenceLabApi {
  /** Starts the backend; resolves with its name. */
  init(): Promise<{ backend: string }>;
  /**
   * Takes a copy of the model (checked first: config, sizes, finite values; on a problem the
   * copy held stays and this rejects). Resolves with the run and step now held.
   */
  setModel(snapshot: ModelSnapshot): Promise<{ run: number; step: number }>;
  /** Takes a copy of the test set in use (checked first; on a problem the copy held stays). */
  setTestSet(set: TestSetCopy): Promise<void>;
  /** Answered between tasks: the page's watchdog pings it every second. */
  ping(): Promise<number>;
}

export interface ExportedRun {
  run: number;
  config: Config;
  checkpoint: CheckpointArrays;
}

// ---------------------------------------------------------------- latent-space views

/**
 * A greyscale picture made in the worker: one byte per pixel (0 black … 255 white), row-major,
 * width × height. The bytes cross to the page transferred, not copied.
 */
export interface LatentImage {
  image: Uint8ClampedArray;
  width: number;
  height: number;
  /** Milliseconds the worker spent on the request, readback included (for the refresh budget). */
  ms: number;
  /** The training step of the model that made it. */
  step: number;
}

/** What the dimensions not swept by the manifold grid are held at. */
export type GridHold = 'zero' | 'selected';

export interface GridRequest {
  /** n × n images (n in GRID_N_MIN…GRID_N_MAX). */
  n: number;
  /** Latent dimension swept left to right, and bottom to top (−1: a single row, for J = 1). */
  dimX: number;
  dimY: number;
  hold: GridHold;
  /** Test image whose μ holds the other dimensions when hold = 'selected'. */
  selectedIndex: number | null;
}

export interface GridResult extends LatentImage {
  rows: number;
  cols: number;
  /** The grid's coordinates along each swept axis, Φ⁻¹((i + ½)/n), ascending. */
  coords: number[];
  dimX: number;
  dimY: number;
  /** What the other dimensions were held at ('selected' only when a digit was selected). */
  held: GridHold;
}

export type MapProjection = 'dims' | 'pca';

export interface MapRequest {
  /** The first `count` test images are encoded. */
  count: number;
  projection: MapProjection;
  /** Dimensions shown when projection = 'dims'. */
  dimX: number;
  dimY: number;
}

export interface MapResult {
  count: number;
  /** Projected μ per image, [x, y] row-major (count × 2). */
  points: Float32Array;
  /** Projected covariance of q(z|x) per image, [xx, xy, yy] (count × 3), for σ ellipses. */
  cov: Float32Array;
  /** The two axes the μ's were projected on (2 × J, row-major; empty for J = 1), so that
   * another posterior (the drawing's) can be placed on the same map. */
  axes: Float32Array;
  labels: Uint8Array;
  xLabel: string;
  yLabel: string;
  /** Share of the μ's variance along each PCA axis (null for chosen dimensions). */
  explained: [number, number] | null;
  /** True when the vertical axis is the digit's label (J = 1), not a latent coordinate. */
  yIsLabel: boolean;
  ms: number;
  step: number;
}

export interface PriorRequest {
  count: number;
  /** Seeds z ~ N(0, I): the same seed shows the same z's as the decoder learns. */
  seed: number;
}

export interface PriorResult extends LatentImage {
  count: number;
  rows: number;
  cols: number;
}

export interface InterpolationRequest {
  from: number;
  to: number;
  /** Decoded points on the path, endpoints included. */
  steps: number;
  spherical: boolean;
}

/** The strip: test digit `from`, the `steps` decoded images, test digit `to`. */
export interface InterpolationResult extends LatentImage {
  steps: number;
}

/** A test digit (left) beside its reconstruction, the decoder's mean at z = μ (right). */
export interface TestDigitResult extends LatentImage {
  index: number;
  label: number;
  mu: number[];
  sigma: number[];
}
