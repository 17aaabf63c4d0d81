import * as tf from '../tf';
import { afterAll, describe, expect, it } from 'vitest';
import { syntheticImages, tinyConfig } from '../../test/fixtures';
import { VAE } from '../model';
import { gridPosterior, logJoint } from '../posterior';
import { summarizeChains } from './diagnostics';
import { cholesky, logGaussianDensity, normalStream, sampleGaussian } from './gaussian';
import { importanceLogWeights, logHarmonicMean, logMeanExpWithSe, paperMarginalEstimate, posteriorLogDensity } from './marginal';
import { ChainSampler } from './sampler';
import type { LogDensity } from './transitions';

describe('log-mean-exp with its standard error', () => {
  it('matches the direct computation', () => {
    const a = [Math.log(1), Math.log(2), Math.log(3), Math.log(6)];
    const r = logMeanExpWithSe(a);
    // Mean 3, sd √(((−2)² + (−1)² + 0 + 3²)/3) = √(14/3), se(log) = sd / (3 · 2).
    expect(r.value).toBeCloseTo(Math.log(3), 12);
    expect(r.se).toBeCloseTo(Math.sqrt(14 / 3) / 6, 12);
    expect(logMeanExpWithSe([1000, 1000]).value).toBeCloseTo(1000, 10);
  });

  it('the harmonic mean of constant ratios q/p(x, z) = 1/p(x) is exactly log p(x)', () => {
    const r = logHarmonicMean([-1, -2, -3], [-1 - 4, -2 - 4, -3 - 4]);
    expect(r.value).toBeCloseTo(-4, 12);
    expect(r.se).toBeCloseTo(0, 12);
    expect(() => logHarmonicMean([1], [1, 2])).toThrow(/values/);
  });
});

/**
 * A conjugate model with known evidence: z ~ N(0, I₂), x | z ~ N(W z + b, s² I₃). Then
 * x ~ N(b, W Wᵀ + s² I) and p(z | x) = N(m, Σ), Σ = (I + WᵀW/s²)⁻¹, m = Σ Wᵀ(x − b)/s².
 */
const W = [
  [1.0, 0.5],
  [-0.3, 0.8],
  [0.6, -0.4],
];
const b = [0.2, -0.1, 0.3];
const s2 = 0.25;
const xObs = [1.1, 0.4, -0.2];

function conjugate() {
  const cov = new Float64Array(9);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) cov[i * 3 + j] = W[i]![0]! * W[j]![0]! + W[i]![1]! * W[j]![1]! + (i === j ? s2 : 0);
  const evidence = logGaussianDensity({ d: 3, mean: Float64Array.from(b), cov, chol: cholesky(cov, 3) }, xObs, 1)[0]!;
  // Λ = I + WᵀW/s²; Σ = Λ⁻¹ (2 × 2 inverse); m = Σ Wᵀ(x − b)/s².
  const lam = [0, 0, 0, 0];
  for (let a = 0; a < 2; a++) for (let c = 0; c < 2; c++) lam[a * 2 + c] = (a === c ? 1 : 0) + W.reduce((s, r) => s + r[a]! * r[c]!, 0) / s2;
  const det = lam[0]! * lam[3]! - lam[1]! * lam[2]!;
  const sigma = [lam[3]! / det, -lam[1]! / det, -lam[2]! / det, lam[0]! / det];
  const wr = [0, 1].map((a) => W.reduce((s, r, i) => s + r[a]! * (xObs[i]! - b[i]!), 0) / s2);
  const mean = [sigma[0]! * wr[0]! + sigma[1]! * wr[1]!, sigma[2]! * wr[0]! + sigma[3]! * wr[1]!];
  /** log p(x, z) in float64 for rows of z. */
  const logJointJs = (z: ArrayLike<number>, n: number) =>
    Float64Array.from({ length: n }, (_, r) => {
      const z1 = z[2 * r]!;
      const z2 = z[2 * r + 1]!;
      let ll = 0;
      for (let i = 0; i < 3; i++) ll += -0.5 * (Math.log(2 * Math.PI * s2) + (xObs[i]! - (W[i]![0]! * z1 + W[i]![1]! * z2 + b[i]!)) ** 2 / s2);
      return ll - Math.log(2 * Math.PI) - 0.5 * (z1 * z1 + z2 * z2);
    });
  /** The same in tfjs, for HMC. */
  const target: LogDensity = (z) =>
    tf.tidy(() => {
      const pred = tf.add(tf.matMul(z, tf.tensor2d(W), false, true), tf.tensor2d([b]));
      const ll = tf.mul(-0.5, tf.sum(tf.add(tf.div(tf.square(tf.sub(tf.tensor2d([xObs]), pred)), s2), Math.log(2 * Math.PI * s2)), 1));
      return tf.sub(ll, tf.add(Math.log(2 * Math.PI), tf.mul(0.5, tf.sum(tf.square(z), 1)))) as tf.Tensor1D;
    });
  return { evidence, mean, sigma, logJointJs, target };
}

describe('the paper’s harmonic-mean estimator on a conjugate Gaussian model with known evidence', () => {
  it('exact posterior draws → fitted Gaussian → within 4 s.e. + 0.01 nat of the evidence', () => {
    const c = conjugate();
    const L = 4000;
    const z = sampleGaussian(c.mean, cholesky(c.sigma, 2), 2, L, normalStream(21).normal);
    const r = paperMarginalEstimate(z, 2, c.logJointJs(z, L));
    expect(r.se).toBeLessThan(0.02);
    expect(Math.abs(r.value - c.evidence)).toBeLessThan(4 * r.se + 0.01);
  });

  it('HMC draws (the whole procedure) → within 0.05 nat of the evidence', async () => {
    // 4 chains × 1000 draws; ESS ≳ 1000 per coordinate. The fitted q is then within a few
    // percent of the posterior, so the ratios q/p(x, z) vary by a few percent and their mean's
    // log by ≲ 0.01 nat: 0.05 leaves room for the autocorrelation the s.e. ignores.
    const c = conjugate();
    const s = new ChainSampler(c.target, Float32Array.from([0, 0, 1, -1, -1, 1, 2, 2]), 4, {
      method: 'hmc', stepSize: 0.3, leapfrogSteps: 5, warmup: 200, seed: 4, maxDraws: 5000,
    });
    await s.run(200 + 1000);
    const all = Float64Array.from([0, 1, 2, 3].flatMap((k) => [...s.draws(k)]));
    const r = paperMarginalEstimate(all, 2, c.logJointJs(all, all.length / 2));
    s.dispose();
    expect(Math.abs(r.value - c.evidence)).toBeLessThan(0.05);
  });
});

describe('on a tiny J = 2 VAE: HMC against the grid posterior, IS against quadrature', () => {
  const data = syntheticImages(8);
  afterAll(() => data.dispose());

  it('HMC samples of p(z|x) match the grid posterior’s mean and covariance (4 s.e. from the ESS + grid error); the harmonic mean from them matches quadrature within 0.1 nat', async () => {
    const model = new VAE(tinyConfig());
    const x = tf.slice(data, [0, 0], [1, -1]) as tf.Tensor2D;
    const grid = await gridPosterior(model, x, 81);
    const s = new ChainSampler(posteriorLogDensity(model, x), Float32Array.from([0, 0, 1, 1, -1, 1, 1, -1]), 4, {
      method: 'hmc', stepSize: 0.3, leapfrogSteps: 5, warmup: 150, seed: 2, maxDraws: 5000,
    });
    await s.run(150 + 300);
    const chains = [0, 1, 2, 3].map((c) => s.draws(c));
    const { ess, maxRhat } = summarizeChains(chains, 2);
    const n = s.drawCount * 4;
    const all = chains.flatMap((c) => [...c]);
    const m = [0, 1].map((j) => all.filter((_, i) => i % 2 === j).reduce((a, v) => a + v, 0) / n);
    expect(maxRhat).toBeLessThan(1.05);
    for (const j of [0, 1]) {
      const sd = Math.sqrt(grid.cov[j]![j]!);
      // s.e. of the chain mean = sd/√ESS; the 81×81 midpoint grid (Δ ≈ 0.1 ≪ sd) adds < 0.01.
      expect(Math.abs(m[j]! - grid.mean[j]!), `dim ${j}`).toBeLessThan((4 * sd) / Math.sqrt(ess[j]!) + 0.01);
      const v = all.filter((_, i) => i % 2 === j).reduce((a, z) => a + (z - m[j]!) ** 2, 0) / (n - 1);
      // s.e. of a variance ≈ σ²√(2/ESS) for a near-normal posterior; 5 s.e. for the moment's own ESS.
      expect(Math.abs(v - grid.cov[j]![j]!), `var ${j}`).toBeLessThan(5 * grid.cov[j]![j]! * Math.sqrt(2 / ess[j]!) + 0.01);
    }
    // The paper's estimator on the same draws against quadrature: 0.1 nat allows for the
    // draws' autocorrelation and the fitted Gaussian's mismatch with a non-Gaussian posterior.
    const lj = logJoint(model, x, tf.tensor2d(all, [n, 2]));
    const hm = paperMarginalEstimate(all, 2, await lj.data());
    lj.dispose();
    expect(Math.abs(hm.value - grid.logPx)).toBeLessThan(0.1);
    s.dispose();
    x.dispose();
    model.dispose();
  });

  it('IS (k = 40,000, the encoder as proposal) and quadrature agree on log p(x) within 0.05 nat', async () => {
    // k = 5000 leaves a s.e. of about 0.025 nat here; 40,000 (8 chunks) brings it under 0.0125,
    // so 0.05 nat is 4 s.e.
    const model = new VAE(tinyConfig());
    for (const i of [3]) {
      const x = tf.slice(data, [i, 0], [1, -1]) as tf.Tensor2D;
      const quad = (await gridPosterior(model, x, 81)).logPx;
      const weights: number[] = [];
      for (let c = 0; c < 8; c++) {
        const lw = importanceLogWeights(model, x, 5000, 100 * i + c);
        weights.push(...(await lw.data()));
        lw.dispose();
      }
      const is = logMeanExpWithSe(weights);
      x.dispose();
      expect(is.se).toBeLessThan(0.0125);
      expect(Math.abs(is.value - quad)).toBeLessThan(0.05);
    }
    model.dispose();
  });

  it("doesn't leak: importance weights and the posterior target's gradient", async () => {
    const model = new VAE(tinyConfig());
    const x = tf.slice(data, [2, 0], [1, -1]) as tf.Tensor2D;
    const before = tf.memory().numTensors;
    importanceLogWeights(model, x, 10, 1).dispose();
    const s = new ChainSampler(posteriorLogDensity(model, x), new Float32Array(4), 2, { method: 'hmc', stepSize: 0.2, leapfrogSteps: 3, warmup: 2, seed: 1, maxDraws: 10 });
    await s.run(4);
    s.dispose();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    model.dispose();
  });
});
