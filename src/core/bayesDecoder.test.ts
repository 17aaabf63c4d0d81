import * as tf from './tf';
import { describe, expect, it } from 'vitest';
import { syntheticImages, tinyConfig } from '../test/fixtures';
import { denseLocalReparam, klGaussianToPrior, softplusInverse } from './bayesDecoder';
import { evaluateSet } from './evaluate';
import { VAE, type DenseLayer } from './model';
import { objective } from './objective';
import { Trainer } from './trainer';

const softplus = (r: number) => Math.log1p(Math.exp(r));

/** A 2→2 variational layer with the given means and ρ's (caller disposes it). */
function layerOf(w: number[], b: number[], wRho: number[], bRho: number[]): DenseLayer {
  return {
    w: tf.variable(tf.tensor2d(w, [2, 2])),
    b: tf.variable(tf.tensor1d(b)),
    wRho: tf.variable(tf.tensor2d(wRho, [2, 2])),
    bRho: tf.variable(tf.tensor1d(bRho)),
  };
}
const disposeLayer = (l: DenseLayer) => tf.dispose([l.w, l.b, l.wRho!, l.bRho!]);

describe('KL(q(θ) ‖ N(0, α²))', () => {
  it('one weight: log(α/s) + (s² + m²)/(2α²) − ½ by hand', () => {
    // m = 0.5, s = 0.2, α = 1: log 5 + (0.04 + 0.25)/2 − 0.5 = 1.6094379 + 0.145 − 0.5.
    expect(klGaussianToPrior(0.5, 0.2, 1)).toBeCloseTo(1.2544379, 6);
    // q = p: zero.
    expect(klGaussianToPrior(0, 0.3, 0.3)).toBeCloseTo(0, 12);
    // m = 0, s = 1, α = 2: log 2 + 1/8 − 1/2 = 0.3181472.
    expect(klGaussianToPrior(0, 1, 2)).toBeCloseTo(0.3181472, 6);
  });

  it('the model sums it over every decoder weight and bias, as by hand', async () => {
    const w = [0.5, -1, 0, 2];
    const b = [0.1, -0.3];
    const wRho = [-1, 0, 1, -2];
    const bRho = [0.5, -0.5];
    const layer = layerOf(w, b, wRho, bRho);
    const alpha = 0.7;
    let hand = 0;
    w.forEach((m, i) => (hand += klGaussianToPrior(m, softplus(wRho[i]!), alpha)));
    b.forEach((m, i) => (hand += klGaussianToPrior(m, softplus(bRho[i]!), alpha)));
    const model = new VAE({ ...tinyConfig({ hidden: [3] }), decoderWeights: 'variational' });
    // Replace the model's decoder by the hand layer for the sum (the method reads decoderAll).
    const { weightKl } = await import('./bayesDecoder');
    const kl = weightKl([layer], alpha);
    expect((await kl.data())[0]).toBeCloseTo(hand, 4);
    // The whole model: every decoder parameter at s₀ = 0.01 counts.
    const total = model.weightKl(alpha);
    const means = await Promise.all(model.decoderAll.flatMap((l) => [l.w.data(), l.b.data()]));
    let handModel = 0;
    for (const m of means) for (const v of m) handModel += klGaussianToPrior(v, 0.01, alpha);
    expect((await total.data())[0]! / handModel).toBeCloseTo(1, 4);
    tf.dispose([kl, total]);
    disposeLayer(layer);
    model.dispose();
  });

  it('ρ starts at softplus⁻¹(s₀), and a point-estimate model has no ρ and no weight KL', async () => {
    expect(softplus(softplusInverse(0.01))).toBeCloseTo(0.01, 10);
    expect(softplus(softplusInverse(30))).toBeCloseTo(30, 10);
    expect(() => softplusInverse(0)).toThrow(/positive/);
    const v = new VAE({ ...tinyConfig(), decoderWeights: 'variational', weightInitStd: 0.05 });
    const stds = v.decoderWeightStds();
    for (const s of stds) for (const x of await s.data()) expect(x).toBeCloseTo(0.05, 6);
    const p = new VAE(tinyConfig());
    expect(p.variational).toBe(false);
    expect(p.rhoVariables).toEqual([]);
    expect(p.variables.length).toBe(v.variables.length - v.rhoVariables.length);
    const zero = p.weightKl(1);
    expect((await zero.data())[0]).toBe(0);
    tf.dispose([...stds, zero]);
    v.dispose();
    p.dispose();
  });
});

describe('sampling θ', () => {
  it('local reparameterization: pre-activations have mean x·m + b and variance (x⊙x)·s_w² + s_b²', async () => {
    const layer = layerOf([0.5, -1, 0, 2], [0.1, -0.3], [-1, 0, 1, -2], [0.5, -0.5]);
    const x = [1.5, -2];
    const n = 20000;
    const xs = tf.tile(tf.tensor2d(x, [1, 2]), [n, 1]) as tf.Tensor2D;
    const out = denseLocalReparam(xs, layer, undefined, 11);
    const [mean, variance] = await Promise.all([tf.mean(out, 0).data(), tf.moments(out, 0).variance.data()]);
    const s = (r: number) => softplus(r) ** 2;
    // Output 0: m = 1.5·0.5 + (−2)·0 + 0.1 = 0.85; v = 2.25·s(−1) + 4·s(1) + s(0.5).
    const hand = [
      { m: 0.85, v: 2.25 * s(-1) + 4 * s(1) + s(0.5) },
      { m: 1.5 * -1 + -2 * 2 - 0.3, v: 2.25 * s(0) + 4 * s(-2) + s(-0.5) },
    ];
    hand.forEach((h, j) => {
      // Standard error of the mean √(v/n) ≈ 0.02; of the variance v·√(2/n) ≈ 1 %.
      expect(Math.abs(mean[j]! - h.m)).toBeLessThan(5 * Math.sqrt(h.v / n));
      expect(variance[j]! / h.v).toBeGreaterThan(0.95);
      expect(variance[j]! / h.v).toBeLessThan(1.05);
    });
    tf.dispose([xs, out]);
    disposeLayer(layer);
  });

  it('the wasm path (explicit transposes in the gradient) gives the same gradients as tfjs’s own', async () => {
    const layer = layerOf([0.5, -1, 0, 2], [0.1, -0.3], [-1, 0, 1, -2], [0.5, -0.5]);
    const x = tf.tensor2d([1.5, -2, 0.3, 0.7, -1, 2], [3, 2]);
    const noise = tf.randomNormal<tf.Rank.R2>([3, 2], 0, 1, 'float32', 2);
    const vars = [layer.w, layer.b, layer.wRho!, layer.bRho!] as tf.Variable[];
    const grads = (explicit: boolean) =>
      tf.variableGrads(() => tf.sum(tf.square(denseLocalReparam(x, layer, noise, undefined, explicit))) as tf.Scalar, vars);
    const [a, b] = [grads(false), grads(true)];
    for (const v of vars) {
      const [ga, gb] = [await a.grads[v.name]!.data(), await b.grads[v.name]!.data()];
      ga.forEach((g, i) => expect(gb[i]).toBeCloseTo(g, 5));
    }
    tf.dispose([a.value, b.value, ...Object.values(a.grads), ...Object.values(b.grads), x, noise]);
    disposeLayer(layer);
  });

  it('a shared draw is one decoder for all rows; a local draw differs per row; the mean draw is the point decoder', async () => {
    const model = new VAE({ ...tinyConfig(), decoderWeights: 'variational', weightInitStd: 0.3 });
    const z = tf.zeros([3, 2]) as tf.Tensor2D;
    const rows = async (t: tf.Tensor2D) => {
      const a = await t.array();
      t.dispose();
      return a;
    };
    const shared = await rows(model.decodeMean(z, { kind: 'shared', seed: 5 }));
    const local = await rows(model.decodeMean(z, { kind: 'local', seed: 5 }));
    const mean = await rows(model.decodeMean(z));
    expect(shared[1]).toEqual(shared[0]);
    expect(local[1]).not.toEqual(local[0]);
    expect(mean[1]).toEqual(mean[0]);
    expect(shared[0]).not.toEqual(mean[0]);
    z.dispose();
    model.dispose();
  });
});

/** Copies every weight of `from` (its weights only) into `to`. */
function copyWeights(from: VAE, to: VAE): void {
  to.weightVariables.forEach((v, i) => v.assign(from.weightVariables[i]!));
}

describe('gradients of the full-VB bound', () => {
  it('with s → 0 the gradient is the point-estimate model’s plus the prior’s m/(N α²)', async () => {
    const cfg = tinyConfig({ hidden: [6], latentDim: 2, activation: 'tanh' });
    const point = new VAE(cfg);
    const vb = new VAE({ ...cfg, decoderWeights: 'variational', weightInitStd: 1e-12 });
    copyWeights(point, vb);
    const x = syntheticImages(4);
    const eps = tf.randomNormal<tf.Rank.R2>([4, 2], 0, 1, 'float32', 3);
    const N = 50;
    const alpha = 0.5;
    const opts = { estimator: 'B' as const, samplesL: 1, beta: 1, eps, seed: 9, trainSize: N, weightPriorStd: alpha };
    const gp = tf.variableGrads(() => objective(point, x, opts).loss, point.weightVariables);
    const gv = tf.variableGrads(() => objective(vb, x, opts).loss, vb.weightVariables);
    for (let i = 0; i < point.weightVariables.length; i++) {
      const isDecoder = i >= 2 * (point.encoderLayers.length + 1);
      const m = await vb.weightVariables[i]!.data();
      const a = await gp.grads[point.weightVariables[i]!.name]!.data();
      const b = await gv.grads[vb.weightVariables[i]!.name]!.data();
      a.forEach((g, k) => {
        const expected = g + (isDecoder ? m[k]! / (N * alpha * alpha) : 0);
        expect(Math.abs(b[k]! - expected), `variable ${i}, entry ${k}`).toBeLessThan(1e-4 + 1e-4 * Math.abs(expected));
      });
    }
    tf.dispose([gp.value, gv.value, ...Object.values(gp.grads), ...Object.values(gv.grads), x, eps]);
    point.dispose();
    vb.dispose();
  });

  it('the weight-sampling path agrees with central finite differences (m and ρ, fixed ε and ζ)', () => {
    tf.setBackend('cpu');
    const cfg = tinyConfig({ hidden: [4], latentDim: 2, activation: 'tanh' });
    const model = new VAE({ ...cfg, decoderWeights: 'variational', weightInitStd: 0.2 });
    const x = syntheticImages(2);
    const eps = tf.randomNormal<tf.Rank.R2>([2, 2], 0, 1, 'float32', 4);
    const weightNoise = model.decoderAll.map((l, i) => tf.randomNormal<tf.Rank.R2>([2, l.w.shape[1]], 0, 1, 'float32', 20 + i));
    const f = () => objective(model, x, { estimator: 'B', samplesL: 1, beta: 1, eps, weightNoise, trainSize: 10, weightPriorStd: 0.5 }).loss;
    const probe = [model.decoderLayers[0]!.w, model.decoderLayers[0]!.wRho!, model.decoderHead.wRho!, model.decoderHead.bRho!, model.decoderHead.b];
    const { value, grads } = tf.variableGrads(f, probe as tf.Variable[]);
    const h = 1e-2;
    let checked = 0;
    for (const v of probe) {
      const g = grads[v.name]!.dataSync();
      const vals = v.dataSync().slice();
      for (const i of [0, 3, 6]) {
        if (i >= vals.length) continue;
        const at = (d: number) => {
          // A copy: the cpu backend may keep the array given to tf.tensor as the tensor's data.
          const moved = vals.slice();
          moved[i] = moved[i]! + d;
          (v as tf.Variable).assign(tf.tensor(moved, v.shape));
          const r = f();
          const y = r.dataSync()[0]!;
          r.dispose();
          return y;
        };
        const fd = (at(h) - at(-h)) / (2 * h);
        (v as tf.Variable).assign(tf.tensor(vals.slice(), v.shape));
        expect(Math.abs(fd - g[i]!), `${v.name}[${i}]`).toBeLessThan(0.05 + 0.02 * Math.abs(fd));
        checked++;
      }
    }
    expect(checked).toBe(15);
    tf.dispose([value, ...Object.values(grads), x, eps, ...weightNoise]);
    model.dispose();
  });
});

describe('training a variational decoder', () => {
  it('raises the full-VB bound on a tiny problem, and the weight KL stays finite', async () => {
    const N = 32;
    const cfg = { ...tinyConfig({ hidden: [16], latentDim: 2, learningRate: 1e-2 }), decoderWeights: 'variational' as const, weightPriorStd: 1 };
    const trainer = new Trainer(cfg);
    trainer.trainSize = N;
    const x = syntheticImages(N);
    /** The per-image bound: E_q(θ)[ELBO_i] − KL(q(θ) ‖ p)/N, on the whole tiny set. */
    const bound = async () => {
      const r = await evaluateSet(trainer.model, x, N, 1);
      const kl = trainer.model.weightKl(1);
      const w = (await kl.data())[0]! / N;
      kl.dispose();
      return { bound: r.elbo - w, weightKl: w };
    };
    const before = await bound();
    let last: Float32Array | Int32Array | Uint8Array = new Float32Array();
    const steps = 60;
    for (let i = 0; i < steps; i++) {
      const s = trainer.trainStep(x);
      if (i === steps - 1) last = await s.data();
      s.dispose();
    }
    const after = await bound();
    expect(after.bound).toBeGreaterThan(before.bound + 100);
    expect(Number.isFinite(after.weightKl)).toBe(true);
    expect(after.weightKl).toBeGreaterThan(0);
    // The step statistics carry the weight KL per image (index 5 of STEP_STATS).
    expect(last[5]! / after.weightKl).toBeGreaterThan(0.9);
    expect(last[5]! / after.weightKl).toBeLessThan(1.1);
    trainer.dispose();
    x.dispose();
  });

  it('building and disposing a variational model leaves no tensor behind', () => {
    const before = tf.memory().numTensors;
    new VAE({ ...tinyConfig(), decoderWeights: 'variational' }).dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a step, an evaluation, each draw and the weight KL leave the tensor count unchanged', async () => {
    const trainer = new Trainer({ ...tinyConfig(), decoderWeights: 'variational' });
    const x = syntheticImages(8);
    trainer.trainStep(x).dispose(); // the optimizer's slots are made at its first step
    const before = tf.memory().numTensors;
    trainer.trainStep(x).dispose();
    await evaluateSet(trainer.model, x, 4, 1);
    const z = tf.zeros([2, 2]) as tf.Tensor2D;
    tf.dispose([
      trainer.model.decodeMean(z, { kind: 'shared', seed: 1 }),
      trainer.model.decodeMean(z, { kind: 'local', seed: 1 }),
      trainer.model.weightKl(0.5),
      ...trainer.model.decoderWeightStds(),
      z,
    ]);
    expect(tf.memory().numTensors).toBe(before);
    trainer.dispose();
    x.dispose();
  });
});
