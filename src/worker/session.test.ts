import * as tf from '../core/tf';
import { describe, expect, it, vi } from 'vitest';
import type { Dataset } from '../data/load';
import type { WorkerEvent } from '../protocol/types';
import { tinyConfig } from '../test/fixtures';
import { TrainingSession } from './session';
import { EVAL_EVERY_MS, EVAL_WORK_RATIO, METRICS_EVERY_STEPS } from './schedule';
import { CHECKPOINT_EVERY_STEPS, DivergenceGuard } from './guard';
import { Trainer } from '../core/trainer';

function fakeDataset(nTrain = 256, nTest = 300): Dataset {
  const make = (n: number, seed: number) => {
    const out = new Uint8Array(n * 784);
    let s = seed;
    for (let i = 0; i < out.length; i++) {
      s = (s * 1103515245 + 12345) & 0x7fffffff;
      // Strokes in the left half of each image, blank on the right: learnable structure.
      out[i] = i % 28 < 14 ? s % 256 : 0;
    }
    return out;
  };
  return {
    trainImages: make(nTrain, 1),
    trainLabels: new Uint8Array(nTrain),
    testImages: make(nTest, 2),
    testLabels: new Uint8Array(nTest),
    nTrain,
    nTest,
  };
}

const until = async (cond: () => boolean, ms = 30_000) => {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('TrainingSession', () => {
  it('trains in a loop, reports metrics in batches and evaluates the test set', async () => {
    const events: WorkerEvent[] = [];
    // A clock that advances 1 ms per reading: the 250 ms readback deadline never fires, so
    // readbacks happen every METRICS_EVERY_STEPS steps.
    let t = 0;
    const s = new TrainingSession(fakeDataset(), tinyConfig({ batchSize: 16 }), (e) => events.push(e), () => (t += 1));
    s.start();
    await until(() => events.filter((e) => e.type === 'metrics').length >= 2 && events.some((e) => e.type === 'eval'));
    await s.pause();
    const metrics = events.filter((e): e is Extract<WorkerEvent, { type: 'metrics' }> => e.type === 'metrics');
    expect(metrics[0]!.points.length).toBe(METRICS_EVERY_STEPS);
    const points = metrics.flatMap((m) => m.points);
    // Steps are consecutive, and samples grow by M per step.
    points.forEach((p, i) => {
      expect(p.step).toBe(i + 1);
      expect(p.samples).toBe(16 * (i + 1));
      expect(p.elbo).toBeCloseTo(p.recon - p.kl, 3);
    });
    expect(metrics.some((m) => m.samplesPerSec !== null && m.samplesPerSec > 0)).toBe(true);
    const ev = events.find((e): e is Extract<WorkerEvent, { type: 'eval' }> => e.type === 'eval')!;
    expect(ev.point.n).toBe(300);
    expect(Number.isFinite(ev.point.elbo)).toBe(true);
    expect(s.running).toBe(false);
    const stepAtPause = s.stepCount;
    await new Promise((r) => setTimeout(r, 50));
    expect(s.stepCount).toBe(stepAtPause);
    await s.dispose();
  });

  it('applies a learning-rate change at the next step and refuses an invalid one', async () => {
    const events: WorkerEvent[] = [];
    const cfg = tinyConfig({ batchSize: 8 });
    const s = new TrainingSession(fakeDataset(), cfg, (e) => events.push(e));
    expect(s.setConfig({ ...cfg, learningRate: 0.0005 })).toEqual({ ok: true, rebuildNeeded: [] });
    expect(s.config.learningRate).toBe(0.0005);
    const last = events.filter((e) => e.type === 'state').at(-1);
    expect(last && last.type === 'state' && last.state.config.learningRate).toBe(0.0005);
    const bad = s.setConfig({ ...cfg, learningRate: -3 });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.message).toContain('Learning rate');
    expect(s.config.learningRate).toBe(0.0005);
    expect(s.setConfig({ ...cfg, latentDim: 3 })).toEqual({ ok: true, rebuildNeeded: ['latentDim'] });
    await s.dispose();
  });

  it('single steps, rebuilds into a new run, and leaks no tensors over a session', async () => {
    const before = tf.memory().numTensors;
    const events: WorkerEvent[] = [];
    const cfg = tinyConfig({ batchSize: 8 });
    const s = new TrainingSession(fakeDataset(), cfg, (e) => events.push(e));
    await s.singleStep();
    await s.singleStep();
    expect(s.stepCount).toBe(2);
    const pts = events.flatMap((e) => (e.type === 'metrics' ? e.points : []));
    expect(pts.map((p) => p.step)).toEqual([1, 2]);
    await s.rebuild({ ...cfg, latentDim: 3, decoder: 'gaussian' });
    expect(s.runId).toBe(2);
    expect(s.stepCount).toBe(0);
    s.start();
    await until(() => s.stepCount >= 25);
    await s.pause();
    await s.evaluateFull();
    await s.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a NaN step pauses training and restores the last finite checkpoint bit-for-bit', async () => {
    const before = tf.memory().numTensors;
    const events: WorkerEvent[] = [];
    const s = new TrainingSession(fakeDataset(), tinyConfig({ batchSize: 8 }), (e) => events.push(e));
    for (let i = 0; i < CHECKPOINT_EVERY_STEPS; i++) await s.singleStep();
    const atCheckpoint = await s.model.getWeights();
    s.setConfig({ ...s.config, learningRate: 10 });
    s.injectNaN();
    await s.singleStep();
    const div = events.find((e): e is Extract<WorkerEvent, { type: 'diverged' }> => e.type === 'diverged');
    expect(div).toBeDefined();
    expect(div!.step).toBe(CHECKPOINT_EVERY_STEPS + 1);
    expect(div!.restoredStep).toBe(CHECKPOINT_EVERY_STEPS);
    expect(div!.message).toMatch(/learning rate 10 is high for adam/);
    expect(await s.model.getWeights()).toEqual(atCheckpoint);
    expect(s.running).toBe(false);
    // The counters went back with the weights, and the page is told so.
    const after = events.filter((e): e is Extract<WorkerEvent, { type: 'state' }> => e.type === 'state').at(-1)!;
    expect(after.state.step).toBe(CHECKPOINT_EVERY_STEPS);
    expect(after.state.samples).toBe(CHECKPOINT_EVERY_STEPS * 8);
    // Training resumes from there with a sane setting: the thrown-away step is taken again.
    s.setConfig({ ...s.config, learningRate: 1e-3 });
    await s.singleStep();
    const last = events.flatMap((e) => (e.type === 'metrics' ? e.points : [])).at(-1)!;
    expect(Number.isFinite(last.elbo)).toBe(true);
    expect(last.step).toBe(CHECKPOINT_EVERY_STEPS + 1);
    await s.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('diverging in the loop stops it by itself', async () => {
    const events: WorkerEvent[] = [];
    const s = new TrainingSession(fakeDataset(), tinyConfig({ batchSize: 8 }), (e) => events.push(e));
    s.start();
    await until(() => s.stepCount >= 3);
    s.injectNaN();
    await until(() => events.some((e) => e.type === 'diverged'));
    await until(() => !s.running);
    const div = events.find((e): e is Extract<WorkerEvent, { type: 'diverged' }> => e.type === 'diverged')!;
    expect(div.restoredStep).toBe(0);
    const weights = await s.model.getWeights();
    expect(weights.every((w) => w.every(Number.isFinite))).toBe(true);
    await s.dispose();
  });

  it('exporting a checkpoint survives its promotion and disposal mid-readback', async () => {
    const before = tf.memory().numTensors;
    const trainer = new Trainer(tinyConfig({ batchSize: 8 }));
    const guard = new DivergenceGuard(trainer);
    await guard.ensureBase();
    const x = tf.ones([8, 784]) as tf.Tensor2D;
    for (let i = 0; i < CHECKPOINT_EVERY_STEPS; i++) trainer.trainStep(x).dispose();
    await guard.afterStep();
    const exporting = guard.exportConfirmed();
    // The figures of step 50 arrive while the export reads: the base checkpoint is replaced.
    guard.review([{ run: 1, step: CHECKPOINT_EVERY_STEPS, samples: 0, elbo: -1, recon: -1, kl: 0, loss: 1, gradNorm: 1 }]);
    const arrays = await exporting;
    expect(arrays!.step).toBe(0);
    expect(arrays!.weights.every((w) => w.values.every(Number.isFinite))).toBe(true);
    expect(guard.confirmedStep).toBe(CHECKPOINT_EVERY_STEPS);
    guard.dispose();
    trainer.dispose();
    x.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a saved run loads into another session bit for bit: weights, optimizer state, counters; it goes on training', async () => {
    const config = tinyConfig({ batchSize: 16, optimizer: 'adam' });
    const a = new TrainingSession(fakeDataset(), config, () => {});
    for (let i = 0; i < 4; i++) await a.singleStep();
    const saved = await a.exportRun();
    expect(saved.checkpoint.step).toBe(4);
    expect(saved.checkpoint.optimizerState.length).toBeGreaterThan(1); // Adam's moments, not just the count

    const baseline = tf.memory().numTensors;
    const b = new TrainingSession(fakeDataset(), tinyConfig({ batchSize: 16, latentDim: 3 }), () => {});
    await b.loadRun(saved.config, saved.checkpoint, 'loaded "run A"');
    const state = b.state();
    expect(state.origin).toBe('loaded "run A"');
    expect(state.step).toBe(4);
    expect(state.config.latentDim).toBe(2);
    const again = await b.exportRun();
    expect(again.checkpoint.samplesSeen).toBe(saved.checkpoint.samplesSeen);
    again.checkpoint.weights.forEach((w, i) => expect(w.values).toEqual(saved.checkpoint.weights[i]!.values));
    expect(again.checkpoint.optimizerState.map((s) => s.name.replace(/^.*\//, ''))).toEqual(
      saved.checkpoint.optimizerState.map((s) => s.name.replace(/^.*\//, '')),
    );
    again.checkpoint.optimizerState.forEach((s, i) => expect(s.values).toEqual(saved.checkpoint.optimizerState[i]!.values));
    // Loading again replaces the model: nothing accumulates, and disposing frees it all.
    const loaded = tf.memory().numTensors;
    await b.loadRun(saved.config, saved.checkpoint, 'again');
    expect(tf.memory().numTensors).toBe(loaded);
    await b.singleStep();
    expect(b.state().step).toBe(5);
    await b.dispose();
    expect(tf.memory().numTensors).toBe(baseline);
    await a.dispose();
  });

  it('a copy while training (an autosave) shows the page no pause, and training goes on; a Pause asked for meanwhile holds', async () => {
    const states: boolean[] = [];
    const s = new TrainingSession(fakeDataset(), tinyConfig({ batchSize: 8 }), (e) => {
      if (e.type === 'state') states.push(e.state.running);
    });
    s.start();
    await until(() => s.stepCount >= 3);
    states.length = 0;
    const copy = await s.exportRun();
    expect(copy.checkpoint.step).toBeGreaterThanOrEqual(3);
    // No state with running = false went out for the copy (the Train and Pause buttons would flicker).
    expect(states.every((r) => r)).toBe(true);
    const after = s.stepCount;
    await until(() => s.stepCount > after);
    expect(s.running).toBe(true);

    // Pause pressed while a copy is under way: paused, and it stays paused after the copy.
    states.length = 0;
    const copying = s.exportRun();
    await new Promise((r) => setTimeout(r, 0)); // the copy has begun: the loop is stopping for it
    await s.pause();
    await copying;
    expect(s.running).toBe(false);
    expect(states.at(-1)).toBe(false);
    const held = s.stepCount;
    await new Promise((r) => setTimeout(r, 50));
    expect(s.stepCount).toBe(held);
    await s.dispose();
  });

  it('a saved run that does not fit its config is refused and the current model is untouched', async () => {
    const s = new TrainingSession(fakeDataset(), tinyConfig({ batchSize: 16 }), () => {});
    await s.singleStep();
    const mine = await s.exportRun();
    const run = s.runId;
    const bad = { ...mine.checkpoint, weights: mine.checkpoint.weights.map((w, i) => (i === 0 ? { ...w, values: w.values.subarray(1), shape: w.shape } : w)) };
    await expect(s.loadRun(mine.config, bad, 'x')).rejects.toThrow(/do not fit the saved config: weight 0/);
    const nan = { ...mine.checkpoint, weights: mine.checkpoint.weights.map((w, i) => (i === 1 ? { ...w, values: new Float32Array(w.values.length).fill(NaN) } : w)) };
    await expect(s.loadRun(mine.config, nan, 'x')).rejects.toThrow(/weight 1: contains NaN/);
    await expect(s.loadRun({ ...mine.config, latentDim: 0 }, mine.checkpoint, 'x')).rejects.toThrow(/Latent size J must be at least 1/);
    expect(s.runId).toBe(run);
    const after = await s.exportRun();
    after.checkpoint.weights.forEach((w, i) => expect(w.values).toEqual(mine.checkpoint.weights[i]!.values));
    await s.dispose();
  });

  it('slow motion: each step is shown as it ends, the interval holds the next one back, pause answers at once', async () => {
    const events: WorkerEvent[] = [];
    // The session's clock stands still until the test moves it: the interval never runs out by
    // itself, whatever the machine's speed.
    let t = 0;
    const s = new TrainingSession(fakeDataset(), tinyConfig({ batchSize: 8 }), (e) => events.push(e), () => t);
    expect(() => s.setStepInterval(-1)).toThrow(/between 0 and 10000 ms, not -1/);
    expect(() => s.setStepInterval(Number.NaN)).toThrow(/not NaN/);
    s.setStepInterval(10_000);
    expect(s.state().stepIntervalMs).toBe(10_000);
    s.start();
    await until(() => events.some((e) => e.type === 'metrics' && e.points.length > 0));
    // Within the interval (no time has passed on the session's clock): the loop waits, it does not step.
    t = 9_999;
    await new Promise((r) => setTimeout(r, 120)); // two of the loop's 50 ms naps
    expect(s.state().step).toBe(1);
    await s.pause(); // returns from the middle of the wait (the test would time out otherwise)
    t = 20_000;
    const metrics = events.filter((e): e is Extract<WorkerEvent, { type: 'metrics' }> => e.type === 'metrics' && e.points.length > 0);
    expect(metrics.map((m) => m.points.map((p) => p.step))).toEqual([[1]]);
    expect(s.state().step).toBe(1);
    // Back to full speed: steps are read back in batches again.
    s.setStepInterval(0);
    s.start();
    await until(() => s.state().step >= 1 + 2 * METRICS_EVERY_STEPS);
    await s.pause();
    await s.dispose();
  });

  it('a config with another data set loads it before switching; a failed load changes nothing', async () => {
    const events: WorkerEvent[] = [];
    const other = fakeDataset(128, 200);
    const asked: string[] = [];
    let fail = true;
    const s = new TrainingSession(fakeDataset(), tinyConfig({ batchSize: 16 }), (e) => events.push(e), undefined, async (name) => {
      asked.push(name);
      if (fail) throw new Error('Could not fetch fashion-train-images.idx.gz: offline');
      return other;
    });
    const run = s.runId;
    const fashion = tinyConfig({ batchSize: 16, dataset: 'fashion' });
    await expect(s.rebuild(fashion)).rejects.toThrow(/offline/);
    expect(s.runId).toBe(run);
    expect(s.config.dataset).toBe('mnist');
    fail = false;
    expect(await s.rebuild(fashion)).toEqual({ ok: true, rebuildNeeded: [] });
    expect(asked).toEqual(['fashion', 'fashion']);
    expect(s.dataset).toBe(other);
    expect(events.filter((e) => e.type === 'ready')).toEqual([{ type: 'ready', nTrain: 128, nTest: 200, dataset: 'fashion' }]);
    await s.singleStep();
    expect(s.state().step).toBe(1);
    // The same data set again: nothing is loaded.
    await s.reset();
    expect(asked).toHaveLength(2);
    await s.dispose();
  });

  it('with the training set resident on the device it trains exactly as with per-batch uploads', async () => {
    const run = async (resident: boolean) => {
      const events: WorkerEvent[] = [];
      const s = new TrainingSession(fakeDataset(), tinyConfig({ batchSize: 16 }), (e) => events.push(e));
      s.keepOnDevice = () => resident;
      // 20 steps of 16 over 256 images: past an epoch boundary.
      for (let i = 0; i < 20; i++) await s.singleStep();
      expect(s.residentBytes).toBe(resident ? 256 * 784 * 4 : 0);
      await s.dispose();
      return events.flatMap((e) => (e.type === 'metrics' ? e.points.map((p) => p.loss) : []));
    };
    const host = await run(false);
    const device = await run(true);
    expect(host).toHaveLength(20);
    expect(device).toEqual(host);
  });

  it('the resident training set is kept across a rebuild, replaced on a data-set switch, disposed with the session', async () => {
    const before = tf.memory().numTensors;
    const other = fakeDataset(128, 200);
    const s = new TrainingSession(fakeDataset(), tinyConfig({ batchSize: 16 }), () => {}, undefined, async () => other);
    s.keepOnDevice = () => true;
    await s.singleStep();
    expect(s.residentBytes).toBe(256 * 784 * 4);
    const withResident = tf.memory().numTensors;
    await s.reset();
    await s.singleStep();
    expect(s.residentBytes).toBe(256 * 784 * 4);
    expect(tf.memory().numTensors).toBe(withResident);
    await s.rebuild(tinyConfig({ batchSize: 16, dataset: 'fashion' }));
    // The old set is released at the switch, before the next step uploads the new one.
    expect(s.residentBytes).toBe(0);
    await s.singleStep();
    expect(s.residentBytes).toBe(128 * 784 * 4);
    // One resident set, not two: the same count as before the switch.
    expect(tf.memory().numTensors).toBe(withResident);
    await s.dispose();
    expect(s.residentBytes).toBe(0);
    expect(tf.memory().numTensors).toBe(before);
  });

  it("a run's first evaluation comes at once: it is the curve's starting point", async () => {
    let t = 0;
    let first: { clock: number; step: number } | null = null;
    const s = new TrainingSession(
      fakeDataset(),
      tinyConfig({ batchSize: 8 }),
      (e) => {
        if (e.type === 'eval' && !first) first = { clock: t, step: e.point.step };
      },
      // 40 ms per clock reading: each step measures at least 40 ms of training.
      () => (t += 40),
    );
    s.start();
    await until(() => first !== null);
    await s.pause();
    await s.dispose();
    // Two chunks of the 300 test images, between the first steps.
    expect(first!.clock).toBeLessThan(EVAL_EVERY_MS / 4);
    expect(first!.step).toBeLessThanOrEqual(2);
  });

  it('on a slow device the evaluations are spaced by work: EVAL_WORK_RATIO training images per test image', async () => {
    const samples: number[] = [];
    // EVAL_EVERY_MS per clock reading: every step measures at least EVAL_EVERY_MS of training,
    // as on a device where one step takes seconds; only the work ratio spaces the evaluations.
    let t = 0;
    const s = new TrainingSession(
      fakeDataset(),
      tinyConfig({ batchSize: 8 }),
      (e) => {
        if (e.type === 'eval') samples.push(e.point.samples);
      },
      () => (t += EVAL_EVERY_MS),
    );
    s.start();
    await until(() => samples.length >= 3, 60_000);
    await s.pause();
    await s.dispose();
    // 300 test images each time: the next evaluation starts after 900 more training images,
    // at the first step past them (steps of 8).
    const gaps = samples.slice(1, 3).map((x, i) => x - samples[i]!);
    for (const g of gaps) {
      expect(g).toBeGreaterThanOrEqual(EVAL_WORK_RATIO * 300);
      expect(g).toBeLessThanOrEqual(EVAL_WORK_RATIO * 300 + 8);
    }
  });

  it('steps go on while a read of the figures is pending: the device queue stays deep', async () => {
    // Reads that take 20 ms, as a GPU's readback does.
    const data = tf.Tensor.prototype.data;
    const spy = vi.spyOn(tf.Tensor.prototype, 'data').mockImplementation(async function (this: tf.Tensor) {
      await new Promise((r) => setTimeout(r, 20));
      return data.call(this);
    } as typeof data);
    const seen: Array<{ last: number; stepNow: number }> = [];
    let s: TrainingSession | null = null;
    s = new TrainingSession(fakeDataset(), tinyConfig({ batchSize: 8 }), (e) => {
      if (e.type === 'metrics' && e.points.length > 0 && s) seen.push({ last: e.points.at(-1)!.step, stepNow: s.stepCount });
    });
    try {
      s.start();
      await until(() => seen.length >= 8);
      await s.pause();
      await s.dispose();
    } finally {
      spy.mockRestore();
    }
    // Some report arrives when the loop has already taken steps past the ones it reports.
    expect(seen.slice(1).some((m) => m.stepNow > m.last)).toBe(true);
  });
});
