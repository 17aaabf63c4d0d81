import * as tf from '../core/tf';
import { afterAll, describe, expect, it } from 'vitest';
import { VAE } from '../core/model';
import { DEFAULT_CHAIN_SETTINGS, type ChainSettings, type JobProgress } from '../protocol/inference';
import { tinyConfig } from '../test/fixtures';
import type { DrawSource } from './drawing';
import { InferenceJobs, repeated } from './inferenceJobs';
import { InferenceLab } from './inferenceLab';

let model = new VAE(tinyConfig());
const source = (): DrawSource => ({
  model, decoder: 'bernoulli', run: 1, step: 0, testInputs: new Float32Array(0), testImages: new Uint8Array(0), testLabels: new Uint8Array(0), nTest: 0,
});
const image = () => {
  const x = new Float32Array(784);
  for (let v = 8; v < 20; v++) for (let u = 12; u < 16; u++) x[v * 28 + u] = 1;
  return x;
};
/** A yield that lets the loop's chunks and the test's awaits interleave. */
const tick = () => new Promise<void>((r) => setTimeout(r, 0));
const SMALL: ChainSettings = { ...DEFAULT_CHAIN_SETTINGS, chains: 2, leapfrogSteps: 3, warmup: 10, draws: 25, seed: 3 };

async function until(f: () => boolean, limit = 2000): Promise<void> {
  for (let i = 0; i < limit && !f(); i++) await tick();
}

afterAll(() => model.dispose());

describe('InferenceLab (the chains in the drawing worker)', () => {
  it('runs the chains to the draws asked for, in chunks, and reports figures computed from them', async () => {
    const lab = new InferenceLab(source, tick);
    await lab.start(image(), SMALL);
    expect(lab.snapshot([0, 1]).state).toBe('running');
    await until(() => lab.snapshot([0, 1]).state === 'done');
    const s = lab.snapshot([0, 1]);
    expect(s.state).toBe('done');
    expect(s.draws).toBe(25);
    expect(s.transitions).toBe(35);
    expect(s.warmupLeft).toBe(0);
    expect(s.acceptRate).toBeGreaterThan(0);
    expect(s.acceptRate).toBeLessThanOrEqual(1);
    expect(s.ess).toHaveLength(2);
    expect(s.rhat).toHaveLength(2);
    expect(s.scatter.length).toBe(2 * 2 * 25);
    // The sample mean is the mean of the scatter's points (all draws fit in it here).
    const m0 = s.scatter.filter((_, i) => i % 2 === 0).reduce((a, b) => a + b, 0) / 50;
    expect(s.sampleMean![0]).toBeCloseTo(m0, 4);
    expect(s.hist).toHaveLength(2);
    expect(s.hist[0]!.counts.reduce((a, b) => a + b, 0)).toBe(50);
    expect(s.samplesPerSec).toBeGreaterThan(0);
    await until(() => lab.gridResult() !== null);
    const g = lab.gridResult()!;
    expect(g.mass.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    const imgs = await lab.images(1);
    expect(imgs!.count).toBe(2);
    expect(imgs!.q.length).toBe(8 * 784);
    await lab.reset();
  });

  it('refuses bad settings with a message and keeps the chains it holds', async () => {
    const lab = new InferenceLab(source, tick);
    await lab.start(image(), SMALL);
    await lab.pause();
    const before = lab.snapshot([0, 1]);
    await expect(lab.start(image(), { ...SMALL, stepSize: 0 })).rejects.toThrow(/step size must be > 0.*Nothing was changed/);
    await expect(lab.start(image(), { ...SMALL, chains: 0 })).rejects.toThrow(/chains must be a whole number from 1/);
    await expect(lab.start(image(), { ...SMALL, draws: 1e9 })).rejects.toThrow(/draws per chain/);
    expect(() => lab.snapshot([0, 0])).toThrow(/two different/);
    const after = lab.snapshot([0, 1]);
    expect(after.state).toBe('paused');
    expect(after.transitions).toBe(before.transitions);
    expect(after.settings).toEqual(before.settings);
    await lab.reset();
  });

  it('pauses and resumes; the same seed gives the same draws', async () => {
    const lab = new InferenceLab(source, tick);
    await lab.start(image(), SMALL);
    await lab.pause();
    const t = lab.snapshot([0, 1]).transitions;
    for (let i = 0; i < 20; i++) await tick();
    expect(lab.snapshot([0, 1]).transitions).toBe(t);
    lab.resume();
    await until(() => lab.snapshot([0, 1]).state === 'done');
    const a = Array.from(lab.snapshot([0, 1]).scatter);
    await lab.start(image(), SMALL);
    await until(() => lab.snapshot([0, 1]).state === 'done');
    expect(Array.from(lab.snapshot([0, 1]).scatter)).toEqual(a);
    await lab.reset();
    expect(lab.snapshot([0, 1]).state).toBe('idle');
  });

  it('stops with a note when the model copy is replaced by a new network', async () => {
    const lab = new InferenceLab(source, tick);
    await lab.start(image(), { ...SMALL, draws: 2000 });
    const old = model;
    model = new VAE(tinyConfig());
    await until(() => lab.snapshot([0, 1]).state === 'stopped');
    expect(lab.snapshot([0, 1]).note).toMatch(/model changed/);
    await lab.reset();
    old.dispose();
  });

  it("doesn't leak: start, run, images, reset", async () => {
    const lab = new InferenceLab(source, tick);
    await lab.start(image(), SMALL);
    await until(() => lab.snapshot([0, 1]).state === 'done');
    await lab.reset();
    const before = tf.memory().numTensors;
    await lab.start(image(), SMALL);
    await until(() => lab.snapshot([0, 1]).state === 'done');
    await until(() => lab.gridResult() !== null);
    await lab.images(2);
    await lab.start(image(), SMALL); // replaces running chains
    await lab.reset();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('InferenceJobs', () => {
  it('gaps: q* beats the encoder, log p(x) by quadrature at J = 2, with progress', async () => {
    const jobs = new InferenceJobs(source, tick);
    const progress: JobProgress[] = [];
    const g = await jobs.gaps({ x: image(), fitSteps: 60, k: 500, seed: 1 }, (p) => progress.push(p));
    expect(g.cancelled).toBeNull();
    expect(g.logPxMethod).toMatch(/quadrature/);
    expect(g.amortization.value).toBeGreaterThan(-3 * g.amortization.se);
    expect(g.amortization.value).toBeCloseTo(g.elboStar.value - g.elboEncoder.value, 6);
    expect(g.starSigma).toHaveLength(2);
    expect(progress.length).toBeGreaterThan(1);
    await expect(jobs.gaps({ x: image(), fitSteps: 0, k: 500, seed: 1 }, () => {})).rejects.toThrow(/fit steps/);
  });

  it('marginal: quadrature, repeated IS and the harmonic mean at J = 2; bad k refused; cancel stops it', async () => {
    const jobs = new InferenceJobs(source, tick);
    const req = { x: image(), repeats: 2, k: 300, chains: 2, warmup: 20, draws: 40, leapfrogSteps: 3, seed: 5 };
    const r = await jobs.marginal(req, () => {});
    expect(r.quadrature).not.toBeNull();
    expect(r.is.values).toHaveLength(2);
    expect(r.harmonic!.values).toHaveLength(2);
    expect(r.is.mean).toBeCloseTo((r.is.values[0]! + r.is.values[1]!) / 2, 10);
    await expect(jobs.marginal({ ...req, k: 10 ** 9 }, () => {})).rejects.toThrow(/k must be.*memory/);
    const p = jobs.marginal(req, () => {});
    jobs.cancel();
    expect((await p).cancelled).toMatch(/superseded/);
  });

  it('repeated(): mean and sd by hand', () => {
    // 1, 2, 4: mean 7/3, sd √(((−4/3)² + (−1/3)² + (5/3)²)/2) = √(42/18).
    const r = repeated([1, 2, 4]);
    expect(r.mean).toBeCloseTo(7 / 3, 12);
    expect(r.sd).toBeCloseTo(Math.sqrt(42 / 18), 12);
    expect(repeated([3]).sd).toBe(0);
  });
});
