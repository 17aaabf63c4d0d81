import { describe, expect, it } from 'vitest';
import * as tf from '../core/tf';
import { DEFAULT_CONFIG } from '../core/config';
import { Trainer } from '../core/trainer';
import { KERNEL_GROUPS, groupKernelTimes, kernelGroup, profileSteps } from './stepProfile';

describe('groupKernelTimes', () => {
  it('sums the backend kernels per step by group and leaves out the scopes of composite ops', () => {
    const kernels = [
      { name: '_FusedMatMul', ms: 3 },
      { name: 'BatchMatMul', ms: 5 },
      { name: 'fusedMatMul__op', ms: 3.5 }, // a scope around the _FusedMatMul above: not a kernel
      { name: 'Add', ms: 1 },
      { name: 'RealDiv', ms: 0.5 },
      { name: 'Sqrt', ms: 0.25 },
      { name: 'Transpose', ms: 2 },
      { name: 'Sum', ms: 0.5 },
      { name: 'SplitV', ms: 0.1 },
    ];
    const isKernel = (n: string) => n !== 'fusedMatMul__op';
    // Two steps: every figure is half the sum.
    expect(groupKernelTimes(kernels, 2, isKernel)).toEqual({ matMul: 4, binary: 0.75, unary: 0.13, transpose: 1, reduce: 0.25, other: 0.05 });
  });

  it('files an unknown kernel under other', () => {
    expect(kernelGroup('Multiply')).toBe('binary');
    expect(kernelGroup('Softplus')).toBe('unary');
    expect(kernelGroup('SomethingNew')).toBe('other');
  });
});

describe('profileSteps', () => {
  it("profiles the Trainer's real steps: products counted, the groups add up to the kernel time, no tensor left behind", async () => {
    const c = { ...DEFAULT_CONFIG, hidden: [16], latentDim: 2, batchSize: 8 };
    const trainer = new Trainer(c);
    const x = tf.tidy(() => tf.cast(tf.less(tf.randomUniform([8, 784], 0, 1, 'float32', 3), 0.2), 'float32')) as tf.Tensor2D;
    // One step first: Adam makes its moments then, and they stay.
    tf.tidy(() => trainer.trainStep(x)).dispose();
    const before = tf.memory().numTensors;
    const check = tf.env().getBool('CHECK_COMPUTATION_FOR_ERRORS');
    const p = await profileSteps(trainer, x, 2);
    expect(tf.memory().numTensors).toBe(before);
    // 1 + 3 warm-up steps, 2 timed, 2 profiled.
    expect(trainer.step).toBe(8);
    expect(p.groups.matMul).toBeGreaterThan(0);
    expect(p.wallMs).toBeGreaterThan(0);
    const sum = KERNEL_GROUPS.reduce((s, g) => s + p.groups[g], 0);
    expect(p.kernelMs).toBeCloseTo(sum, 1);
    expect(p.outsideMs).toBeCloseTo(p.wallMs - p.kernelMs, 1);
    // The profiler's check of every output is put back as it was.
    expect(tf.env().getBool('CHECK_COMPUTATION_FOR_ERRORS')).toBe(check);
    x.dispose();
    trainer.dispose();
  });
});
