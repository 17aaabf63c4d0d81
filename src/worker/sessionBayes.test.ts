import { describe, expect, it } from 'vitest';
import { klGaussianToPrior } from '../core/bayesDecoder';
import type { Dataset } from '../data/load';
import type { WorkerEvent } from '../protocol/types';
import { tinyConfig } from '../test/fixtures';
import { TrainingSession } from './session';

function dataset(nTrain: number, nTest: number): Dataset {
  const make = (n: number) => Uint8Array.from({ length: n * 784 }, (_, i) => (i % 28 < 14 ? (i * 97) % 256 : 0));
  return { trainImages: make(nTrain), trainLabels: new Uint8Array(nTrain), testImages: make(nTest), testLabels: new Uint8Array(nTest), nTrain, nTest };
}

describe('TrainingSession with a variational decoder', () => {
  it('reports the weight KL per image, divided by the training set size N, beside the latent KL', async () => {
    const events: WorkerEvent[] = [];
    const nTrain = 40;
    const config = { ...tinyConfig({ hidden: [4], batchSize: 8 }), decoderWeights: 'variational' as const, weightInitStd: 0.1, weightPriorStd: 0.5 };
    const s = new TrainingSession(dataset(nTrain, 30), config, (e) => events.push(e));
    // Before any step the means are the initial weights and s = s₀: the KL by hand.
    const means = await Promise.all(s.model.decoderAll.flatMap((l) => [l.w.data(), l.b.data()]));
    let hand = 0;
    for (const m of means) for (const v of m) hand += klGaussianToPrior(v, 0.1, 0.5);
    await s.singleStep();
    const point = events.flatMap((e) => (e.type === 'metrics' ? e.points : []))[0]!;
    expect(point.weightKl! / (hand / nTrain)).toBeCloseTo(1, 3);
    // The loss is −(data term) + weight KL per image (β = 1, no weight decay).
    expect(point.loss).toBeCloseTo(-point.elbo + point.weightKl!, 2);
    const ev = await s.evaluateFull();
    expect(ev.weightKl).toBeGreaterThan(0);
    expect(Number.isFinite(ev.weightKl)).toBe(true);
    await s.dispose();
  });

  it('a point-estimate decoder reports no weight KL', async () => {
    const events: WorkerEvent[] = [];
    const s = new TrainingSession(dataset(20, 10), tinyConfig({ hidden: [4], batchSize: 4 }), (e) => events.push(e));
    await s.singleStep();
    const point = events.flatMap((e) => (e.type === 'metrics' ? e.points : []))[0]!;
    expect('weightKl' in point).toBe(false);
    expect('weightKl' in (await s.evaluateFull())).toBe(false);
    await s.dispose();
  });
});
