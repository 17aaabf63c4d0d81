import * as tf from './tf';
import { describe, expect, it } from 'vitest';
import { syntheticImages, tinyConfig } from '../test/fixtures';
import { decodeRunFile, encodeRunFile } from './runFile';
import { checkCheckpointArrays, checkpointFromArrays, checkpointToArrays } from './serialize';
import { disposeCheckpoint, Trainer } from './trainer';

describe('a run with a variational decoder', () => {
  it('saves and loads its means and standard deviations exactly, with the weight KL in its history', async () => {
    const config = { ...tinyConfig({ hidden: [8] }), decoderWeights: 'variational' as const, weightInitStd: 0.02, weightPriorStd: 0.5 };
    const trainer = new Trainer(config);
    const x = syntheticImages(8);
    for (let i = 0; i < 3; i++) trainer.trainStep(x).dispose();
    const cp = await trainer.snapshot();
    const arrays = await checkpointToArrays(cp);
    disposeCheckpoint(cp);
    const point = { step: 3, samples: 24, elbo: -500, recon: -490, kl: 10, loss: 520, gradNorm: 3, weightKl: 12.5 };
    const bytes = encodeRunFile({ name: 'vb', savedAt: 'now', config, dataset: { kind: 'builtin', name: config.dataset }, checkpoint: arrays, history: { points: [point], evals: [], divergences: [] } });
    const back = decodeRunFile(bytes);
    expect(back.config.decoderWeights).toBe('variational');
    expect(back.history.points[0]!.weightKl).toBe(12.5);

    const loaded = new Trainer(back.config);
    expect(checkCheckpointArrays(back.checkpoint, loaded.model)).toBeNull();
    const cp2 = checkpointFromArrays(back.checkpoint);
    await loaded.restore(cp2);
    disposeCheckpoint(cp2);
    const [a, b] = [trainer.model.decoderWeightStds(), loaded.model.decoderWeightStds()];
    expect(a.length).toBe(2 * (config.hidden.length + 1));
    for (let i = 0; i < a.length; i++) expect(Array.from(await b[i]!.data())).toEqual(Array.from(await a[i]!.data()));
    // Three Adam steps moved s away from s₀: the file kept trained values, not the initial ones.
    expect((await a[0]!.data()).some((s) => Math.abs(s - 0.02) > 1e-6)).toBe(true);
    const means = await Promise.all(loaded.model.decoderAll.map((l) => l.w.data()));
    const orig = await Promise.all(trainer.model.decoderAll.map((l) => l.w.data()));
    means.forEach((m, i) => expect(Array.from(m)).toEqual(Array.from(orig[i]!)));

    // The same arrays do not fit a point-estimate model (no ρ's): refused, saying why.
    const pointTrainer = new Trainer({ ...config, decoderWeights: 'point' });
    expect(checkCheckpointArrays(back.checkpoint, pointTrainer.model)).toMatch(/expected \d+ weight tensors, found \d+/);
    tf.dispose([...a, ...b, x]);
    [trainer, loaded, pointTrainer].forEach((t) => t.dispose());
  });
});
