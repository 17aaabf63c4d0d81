import * as tf from '../core/tf';
import { afterAll, describe, expect, it } from 'vitest';
import { VAE } from '../core/model';
import type { Config } from '../core/config';
import type { GradVarianceProgress } from '../protocol/lab';
import { drawSourceOf, tinyConfig } from '../test/fixtures';
import { LabService, reparamSample, type LabSession } from './lab';

const config: Config = tinyConfig({ hidden: [16], latentDim: 3 });
const nTest = 20;
const testSet = Float32Array.from({ length: nTest * 784 }, (_, i) => ((i * 37) % 7 === 0 ? 1 : 0));

/** A stand-in for the training session: counts pauses and starts. */
class FakeSession implements LabSession {
  model = new VAE(config);
  runId = 1;
  stepCount = 42;
  config = config;
  testSet = testSet;
  dataset = { testLabels: Uint8Array.from({ length: nTest }, (_, i) => i % 10), nTest };
  running = false;
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
const lab = new LabService(() => session);
/** The session as the drawing pad's requests read a model (the drawing worker's copy gives the same). */
const source = () => drawSourceOf(session.model, { config, run: session.runId, step: session.stepCount, testInputs: testSet, testLabels: session.dataset.testLabels });
const reparam = (req: Parameters<typeof reparamSample>[1]) => reparamSample(source(), req);
const noYield = async () => {};

afterAll(() => session.model.dispose());

describe('reparamSample', () => {
  it('returns μ, σ, ε and z = μ + σ ε per dimension, and decoded images in [0, 1]', async () => {
    const eps = [0.5, -1.25, 2];
    const r = await reparam({ input: { kind: 'test', index: 3 }, eps });
    expect(r.J).toBe(3);
    expect(r.eps).toEqual(eps);
    expect(r.label).toBe(3);
    expect(r.testIndex).toBe(3);
    for (let j = 0; j < 3; j++) {
      expect(r.sigma[j]).toBeGreaterThan(0);
      expect(r.z[j]).toBeCloseTo(r.mu[j]! + r.sigma[j]! * eps[j]!, 5);
    }
    expect(r.decoded).toHaveLength(784);
    expect(r.atMu).toHaveLength(784);
    expect(r.decoded.every((v) => v >= 0 && v <= 1)).toBe(true);
    // The decoder is a deterministic function of z: ε = 0 decodes to the image at μ.
    const zero = await reparam({ input: { kind: 'test', index: 3 }, eps: [0, 0, 0] });
    expect(zero.z).toEqual(zero.mu);
    expect(Array.from(zero.decoded)).toEqual(Array.from(zero.atMu));
    // μ and σ depend on x only, not on ε.
    expect(zero.mu).toEqual(r.mu);
    expect(zero.sigma).toEqual(r.sigma);
  });

  it('encodes an image given as pixels like the same test digit given by index', async () => {
    const x = testSet.slice(5 * 784, 6 * 784);
    const a = await reparam({ input: { kind: 'image', x }, eps: [0, 0, 0] });
    const b = await reparam({ input: { kind: 'test', index: 5 }, eps: [0, 0, 0] });
    expect(a.mu).toEqual(b.mu);
    expect(a.label).toBeNull();
  });

  it('refuses a wrong ε or input with a message', async () => {
    await expect(reparam({ input: { kind: 'test', index: 0 }, eps: [1, 2] })).rejects.toThrow(/list of 3 numbers/);
    await expect(reparam({ input: { kind: 'test', index: 0 }, eps: [1, Number.NaN, 0] })).rejects.toThrow(/ε_2/);
    await expect(reparam({ input: { kind: 'test', index: 0 }, eps: [1, 99, 0] })).rejects.toThrow(/finite number in/);
    await expect(reparam({ input: { kind: 'test', index: nTest }, eps: [0, 0, 0] })).rejects.toThrow(/test index/);
    await expect(reparam({ input: { kind: 'image', x: new Float32Array(3) }, eps: [0, 0, 0] })).rejects.toThrow(/784/);
  });

  it('does not leak tensors', async () => {
    await reparam({ input: { kind: 'test', index: 1 }, eps: [0, 0, 0] });
    const before = tf.memory().numTensors;
    await reparam({ input: { kind: 'test', index: 2 }, eps: [1, 0, -1] });
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('LabService.gradVariance', () => {
  const req = { batchSize: 4, repetitions: 4, Ls: [2, 1], estimators: ['score', 'reparamB'] as ('score' | 'reparamB')[], seed: 3 };

  it('measures every (estimator, L) cell with progress, pausing and resuming training, without leaks', async () => {
    session.running = true;
    const before = tf.memory().numTensors;
    const progress: GradVarianceProgress[] = [];
    const r = await lab.gradVariance(req, (p) => progress.push(p), noYield);
    expect(tf.memory().numTensors).toBe(before);
    expect(r.cancelled).toBeNull();
    expect(r.pausedTraining).toBe(true);
    expect(session.pauses).toBe(1);
    expect(session.starts).toBe(1);
    expect(session.running).toBe(true);
    // Estimators in the fixed order (B first), L ascending.
    expect(r.cells.map((c) => `${c.estimator}@${c.L}`)).toEqual(['reparamB@1', 'reparamB@2', 'score@1', 'score@2']);
    expect(r.cells.every((c) => c.totalVariance > 0 && Number.isFinite(c.totalVariance) && c.R === 4)).toBe(true);
    expect(progress).toHaveLength(16);
    expect(progress.at(-1)).toMatchObject({ done: 16, total: 16 });
    expect(r.indices).toHaveLength(4);
    expect(new Set(r.indices).size).toBe(4);
    expect(r.encoderParameters).toBe(784 * 16 + 16 + 16 * 6 + 6);
    session.running = false;
  });

  it('stops with a message when cancelled, and leaves training as it was', async () => {
    const before = tf.memory().numTensors;
    const starts = session.starts;
    const r = await lab.gradVariance(
      req,
      (p) => {
        if (p.done === 3) lab.cancel();
      },
      noYield,
    );
    expect(r.cancelled).toBe('cancelled');
    expect(r.cells).toEqual([]);
    expect(session.starts).toBe(starts);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stops when training is started during the job', async () => {
    const r = await lab.gradVariance(req, (p) => {
      if (p.done === 2) session.running = true;
    }, noYield);
    expect(r.cancelled).toMatch(/training was started/);
    session.running = false;
  });

  it('stops when a single training step is taken during the job (the weights moved)', async () => {
    const r = await lab.gradVariance(req, (p) => {
      if (p.done === 2) session.stepCount++;
    }, noYield);
    expect(r.cancelled).toMatch(/training step/);
    expect(r.cells).toEqual([]);
  });

  it('refuses bad requests', async () => {
    await expect(lab.gradVariance({ ...req, batchSize: 5 }, () => {}, noYield)).rejects.toThrow(/batch size/);
    await expect(lab.gradVariance({ ...req, repetitions: 1 }, () => {}, noYield)).rejects.toThrow(/repetitions/);
    await expect(lab.gradVariance({ ...req, Ls: [3] }, () => {}, noYield)).rejects.toThrow(/L values/);
    await expect(lab.gradVariance({ ...req, estimators: [] }, () => {}, noYield)).rejects.toThrow(/estimators/);
  });
});
