import * as tf from '../core/tf';
import { afterAll, describe, expect, it } from 'vitest';
import { VAE } from '../core/model';
import type { ModelSnapshot } from '../protocol/drawing';
import { tinyConfig } from '../test/fixtures';
import { DrawModelHost } from './drawHost';
import { DrawingService } from './drawing';
import { binarizeFixed, toUnitFloat } from '../core/binarize';
import * as latentViews from './latentViews';

/** A drawing: a vertical bar. */
const x = () => {
  const v = new Float32Array(784);
  for (let r = 6; r < 22; r++) for (let c = 12; c < 16; c++) v[r * 28 + c] = 1;
  return v;
};

const trained = new VAE(tinyConfig({ seed: 3 }));
const other = new VAE(tinyConfig({ seed: 4 }));
afterAll(() => {
  trained.dispose();
  other.dispose();
});

async function snapshot(model: VAE, run: number, step: number, config = tinyConfig({ seed: 3 })): Promise<ModelSnapshot> {
  return { run, step, config, weights: await model.getWeights() };
}

/** The figures of `x` on a source (the same seed: the same ε). */
async function figures(source: ConstructorParameters<typeof DrawingService>[0]) {
  const r = await new DrawingService(source, { worker: 'drawing' }).analyze({ x: x(), seed: 9 });
  return { mu: r.mu, sigma: r.sigma, elbo: r.elbo, recon: Array.from(r.reconstruction), run: r.run, step: r.step, worker: r.worker };
}

/** The same figures on the original model, as the training worker computes them. */
async function figuresOf(model: VAE) {
  const r = await new DrawingService(() => ({ model, decoder: 'bernoulli', run: 0, step: 0, testInputs: new Float32Array(0), testImages: new Uint8Array(0), testLabels: new Uint8Array(0), nTest: 0 })).analyze({ x: x(), seed: 9 });
  return { mu: r.mu, sigma: r.sigma, elbo: r.elbo, recon: Array.from(r.reconstruction) };
}

describe('DrawModelHost: the drawing worker\'s copy of the model', () => {
  it('answers exactly as the model it copies, labelled with its run, step and worker', async () => {
    const host = new DrawModelHost();
    expect(() => host.source()).toThrow(/no model yet/);
    expect(host.set(await snapshot(trained, 4, 120))).toEqual({ runChanged: true });
    const copy = await figures(() => host.source());
    expect(copy).toEqual({ ...(await figuresOf(trained)), run: 4, step: 120, worker: 'drawing' });
    // The training worker's own answers say so.
    expect((await new DrawingService(() => host.source()).analyze({ x: x(), seed: 1 })).worker).toBe('training');
    host.dispose();
  });

  it('follows new weights of the same shape in place (an estimate under way runs on), without leaking tensors', async () => {
    const host = new DrawModelHost();
    host.set(await snapshot(trained, 1, 10));
    const model = host.source().model;
    const before = tf.memory().numTensors;
    for (let step = 11; step < 16; step++) expect(host.set(await snapshot(other, 1, step))).toEqual({ runChanged: false });
    expect(tf.memory().numTensors).toBe(before);
    expect(host.source().model).toBe(model);
    expect(host.version).toEqual({ run: 1, step: 15 });
    const { run, step, worker, ...rest } = await figures(() => host.source());
    expect({ run, step, worker }).toEqual({ run: 1, step: 15, worker: 'drawing' });
    expect(rest).toEqual(await figuresOf(other));
    // A new run of the same shape: still in place, but reported (the caller stops the old run's estimates).
    expect(host.set(await snapshot(trained, 2, 0))).toEqual({ runChanged: true });
    host.dispose();
  });

  it('builds a new model for a new shape and disposes the old one', async () => {
    const host = new DrawModelHost();
    const base = tf.memory().numTensors;
    host.set(await snapshot(trained, 1, 0));
    expect(tf.memory().numTensors - base).toBe(trained.variables.length);
    const wide = new VAE(tinyConfig({ latentDim: 3, seed: 5 }));
    try {
      host.set(await snapshot(wide, 2, 0, tinyConfig({ latentDim: 3, seed: 5 })));
      expect(host.source().model.latentDim).toBe(3);
      expect((await figures(() => host.source())).mu).toHaveLength(3);
      // The old copy is gone: only the new copy's variables remain, beside `wide` itself.
      expect(tf.memory().numTensors - base).toBe(2 * wide.variables.length);
    } finally {
      wide.dispose();
    }
    host.dispose();
    expect(tf.memory().numTensors).toBe(base);
  });

  it('refuses a bad copy with the reason and keeps the one it holds', async () => {
    const host = new DrawModelHost();
    host.set(await snapshot(trained, 1, 5));
    const held = await figures(() => host.source());
    const good = await snapshot(other, 1, 6);
    const tensors = tf.memory().numTensors;

    const nan = await snapshot(other, 1, 6);
    nan.weights[2]![7] = Number.NaN;
    expect(() => host.set(nan)).toThrow(/weight 2 .*NaN/);
    const short = await snapshot(other, 1, 6);
    short.weights[0] = short.weights[0]!.subarray(1);
    expect(() => host.set(short)).toThrow(/expected \d+ values/);
    expect(() => host.set({ ...good, weights: good.weights.slice(1) })).toThrow(/weight arrays/);
    expect(() => host.set({ ...good, config: { ...good.config, latentDim: -1 } })).toThrow(/invalid config/);
    expect(() => host.set({ ...good, step: Number.NaN })).toThrow(/run and step/);
    expect(() => host.set(null as unknown as ModelSnapshot)).toThrow(/invalid config/);
    // A new shape whose weights do not fit: the model built for it is disposed again.
    expect(() => host.set({ ...good, run: 3, config: tinyConfig({ latentDim: 4 }) })).toThrow(/expected \d+ values/);

    expect(tf.memory().numTensors).toBe(tensors);
    expect(host.version).toEqual({ run: 1, step: 5 });
    expect(await figures(() => host.source())).toEqual(held);
    host.dispose();
  });

  it('holds the test set: the views and the test digits read it, with the inputs the training worker evaluates', async () => {
    const host = new DrawModelHost();
    host.set(await snapshot(trained, 1, 5));
    expect(() => host.viewSource()).toThrow(/no test set yet/);
    // Three images of grey levels 0…255 (a ramp), labels 7, 8, 9.
    const images = Uint8Array.from({ length: 3 * 784 }, (_, i) => (i * 37) % 256);
    host.setTestSet({ key: 'mnist', images, labels: Uint8Array.from([7, 8, 9]), n: 3, nTrain: 60 });
    expect(host.testSetKey).toBe('mnist');
    const src = host.viewSource();
    expect(src.nTest).toBe(3);
    expect(src.step).toBe(5);
    // The Bernoulli decoder's inputs: the same fixed-seed binarization as the training worker's.
    expect(Array.from(src.testInputs)).toEqual(Array.from(binarizeFixed(images)));
    const digit = new DrawingService(() => host.source()).testDigit(1);
    expect(digit.label).toBe(8);
    expect(digit.intensities[2]).toBeCloseTo(images[784 + 2]! / 255, 6);
    expect(Array.from(digit.x)).toEqual(Array.from(binarizeFixed(images).subarray(784, 2 * 784)));
    // A Gaussian decoder's copy: intensities.
    const gaussianConfig = tinyConfig({ seed: 3, decoder: 'gaussian' });
    const gaussian = new VAE(gaussianConfig);
    host.set(await snapshot(gaussian, 2, 0, gaussianConfig));
    gaussian.dispose();
    expect(Array.from(host.viewSource().testInputs)).toEqual(Array.from(toUnitFloat(images)));
    // A latent view runs on the copy and says its step.
    const map = await latentViews.encodeTestMap(host.viewSource(), { count: 3, projection: 'dims', dimX: 0, dimY: 1 });
    expect(map.points.length).toBe(6);
    host.dispose();
  });

  it('refuses a bad test set with the reason and keeps the one it holds', () => {
    const host = new DrawModelHost();
    const ok = { key: 'mnist', images: new Uint8Array(2 * 784), labels: new Uint8Array(2), n: 2, nTrain: 60 };
    host.setTestSet(ok);
    expect(() => host.setTestSet({ ...ok, key: '' })).toThrow(/no key/);
    expect(() => host.setTestSet({ ...ok, key: 'fashion', n: 0 })).toThrow(/at least one image/);
    expect(() => host.setTestSet({ ...ok, key: 'fashion', images: new Uint8Array(784) })).toThrow(/2 × 784 bytes/);
    expect(() => host.setTestSet({ ...ok, key: 'fashion', labels: new Uint8Array(3) })).toThrow(/2 labels/);
    expect(() => host.setTestSet({ ...ok, key: 'fashion', nTrain: 0 })).toThrow(/training set's size/);
    expect(() => host.setTestSet(null as never)).toThrow(/no key/);
    expect(host.testSetKey).toBe('mnist');
    host.dispose();
  });
});
