import * as tf from './tf';
import { describe, expect, it } from 'vitest';
import { syntheticImages, tinyConfig } from '../test/fixtures';
import { klAnalytic } from './distributions';
import { evaluateSet, iwaeEvalK, summarize, ACTIVE_UNIT_THRESHOLD } from './evaluate';
import { VAE } from './model';
import { logMarginalIS, objective } from './objective';

describe('evaluation', () => {
  it('summarize turns packed sums into means, per-dimension KL, μ variances and active units', () => {
    // n = 4 images, J = 2; μ_0 over images = [1, -1, 1, -1] (variance 1), μ_1 = [0.05, 0.05, 0.05, 0.05] (variance 0).
    const sums = [-400, /* ΣKL_j */ 8, 2, /* Σμ_j */ 0, 0.2, /* Σμ_j² */ 4, 0.01];
    const r = summarize(sums, 4, 2);
    expect(r.recon).toBe(-100);
    expect(r.klPerDim).toEqual([2, 0.5]);
    expect(r.kl).toBe(2.5);
    expect(r.elbo).toBe(-102.5);
    expect(r.muVariance[0]).toBeCloseTo(1, 10);
    expect(r.muVariance[1]).toBeCloseTo(0, 10);
    expect(r.activeUnits).toBe(1);
    expect(ACTIVE_UNIT_THRESHOLD).toBe(0.01);
  });

  it('evaluateSet matches the objective with the same ε, and the KL per dimension sums to the KL', async () => {
    const model = new VAE(tinyConfig({ latentDim: 3 }));
    const x = syntheticImages(10);
    const r = await evaluateSet(model, x, 10, 123);
    const eps = tf.randomNormal<tf.Rank.R2>([10, 3], 0, 1, 'float32', 123);
    const t = objective(model, x, { estimator: 'B', samplesL: 1, beta: 1, eps });
    expect(r.n).toBe(10);
    expect(r.elbo).toBeCloseTo(tf.mean(t.elbo).dataSync()[0]!, 2);
    expect(r.kl).toBeCloseTo(tf.mean(klAnalytic(...Object.values(model.encode(x)) as [tf.Tensor2D, tf.Tensor2D])).dataSync()[0]!, 3);
    expect(r.klPerDim.reduce((a, b) => a + b, 0)).toBeCloseTo(r.kl, 5);
    const { mu } = model.encode(x);
    const varHand = tf.moments(mu, 0).variance.dataSync();
    r.muVariance.forEach((v, j) => expect(v).toBeCloseTo(varHand[j]!, 4));
    model.dispose();
  });

  it('evaluating in chunks does not leak', async () => {
    const model = new VAE(tinyConfig());
    const x = syntheticImages(9);
    const before = tf.memory().numTensors;
    await evaluateSet(model, x, 4, 1);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('with iwaeK adds the mean k-sample bound on its own draws, in chunks, and leaves the ELBO figures as they were', async () => {
    const model = new VAE(tinyConfig({ latentDim: 2, seed: 12 }));
    const x = syntheticImages(64);
    const plain = await evaluateSet(model, x, 32, 500);
    const before = tf.memory().numTensors;
    const r = await evaluateSet(model, x, 32, 500, 5);
    expect(tf.memory().numTensors).toBe(before);
    expect([r.elbo, r.recon, r.kl]).toEqual([plain.elbo, plain.recon, plain.kl]);
    expect(plain.iwae).toBeUndefined();
    expect(r.iwae?.k).toBe(5);
    // Two chunks of 32, each L_k with the chunk's seed + 65537, averaged over the 64 images.
    const parts = [0, 32].map((start) => tf.sum(logMarginalIS(model, tf.slice(x, [start, 0], [32, -1]) as tf.Tensor2D, 5, 500 + start + 65537)).dataSync()[0]!);
    expect(r.iwae!.bound).toBeCloseTo((parts[0]! + parts[1]!) / 64, 3);
    // L_5 ≥ ELBO in expectation; on a fresh model the gap is ~3 nats per image (iwae.test.ts), far above the noise of a 64-image mean.
    expect(r.iwae!.bound).toBeGreaterThan(r.elbo);
    model.dispose();
  });

  it('uses k = max(L, 5) for the test set\'s IWAE bound', () => {
    expect([1, 4, 5, 6, 64].map(iwaeEvalK)).toEqual([5, 5, 5, 6, 64]);
  });
});
