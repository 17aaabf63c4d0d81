/**
 * Measuring helpers of the benchmark worker (bench.html only; the app never loads them): order
 * statistics, the matrix-multiply peak, the FLOPs of one training step, and the samples/s of a
 * running TrainingSession over a window. The worker's modes (worker.ts, threadsBench.ts, …)
 * share them.
 */
import * as tf from '../core/tf';
import type { TrainingSession } from '../worker/session';
import type { Config } from '../core/config';
import { IMAGE_SIZE } from '../core/model';

export const now = () => performance.now();
export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
export const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

/** n×n·n×n repeated for at least `seconds` (after a warm-up); GFLOP/s. */
export async function matmulPeak(seconds: number, n = 1024) {
  const a = tf.randomUniform([n, n]);
  const b = tf.randomUniform([n, n]);
  const once = async (k: number) => {
    let last: tf.Tensor | null = null;
    for (let i = 0; i < k; i++) {
      last?.dispose();
      last = tf.matMul(a, b);
    }
    await last!.data();
    last!.dispose();
  };
  await once(1);
  let reps = 0;
  const t0 = now();
  // Batches of 4 matmuls per readback keep the queue full without one read per product
  // (1 on cpu, where one product takes seconds).
  const batch = tf.getBackend() === 'cpu' ? 1 : 4;
  while (now() - t0 < seconds * 1000 || reps === 0) {
    await once(batch);
    reps += batch;
  }
  const s = (now() - t0) / 1000;
  tf.dispose([a, b]);
  return { n, reps, seconds: round(s, 2), gflops: round((2 * n ** 3 * reps) / s / 1e9, 2) };
}

/**
 * FLOPs of the matrix products of one step: 2·fanIn·fanOut per row and layer forward, twice
 * that backward (dW and the layer's input), except the first layer, which needs no gradient
 * for the data (denseOnData). The encoder sees M rows, the decoder M·L.
 */
export function flopsPerStep(c: Config): number {
  const enc = [IMAGE_SIZE, ...c.hidden, 2 * c.latentDim];
  const dec = [c.latentDim, ...[...c.hidden].reverse(), c.decoder === 'gaussian' ? 2 * IMAGE_SIZE : IMAGE_SIZE];
  const macs = (sizes: number[]) => sizes.slice(1).reduce((sum, out, i) => sum + sizes[i]! * out, 0);
  const encoder = 3 * macs(enc) - enc[0]! * enc[1]!;
  return 2 * c.batchSize * (encoder + 3 * c.samplesL * macs(dec));
}

/**
 * The matMul peak's share, in %, that training at `samplesPerSec` takes in matrix products:
 * (samples/s ÷ M) steps/s × FLOPs per step ÷ (GFLOP/s × 1e9) × 100.
 */
export function peakSharePct(samplesPerSec: number, batchSize: number, flops: number, gflops: number): number {
  return round(((samplesPerSec / batchSize) * flops * 100) / (gflops * 1e9), 1);
}

/** Samples/s of a running session between its first and last metrics event in a window (the session is started, then paused). */
export async function sessionWindow(s: TrainingSession, marks: { t: number; samples: number }[], seconds: number): Promise<number> {
  s.start();
  // Warm-up: a few readbacks before the window opens.
  const t0 = now();
  while (marks.length < 2 && now() - t0 < 120_000) await new Promise((r) => setTimeout(r, 50));
  marks.length = 0;
  await new Promise((r) => setTimeout(r, seconds * 1000));
  // A slow backend (software WebGL) may report less than twice in a short window: wait for a second report.
  const t1 = now();
  while (marks.length < 2 && now() - t1 < 60_000) await new Promise((r) => setTimeout(r, 50));
  await s.pause();
  const first = marks[0];
  const last = marks.at(-1);
  if (!first || !last || last.t <= first.t) return 0;
  return ((last.samples - first.samples) / (last.t - first.t)) * 1000;
}

