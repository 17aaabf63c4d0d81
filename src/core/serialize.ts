import * as tf from './tf';
import type { Config } from './config';
import type { Checkpoint } from './trainer';
import type { VAE } from './model';

/**
 * A checkpoint as plain typed arrays: what crosses the worker boundary (to survive a worker
 * crash) and what is saved to storage or files. Weights are in the order of VAE.variables.
 */
export interface CheckpointArrays {
  step: number;
  samplesSeen: number;
  optimizer: Config['optimizer'];
  weights: { shape: number[]; values: Float32Array }[];
  /** The optimizer's state: its iteration count first, then its slot variables. */
  optimizerState: { name: string; shape: number[]; values: Float32Array }[];
}

/** Reads a checkpoint back from the device (asynchronously). */
export async function checkpointToArrays(cp: Checkpoint): Promise<CheckpointArrays> {
  // Every read is issued before the first await: the checkpoint may be disposed by its owner
  // while the reads are under way (tfjs keeps data alive for reads already pending).
  const weightReads = cp.weights.map((t) => t.data());
  const stateReads = cp.optimizerState.map((w) => w.tensor.data());
  const [wv, sv] = await Promise.all([Promise.all(weightReads), Promise.all(stateReads)]);
  return {
    step: cp.step,
    samplesSeen: cp.samplesSeen,
    optimizer: cp.optimizer,
    weights: cp.weights.map((t, i) => ({ shape: t.shape.slice(), values: new Float32Array(wv[i]!) })),
    optimizerState: cp.optimizerState.map((w, i) => ({ name: w.name, shape: w.tensor.shape.slice(), values: Float32Array.from(sv[i]!) })),
  };
}

/**
 * Checks arrays against a model before anything is replaced: count, shapes, sizes and
 * finite values. Returns what is wrong, or null.
 */
export function checkCheckpointArrays(a: CheckpointArrays, model: VAE): string | null {
  const vars = model.variables;
  if (!Array.isArray(a.weights) || a.weights.length !== vars.length) {
    return `expected ${vars.length} weight tensors, found ${Array.isArray(a.weights) ? a.weights.length : 'none'}`;
  }
  for (let i = 0; i < vars.length; i++) {
    const w = a.weights[i]!;
    const v = vars[i]!;
    if (!(w.values instanceof Float32Array)) return `weight ${i}: values are not float32`;
    if (JSON.stringify(w.shape) !== JSON.stringify(v.shape)) return `weight ${i}: shape ${JSON.stringify(w.shape)} does not match the model's ${JSON.stringify(v.shape)}`;
    if (w.values.length !== v.size) return `weight ${i}: ${w.values.length} values for shape ${JSON.stringify(v.shape)}`;
    if (!w.values.every(Number.isFinite)) return `weight ${i}: contains NaN or infinite values`;
  }
  for (const [i, s] of (a.optimizerState ?? []).entries()) {
    const size = s.shape.reduce((x, y) => x * y, 1);
    if (!(s.values instanceof Float32Array) || s.values.length !== size) return `optimizer state ${i}: wrong size`;
    if (!s.values.every(Number.isFinite)) return `optimizer state ${i}: contains NaN or infinite values`;
  }
  return null;
}

/** Makes device tensors of a checkpoint from arrays (the caller owns them). */
export function checkpointFromArrays(a: CheckpointArrays): Checkpoint {
  return {
    step: a.step,
    samplesSeen: a.samplesSeen,
    optimizer: a.optimizer,
    weights: a.weights.map((w) => tf.tensor(w.values, w.shape)),
    optimizerState: a.optimizerState.map((s, i) => ({
      name: s.name,
      // The iteration count is an int32 scalar in tfjs's optimizers.
      tensor: i === 0 ? tf.tensor(s.values, s.shape, 'int32') : tf.tensor(s.values, s.shape),
    })),
  };
}

/** The typed arrays' buffers, for Comlink.transfer. */
export function checkpointBuffers(a: CheckpointArrays): ArrayBuffer[] {
  return [...a.weights.map((w) => w.values.buffer as ArrayBuffer), ...a.optimizerState.map((s) => s.values.buffer as ArrayBuffer)];
}
