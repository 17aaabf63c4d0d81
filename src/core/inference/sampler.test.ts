import * as tf from '../tf';
import { describe, expect, it } from 'vitest';
import { effectiveSampleSize, summarizeChains } from './diagnostics';
import { fitGaussian } from './gaussian';
import { ChainSampler, type SamplerOptions } from './sampler';
import { chainTensorsAt, hmcTransition, leapfrog, rwmhTransition, type LogDensity } from './transitions';

/** log N(z; m, Σ) up to a constant, Σ = [[1, ρ], [ρ, 1]]: −½ dᵀΣ⁻¹d with Σ⁻¹ = [[1, −ρ], [−ρ, 1]]/(1 − ρ²). */
function correlatedGaussian(m: [number, number], rho: number): LogDensity {
  return (z) =>
    tf.tidy(() => {
      const d = tf.sub(z, tf.tensor2d([m], [1, 2]));
      const [d1, d2] = tf.split(d, 2, 1) as [tf.Tensor2D, tf.Tensor2D];
      const q = tf.sub(tf.add(tf.square(d1), tf.square(d2)), tf.mul(2 * rho, tf.mul(d1, d2)));
      return tf.reshape(tf.mul(-0.5 / (1 - rho * rho), q), [-1]) as tf.Tensor1D;
    });
}

/** A non-Gaussian 2-D target for the balance checks: log π = −¼‖z‖⁴ − ½ z₁ z₂ − ½‖z‖². */
const quartic: LogDensity = (z) =>
  tf.tidy(() => {
    const r2 = tf.sum(tf.square(z), 1);
    const [a, b] = tf.split(z, 2, 1);
    return tf.sub(tf.sub(tf.mul(-0.25, tf.square(r2)), tf.mul(0.5, tf.reshape(tf.mul(a!, b!), [-1]))), tf.mul(0.5, r2)) as tf.Tensor1D;
  });

const OPTS: SamplerOptions = { method: 'hmc', stepSize: 0.5, leapfrogSteps: 5, warmup: 150, seed: 7, maxDraws: 10_000 };

function pooled(s: ChainSampler): Float64Array {
  const all: number[] = [];
  for (let c = 0; c < s.chains; c++) all.push(...s.draws(c));
  return Float64Array.from(all);
}

describe('HMC on a correlated 2-D Gaussian', () => {
  it('recovers the mean and covariance within 4 Monte-Carlo standard errors (from the measured ESS)', async () => {
    const rho = 0.8;
    const target = correlatedGaussian([1, -1], rho);
    const init = Float32Array.from([-2, 2, 3, 3, 0, 0, 2, -3]);
    const s = new ChainSampler(target, init, 4, OPTS);
    await s.run(OPTS.warmup + 500);
    const n = s.drawCount * s.chains;
    const g = fitGaussian(pooled(s), n, 2);
    const chains = Array.from({ length: 4 }, (_, c) => s.draws(c));
    const { ess, maxRhat } = summarizeChains(chains, 2);
    // Each moment has its own ESS (HMC's draws can be anticorrelated in z and correlated in z²):
    // the ESS of the chains of (z_j − m_j)² and of (z₁ − m₁)(z₂ − m₂).
    const moment = (f: (a: number, b: number) => number) =>
      effectiveSampleSize(chains.map((c) => Array.from({ length: c.length / 2 }, (_, i) => f(c[2 * i]! - g.mean[0]!, c[2 * i + 1]! - g.mean[1]!))));
    const e = Math.min(...ess);
    const [e11, e22, e12] = [moment((a) => a * a), moment((_, b) => b * b), moment((a, b) => a * b)];
    // Justification: for the chain average of a unit-variance coordinate, s.e. = 1/√ESS; for a
    // sample variance of a normal coordinate, s.e. = σ²√(2/ESS); for the covariance,
    // √((σ₁²σ₂² + σ₁₂²)/ESS). 4 s.e. bounds a false failure at < 1e-4 per figure (normal tails).
    expect(Math.min(e, e11, e22, e12), 'ESS large enough for the tolerances to be tight').toBeGreaterThan(300);
    expect(maxRhat).toBeLessThan(1.05);
    expect(Math.abs(g.mean[0]! - 1)).toBeLessThan(4 / Math.sqrt(ess[0]!));
    expect(Math.abs(g.mean[1]! + 1)).toBeLessThan(4 / Math.sqrt(ess[1]!));
    expect(Math.abs(g.cov[0]! - 1)).toBeLessThan(4 * Math.sqrt(2 / e11));
    expect(Math.abs(g.cov[3]! - 1)).toBeLessThan(4 * Math.sqrt(2 / e22));
    expect(Math.abs(g.cov[1]! - rho)).toBeLessThan(4 * Math.sqrt((1 + rho * rho) / e12));
    const st = s.stats();
    expect(st.meanAcceptProb).toBeGreaterThan(0.4);
    expect(st.stepSize).toBeGreaterThan(0);
    expect(st.evaluations).toBe((OPTS.warmup + 500) * OPTS.leapfrogSteps);
    s.dispose();
  });

  it('is seeded: the same seed and start give the same chains, another seed others', async () => {
    const target = correlatedGaussian([0, 0], 0.5);
    const init = Float32Array.from([0.5, 0.5, -0.5, 0.2]);
    const run = async (seed: number) => {
      const s = new ChainSampler(target, init, 2, { ...OPTS, warmup: 5, seed });
      await s.run(15);
      const d = [...s.draws(0), ...s.draws(1)];
      s.dispose();
      return d;
    };
    const a = await run(3);
    expect(a.length).toBe(2 * 10 * 2);
    expect(await run(3)).toEqual(a);
    expect(await run(4)).not.toEqual(a);
  });

  it('random-walk Metropolis also recovers the mean (its ESS is smaller per transition)', async () => {
    const target = correlatedGaussian([1, -1], 0.8);
    const s = new ChainSampler(target, Float32Array.from([0, 0, 2, -2, 1, 1, 0, -2]), 4, { ...OPTS, method: 'rwmh', stepSize: 1, warmup: 300 });
    await s.run(300 + 1500);
    const g = fitGaussian(pooled(s), s.drawCount * 4, 2);
    const e = summarizeChains(Array.from({ length: 4 }, (_, c) => s.draws(c)), 2).minEss;
    expect(e).toBeGreaterThan(100);
    expect(Math.abs(g.mean[0]! - 1)).toBeLessThan(4 / Math.sqrt(e));
    // The adapted acceptance sits near the random walk's target 0.234.
    expect(Math.abs(s.stats().meanAcceptProb - 0.234)).toBeLessThan(0.1);
    s.dispose();
  });
});

describe('detailed balance', () => {
  it('random-walk MH on a discrete lattice: π_i T_ij = π_j T_ji for every pair, and π T = π', async () => {
    // States z ∈ {−3, …, 3} on the first coordinate (second fixed at 0); proposal ±1 with
    // probability ½ each (noise ±1, scale 1); the acceptance probability of every move comes
    // from rwmhTransition itself. Moves off the lattice are refused (their π is 0).
    const states = [-3, -2, -1, 0, 1, 2, 3];
    const n = states.length;
    const logPi = await quartic(tf.tensor2d(states.flatMap((s) => [s, 0]), [n, 2])).array();
    const accept = async (dir: number) => {
      const cur = chainTensorsAt(quartic, tf.tensor2d(states.flatMap((s) => [s, 0]), [n, 2]), false);
      const r = rwmhTransition(quartic, cur, tf.tensor2d(states.flatMap(() => [dir, 0]), [n, 2]), tf.ones([n]) as tf.Tensor1D, 1);
      const a = await r.acceptProb.array();
      tf.dispose([cur.z, cur.logp, cur.grad, r.acceptProb, r.accepted, r.next.z, r.next.logp, r.next.grad]);
      return a;
    };
    const up = await accept(1);
    const down = await accept(-1);
    const T = states.map(() => new Array<number>(n).fill(0));
    for (let i = 0; i < n; i++) {
      if (i + 1 < n) T[i]![i + 1] = 0.5 * up[i]!;
      if (i > 0) T[i]![i - 1] = 0.5 * down[i]!;
      T[i]![i] = 1 - T[i]!.reduce((a, b) => a + b, 0);
    }
    const pi = logPi.map((l) => Math.exp(l));
    const Z = pi.reduce((a, b) => a + b, 0);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) expect(pi[i]! * T[i]![j]!).toBeCloseTo(pi[j]! * T[j]![i]!, 6);
    }
    for (let j = 0; j < n; j++) {
      const flow = pi.reduce((a, p, i) => a + p * T[i]![j]!, 0);
      expect(flow / Z).toBeCloseTo(pi[j]! / Z, 6);
    }
  });

  it('HMC: leapfrog is reversible and one transition balances the pair {(z, p), (z′, −p′)}', async () => {
    // The HMC move maps (z, p) to (z′, p′) and, started from (z′, −p′), back to (z, −p); detailed
    // balance on this two-state system is π(z) N(p) a(z→z′) = π(z′) N(p′) a(z′→z), with the
    // acceptance probabilities a as hmcTransition computes them.
    const z = tf.tensor2d([[0.3, -0.7], [1.1, 0.4]]);
    const p = tf.tensor2d([[1.2, 0.5], [-0.8, 1.5]]);
    const eps = 0.3;
    const L = 7;
    const start = chainTensorsAt(quartic, z, true);
    const fwd = leapfrog(quartic, start, p, eps, L);
    const negP1 = tf.neg(fwd.p) as tf.Tensor2D;
    const back = leapfrog(quartic, { z: fwd.z, logp: fwd.logp, grad: fwd.grad }, negP1, eps, L);
    expect(await back.z.array()).toEqual((await z.array()).map((r) => r.map((v) => expect.closeTo(v, 4))));
    expect(await back.p.array()).toEqual((await p.array()).map((r) => r.map((v) => expect.closeTo(-v, 4))));
    const u = tf.ones([2]) as tf.Tensor1D;
    const tFwd = hmcTransition(quartic, start, p, u, eps, L);
    const tBack = hmcTransition(quartic, { z: fwd.z, logp: fwd.logp, grad: fwd.grad }, negP1, u, eps, L);
    const [a1, a2] = [await tFwd.acceptProb.array(), await tBack.acceptProb.array()];
    const lp0 = await start.logp.array();
    const lp1 = await fwd.logp.array();
    const k = async (t: tf.Tensor2D) => Array.from(await tf.sum(tf.square(t), 1).data()).map((v) => 0.5 * v);
    const [k0, k1] = [await k(p), await k(fwd.p)];
    for (let c = 0; c < 2; c++) {
      // At least one direction is not certain, so the check is not 1 = 1 on both sides.
      expect(Math.min(a1[c]!, a2[c]!)).toBeLessThanOrEqual(1);
      const left = lp0[c]! - k0[c]! + Math.log(a1[c]!);
      const right = lp1[c]! - k1[c]! + Math.log(a2[c]!);
      expect(left).toBeCloseTo(right, 4);
    }
    expect(Math.max(...a1, ...a2)).toBeGreaterThan(0);
    expect(Math.min(...a1, ...a2)).toBeLessThan(1);
    tf.dispose([z, p, start.z, start.logp, start.grad, fwd.z, fwd.p, fwd.logp, fwd.grad, negP1, back.z, back.p, back.logp, back.grad, u]);
    for (const t of [tFwd, tBack]) tf.dispose([t.acceptProb, t.accepted, t.next.z, t.next.logp, t.next.grad]);
  });
});

describe('tensor hygiene', () => {
  it("doesn't leak: a sampler's transitions and dispose", async () => {
    const target = correlatedGaussian([0, 0], 0.3);
    const before = tf.memory().numTensors;
    for (const method of ['hmc', 'rwmh'] as const) {
      const s = new ChainSampler(target, Float32Array.from([0, 0, 1, 1]), 2, { ...OPTS, method, warmup: 3 });
      await s.run(6);
      s.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses no chains and starting points that do not split into chains', () => {
    const target = correlatedGaussian([0, 0], 0.3);
    expect(() => new ChainSampler(target, new Float32Array(4), 0, OPTS)).toThrow(/chains must be/);
    expect(() => new ChainSampler(target, new Float32Array(5), 2, OPTS)).toThrow(/do not split/);
    expect(() => new ChainSampler(target, new Float32Array(4), 2, { ...OPTS, stepSize: 0 })).toThrow(/step size must be > 0/);
  });
});
