/**
 * Where one training step's time goes, by kind of kernel (issue 27's thread figures): a wasm
 * step's matrix products run on XNNPACK's thread pool, much of the rest does not, and the
 * speed-up a second thread can give is bounded by that split (Amdahl). Measured with
 * tf.profile on the Trainer's own step; the wall time of the same steps is taken without the
 * profiler.
 */
import * as tf from '../core/tf';
import type { Trainer } from '../core/trainer';
import { now, round } from './measure';

export const KERNEL_GROUPS = ['matMul', 'binary', 'unary', 'transpose', 'reduce', 'other'] as const;
export type KernelGroup = (typeof KERNEL_GROUPS)[number];

const GROUP_OF: Record<string, KernelGroup> = {
  BatchMatMul: 'matMul',
  _FusedMatMul: 'matMul',
  Add: 'binary',
  AddN: 'binary',
  Sub: 'binary',
  Multiply: 'binary',
  RealDiv: 'binary',
  Maximum: 'binary',
  Minimum: 'binary',
  SquaredDifference: 'binary',
  Transpose: 'transpose',
  Sum: 'reduce',
  Mean: 'reduce',
  Max: 'reduce',
  Min: 'reduce',
  Prod: 'reduce',
  Sqrt: 'unary',
  Square: 'unary',
  Exp: 'unary',
  Log: 'unary',
  Softplus: 'unary',
  Sigmoid: 'unary',
  Relu: 'unary',
  Step: 'unary',
  Neg: 'unary',
  Abs: 'unary',
  Cast: 'unary',
  Identity: 'unary',
  Rsqrt: 'unary',
  Reciprocal: 'unary',
};

/** The group a kernel's time counts in. */
export function kernelGroup(name: string): KernelGroup {
  return GROUP_OF[name] ?? 'other';
}

export interface StepProfile {
  /** Wall time per step without the profiler (ms). */
  wallMs: number;
  /** Time inside kernels per step, by group (ms). */
  groups: Record<KernelGroup, number>;
  /** Σ groups (ms). */
  kernelMs: number;
  /** wallMs − kernelMs: op dispatch in JavaScript, tensor bookkeeping, the optimizer's scalars (ms). */
  outsideMs: number;
}

/**
 * Sums profiled kernel times per step by group. Only the backend's own kernels count
 * (`isKernel`): tf.profile also lists the scopes of ops built from other ops (custom gradients,
 * fused ops written in JS), whose time is their kernels' time again.
 */
export function groupKernelTimes(
  kernels: { name: string; ms: number }[],
  steps: number,
  isKernel: (name: string) => boolean,
): Record<KernelGroup, number> {
  const groups = Object.fromEntries(KERNEL_GROUPS.map((g) => [g, 0])) as Record<KernelGroup, number>;
  for (const k of kernels) if (isKernel(k.name)) groups[kernelGroup(k.name)] += k.ms;
  for (const g of KERNEL_GROUPS) groups[g] = round(groups[g] / steps, 2);
  return groups;
}

/** Profiles `steps` of `trainer` on the batch `x` (after 3 warm-up steps). */
export async function profileSteps(trainer: Trainer, x: tf.Tensor2D, steps: number): Promise<StepProfile> {
  const step = () => tf.tidy(() => trainer.trainStep(x));
  for (let i = 0; i < 3; i++) {
    const s = step();
    await s.data();
    s.dispose();
  }
  // Wall time, no profiler: one readback at the end, as the app's loop reads back every few steps.
  let last: tf.Tensor | null = null;
  const t0 = now();
  for (let i = 0; i < steps; i++) {
    last?.dispose();
    last = step();
  }
  await last!.data();
  const wallMs = (now() - t0) / steps;
  last!.dispose();
  // Kernel times. The profiler would otherwise read every kernel's output back to look for NaN.
  const check = tf.env().getBool('CHECK_COMPUTATION_FOR_ERRORS');
  tf.env().set('CHECK_COMPUTATION_FOR_ERRORS', false);
  const kernels: { name: string; ms: number }[] = [];
  try {
    for (let i = 0; i < steps; i++) {
      const info = await tf.profile(() => step());
      for (const k of info.kernels) kernels.push({ name: k.name, ms: Number(await k.kernelTimeMs) || 0 });
      (info.result as tf.Tensor).dispose();
    }
  } finally {
    tf.env().set('CHECK_COMPUTATION_FOR_ERRORS', check);
  }
  const backend = tf.getBackend();
  const groups = groupKernelTimes(kernels, steps, (name) => tf.getKernel(name, backend) !== undefined);
  const kernelMs = round(KERNEL_GROUPS.reduce((s, g) => s + groups[g], 0), 2);
  return { wallMs: round(wallMs, 2), groups, kernelMs, outsideMs: round(wallMs - kernelMs, 2) };
}
