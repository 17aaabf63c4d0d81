import * as tf from './tf';
import { describe, expect, it } from 'vitest';
import { syntheticImages, tinyConfig } from '../test/fixtures';
import { disposeCheckpoint, Trainer } from './trainer';

async function optimizerArrays(t: Trainer): Promise<Float32Array[]> {
  const w = await t.optimizer.getWeights();
  const out = await Promise.all(w.map(async (x) => new Float32Array(await x.tensor.data())));
  w[0]!.tensor.dispose(); // the iteration count is a fresh scalar
  return out;
}

describe('checkpoints', () => {
  for (const optimizer of ['adam', 'adagrad', 'rmsprop', 'sgd'] as const) {
    it(`restore weights and ${optimizer} state bit-for-bit, and do not leak`, async () => {
      const trainer = new Trainer(tinyConfig({ optimizer }));
      const x = syntheticImages(8);
      for (let i = 0; i < 3; i++) trainer.trainStep(x).dispose();
      const cp = await trainer.snapshot();
      const weightsAt = await trainer.model.getWeights();
      const optAt = await optimizerArrays(trainer);
      for (let i = 0; i < 4; i++) trainer.trainStep(x).dispose();
      expect(await trainer.model.getWeights()).not.toEqual(weightsAt);
      const before = tf.memory().numTensors;
      await trainer.restore(cp);
      expect(tf.memory().numTensors).toBe(before);
      expect(await trainer.model.getWeights()).toEqual(weightsAt);
      expect(await optimizerArrays(trainer)).toEqual(optAt);
      // The checkpoint stays valid: it can be restored again after more steps.
      trainer.trainStep(x).dispose();
      await trainer.restore(cp);
      expect(await trainer.model.getWeights()).toEqual(weightsAt);
      disposeCheckpoint(cp);
      trainer.dispose();
      x.dispose();
    });
  }
});
