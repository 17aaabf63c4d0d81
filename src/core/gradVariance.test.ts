import * as tf from './tf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticImages, tinyConfig } from '../test/fixtures';
import { encoderGradient, GradientMoments, measureGradientVariance, type GradEstimator } from './gradVariance';
import { VAE } from './model';

describe('GradientMoments', () => {
  it('mean, unbiased variance and the summary match a hand computation', async () => {
    const m = new GradientMoments();
    for (const g of [
      [1, 2],
      [3, 6],
      [5, 7],
    ]) {
      const t = [tf.tensor1d([g[0]!]), tf.tensor1d([g[1]!])];
      m.add(t);
      tf.dispose(t);
    }
    const { mean, variance } = m.meanAndVariance();
    // [1, 3, 5]: mean 3, Σ dev² = 8 → 4;  [2, 6, 7]: mean 5, Σ dev² = 9 + 1 + 4 = 14 → 7
    expect(Array.from(mean.dataSync())).toEqual([3, 5]);
    expect(Array.from(variance.dataSync())).toEqual([4, 7]);
    tf.dispose([mean, variance]);
    const s = await m.summary();
    expect(s.R).toBe(3);
    expect(s.totalVariance).toBeCloseTo(11, 5);
    expect(s.meanNormSq).toBeCloseTo(34, 5);
    expect(s.signalNormSq).toBeCloseTo(34 - 11 / 3, 5);
    expect(s.snr).toBeCloseTo((34 - 11 / 3) / 11, 5);
    m.dispose();
  });
});

describe('gradient estimators on a tiny VAE', () => {
  let model: VAE;
  let x: tf.Tensor2D;

  beforeAll(() => {
    model = new VAE(tinyConfig({ hidden: [8], latentDim: 2, seed: 3 }));
    x = syntheticImages(2, 5);
  });

  afterAll(() => {
    model.dispose();
    x.dispose();
  });

  /** Per-parameter mean and variance of R estimates. */
  async function moments(estimator: GradEstimator, L: number, R: number, seed: number) {
    const m = new GradientMoments();
    for (let r = 0; r < R; r++) {
      const g = encoderGradient(model, x, estimator, L, seed * 100_000 + r);
      m.add(g);
      tf.dispose(g);
    }
    const { mean, variance } = m.meanAndVariance();
    const out = { mean: (await mean.data()) as Float32Array, variance: (await variance.data()) as Float32Array, R };
    tf.dispose([mean, variance]);
    m.dispose();
    return out;
  }

  /** z = (m₁ − signB·m₂)/√(v₁/R₁ + v₂/R₂) for parameter i: about N(0, 1) when both have the same expectation. */
  function zScore(a: Awaited<ReturnType<typeof moments>>, b: Awaited<ReturnType<typeof moments>>, i: number, signB = 1): number {
    return (a.mean[i]! - signB * b.mean[i]!) / Math.sqrt(a.variance[i]! / a.R + b.variance[i]! / b.R);
  }

  /** Flat indices of the biases of the encoder (hidden layer and the μ/log σ² head). */
  function biasIndices(m: VAE): number[] {
    const out: number[] = [];
    let o = 0;
    for (const v of m.encoderVariables) {
      if (v.rank === 1) for (let i = 0; i < v.size; i++) out.push(o + i);
      o += v.size;
    }
    return out;
  }

  it('the gradient has one tensor per encoder variable, with its shape', () => {
    for (const est of ['reparamB', 'reparamA', 'score'] as const) {
      const g = encoderGradient(model, x, est, 2, 1);
      expect(g.map((t) => t.shape)).toEqual(model.encoderVariables.map((v) => v.shape));
      expect(g.every((t) => t.dataSync().every(Number.isFinite))).toBe(true);
      tf.dispose(g);
    }
  });

  it('apples to apples: the mean score-function gradient agrees with the reparameterization gradient within statistical error', async () => {
    // On a model whose decoder already explains x fairly well, log p(x, z) − log q(z|x) is a few
    // nats rather than hundreds, so the score function's noise is small enough for the
    // comparison to have power (see the sign-flip check). Its μ head is offset so the KL pulls.
    const fitted = new VAE(tinyConfig({ hidden: [8], latentDim: 2, seed: 4 }));
    const on = new Float32Array(784);
    for (let i = 300; i < 320; i++) on[i] = 1;
    const imgs = new Float32Array(2 * 784);
    imgs.set(on, 0);
    imgs.set(on, 784);
    imgs[784 + 100] = 1;
    imgs[200] = 1;
    const xf = tf.tensor2d(imgs, [2, 784]);
    tf.tidy(() => {
      fitted.decoderHead.b.assign(tf.tensor1d(Array.from(on, (v) => (v ? 6 : -6))));
      fitted.encoderHead.b.assign(tf.tensor1d([1.5, -1, -0.5, 0.3]));
    });
    const R = 800;
    const saved = { model, x };
    model = fitted;
    x = xf;
    try {
      const rb = await moments('reparamB', 1, R, 1);
      const ra = await moments('reparamA', 1, R, 2);
      const sf = await moments('score', 1, R, 3);
      // The gradient lives in a space of few effective dimensions (it is driven by ε's 2·J·B
      // numbers), so parameters are compared one by one rather than pooled: the 12 biases
      // (8 hidden, 4 of the head), each within 3.5 standard errors.
      const idx = biasIndices(fitted);
      expect(idx.length).toBe(12);
      let compared = 0;
      for (const i of idx) {
        if (sf.variance[i] === 0 && rb.variance[i] === 0) {
          // A ReLU unit that is off for both images: no gradient under any estimator.
          expect([sf.mean[i], ra.mean[i], rb.mean[i]]).toEqual([0, 0, 0]);
          continue;
        }
        compared++;
        expect(Math.abs(zScore(sf, rb, i))).toBeLessThan(3.5);
        expect(Math.abs(zScore(ra, rb, i))).toBeLessThan(3.5);
      }
      expect(compared).toBeGreaterThanOrEqual(8);
      // The comparison has power: a sign error in the score-function gradient of the μ head
      // (the last four biases are μ₁, μ₂, log σ²₁, log σ²₂) would be caught.
      const muHead = idx.slice(-4, -2);
      for (const i of muHead) expect(Math.abs(zScore(sf, rb, i, -1))).toBeGreaterThan(5);
      // And the variances: the score function's is the largest, estimator B's the smallest.
      const total = (m: typeof rb) => m.variance.reduce((a, v) => a + v, 0);
      expect(total(sf)).toBeGreaterThan(total(ra));
      expect(total(ra)).toBeGreaterThan(total(rb));
    } finally {
      model = saved.model;
      x = saved.x;
      fitted.dispose();
      xf.dispose();
    }
  });

  it('on an untrained model the score-function variance dwarfs the pathwise one', async () => {
    const rb = await moments('reparamB', 1, 100, 5);
    const sf = await moments('score', 1, 100, 6);
    const total = (m: typeof rb) => m.variance.reduce((a, v) => a + v, 0);
    expect(total(sf)).toBeGreaterThan(100 * total(rb));
  });

  it('measureGradientVariance: one cell per estimator and L, variance falling with L, and no tensor leaks', async () => {
    // Warm up (kernels, any lazily created state), then count.
    tf.dispose(encoderGradient(model, x, 'score', 1, 9));
    const before = tf.memory().numTensors;
    const progress: number[] = [];
    const cells = await measureGradientVariance(model, x, {
      estimators: ['reparamB', 'reparamA', 'score'],
      Ls: [1, 10],
      R: 40,
      seed: 4,
      between: async (done, total) => {
        progress.push(done / total);
      },
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(cells.map((c) => `${c.estimator}@${c.L}`)).toEqual(['reparamB@1', 'reparamB@10', 'reparamA@1', 'reparamA@10', 'score@1', 'score@10']);
    expect(progress.length).toBe(6 * 40);
    expect(progress.at(-1)).toBe(1);
    for (const est of ['reparamB', 'reparamA', 'score'] as const) {
      const [l1, l10] = cells.filter((c) => c.estimator === est);
      // Var(mean of L) = Var₁/L: a factor 10. Each variance comes from 40 repetitions (for
      // Gaussian estimates the ratio would lie within ×0.5…×2 of 10; the score function's tails are heavier).
      expect(l1!.totalVariance / l10!.totalVariance).toBeGreaterThan(3);
      expect(l1!.totalVariance / l10!.totalVariance).toBeLessThan(40);
      expect(l1!.R).toBe(40);
    }
    const at1 = (e: GradEstimator) => cells.find((c) => c.estimator === e && c.L === 1)!.totalVariance;
    expect(at1('score')).toBeGreaterThan(at1('reparamB'));
  });

  it('does not leak when cancelled part-way', async () => {
    const before = tf.memory().numTensors;
    await expect(
      measureGradientVariance(model, x, {
        estimators: ['reparamB', 'score'],
        Ls: [1, 2],
        R: 5,
        seed: 1,
        between: async (done) => {
          if (done === 7) throw new Error('cancelled');
        },
      }),
    ).rejects.toThrow('cancelled');
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses R < 2 and L < 1', async () => {
    await expect(measureGradientVariance(model, x, { estimators: ['score'], Ls: [1], R: 1, seed: 1 })).rejects.toThrow(/R must be/);
    expect(() => encoderGradient(model, x, 'score', 0, 1)).toThrow(/L must be/);
  });
});
