import * as tf from '../core/tf';
import { afterAll, describe, expect, it } from 'vitest';
import { VAE } from '../core/model';
import type { Config } from '../core/config';
import type { SmallDataProgress } from '../protocol/bayes';
import { drawSourceOf, tinyConfig } from '../test/fixtures';
import { BayesService, type BayesSession } from './bayes';
import { decoderSamples, spreadGrid, weightStds, type BayesViewSource } from './bayesViewsApi';

const config: Config = { ...tinyConfig({ hidden: [8], latentDim: 2 }), decoderWeights: 'variational', weightInitStd: 0.2 };
const nTest = 20;
const nTrain = 1000;
const testSet = Float32Array.from({ length: nTest * 784 }, (_, i) => ((i * 37) % 7 === 0 ? 1 : 0));

class FakeSession implements BayesSession {
  model = new VAE(config);
  runId = 1;
  stepCount = 5;
  config = config;
  testSet = testSet;
  dataset = {
    trainImages: Uint8Array.from({ length: nTrain * 784 }, (_, i) => (i % 28 < 14 ? (i * 31) % 256 : 0)),
    testLabels: Uint8Array.from({ length: nTest }, (_, i) => i % 10),
    nTrain,
    nTest,
  };
  running = true;
  pauses = 0;
  starts = 0;
  async pause() {
    this.pauses++;
    this.running = false;
  }
  start() {
    this.starts++;
    this.running = true;
  }
}

const session = new FakeSession();
const bayes = new BayesService(() => session);
afterAll(() => session.model.dispose());

/** What the views read, as either worker gives it (the drawing worker's copy, or the session). */
const viewSource = (model = session.model): BayesViewSource => ({
  ...drawSourceOf(model, { config, run: session.runId, step: session.stepCount, testInputs: testSet, testLabels: session.dataset.testLabels }),
  weightPriorStd: config.weightPriorStd,
  nTrain,
});

describe('the Bayesian decoder\'s views', () => {
  it('decodes one z by several decoders from q(θ): they differ, and the spread is their standard deviation', async () => {
    const before = tf.memory().numTensors;
    const r = await decoderSamples(viewSource(), { source: { kind: 'test', index: 3 }, count: 4, seed: 1 });
    expect(r.label).toBe(3);
    expect(r.samples.length).toBe(4 * 784);
    expect(Array.from(r.samples.subarray(0, 784))).not.toEqual(Array.from(r.samples.subarray(784, 1568)));
    // Pixel 100 by hand: the population standard deviation of the four samples.
    const xs = [0, 1, 2, 3].map((k) => r.samples[k * 784 + 100]!);
    const m = xs.reduce((a, b) => a + b) / 4;
    expect(r.spread[100]).toBeCloseTo(Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / 4), 5);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('maps the weights’ standard deviations, and gives the weight KL per image', async () => {
    const r = await weightStds(viewSource());
    expect(r.layers.map((l) => l.name)).toEqual(['decoder hidden 1 weights', 'decoder hidden 1 biases', 'decoder output weights', 'decoder output biases']);
    for (const l of r.layers) {
      expect(l.mean).toBeCloseTo(0.2, 5); // untrained: s = s₀ everywhere
      expect(l.min).toBeCloseTo(0.2, 5);
    }
    expect(r.pixelMap.length).toBe(784);
    expect(r.weightKlPerImage).toBeGreaterThan(0);
    // KL(q(θ) ‖ p_α(θ)) over the N training images: the model's own sum, divided by N.
    const kl = session.model.weightKl(config.weightPriorStd);
    expect(r.weightKlPerImage).toBeCloseTo((await kl.data())[0]! / nTrain, 6);
    kl.dispose();
  });

  it('draws the manifold grid with the mean decoder and its per-pixel spread; refuses bad sizes', async () => {
    const r = await spreadGrid(viewSource(), { n: 3, draws: 4, seed: 2 });
    expect(r.rows * r.cols).toBe(9);
    expect(r.mean.length).toBe(9 * 784);
    expect(r.spread.every((v) => v >= 0)).toBe(true);
    expect(r.spread.some((v) => v > 0)).toBe(true);
    await expect(spreadGrid(viewSource(), { n: 99, draws: 4, seed: 2 })).rejects.toThrow(/grid size must be a whole number in 3…12/);
  });

  it('a point-estimate model is refused with a clear message', async () => {
    await expect(weightStds(viewSource(pointModel))).rejects.toThrow(/point estimate/);
  });
});

const pointModel = new VAE(tinyConfig({ hidden: [8] }));
afterAll(() => pointModel.dispose());

describe('small-data experiment', () => {
  it('trains both arms on the subset, evaluates train and test ELBO, pauses and resumes training', async () => {
    const progress: SmallDataProgress[] = [];
    const before = tf.memory().numTensors;
    const r = await bayes.smallData({ trainImages: 500, steps: 10 }, (p) => progress.push(p), async () => {});
    expect(r.arms.map((a) => a.decoderWeights)).toEqual(['point', 'variational']);
    for (const a of r.arms) {
      expect(Number.isFinite(a.trainElbo)).toBe(true);
      expect(Number.isFinite(a.testElbo)).toBe(true);
    }
    expect(r.arms[0]!.weightKl).toBe(0);
    expect(r.arms[1]!.weightKl).toBeGreaterThan(0);
    expect(progress.at(-1)).toEqual({ arm: 'variational', step: 10, steps: 10 });
    expect(session.pauses).toBeGreaterThan(0);
    expect(session.running).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
    await expect(bayes.smallData({ trainImages: 700, steps: 10 }, () => {}, async () => {})).rejects.toThrow(/one of 500, 1000/);
  });
});
