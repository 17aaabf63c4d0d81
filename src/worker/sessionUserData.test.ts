import * as tf from '../core/tf';
import { describe, expect, it } from 'vitest';
import { datasetHash, toTrainingData, type UserDataset } from '../data/import/prepare';
import type { Dataset } from '../data/load';
import type { WorkerEvent } from '../protocol/types';
import { tinyConfig } from '../test/fixtures';
import { TrainingSession } from './session';

function builtin(n: number): Dataset {
  return { trainImages: new Uint8Array(n * 784), trainLabels: new Uint8Array(n), testImages: new Uint8Array(n * 784), testLabels: new Uint8Array(n), nTrain: n, nTest: n };
}

/** 30 images of squares: image i has a bright square in its left or right half (label i % 2). */
function userSet(): UserDataset {
  const n = 30;
  const images = new Uint8Array(n * 784);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = i % 2;
    for (let v = 8; v < 20; v++) for (let u = 0; u < 10; u++) images[i * 784 + v * 28 + u + (i % 2 ? 16 : 2)] = 255;
  }
  return { name: 'squares', hash: datasetHash(images, labels, ['left', 'right']), n, images, labels, classNames: ['left', 'right'], testShare: 0.1, seed: 1 };
}

describe('TrainingSession on a user data set', () => {
  it('replaces the data in a new run that records the set, trains on it, and goes back to the built-in set', async () => {
    const events: WorkerEvent[] = [];
    const s = new TrainingSession(builtin(64), tinyConfig({ batchSize: 8 }), (e) => events.push(e));
    const set = userSet();
    const before = tf.memory().numTensors;
    const run = s.runId;
    await s.rebuild(s.config, undefined, { data: toTrainingData(set), user: { name: set.name, hash: set.hash, n: set.n, classNames: set.classNames } });
    expect(s.runId).toBe(run + 1);
    expect(s.dataset.nTrain).toBe(27);
    expect(s.dataset.nTest).toBe(3);
    expect(s.state().userData).toEqual({ name: 'squares', hash: set.hash, n: 30, classNames: ['left', 'right'] });
    const ready = events.filter((e): e is Extract<WorkerEvent, { type: 'ready' }> => e.type === 'ready').pop()!;
    expect([ready.nTrain, ready.user?.hash]).toEqual([27, set.hash]);
    // The test targets are the new test images (binarized: the squares' bright pixels are 1).
    expect(s.testSet.length).toBe(3 * 784);
    await s.singleStep();
    await s.singleStep();
    expect(s.stepCount).toBe(2);
    expect(s.state().epoch).toBeCloseTo(16 / 27, 10);
    // A reset keeps the user's data set.
    await s.reset();
    expect(s.state().userData?.hash).toBe(set.hash);
    await s.rebuild(s.config, undefined, { data: builtin(64), user: null });
    expect(s.state().userData).toBeUndefined();
    expect(s.dataset.nTrain).toBe(64);
    await s.dispose();
    expect(tf.memory().numTensors).toBeLessThanOrEqual(before);
  });

  it('a replacement worker starts on the same user set and resumes the run from its checkpoint there (as worker init does)', async () => {
    const set = userSet();
    const user = { name: set.name, hash: set.hash, n: set.n, classNames: set.classNames };
    const old = new TrainingSession(builtin(64), tinyConfig({ batchSize: 8 }), () => {});
    await old.rebuild(old.config, undefined, { data: toTrainingData(set), user });
    for (let i = 0; i < 3; i++) await old.singleStep();
    const saved = await old.exportRun();
    const weights = await old.model.getWeights();
    await old.dispose();
    // The new worker: its session, the user's set (a rebuild), then the checkpoint of the old run.
    const events: WorkerEvent[] = [];
    const s = new TrainingSession(toTrainingData(set), saved.config, (e) => events.push(e));
    await s.rebuild(saved.config, undefined, { data: s.dataset, user });
    await s.restoreRun(saved.run, saved.checkpoint);
    expect(s.runId).toBe(saved.run);
    expect(s.stepCount).toBe(3);
    expect(s.state().userData).toEqual(user);
    expect(s.dataset.nTrain).toBe(27);
    const back = await s.model.getWeights();
    back.forEach((w, i) => expect(Array.from(w)).toEqual(Array.from(weights[i]!)));
    await s.singleStep();
    expect(s.stepCount).toBe(4);
    await s.dispose();
  });

  it('an invalid config changes nothing', async () => {
    const s = new TrainingSession(builtin(64), tinyConfig(), () => {});
    const set = userSet();
    const r = await s.rebuild({ ...s.config, latentDim: -1 }, undefined, { data: toTrainingData(set), user: { name: 'x', hash: 'h', n: 30, classNames: [] } });
    expect(r.ok).toBe(false);
    expect(s.dataset.nTrain).toBe(64);
    expect(s.state().userData).toBeUndefined();
    await s.dispose();
  });
});
