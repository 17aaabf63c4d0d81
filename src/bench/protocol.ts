/** Messages between the benchmark page (bench.html) and its worker. Bench-only: not in the app. */
import type { BackendInfo, BackendRequest } from '../protocol/types';
import type { HmcBench } from './hmcBench';
import type { BayesBench } from './bayesBench';
import type { ThreadsBench } from './threadsBench';
import type { AutosaveBench } from './autosaveBench';

export interface BenchRequest {
  /**
   * 'train': the training measurements on one backend; 'auto': the app's automatic backend
   * choice; 'check': the device kernels against their JavaScript reference (browser tests);
   * 'hmc': HMC samples/s at J = 2, 20, 50 (hmcBench.ts); 'bayes': variational against
   * point-estimate decoder steps (bayesBench.ts); 'threads': wasm at each thread count
   * (threadsBench.ts); 'autosave': the worker's side of one autosave (autosaveBench.ts).
   */
  mode: 'train' | 'auto' | 'check' | 'hmc' | 'bayes' | 'threads' | 'autosave';
  backend: BackendRequest;
  /** Seconds per measurement window. */
  windowS: number;
  /** Base URL of the data assets. */
  dataUrl: string;
  /** Quick mode (CI): fewer repetitions. */
  quick?: boolean;
}

/** The modes a request names. */
export const BENCH_MODES = ['train', 'auto', 'check', 'hmc', 'bayes', 'threads', 'autosave'] as const;

export interface TrainBench {
  backend: string;
  backendChoiceMs: number;
  config: { hidden: number[]; latentDim: number; batchSize: number; optimizer: string };
  /** Matrix-multiply peak: n×n·n×n repeated, GFLOP/s. */
  matmul: { n: number; reps: number; seconds: number; gflops: number };
  /** Multiply-add FLOPs of one training step: 3 × forward matmul FLOPs (forward + backward). */
  flopsPerStep: number;
  /** The app's training loop (TrainingSession), per batch source, alternating windows. */
  app: {
    host: { samplesPerSec: number[]; median: number };
    device: { samplesPerSec: number[]; median: number } | null;
    /** What the app's rule (fitsOnDevice) picks on this backend. */
    residentByRule: boolean;
    residentUploadMs: number | null;
    speedupDeviceOverHost: number | null;
  };
  /** The reference loop: unfused layers, host batches binarized in JS, a blocking read per step. */
  reference: { samplesPerSec: number; windows: number[] };
  speedupOverReference: number;
  /** The app's step against the matmul peak. */
  utilisationPct: number;
  /**
   * The matmul peak's share that twice the reference's rate would take (the issue's aim): over
   * 100 %, 2× the reference is beyond what this backend's products can do on this machine.
   */
  twiceReferencePct: number;
  /** One step issued then awaited, averaged: JS issue (dispatch) vs waiting for the result. */
  split: {
    steps: number;
    issueMs: number;
    waitMs: number;
    totalMs: number;
    /** tf.time: kernel time and wall time of one step, where the backend reports kernel time. */
    kernelMs: number | null;
    wallMs: number | null;
    dispatchShare: number;
  };
  memory: { numTensors: number; numBytes: number; residentBytes: number; peakNumBytes: number };
}

/** One resident set, batches drawn and binarized on the device, compared with the JavaScript reference. */
export interface KernelCheck {
  /** Images in the resident set (a large one is laid out over a square texture on WebGL). */
  images: number;
  /** The shader that drew the batches, or null where batches are gathered and binarized in JavaScript. */
  kernel: string | null;
  batches: number;
  elements: number;
  /** Elements that differ from binarizeDynamic of the same rows. */
  mismatches: number;
  /** Share of ones, and the mean intensity of the gathered rows (the share expected). */
  onesShare: number;
  meanIntensity: number;
  /** Tensors alive after the check minus before. */
  tensorsLeaked: number;
}

export interface CheckBench {
  backend: string;
  checks: KernelCheck[];
}

export type BenchReply =
  | { type: 'log'; message: string }
  | { type: 'result'; result: TrainBench | CheckBench | { auto: BackendInfo } | HmcBench | BayesBench | ThreadsBench | AutosaveBench }
  | { type: 'error'; message: string };
