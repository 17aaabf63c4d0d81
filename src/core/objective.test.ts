import * as tf from './tf';
import { describe, expect, it } from 'vitest';
import { syntheticImages, tinyConfig } from '../test/fixtures';
import { bernoulliLogLik, klAnalytic } from './distributions';
import { VAE } from './model';
import { logMarginalIS, objective } from './objective';

const num = (t: tf.Tensor) => t.dataSync()[0]!;

describe('objective (SGVB estimators)', () => {
  it('estimator B equals recon at z = μ + σε minus the analytic KL, by hand', () => {
    const model = new VAE(tinyConfig());
    const x = syntheticImages(3);
    const eps = tf.randomNormal<tf.Rank.R2>([3, 2], 0, 1, 'float32', 3);
    const t = objective(model, x, { estimator: 'B', samplesL: 1, beta: 1, eps });
    // Hand composition from the model's parts.
    const { mu, logVar } = model.encode(x);
    const z = tf.add(mu, tf.mul(tf.exp(tf.mul(0.5, logVar)), eps)) as tf.Tensor2D;
    const out = model.decode(z);
    if (out.family !== 'bernoulli') throw new Error('expected bernoulli');
    const recon = bernoulliLogLik(x, out.logits);
    const kl = klAnalytic(mu, logVar);
    expect(Array.from(t.recon.dataSync())).toEqual(Array.from(recon.dataSync()).map((v) => expect.closeTo(v, 3)));
    expect(Array.from(t.kl.dataSync())).toEqual(Array.from(kl.dataSync()).map((v) => expect.closeTo(v, 4)));
    const meanElbo = tf.mean(tf.sub(recon, kl));
    expect(num(t.loss)).toBeCloseTo(-num(meanElbo), 3);
    model.dispose();
  });

  it('β scales the KL in the loss only; the reported ELBO is the β = 1 bound', () => {
    const model = new VAE(tinyConfig());
    const x = syntheticImages(4);
    const eps = tf.randomNormal<tf.Rank.R2>([4, 2], 0, 1, 'float32', 5);
    const a = objective(model, x, { estimator: 'B', samplesL: 1, beta: 1, eps });
    const b = objective(model, x, { estimator: 'B', samplesL: 1, beta: 4, eps });
    expect(Array.from(b.elbo.dataSync())).toEqual(Array.from(a.elbo.dataSync()));
    const meanKl = num(tf.mean(a.kl));
    expect(num(b.loss) - num(a.loss)).toBeCloseTo(3 * meanKl, 3);
    model.dispose();
  });

  it('weight decay adds λ·½‖θ‖² to the loss', () => {
    const model = new VAE(tinyConfig());
    const x = syntheticImages(2);
    const eps = tf.zeros<tf.Rank.R2>([2, 2]);
    const base = num(objective(model, x, { estimator: 'B', samplesL: 1, beta: 1, eps }).loss);
    const lam = 0.01;
    const withWd = num(objective(model, x, { estimator: 'B', samplesL: 1, beta: 1, eps, weightDecay: lam }).loss);
    let sq = 0;
    for (const v of model.variables) sq += num(tf.sum(tf.square(v)));
    expect(withWd - base).toBeCloseTo(0.5 * lam * sq, 2);
    model.dispose();
  });

  it('estimator A and B have the same expectation (A averaged over many ε)', () => {
    const model = new VAE(tinyConfig({ latentDim: 3 }));
    const x = syntheticImages(2);
    const L = 4000;
    const a = objective(model, x, { estimator: 'A', samplesL: L, beta: 1, seed: 11 });
    const b = objective(model, x, { estimator: 'B', samplesL: L, beta: 1, seed: 11 });
    // Same ε (same seed), so recon agrees exactly and only the KL estimate differs.
    expect(Array.from(a.recon.dataSync())).toEqual(Array.from(b.recon.dataSync()).map((v) => expect.closeTo(v, 3)));
    const ka = a.kl.dataSync();
    const kb = b.kl.dataSync();
    // The MC KL of L samples has standard error ≈ sd/√L; sd of log q − log p is O(1) here.
    for (let i = 0; i < 2; i++) expect(Math.abs(ka[i]! - kb[i]!)).toBeLessThan(0.1);
    model.dispose();
  });

  it('L samples: the recon term is the mean over the L decoded samples', () => {
    const model = new VAE(tinyConfig());
    const x = syntheticImages(2);
    const eps = tf.randomNormal<tf.Rank.R2>([6, 2], 0, 1, 'float32', 9); // L = 3, B = 2, sample-major
    const t = objective(model, x, { estimator: 'B', samplesL: 3, beta: 1, eps });
    const per = [0, 1, 2].map((l) => {
      const e = tf.slice(eps, [2 * l, 0], [2, 2]) as tf.Tensor2D;
      return objective(model, x, { estimator: 'B', samplesL: 1, beta: 1, eps: e }).recon.dataSync();
    });
    const got = t.recon.dataSync();
    for (let i = 0; i < 2; i++) expect(got[i]).toBeCloseTo((per[0]![i]! + per[1]![i]! + per[2]![i]!) / 3, 3);
    model.dispose();
  });

  it('importance-sampled log p(x): k = 1 averages to the ELBO, and it does not decrease as k grows', () => {
    const model = new VAE(tinyConfig({ latentDim: 2 }));
    const x = syntheticImages(4);
    const elboB = tf.mean(objective(model, x, { estimator: 'B', samplesL: 2000, beta: 1, seed: 1 }).elbo);
    // Average many k = 1 estimates (each is an unbiased ELBO estimate).
    const reps = 2000;
    const xs = tf.tile(x, [reps, 1]) as tf.Tensor2D;
    const k1 = logMarginalIS(model, xs, 1, 3);
    const k1mean = num(tf.mean(k1));
    const k1sd = num(tf.moments(k1).variance) ** 0.5;
    expect(Math.abs(k1mean - num(elboB))).toBeLessThan(4 * (k1sd / Math.sqrt(reps * 4)) + 0.05);
    // E[log p̂_k] is non-decreasing in k; each estimate is noisy, so compare means over
    // R repetitions, allowing 3 standard errors of the difference.
    const meanSe = (k: number, reps: number, seed: number) => {
      const v = logMarginalIS(model, tf.tile(x, [reps, 1]) as tf.Tensor2D, k, seed);
      const { mean, variance } = tf.moments(v);
      return { m: num(mean), se: Math.sqrt(num(variance) / v.size) };
    };
    const e1 = { m: k1mean, se: k1sd / Math.sqrt(reps * 4) };
    const e10 = meanSe(10, 200, 5);
    const e100 = meanSe(100, 40, 6);
    const ok = (lo: { m: number; se: number }, hi: { m: number; se: number }) =>
      hi.m - lo.m > -3 * Math.hypot(lo.se, hi.se);
    expect(ok(e1, e10)).toBe(true);
    expect(ok(e10, e100)).toBe(true);
    // And the gain is real: with k = 100 the bound is clearly above the ELBO.
    expect(e100.m).toBeGreaterThan(num(elboB) + 3 * e100.se);
    model.dispose();
  });

  it('importance sampling in chunks matches one pass', () => {
    const model = new VAE(tinyConfig());
    const x = syntheticImages(5);
    const whole = logMarginalIS(model, x, 20, 77);
    const chunked = logMarginalIS(model, x, 20, 77, 40); // 2 images per chunk
    expect(chunked.shape).toEqual([5]);
    // Different ε per chunk, so compare loosely: both estimate the same quantity.
    const a = whole.dataSync();
    const b = chunked.dataSync();
    for (let i = 0; i < 5; i++) expect(Math.abs(a[i]! - b[i]!)).toBeLessThan(2);
    model.dispose();
  });

  it('does not leak tensors', () => {
    const model = new VAE(tinyConfig());
    const x = syntheticImages(3);
    const before = tf.memory().numTensors;
    tf.dispose(Object.values(objective(model, x, { estimator: 'A', samplesL: 2, beta: 1, weightDecay: 0.1 })));
    logMarginalIS(model, x, 50, 1, 60).dispose();
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});
