import * as tf from './tf';
import { describe, expect, it } from 'vitest';
import { syntheticImages, tinyConfig } from '../test/fixtures';
import { VAE } from './model';
import { objective } from './objective';
import { currentLearningRate } from './optimizer';
import { STEP_STATS, Trainer } from './trainer';
import { evaluateSet } from './evaluate';

describe('reparameterized gradients', () => {
  it('agree with central finite differences on a tiny model', () => {
    tf.setBackend('cpu');
    const model = new VAE({ ...tinyConfig({ hidden: [4], latentDim: 2, activation: 'tanh' }) });
    const x = syntheticImages(2);
    const eps = tf.randomNormal<tf.Rank.R2>([2, 2], 0, 1, 'float32', 4);
    // Fixed ε makes the estimator a deterministic function of the weights.
    const f = () => objective(model, x, { estimator: 'A', samplesL: 1, beta: 1, eps }).loss;
    const { grads } = tf.variableGrads(f);
    const h = 1e-2;
    let checked = 0;
    // Probe a few coordinates of the encoder's first layer and of the decoder head.
    for (const v of [model.encoderLayers[0]!.w, model.encoderHead.w, model.decoderHead.b] as tf.Variable[]) {
      const g = grads[v.name]!.dataSync();
      const vals = v.dataSync().slice();
      for (const i of [0, 3, 7]) {
        if (i >= vals.length) continue;
        const orig = vals[i]!;
        vals[i] = orig + h;
        v.assign(tf.tensor(vals, v.shape));
        const up = f().dataSync()[0]!;
        vals[i] = orig - h;
        v.assign(tf.tensor(vals, v.shape));
        const down = f().dataSync()[0]!;
        vals[i] = orig;
        v.assign(tf.tensor(vals, v.shape));
        const fd = (up - down) / (2 * h);
        // float32 loss of O(500): absolute error of the difference quotient is ~1e-2.
        expect(Math.abs(fd - g[i]!)).toBeLessThan(0.05 + 0.02 * Math.abs(fd));
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(7);
    model.dispose();
  });
});

describe('Trainer', () => {
  it('a few hundred steps on a small subset raise the ELBO', async () => {
    const x = syntheticImages(256, 3);
    const trainer = new Trainer(tinyConfig({ hidden: [32], latentDim: 4, learningRate: 3e-3 }));
    const before = await evaluateSet(trainer.model, x, 256, 1);
    for (let s = 0; s < 300; s++) {
      const start = (s * 32) % 256;
      const batch = tf.slice(x, [start, 0], [32, -1]) as tf.Tensor2D;
      trainer.trainStep(batch).dispose();
      batch.dispose();
    }
    const after = await evaluateSet(trainer.model, x, 256, 1);
    expect(trainer.step).toBe(300);
    expect(trainer.samplesSeen).toBe(9600);
    expect(after.elbo).toBeGreaterThan(before.elbo + 100);
    trainer.dispose();
  });

  it('returns finite step statistics in the declared layout', async () => {
    const trainer = new Trainer(tinyConfig());
    const x = syntheticImages(8);
    const stats = trainer.trainStep(x);
    const v = await stats.data();
    expect(v.length).toBe(STEP_STATS.length + 2);
    const [loss, elbo, recon, kl, g2, weightKl, kl1, kl2] = Array.from(v);
    expect(weightKl).toBe(0); // a point-estimate decoder has no weight KL
    expect(kl1! + kl2!).toBeCloseTo(kl!, 3); // estimator B: the per-dimension KLs sum to the KL
    expect(elbo!).toBeCloseTo(recon! - kl!, 3);
    expect(loss!).toBeCloseTo(-elbo!, 3); // β = 1, no weight decay
    expect(g2!).toBeGreaterThan(0);
    stats.dispose();
    trainer.dispose();
  });

  it('one training step and one evaluation leave the tensor count unchanged', async () => {
    for (const optimizer of ['adam', 'adagrad', 'rmsprop', 'sgd'] as const) {
      const trainer = new Trainer(tinyConfig({ optimizer, weightDecay: 1e-3, estimator: 'A', samplesL: 2 }));
      const x = syntheticImages(8);
      // The optimizer creates its slot variables on its first step: count after it.
      trainer.trainStep(x).dispose();
      const before = tf.memory().numTensors;
      trainer.trainStep(x).dispose();
      await evaluateSet(trainer.model, x, 4, 1);
      expect(tf.memory().numTensors, optimizer).toBe(before);
      trainer.dispose();
      x.dispose();
    }
  });

  it('dispose frees every tensor the trainer made, for every optimizer and after a switch', () => {
    for (const optimizer of ['adam', 'adagrad', 'rmsprop', 'sgd'] as const) {
      const before = tf.memory().numTensors;
      const cfg = tinyConfig({ optimizer });
      const trainer = new Trainer(cfg);
      const x = syntheticImages(4);
      trainer.trainStep(x).dispose();
      trainer.setConfig({ ...cfg, optimizer: optimizer === 'sgd' ? 'adam' : 'sgd' });
      trainer.trainStep(x).dispose();
      trainer.dispose();
      x.dispose();
      expect(tf.memory().numTensors, optimizer).toBe(before);
    }
  });

  it('a learning-rate change takes effect at the next step, keeping the optimizer state', () => {
    const cfg = tinyConfig({ optimizer: 'sgd', momentum: 0, learningRate: 1e-3 });
    const trainer = new Trainer(cfg);
    const x = syntheticImages(8);
    const w = trainer.model.decoderHead.b;
    const delta = () => {
      const before = w.dataSync().slice();
      trainer.trainStep(x).dispose();
      const after = w.dataSync();
      return Math.hypot(...before.map((b, i) => after[i]! - b));
    };
    const small = delta();
    expect(trainer.setConfig({ ...cfg, learningRate: 1e-2 })).toEqual([]);
    expect(currentLearningRate(trainer.optimizer)).toBe(1e-2);
    const big = delta();
    // Plain SGD: the step is lr·∇; the gradient barely changes in one step, so ≈ 10×.
    expect(big / small).toBeGreaterThan(7);
    expect(big / small).toBeLessThan(13);
    trainer.dispose();
  });

  it('with LR decay steps, each step uses the decayed learning rate', () => {
    const cfg = tinyConfig({ optimizer: 'adam', learningRate: 1e-2, lrDecaySteps: 4 });
    const trainer = new Trainer(cfg);
    const x = syntheticImages(8);
    const seen: number[] = [];
    for (let i = 0; i < 6; i++) {
      trainer.trainStep(x).dispose();
      seen.push(currentLearningRate(trainer.optimizer));
    }
    // Step t runs with η(0.01 + 0.99·½(1 + cos(π·min(1, t/4)))): t = 0, 1, 2, 3, 4, 5.
    const expected = [0, 1, 2, 3, 4, 5].map((t) => 1e-2 * (0.01 + 0.99 * 0.5 * (1 + Math.cos(Math.PI * Math.min(1, t / 4)))));
    seen.forEach((lr, i) => expect(lr).toBeCloseTo(expected[i]!, 10));
    trainer.dispose();
  });

  it('reports shape changes instead of applying them', () => {
    const cfg = tinyConfig();
    const trainer = new Trainer(cfg);
    expect(trainer.setConfig({ ...cfg, latentDim: 5, activation: 'tanh' })).toEqual(['latentDim', 'activation']);
    expect(trainer.config.latentDim).toBe(2);
    trainer.dispose();
  });

  it('the same seed reproduces the same first steps', async () => {
    const run = async () => {
      const trainer = new Trainer(tinyConfig({ seed: 5 }));
      const x = syntheticImages(8);
      const out: number[] = [];
      for (let i = 0; i < 3; i++) {
        const s = trainer.trainStep(x);
        out.push((await s.data())[1]!);
        s.dispose();
      }
      trainer.dispose();
      return out;
    };
    expect(await run()).toEqual(await run());
  });
});
