import * as tf from './tf';
import { describe, expect, it } from 'vitest';
import {
  bernoulliLogLik,
  gaussianLogLik,
  klAnalytic,
  klAnalyticPerDim,
  logMeanExp,
  logQFromEps,
  logStandardNormal,
  reparameterize,
  sumOfSquares,
} from './distributions';

const arr = (t: tf.Tensor) => Array.from(t.dataSync());

describe('distributions against hand computations', () => {
  it('Bernoulli log-likelihood equals Σ x log σ(l) + (1−x) log(1−σ(l))', () => {
    const x = [1, 0, 1, 0];
    const l = [0.5, -1.2, 3, 20];
    const sig = (v: number) => 1 / (1 + Math.exp(-v));
    let hand = 0;
    x.forEach((xi, i) => (hand += xi * Math.log(sig(l[i]!)) + (1 - xi) * Math.log(1 - sig(l[i]!))));
    const got = bernoulliLogLik(tf.tensor2d([x]), tf.tensor2d([l]));
    expect(got.shape).toEqual([1]);
    expect(arr(got)[0]).toBeCloseTo(hand, 4);
  });

  it('Bernoulli log-likelihood stays finite for extreme logits', () => {
    const got = arr(bernoulliLogLik(tf.tensor2d([[1, 0]]), tf.tensor2d([[-100, 100]])))[0]!;
    // log σ(−100) ≈ −100 and log(1−σ(100)) ≈ −100.
    expect(got).toBeCloseTo(-200, 3);
  });

  it('Gaussian log-likelihood equals Σ log N(x; m, s²)', () => {
    const x = [0.2, 0.9];
    const m = [0.1, 0.5];
    const v = [Math.log(0.25), Math.log(0.04)];
    let hand = 0;
    x.forEach((xi, i) => {
      const s2 = Math.exp(v[i]!);
      hand += -0.5 * Math.log(2 * Math.PI * s2) - ((xi - m[i]!) ** 2) / (2 * s2);
    });
    expect(arr(gaussianLogLik(tf.tensor2d([x]), tf.tensor2d([m]), tf.tensor2d([v])))[0]).toBeCloseTo(hand, 4);
  });

  it('standard normal log-density', () => {
    const z = [0.3, -1.5, 2];
    const hand = z.reduce((a, zi) => a - 0.5 * Math.log(2 * Math.PI) - 0.5 * zi * zi, 0);
    expect(arr(logStandardNormal(tf.tensor2d([z])))[0]).toBeCloseTo(hand, 5);
  });

  it('analytic KL equals −½ Σ (1 + log σ² − μ² − σ²) and is 0 at the prior', () => {
    const mu = [0.5, -1];
    const lv = [Math.log(0.5), Math.log(2)];
    const perDim = mu.map((m, j) => -0.5 * (1 + lv[j]! - m * m - Math.exp(lv[j]!)));
    expect(arr(klAnalyticPerDim(tf.tensor2d([mu]), tf.tensor2d([lv])))).toEqual(perDim.map((v) => expect.closeTo(v, 5)));
    expect(arr(klAnalytic(tf.tensor2d([mu]), tf.tensor2d([lv])))[0]).toBeCloseTo(perDim[0]! + perDim[1]!, 5);
    expect(arr(klAnalytic(tf.zeros([1, 3]), tf.zeros([1, 3])))[0]).toBeCloseTo(0, 6);
  });

  it('log q at z = μ + σε equals the Gaussian density at z', () => {
    const mu = tf.tensor2d([[0.4, -0.3]]);
    const lv = tf.tensor2d([[Math.log(0.3), Math.log(1.7)]]);
    const eps = tf.tensor2d([[1.1, -0.6]]);
    const z = reparameterize(mu, lv, eps);
    expect(arr(z)[0]).toBeCloseTo(0.4 + Math.sqrt(0.3) * 1.1, 5);
    expect(arr(logQFromEps(lv, eps))[0]).toBeCloseTo(arr(gaussianLogLik(z, mu, lv))[0]!, 4);
  });

  it('Monte-Carlo KL agrees with the analytic KL within its standard error', () => {
    const mu = tf.tensor2d([[0.8, -0.4, 1.5]]);
    const lv = tf.tensor2d([[Math.log(0.3), Math.log(1.5), Math.log(0.8)]]);
    const n = 20000;
    const eps = tf.randomNormal<tf.Rank.R2>([n, 3], 0, 1, 'float32', 42);
    const muN = tf.tile(mu, [n, 1]) as tf.Tensor2D;
    const lvN = tf.tile(lv, [n, 1]) as tf.Tensor2D;
    const z = reparameterize(muN, lvN, eps);
    const samples = arr(tf.sub(logQFromEps(lvN, eps), logStandardNormal(z)));
    const mean = samples.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(samples.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
    const se = sd / Math.sqrt(n);
    const exact = arr(klAnalytic(mu, lv))[0]!;
    expect(se).toBeGreaterThan(0);
    expect(Math.abs(mean - exact)).toBeLessThan(4 * se);
  });

  it('sumOfSquares adds the squared entries of many tensors (8 and more)', () => {
    const ts = Array.from({ length: 9 }, (_, i) => tf.fill([i + 1], i + 1));
    // Σ_{k=1..9} k · k² = Σ k³ = (9·10/2)² = 2025
    expect(arr(sumOfSquares(ts))[0]).toBe(2025);
  });

  it('logMeanExp is stable and exact', () => {
    const a = [1000, 1000 + Math.log(3)];
    // log ((e^1000 + 3 e^1000) / 2) = 1000 + log 2
    expect(arr(logMeanExp(tf.tensor2d([a])))[0]).toBeCloseTo(1000 + Math.log(2), 3);
  });
});
