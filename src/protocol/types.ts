/**
 * The contract between the page and the training worker: the worker's API (called through
 * Comlink) and the events it streams back. Plain serializable data only.
 */
import type { Config } from '../core/config';

export const BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];
export type BackendRequest = BackendName | 'auto';

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
}

export type WorkerEvent =
  | { type: 'progress'; loaded: number; total: number; file: string }
  | { type: 'ready'; nTrain: number; nTest: number }
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
  | { type: 'error'; message: string };

export interface InitOptions {
  /** Base URL of the data assets, ending in '/'. */
  dataUrl: string;
  backend: BackendRequest;
  config: Config;
}

export type SetConfigResult = { ok: true; rebuildNeeded: string[] } | { ok: false; message: string };

/** The training worker's API. */
export interface WorkerApi {
  init(opts: InitOptions, onEvent: (e: WorkerEvent) => void): Promise<BackendInfo>;
  train(): Promise<void>;
  pause(): Promise<void>;
  /** One training step (when paused). */
  step(): Promise<void>;
  /** A fresh model with the current config: a new run. */
  reset(): Promise<void>;
  /** Applies live settings at the next step; reports settings that need a rebuild. */
  setConfig(config: Config): Promise<SetConfigResult>;
  /** Builds a new network for a config whose shape changed: a new run. */
  rebuild(config: Config): Promise<SetConfigResult>;
  /** Evaluates the whole test set now. */
  evaluateFull(): Promise<EvalPoint>;
}
