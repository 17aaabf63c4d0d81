import * as tf from './tf';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adamStep, FusedAdamOptimizer } from './fusedAdam';

describe('adamStep', () => {
  it('is one Adam update, by hand', () => {
    // Step 1 of Adam (β₁ 0.9, β₂ 0.999, so c₁ = 0.1, c₂ = 0.001) from zero moments, η = 0.01, ε = 1e-7:
    // g = 2: m' = 0.2, v' = 0.004, m̂ = 2, v̂ = 4, θ' = 1 − 0.01 · 2 / (2 + 1e-7) = 0.99000000050.
    // g = −0.5 with m = 0.1, v = 0.01: m' = 0.09 − 0.05 = 0.04, v' = 0.00999 + 0.00025 = 0.01024,
    // m̂ = 0.4, v̂ = 10.24, √v̂ = 3.2, θ' = −1 − 0.01 · 0.4 / 3.2000001 = −1.00125.
    const out = { theta: new Float32Array(2), m: new Float32Array(2), v: new Float32Array(2) };
    adamStep(
      Float32Array.of(1, -1),
      Float32Array.of(0, 0.1),
      Float32Array.of(0, 0.01),
      Float32Array.of(2, -0.5),
      out,
      { beta1: 0.9, beta2: 0.999, c1: 0.1, c2: 0.001, learningRate: 0.01, epsilon: 1e-7 },
    );
    expect(out.m[0]).toBeCloseTo(0.2, 7);
    expect(out.v[0]).toBeCloseTo(0.004, 9);
    expect(out.theta[0]).toBeCloseTo(0.99, 7);
    expect(out.m[1]).toBeCloseTo(0.04, 7);
    expect(out.v[1]).toBeCloseTo(0.01024, 8);
    expect(out.theta[1]).toBeCloseTo(-1.00125, 6);
  });
});

describe('FusedAdamOptimizer', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  /** Two variables and a loss whose gradients change with them; `steps` updates. */
  function run(opt: tf.Optimizer, steps: number) {
    const a = tf.variable(tf.tensor2d([0.5, -1.2, 2, 0.3, 0.01, -0.7], [2, 3]), true, `a${Math.random()}`);
    const b = tf.variable(tf.tensor1d([0.1, -0.2, 0.3]), true, `b${Math.random()}`);
    const x = tf.tensor2d([1, 2, -1, 0.5], [2, 2]);
    for (let i = 0; i < steps; i++) {
      tf.tidy(() => {
        const { grads } = tf.variableGrads(() => tf.sum(tf.square(tf.sub(tf.add(tf.matMul(x, a), b), 1))) as tf.Scalar, [a, b]);
        opt.applyGradients({ [a.name]: grads[a.name]!, [b.name]: grads[b.name]! });
      });
    }
    return { a, b, x };
  }

  it("follows tf.train.adam step by step on wasm, with the same state under the same names", async () => {
    expect(tf.getBackend()).toBe('wasm');
    const ours = new FusedAdamOptimizer(0.05, 0.9, 0.999);
    const theirs = tf.train.adam(0.05);
    const mine = run(ours, 6);
    const ref = run(theirs, 6);
    const close = (x: tf.Tensor, y: tf.Tensor) => {
      const p = x.dataSync();
      const q = y.dataSync();
      expect(p.length).toBe(q.length);
      p.forEach((v, i) => expect(Math.abs(v - q[i]!)).toBeLessThan(1e-5 * Math.max(1, Math.abs(q[i]!))));
    };
    close(mine.a, ref.a);
    close(mine.b, ref.b);
    // The values moved: six real updates, not a no-op that matches another no-op.
    expect(Math.abs(mine.a.dataSync()[0]! - 0.5)).toBeGreaterThan(0.1);
    const w1 = await ours.getWeights();
    const w2 = await theirs.getWeights();
    expect(w1.map((w) => w.name.replace(/^[ab][\d.]+/, 'X'))).toEqual(w2.map((w) => w.name.replace(/^[ab][\d.]+/, 'X')));
    expect(ours.iterations).toBe(6);
    w1.forEach((w, i) => close(w.tensor, w2[i]!.tensor));
    tf.dispose([...w1.map((w) => w.tensor), ...w2.map((w) => w.tensor), mine.a, mine.b, mine.x, ref.a, ref.b, ref.x]);
    ours.dispose();
    theirs.dispose();
  });

  it('leaves no tensor behind after its first step, and its state loads into another (a checkpoint)', async () => {
    const opt = new FusedAdamOptimizer(0.05, 0.9, 0.999);
    const v = run(opt, 1);
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const { grads } = tf.variableGrads(() => tf.sum(tf.square(tf.add(tf.matMul(v.x, v.a), v.b))) as tf.Scalar, [v.a, v.b]);
      opt.applyGradients([
        { name: v.a.name, tensor: grads[v.a.name]! },
        { name: v.b.name, tensor: grads[v.b.name]! },
      ]);
    });
    expect(tf.memory().numTensors).toBe(before);
    const saved = await opt.getWeights();
    const other = new FusedAdamOptimizer(0.05, 0.9, 0.999);
    await other.setWeights(saved);
    expect(other.iterations).toBe(2);
    tf.dispose([...saved.map((w) => w.tensor), v.a, v.b, v.x]);
    opt.dispose();
    other.dispose();
  });

  it("is tfjs's own update on other backends", async () => {
    await tf.setBackend('cpu');
    try {
      const mine = run(new FusedAdamOptimizer(0.05, 0.9, 0.999), 3);
      const ref = run(tf.train.adam(0.05), 3);
      expect(Array.from(mine.a.dataSync())).toEqual(Array.from(ref.a.dataSync()));
      tf.dispose([mine.a, mine.b, mine.x, ref.a, ref.b, ref.x]);
    } finally {
      await tf.setBackend('wasm');
    }
  });
});
