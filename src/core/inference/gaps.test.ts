import * as tf from '../tf';
import { afterAll, describe, expect, it } from 'vitest';
import { syntheticImages, tinyConfig } from '../../test/fixtures';
import { VAE } from '../model';
import { decoderLogLik } from '../objective';
import { gridPosterior } from '../posterior';
import { elboTerms, fitPerImageGaussian, measureGaps, type DiagGaussian } from './gaps';

const data = syntheticImages(4);
afterAll(() => data.dispose());

async function encoderQ(model: VAE, x: tf.Tensor2D): Promise<DiagGaussian> {
  const { mu, logVar } = model.encode(x);
  const q = { mu: Array.from(await mu.data()), logVar: Array.from(await logVar.data()) };
  tf.dispose([mu, logVar]);
  return q;
}

describe('per-image ELBO terms', () => {
  it('equal log p(x|z_s) − KL with KL by hand: Σ_j −½(1 + v_j − μ_j² − e^{v_j})', async () => {
    const model = new VAE(tinyConfig());
    const x = tf.slice(data, [0, 0], [1, -1]) as tf.Tensor2D;
    const mu = [0.3, -0.5];
    const lv = [-1, 0.4];
    const eps = tf.tensor2d([[0.1, -1.2], [0.7, 0.3]]);
    const terms = await elboTerms(model, x, tf.tensor2d([mu]), tf.tensor2d([lv]), eps).array();
    const kl = mu.reduce((s, m, j) => s - 0.5 * (1 + lv[j]! - m * m - Math.exp(lv[j]!)), 0);
    const e = await eps.array();
    const z = e.map((r) => r.map((v, j) => mu[j]! + Math.exp(0.5 * lv[j]!) * v));
    const ll = await decoderLogLik(tf.concat([x, x]) as tf.Tensor2D, model.decode(tf.tensor2d(z))).array();
    for (let s = 0; s < 2; s++) expect(terms[s]).toBeCloseTo(ll[s]! - kl, 3);
    model.dispose();
    tf.dispose([x, eps]);
  });
});

describe('q* and the two gaps on a tiny J = 2 VAE', () => {
  it('q* has an ELBO ≥ the encoder’s (fresh ε, paired s.e.); the gaps add up to log p(x) − ELBO(q_enc)', async () => {
    const model = new VAE(tinyConfig());
    for (const i of [0, 1]) {
      const x = tf.slice(data, [i, 0], [1, -1]) as tf.Tensor2D;
      const enc = await encoderQ(model, x);
      const star = await fitPerImageGaussian(model, x, enc, { steps: 150, samples: 16, learningRate: 0.05, seed: 3 });
      expect(star.objectiveEnd).toBeGreaterThan(star.objectiveStart);
      const quad = (await gridPosterior(model, x, 61)).logPx;
      const g = await measureGaps(model, x, enc, star, { value: quad, se: 0 }, 2000, 77 + i);
      // The amortization gap is ≥ 0 up to its noise: q* was fitted on other ε than these.
      expect(g.amortization.value, JSON.stringify(g)).toBeGreaterThan(-3 * g.amortization.se);
      expect(g.elboStar.value).toBeGreaterThan(g.elboEncoder.value - 3 * g.amortization.se);
      // log p(x) ≥ ELBO(q*): the approximation gap is ≥ 0 up to noise.
      expect(g.approximation.value).toBeGreaterThan(-3 * g.approximation.se);
      // The decomposition: approximation + amortization = log p(x) − ELBO(q_enc) (exactly, up to rounding).
      expect(g.approximation.value + g.amortization.value).toBeCloseTo(quad - g.elboEncoder.value, 6);
      x.dispose();
    }
    model.dispose();
  });

  it("is seeded and doesn't leak", async () => {
    const model = new VAE(tinyConfig());
    const x = tf.slice(data, [2, 0], [1, -1]) as tf.Tensor2D;
    const enc = await encoderQ(model, x);
    const opts = { steps: 10, samples: 4, learningRate: 0.05, seed: 9 };
    await fitPerImageGaussian(model, x, enc, opts);
    const before = tf.memory().numTensors;
    const a = await fitPerImageGaussian(model, x, enc, opts, async () => {}, 3);
    const b = await fitPerImageGaussian(model, x, enc, opts);
    await measureGaps(model, x, enc, a, { value: 0, se: 0 }, 10, 1);
    expect(tf.memory().numTensors).toBe(before);
    expect(b.mu).toEqual(a.mu);
    x.dispose();
    model.dispose();
  });
});
