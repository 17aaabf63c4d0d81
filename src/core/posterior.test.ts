import * as tf from './tf';
import { afterAll, describe, expect, it } from 'vitest';
import { syntheticImages, tinyConfig } from '../test/fixtures';
import { analyzeImage, combineLogMeans, logMarginalISChunked } from './drawing';
import { VAE } from './model';
import { gridPosterior, latentGrid, logSumExp, normalizeGrid } from './posterior';
import { Trainer } from './trainer';

describe('grid quadrature (pure)', () => {
  it('places cell centres on [−4, 4]² with Δ = 8/n', () => {
    const g = latentGrid(4);
    expect(g.delta).toBe(2);
    expect(Array.from(g.z.slice(0, 4))).toEqual([-3, -3, -1, -3]);
    expect(Array.from(g.z.slice(-2))).toEqual([3, 3]);
  });

  it('normalizes a known density: a Gaussian integrates to 1, its mean and covariance come back', () => {
    // log N(z; m, s² I) on a 101×101 grid (Δ ≈ 0.079 < s/3): the midpoint rule is exact to
    // ~exp(−2π²s²/Δ²) ≈ 1e-30, and the mass outside [−4,4]² is < 1e-12 for m, s below.
    const g = latentGrid(101);
    const m = [0.7, -1.2];
    const s = 0.4;
    const lp = new Float64Array(101 * 101);
    for (let r = 0; r < lp.length; r++) {
      const d1 = g.z[2 * r]! - m[0]!;
      const d2 = g.z[2 * r + 1]! - m[1]!;
      lp[r] = -Math.log(2 * Math.PI * s * s) - (d1 * d1 + d2 * d2) / (2 * s * s) + 5; // + log p(x) = 5
    }
    const post = normalizeGrid(lp, g);
    expect(post.logPx).toBeCloseTo(5, 6);
    expect(post.mass.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(post.mean[0]).toBeCloseTo(0.7, 5);
    expect(post.mean[1]).toBeCloseTo(-1.2, 5);
    expect(post.cov[0][0]).toBeCloseTo(s * s, 5);
    expect(post.cov[0][1]).toBeCloseTo(0, 6);
  });

  it('logSumExp is stable and combineLogMeans equals one big log-mean-exp', () => {
    expect(logSumExp([1000, 1000])).toBeCloseTo(1000 + Math.log(2), 10);
    expect(logSumExp([-Infinity, -Infinity])).toBe(-Infinity);
    const w = [-3, -1, -2, -5, -0.5, -4];
    const lme = (a: number[]) => logSumExp(a) - Math.log(a.length);
    const parts = [
      { logMean: lme(w.slice(0, 2)), n: 2 },
      { logMean: lme(w.slice(2, 5)), n: 3 },
      { logMean: lme(w.slice(5)), n: 1 },
    ];
    expect(combineLogMeans(parts)).toBeCloseTo(lme(w), 12);
  });
});

/** Quadrature log p(x), IS log p(x) with k samples and its standard error, and a 2000-sample ELBO, for one image. */
async function threeEstimates(model: VAE, x: tf.Tensor2D, seed: number, k = 5000) {
  const grid = 81;
  const post = await gridPosterior(model, x, grid, { maxRows: 4096 });
  // IS in C = k/250 chunks of 250. With r_c the running estimate after chunk c, chunk c's own
  // estimate relative to the final one is p_c = c·e^{r_c − r_C} − (c−1)·e^{r_{c−1} − r_C}; their
  // spread gives the standard error of the whole estimate, se(log p̂) ≈ sd(p_c) / mean(p_c) / √C.
  const running: number[] = [];
  const is = await logMarginalISChunked(model, x, k, 250, seed, (_done, est) => {
    running.push(est);
  });
  const C = running.length;
  const pc = running.map((r, c) => (c + 1) * Math.exp(r - is) - (c > 0 ? c * Math.exp(running[c - 1]! - is) : 0));
  const mean = pc.reduce((a, b) => a + b, 0) / C;
  const se = Math.sqrt(pc.reduce((a, b) => a + (b - mean) ** 2, 0) / (C - 1)) / mean / Math.sqrt(C);
  const t = analyzeImage(model, x, 2000, 1, seed + 1);
  const [elbo] = await t.figures.data();
  tf.dispose(Object.values(t));
  // Posterior mass in the outermost ring of cells: how much the square [−4, 4]² may be missing.
  let edge = 0;
  for (let iy = 0; iy < grid; iy++) {
    for (let ix = 0; ix < grid; ix++) {
      if (ix === 0 || iy === 0 || ix === grid - 1 || iy === grid - 1) edge += post.mass[iy * grid + ix]!;
    }
  }
  const sd = Math.min(Math.sqrt(post.cov[0][0]), Math.sqrt(post.cov[1][1]));
  return { quad: post.logPx, is, se, elbo: elbo!, edge, sd, massSum: post.mass.reduce((a, b) => a + b, 0), delta: 8 / grid };
}

describe('true posterior vs importance sampling vs ELBO on tiny J = 2 models', () => {
  const data = syntheticImages(256);
  afterAll(() => data.dispose());
  const image = (i: number) => tf.slice(data, [i, 0], [1, -1]) as tf.Tensor2D;

  it('untrained 784-32-2: the grid posterior sums to 1; quadrature and IS (k = 5000) agree within 4 s.e. + 0.02 nats', async () => {
    // Untrained, q(z|x) is about as wide as the posterior (σ ≈ 1), so the importance weights are
    // well behaved and the chunk spread is an honest standard error. (When q is much narrower
    // than the true posterior, as after a little training, the weights are heavy-tailed and IS
    // with k = 5000 can sit several tenths of a nat below the truth; the page says so.)
    const model = new VAE(tinyConfig());
    for (const i of [0, 1, 2]) {
      const x = image(i);
      const r = await threeEstimates(model, x, 100 + 17 * i);
      x.dispose();
      expect(r.massSum).toBeCloseTo(1, 9);
      // The quadrature's own error: the posterior's s.d. is ≥ 2 cells (the midpoint rule's relative
      // error for a smooth bump of that width is ~2·e^{−2π²(sd/Δ)²} < 1e-30) and the square holds
      // it (edge mass < 1e-4).
      expect(r.sd, 'posterior s.d. wider than 2 cells').toBeGreaterThan(2 * r.delta);
      expect(r.edge, 'mass on the edge of the grid').toBeLessThan(1e-4);
      const tol = 4 * r.se + 0.02;
      expect(tol, 'IS precise enough for the comparison to mean something').toBeLessThan(0.2);
      expect(Math.abs(r.quad - r.is), JSON.stringify(r)).toBeLessThan(tol);
      expect(r.quad, 'log p(x) ≥ ELBO').toBeGreaterThan(r.elbo);
    }
    model.dispose();
  });

  it('after 20 training steps (a KL gap of about a nat): quadrature and IS are both ≥ the ELBO on average', async () => {
    const trainer = new Trainer(tinyConfig({ batchSize: 32 }));
    for (let s = 0; s < 20; s++) {
      const x = tf.slice(data, [(s * 32) % 256, 0], [32, -1]);
      trainer.trainStep(x).dispose();
      x.dispose();
    }
    const rows: Awaited<ReturnType<typeof threeEstimates>>[] = [];
    for (const i of [0, 1, 2]) {
      const x = image(i);
      rows.push(await threeEstimates(trainer.model, x, 300 + 17 * i, 2000));
      x.dispose();
    }
    trainer.dispose();
    const avg = (f: (r: (typeof rows)[number]) => number) => rows.reduce((a, r) => a + f(r), 0) / rows.length;
    // Mass outside [−4, 4]² can only lower the quadrature value, which makes "quad ≥ ELBO" harder
    // to pass, not easier; the edge ring holds little of it here.
    for (const r of rows) expect(r.edge, 'the posterior lies mostly inside [−4, 4]²').toBeLessThan(0.05);
    // Jensen: log p(x) ≥ ELBO for every x. The ELBO is a 2000-sample estimate (s.e. ≪ 0.1 nat).
    expect(avg((r) => r.quad)).toBeGreaterThan(avg((r) => r.elbo));
    expect(avg((r) => r.is)).toBeGreaterThan(avg((r) => r.elbo));
    console.log('20-step tiny J=2 model:', rows.map((r) => ({ quad: r.quad, is: r.is, se: r.se, elbo: r.elbo, gap: r.quad - r.elbo })));
  });

  it("doesn't leak: gridPosterior, logMarginalISChunked and analyzeImage", async () => {
    const model = new VAE(tinyConfig());
    const x = image(5);
    await gridPosterior(model, x, 21, { maxRows: 100 });
    await logMarginalISChunked(model, x, 300, 100, 1);
    tf.dispose(Object.values(analyzeImage(model, x, 16, 4, 1)));
    const before = tf.memory().numTensors;
    await gridPosterior(model, x, 21, { maxRows: 100, between: async () => {} });
    await logMarginalISChunked(model, x, 300, 100, 1);
    tf.dispose(Object.values(analyzeImage(model, x, 16, 4, 1)));
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    model.dispose();
  });

  it('refuses a model whose latent is not 2-dimensional', async () => {
    const m = new VAE(tinyConfig({ latentDim: 3 }));
    const x = tf.zeros([1, 784]) as tf.Tensor2D;
    await expect(gridPosterior(m, x, 11)).rejects.toThrow(/J = 3/);
    x.dispose();
    m.dispose();
  });
});
