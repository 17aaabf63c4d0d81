import * as tf from './tf';
import { describe, expect, it } from 'vitest';
import { syntheticImages, tinyConfig } from '../test/fixtures';
import { validateConfig, validateSetting, DEFAULT_CONFIG } from './config';
import { VAE } from './model';
import { elbo, iwaeBound, logMarginalIS, objective } from './objective';
import { Trainer } from './trainer';

const LOG_2PI = Math.log(2 * Math.PI);
const num = (t: tf.Tensor) => t.dataSync()[0]!;
const arr = (t: tf.Tensor) => Array.from(t.dataSync());

/**
 * The bound by hand, in float64, from the model's encoder and decoder outputs and a fixed ε
 * (sample-major, row i·B + b): z = μ + σ ⊙ ε, log w_i = log p(x|z_i) − β [log q(z_i|x) − log p(z_i)],
 * L_k = log (1/k) Σ_i w_i with the logsumexp written out (max first).
 */
function handBound(model: VAE, x: tf.Tensor2D, eps: tf.Tensor2D, k: number, beta = 1): number[] {
  const B = x.shape[0];
  const J = model.latentDim;
  const { mu, logVar } = model.encode(x);
  const m = mu.arraySync();
  const lv = logVar.arraySync();
  const e = eps.arraySync();
  const z = e.map((row, r) => row.map((ej, j) => m[r % B]![j]! + Math.exp(0.5 * lv[r % B]![j]!) * ej));
  const out = model.decode(tf.tensor2d(z, [k * B, J]));
  if (out.family !== 'bernoulli') throw new Error('expected a Bernoulli decoder');
  const logits = out.logits.arraySync();
  const xs = x.arraySync();
  const softplus = (l: number) => Math.max(l, 0) + Math.log1p(Math.exp(-Math.abs(l)));
  const bounds: number[] = [];
  for (let b = 0; b < B; b++) {
    const logW: number[] = [];
    for (let i = 0; i < k; i++) {
      const r = i * B + b;
      const logPxz = logits[r]!.reduce((s, l, d) => s + xs[b]![d]! * l - softplus(l), 0);
      let logPz = 0;
      let logQ = 0;
      for (let j = 0; j < J; j++) {
        logPz += -0.5 * (LOG_2PI + z[r]![j]! ** 2);
        logQ += -0.5 * (LOG_2PI + lv[b]![j]! + e[r]![j]! ** 2);
      }
      logW.push(logPxz - beta * (logQ - logPz));
    }
    const top = Math.max(...logW);
    bounds.push(top + Math.log(logW.reduce((s, w) => s + Math.exp(w - top), 0)) - Math.log(k));
  }
  return bounds;
}

describe('the importance-weighted bound (IWAE)', () => {
  it('matches a hand computation on a tiny model with fixed ε, for β = 1 and a tempered β', () => {
    const model = new VAE(tinyConfig({ hidden: [8], latentDim: 2, activation: 'tanh', seed: 4 }));
    const x = syntheticImages(2);
    const k = 3;
    const eps = tf.randomNormal<tf.Rank.R2>([k * 2, 2], 0, 1, 'float32', 21);
    const terms = elbo(model, x, { estimator: 'iwae', samplesL: k, eps });
    const hand = handBound(model, x, eps, k);
    // float32 sums of 784 terms of O(1) in a bound of O(500) nats: agreement to 5e-3.
    expect(arr(iwaeBound(terms.perDraw!, k))).toEqual(hand.map((v) => expect.closeTo(v, 2)));
    const loss = num(objective(model, x, { estimator: 'iwae', samplesL: k, beta: 1, eps }).loss);
    expect(loss).toBeCloseTo(-(hand[0]! + hand[1]!) / 2, 2);
    const tempered = handBound(model, x, eps, k, 0.5);
    expect(num(objective(model, x, { estimator: 'iwae', samplesL: k, beta: 0.5, eps }).loss)).toBeCloseTo(-(tempered[0]! + tempered[1]!) / 2, 2);
    model.dispose();
  });

  it('with k = 1 equals estimator A (the ELBO with a sampled KL), per image and in the β-weighted loss', () => {
    const model = new VAE(tinyConfig({ seed: 5 }));
    const x = syntheticImages(4);
    const eps = tf.randomNormal<tf.Rank.R2>([4, 2], 0, 1, 'float32', 8);
    const a = elbo(model, x, { estimator: 'A', samplesL: 1, eps });
    const l1 = iwaeBound(elbo(model, x, { estimator: 'iwae', samplesL: 1, eps }).perDraw!, 1);
    // logsumexp of one value is that value: equal up to float32 rounding.
    expect(arr(l1)).toEqual(arr(a.elbo).map((v) => expect.closeTo(v, 4)));
    for (const beta of [1, 2.5]) {
      const lossA = num(objective(model, x, { estimator: 'A', samplesL: 1, beta, eps }).loss);
      const lossI = num(objective(model, x, { estimator: 'iwae', samplesL: 1, beta, eps }).loss);
      expect(lossI).toBeCloseTo(lossA, 3);
    }
    model.dispose();
  });

  it('on any k draws lies above their ELBO and above the mean bound of their k subsets of k − 1 (exact, Burda et al. Thm 1)', () => {
    const model = new VAE(tinyConfig({ latentDim: 3, seed: 6 }));
    const x = syntheticImages(3);
    const B = 3;
    const k = 6;
    const eps = tf.randomNormal<tf.Rank.R2>([k * B, 3], 0, 1, 'float32', 2);
    const terms = elbo(model, x, { estimator: 'iwae', samplesL: k, eps });
    const lk = arr(iwaeBound(terms.perDraw!, k));
    const meanLogW = arr(terms.elbo); // estimator A over the same k draws: (1/k) Σ log w_i
    // Jensen, draw by draw: log mean w ≥ mean log w. Float32 slack 1e-3.
    lk.forEach((v, b) => expect(v).toBeGreaterThanOrEqual(meanLogW[b]! - 1e-3));
    // The leave-one-out subsets (the proof of L_k ≥ L_{k−1}): their mean bound is below L_k.
    const rows = eps.arraySync();
    const subsetMean = new Array<number>(B).fill(0);
    for (let drop = 0; drop < k; drop++) {
      const keep = rows.filter((_, r) => Math.floor(r / B) !== drop);
      const sub = iwaeBound(elbo(model, x, { estimator: 'iwae', samplesL: k - 1, eps: tf.tensor2d(keep) }).perDraw!, k - 1);
      arr(sub).forEach((v, b) => (subsetMean[b]! += v / k));
    }
    lk.forEach((v, b) => expect(v).toBeGreaterThanOrEqual(subsetMean[b]! - 1e-3));
    model.dispose();
  });

  it('rises with k on average on a fixed model: E L_1 < E L_5 < E L_25', () => {
    const model = new VAE(tinyConfig({ latentDim: 2, seed: 7 }));
    const x = syntheticImages(4);
    // Mean of the bound over R repetitions of the 4 images, with its standard error.
    const estimate = (k: number, R: number, seed: number) => {
      const xs = tf.tile(x, [R, 1]) as tf.Tensor2D;
      const v = iwaeBound(elbo(model, xs, { estimator: 'iwae', samplesL: k, seed }).perDraw!, k);
      const { mean, variance } = tf.moments(v);
      return { m: num(mean), se: Math.sqrt(num(variance) / v.size) };
    };
    const e1 = estimate(1, 1000, 3);
    const e5 = estimate(5, 200, 4);
    const e25 = estimate(25, 40, 5);
    // Each step up must exceed 3 standard errors of the difference (one-sided, a chance
    // failure well under 1 in 700; the seeds are fixed, so the test is deterministic anyway).
    // When written: L_1 −550.8 ± 0.08, L_5 −547.9 ± 0.04, L_25 −547.6 ± 0.05.
    expect(e5.m - e1.m).toBeGreaterThan(3 * Math.hypot(e1.se, e5.se));
    expect(e25.m - e5.m).toBeGreaterThan(3 * Math.hypot(e5.se, e25.se));
    // The same quantity as the importance-sampled log p(x) of the drawing pad (same k, other ε).
    const is25 = logMarginalIS(model, tf.tile(x, [40, 1]) as tf.Tensor2D, 25, 9);
    expect(Math.abs(num(tf.mean(is25)) - e25.m)).toBeLessThan(4 * Math.hypot(e25.se, e25.se));
    model.dispose();
  });

  it('has gradients that agree with central finite differences (fixed ε, k = 3)', () => {
    const model = new VAE(tinyConfig({ hidden: [4], latentDim: 2, activation: 'tanh', seed: 2 }));
    const x = syntheticImages(2);
    const eps = tf.randomNormal<tf.Rank.R2>([6, 2], 0, 1, 'float32', 4);
    const f = () => objective(model, x, { estimator: 'iwae', samplesL: 3, beta: 1, eps }).loss;
    const { grads } = tf.variableGrads(f);
    const h = 1e-2;
    let checked = 0;
    for (const v of [model.encoderLayers[0]!.w, model.encoderHead.w, model.decoderHead.b] as tf.Variable[]) {
      const g = grads[v.name]!.dataSync();
      expect(g.every(Number.isFinite)).toBe(true);
      const vals = v.dataSync().slice();
      for (const i of [0, 3, 7]) {
        if (i >= vals.length) continue;
        const orig = vals[i]!;
        const at = (w: number) => {
          vals[i] = w;
          v.assign(tf.tensor(vals, v.shape));
          return num(f());
        };
        const fd = (at(orig + h) - at(orig - h)) / (2 * h);
        at(orig);
        // float32 loss of O(500): the difference quotient is good to about 1e-2 (as in trainer.test.ts).
        expect(Math.abs(fd - g[i]!)).toBeLessThan(0.05 + 0.02 * Math.abs(fd));
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(7);
    model.dispose();
  });

  it('as the training objective raises the bound on a tiny data set in a few dozen steps, with finite gradients', () => {
    const x = syntheticImages(128, 3);
    const trainer = new Trainer(tinyConfig({ estimator: 'iwae', samplesL: 5, latentDim: 4, learningRate: 3e-3, seed: 9 }));
    const bound = () => num(tf.mean(logMarginalIS(trainer.model, x, 5, 77)));
    const before = bound();
    for (let s = 0; s < 40; s++) {
      const batch = tf.slice(x, [(s * 32) % 128, 0], [32, -1]) as tf.Tensor2D;
      const stats = trainer.trainStep(batch);
      expect(arr(stats).every(Number.isFinite)).toBe(true); // loss, ELBO, ‖∇‖², KL per dimension…
      stats.dispose();
      batch.dispose();
    }
    const after = bound();
    // A fresh model starts near −547 nats on these images; 40 steps of Adam reached −217 when
    // written: a gain of 100 leaves a wide margin and still fails if the gradient is wrong.
    expect(after - before).toBeGreaterThan(100);
    trainer.dispose();
  });

  it('leaks no tensors in the objective, the bound or a training step', () => {
    const x = syntheticImages(4);
    const trainer = new Trainer(tinyConfig({ estimator: 'iwae', samplesL: 4 }));
    trainer.trainStep(x).dispose(); // the first step creates the optimizer's moment variables
    const before = tf.memory().numTensors;
    tf.dispose(Object.values(objective(trainer.model, x, { estimator: 'iwae', samplesL: 4, beta: 0.5, weightDecay: 0.1, seed: 1 })));
    tf.tidy(() => iwaeBound(elbo(trainer.model, x, { estimator: 'iwae', samplesL: 4, seed: 2 }).perDraw!, 4)).dispose();
    trainer.trainStep(x).dispose();
    expect(tf.memory().numTensors).toBe(before);
    trainer.dispose();
    x.dispose();
  });

  it('refuses k out of range, k beyond memory and IWAE with a variational decoder, with a message naming the setting', () => {
    expect(validateSetting('samplesL', 0)).toBe('Samples L must be at least 1');
    expect(validateSetting('samplesL', 65)).toBe('Samples L must be at most 64');
    expect(validateSetting('samplesL', 2.5)).toBe('Samples L must be a whole number');
    expect(validateSetting('estimator', 'iwae')).toBeNull();
    const v = validateConfig({ ...DEFAULT_CONFIG, estimator: 'iwae', decoderWeights: 'variational' });
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.errors).toEqual([{ field: 'estimator', message: expect.stringMatching(/IWAE needs point-estimate decoder weights/) }]);
    // k beyond memory: M·L decoded images per step are capped at 1024 × 32, the largest step before L could reach 64.
    expect(validateConfig({ ...DEFAULT_CONFIG, estimator: 'iwae', samplesL: 64, batchSize: 512 }).ok).toBe(true);
    const big = validateConfig({ ...DEFAULT_CONFIG, estimator: 'iwae', samplesL: 64, batchSize: 513 });
    expect(big.ok).toBe(false);
    if (!big.ok) expect(big.errors).toEqual([{ field: 'samplesL', message: 'Batch size M × samples L must be at most 32,768 (decoded images per step, for memory); 513 × 64 is 32,832' }]);
    expect(validateConfig({ ...DEFAULT_CONFIG, samplesL: 32, batchSize: 1024 }).ok).toBe(true);
  });
});
