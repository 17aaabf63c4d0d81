import * as tf from './tf';
import { describe, expect, it } from 'vitest';
import { syntheticImages, tinyConfig } from '../test/fixtures';
import { checkCheckpointArrays, checkpointFromArrays, checkpointToArrays } from './serialize';
import { disposeCheckpoint, Trainer } from './trainer';

/** Bit-for-bit equality (a plain deep-equal diff of 25k floats is slow to print). */
function sameWeights(a: Float32Array[], b: Float32Array[]): boolean {
  return a.length === b.length && a.every((w, i) => w.length === b[i]!.length && w.every((v, j) => Object.is(v, b[i]![j])));
}

describe('checkpoint arrays', () => {
  it('round-trip weights and optimizer state bit-for-bit into another trainer', async () => {
    const a = new Trainer(tinyConfig());
    const x = syntheticImages(8);
    for (let i = 0; i < 3; i++) a.trainStep(x).dispose();
    const cp = await a.snapshot();
    const arrays = await checkpointToArrays(cp);
    disposeCheckpoint(cp);
    // Same seed (so the same ε at the same step), another init (so other starting weights).
    const b = new Trainer(tinyConfig({ init: 'he' }));
    expect(sameWeights(await b.model.getWeights(), await a.model.getWeights())).toBe(false);
    expect(checkCheckpointArrays(arrays, b.model)).toBeNull();
    const before = tf.memory().numTensors;
    const restored = checkpointFromArrays(arrays);
    await b.restore(restored);
    disposeCheckpoint(restored);
    // The only new tensors are the optimizer's slot variables (b's fresh Adam had none yet);
    // the iteration count is a plain number inside the optimizer.
    expect(tf.memory().numTensors).toBe(before + arrays.optimizerState.length - 1);
    expect(sameWeights(await b.model.getWeights(), await a.model.getWeights())).toBe(true);
    // Same state, same next step: the optimizer state came across too.
    a.trainStep(x).dispose();
    b.step = a.step - 1;
    b.trainStep(x).dispose();
    expect(sameWeights(await b.model.getWeights(), await a.model.getWeights())).toBe(true);
    a.dispose();
    b.dispose();
  });

  it('refuses arrays that do not fit the model, or hold non-finite values', async () => {
    const t = new Trainer(tinyConfig());
    const cp = await t.snapshot();
    const good = await checkpointToArrays(cp);
    disposeCheckpoint(cp);
    expect(checkCheckpointArrays({ ...good, weights: good.weights.slice(1) }, t.model)).toMatch(/expected \d+ weight tensors/);
    const wrongShape = { ...good, weights: good.weights.map((w, i) => (i === 0 ? { shape: [1, w.values.length], values: w.values } : w)) };
    expect(checkCheckpointArrays(wrongShape, t.model)).toMatch(/shape/);
    const nan = { ...good, weights: good.weights.map((w, i) => (i === 1 ? { shape: w.shape, values: new Float32Array(w.values.length).fill(Number.NaN) } : w)) };
    expect(checkCheckpointArrays(nan, t.model)).toMatch(/NaN/);
    const truncated = { ...good, weights: good.weights.map((w, i) => (i === 2 ? { shape: w.shape, values: w.values.subarray(1) } : w)) };
    expect(checkCheckpointArrays(truncated, t.model)).toMatch(/values for shape/);
    t.dispose();
  });
});
