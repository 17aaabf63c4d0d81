import * as tf from '../core/tf';
import { afterAll, describe, expect, it } from 'vitest';
import { VAE } from '../core/model';
import { encodeWeightsFile } from '../core/weightsFile';
import { paintMask } from '../data/corrupt';
import type { Dataset } from '../data/load';
import { DRAW_LIMITS, type LogPxProgress } from '../protocol/drawing';
import type { WorkerEvent } from '../protocol/types';
import { tinyConfig } from '../test/fixtures';
import { DrawingService, type DrawSource } from './drawing';
import { checkPretrained } from './pretrained';
import { TrainingSession } from './session';

const model = new VAE(tinyConfig());
const nTest = 4;
const testImages = new Uint8Array(nTest * 784).map((_, i) => ((i * 37) % 5 === 0 ? 255 : 0));
const source = (): DrawSource => ({
  model,
  decoder: 'bernoulli',
  run: 1,
  step: 0,
  testInputs: Float32Array.from(testImages, (v) => (v > 127 ? 1 : 0)),
  testImages,
  testLabels: new Uint8Array([3, 1, 4, 1]),
  nTest,
});
const service = new DrawingService(source);
const drawing = () => {
  const x = new Float32Array(784);
  for (let v = 8; v < 20; v++) for (let u = 12; u < 16; u++) x[v * 28 + u] = 1;
  return x;
};
const noYield = async () => {};

afterAll(() => model.dispose());

describe('DrawingService', () => {
  it('analyzes a drawing: μ, σ for every dimension, images, ELBO = recon − KL, all finite', async () => {
    const r = await service.analyze({ x: drawing(), seed: 1 });
    expect(r.mu).toHaveLength(2);
    expect(r.sigma.every((s) => s > 0 && Number.isFinite(s))).toBe(true);
    expect(r.reconstruction).toHaveLength(784);
    expect(r.samples).toHaveLength(DRAW_LIMITS.shown * 784);
    expect(r.elbo).toBeCloseTo(r.recon - r.kl, 3);
    expect(r.klPerDim.reduce((a, b) => a + b, 0)).toBeCloseTo(r.kl, 3);
    expect(Number.isFinite(r.elbo)).toBe(true);
    // Same drawing, same seed: the same figures (no flicker between identical requests).
    const again = await service.analyze({ x: drawing(), seed: 1 });
    expect(again.elbo).toBe(r.elbo);
  });

  it('answers quickly with L = quickL first: the same μ, σ, reconstruction and samples shown as the full answer', async () => {
    const full = await service.analyze({ x: drawing(), seed: 5 });
    const quick = await service.analyze({ x: drawing(), seed: 5, samplesL: DRAW_LIMITS.quickL });
    expect(full.samplesL).toBe(DRAW_LIMITS.samplesL);
    expect(quick.samplesL).toBe(DRAW_LIMITS.quickL);
    expect(quick.mu).toEqual(full.mu);
    expect(quick.sigma).toEqual(full.sigma);
    expect(quick.kl).toBe(full.kl);
    expect(Array.from(quick.reconstruction)).toEqual(Array.from(full.reconstruction));
    // The first ε rows of the seed are the same whatever L: the row of samples does not change.
    expect(Array.from(quick.samples)).toEqual(Array.from(full.samples));
    // Only the Monte Carlo reconstruction term differs (fewer samples).
    expect(quick.recon).not.toBe(full.recon);
    expect(quick.elbo).toBeCloseTo(quick.recon - quick.kl, 3);
    await expect(service.analyze({ x: drawing(), seed: 5, samplesL: DRAW_LIMITS.shown - 1 })).rejects.toThrow(/samples L/);
    await expect(service.analyze({ x: drawing(), seed: 5, samplesL: DRAW_LIMITS.samplesL + 1 })).rejects.toThrow(/samples L/);
  });

  it('refuses inputs that are not 784 values in [0, 1]', async () => {
    await expect(service.analyze({ x: new Float32Array(10), seed: 1 })).rejects.toThrow(/784/);
    const bad = drawing();
    bad[5] = NaN;
    await expect(service.analyze({ x: bad, seed: 1 })).rejects.toThrow(/\[0, 1\]/);
    await expect(service.logPx({ x: drawing(), k: 0, seed: 1 }, () => {}, noYield)).rejects.toThrow(/k must be/);
  });

  it('estimates log p(x) in chunks with progress, and a newer request cancels the older', async () => {
    const progress: LogPxProgress[] = [];
    const c = DRAW_LIMITS.isChunk;
    const r = await service.logPx({ x: drawing(), k: 2.5 * c, seed: 3 }, (p) => progress.push(p), noYield);
    expect(progress.map((p) => p.done)).toEqual([c, 2 * c, 2.5 * c]);
    expect(r.logPx).toBe(progress.at(-1)!.estimate);
    expect(r.cancelled).toBeNull();

    let release!: () => void;
    const gate = new Promise<void>((res) => (release = res));
    const first = service.logPx({ x: drawing(), k: 10 * c, seed: 3 }, () => {}, () => gate);
    const second = service.logPx({ x: drawing(), k: c, seed: 4 }, () => {}, noYield);
    expect((await second).logPx).not.toBeNull();
    release();
    const old = await first;
    expect(old.logPx).toBeNull();
    expect(old.cancelled).toMatch(/newer request/);
  });

  it('evaluates the true posterior on a grid (J = 2) and refuses another J', async () => {
    const r = await service.posterior({ x: drawing(), n: 31 }, noYield);
    expect(r.mass).toHaveLength(31 * 31);
    expect(Array.from(r.mass).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    expect(Number.isFinite(r.logPx!)).toBe(true);
    const m3 = new VAE(tinyConfig({ latentDim: 3 }));
    const s3 = new DrawingService(() => ({ ...source(), model: m3 }));
    await expect(s3.posterior({ x: drawing(), n: 31 }, noYield)).rejects.toThrow(/J = 2 only/);
    m3.dispose();
  });

  it('inpaints: the known pixels never change', async () => {
    const x = drawing();
    const r = await service.inpaint({ x, corruption: 'bottom', steps: 4, seed: 1 });
    expect(r.stepCount).toBe(4);
    for (let t = 0; t < 4; t++) {
      for (let i = 0; i < 784; i++) if (r.known[i] === 1) expect(r.steps[t * 784 + i]).toBe(x[i]);
    }
    // The erased half is the bottom 14 rows.
    expect(r.known[27 * 28]).toBe(0);
    expect(r.known[0]).toBe(1);
  });

  it('inpaints a region painted by hand: exactly the painted pixels are filled in', async () => {
    const x = drawing();
    const mask = new Uint8Array(784);
    paintMask(mask, 14, 20, 5, 1);
    const r = await service.inpaint({ x, corruption: 'mask', mask, steps: 3, seed: 1 });
    let changedOutside = 0;
    for (let t = 0; t < 3; t++) {
      for (let i = 0; i < 784; i++) if (!mask[i] && r.steps[t * 784 + i] !== x[i]) changedOutside++;
    }
    expect(changedOutside).toBe(0);
    for (let i = 0; i < 784; i++) expect(r.known[i]).toBe(mask[i] ? 0 : 1);
    // The painted pixels come from the decoder: probabilities strictly inside (0, 1).
    const filled = Array.from(mask.keys()).filter((i) => mask[i]).map((i) => r.steps[2 * 784 + i]!);
    expect(filled.every((v) => v > 0 && v < 1)).toBe(true);
    await expect(service.inpaint({ x, corruption: 'mask', mask: new Uint8Array(784), steps: 3, seed: 1 })).rejects.toThrow(/empty/);
    await expect(service.inpaint({ x, corruption: 'mask', steps: 3, seed: 1 })).rejects.toThrow(/Uint8Array/);
    await expect(service.inpaint({ x, corruption: 'middle' as never, steps: 3, seed: 1 })).rejects.toThrow(/one of top/);
  });

  it('an estimate reports the step of its model, and the service is idle only once every estimate has ended', async () => {
    let step = 7;
    const s = new DrawingService(() => ({ ...source(), step }));
    await expect(s.idle()).resolves.toBeUndefined(); // nothing under way
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    // The first chunk's yield waits on the gate: the estimate is under way meanwhile.
    const est = s.logPx({ x: drawing(), k: 2 * DRAW_LIMITS.isChunk, seed: 1 }, () => {}, () => gate);
    let idle = false;
    const waiting = s.idle().then(() => (idle = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(idle).toBe(false);
    step = 8; // a copy that came meanwhile would be of another step; the result says which one it ran on
    release();
    const r = await est;
    await waiting;
    expect(idle).toBe(true);
    expect(r.step).toBe(7);
    expect(r.logPx).not.toBeNull();
    // With the ELBO under the same model: importance sampling with k samples bounds it from above (up to its noise).
    expect(r.elbo).not.toBeNull();
    expect(r.logPx! - r.elbo!).toBeGreaterThan(-0.5);
    const post = await s.posterior({ x: drawing(), n: DRAW_LIMITS.gridMin }, noYield);
    expect(post.step).toBe(8);
  });

  it('hands out test digits: intensities and the test set input', () => {
    const d = service.testDigit(2);
    expect(d.label).toBe(4);
    expect(Array.from(d.intensities)).toEqual(Array.from(testImages.subarray(2 * 784, 3 * 784), (v) => v / 255));
    expect(Array.from(d.x)).toEqual(Array.from(source().testInputs.subarray(2 * 784, 3 * 784)));
    expect(d.x.some((v) => v === 1)).toBe(true);
    expect(() => service.testDigit(4)).toThrow(/0…3/);
  });

  it("doesn't leak", async () => {
    await service.analyze({ x: drawing(), seed: 1 });
    const before = tf.memory().numTensors;
    await service.analyze({ x: drawing(), seed: 2 });
    await service.logPx({ x: drawing(), k: 300, seed: 1 }, () => {}, noYield);
    await service.posterior({ x: drawing(), n: 21 }, noYield);
    await service.inpaint({ x: drawing(), corruption: 'noise', steps: 3, seed: 1 });
    const mask = new Uint8Array(784);
    paintMask(mask, 10, 10, 3, 1);
    await service.inpaint({ x: drawing(), corruption: 'mask', mask, steps: 3, seed: 1 });
    await service.inpaint({ x: drawing(), corruption: 'mask', mask: new Uint8Array(784), steps: 3, seed: 1 }).catch(() => {});
    expect(tf.memory().numTensors).toBe(before);
  });
});

function fakeDataset(): Dataset {
  const n = 64;
  const img = new Uint8Array(n * 784).map((_, i) => (i % 28 < 14 ? (i * 53) % 256 : 0));
  return { trainImages: img, trainLabels: new Uint8Array(n), testImages: img, testLabels: new Uint8Array(n), nTrain: n, nTest: n };
}

describe('pretrained weights into a session', () => {
  it('loads checked weights as a new run labelled "pretrained"; refuses a mismatch and keeps the model', async () => {
    const events: WorkerEvent[] = [];
    const s = new TrainingSession(fakeDataset(), tinyConfig(), (e) => events.push(e));
    const source = new VAE(tinyConfig({ seed: 5 }));
    const weights = await source.getWeights();
    const bytes = encodeWeightsFile(weights, {
      dtype: 'float16',
      config: tinyConfig({ seed: 5 }),
      names: source.variables.map((v) => v.name),
      shapes: source.variables.map((v) => v.shape),
      trainedOn: { samples: 1234 },
      test: { elbo: -99.5 },
    });
    const loaded = checkPretrained('mnist-j2', bytes);
    expect(loaded.samples).toBe(1234);
    expect(loaded.testElbo).toBe(-99.5);

    const before = s.model;
    const runBefore = s.runId;
    const tensorsBefore = tf.memory().numTensors;
    // Wrong sizes: refused, nothing replaced.
    await expect(s.loadModel(tinyConfig(), loaded.weights.slice(1), 'pretrained')).rejects.toThrow(/weight arrays/);
    const nan = loaded.weights.map((w) => w.slice());
    nan[2]![0] = NaN;
    await expect(s.loadModel(tinyConfig(), nan, 'pretrained')).rejects.toThrow(/NaN/);
    expect(s.model).toBe(before);
    expect(s.runId).toBe(runBefore);
    // A refused load leaves no tensors behind (the new model it built is disposed).
    expect(tf.memory().numTensors).toBe(tensorsBefore);

    await s.loadModel(loaded.config, loaded.weights, 'pretrained');
    expect(s.runId).toBe(runBefore + 1);
    const st = s.state();
    expect(st.origin).toBe('pretrained');
    expect(st.config.seed).toBe(5);
    const got = await s.model.getWeights();
    expect(got[0]![7]).toBeCloseTo(weights[0]![7]!, 3);
    // Reset gives fresh weights: no longer "pretrained".
    await s.reset();
    expect(s.state().origin).toBeUndefined();

    // A header whose config does not match the weights' shapes is refused before loading.
    const wrong = encodeWeightsFile(weights, {
      dtype: 'float16',
      config: tinyConfig({ latentDim: 3 }),
      names: source.variables.map((v) => v.name),
      shapes: source.variables.map((v) => v.shape),
    });
    expect(() => checkPretrained('mnist-j2', wrong)).toThrow(/shape/);
    source.dispose();
    await s.dispose();
  });
});
