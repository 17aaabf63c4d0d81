/**
 * The posterior lab's two longer jobs, in the drawing worker, in chunks with a yield between
 * them: the inference gaps of one image (q* fitted by gradient ascent against the encoder's q,
 * log p(x) by quadrature at J = 2 or importance sampling), and log p(x) by the paper's
 * procedure beside importance sampling and quadrature, each repeated to show its spread. A
 * newer job, cancel() or a new model stops the one under way at its next chunk.
 */
import * as tf from '../core/tf';
import { fitPerImageGaussian, measureGaps } from '../core/inference/gaps';
import { importanceLogWeights, logMeanExpWithSe, paperMarginalEstimate, posteriorLogDensity, type LogEstimate } from '../core/inference/marginal';
import { ChainSampler } from '../core/inference/sampler';
import { IMAGE_SIZE, type VAE } from '../core/model';
import { gridPosterior, logJoint } from '../core/posterior';
import {
  INFERENCE_LIMITS,
  marginalProblem,
  type GapsRequest,
  type GapsResult,
  type JobProgress,
  type MarginalRequest,
  type MarginalResult,
  type RepeatedEstimate,
} from '../protocol/inference';
import type { DrawSource } from './drawing';
import { checkImage } from './checks';
import { encoderGaussian, overdispersedStarts } from './inferenceLab';

class Cancelled extends Error {}

/** Importance samples decoded per chunk. */
const IS_CHUNK = 1000;
/** Grid cells per side for the quadrature log p(x) at J = 2 (Δ = 0.08). */
const QUAD_N = 101;
/** ε samples for the final ELBO estimates of q_enc and q*. */
const GAP_SAMPLES = 2000;

/** Mean and standard deviation (divisor n − 1; 0 for one value) of repeated estimates. */
export function repeated(values: number[]): RepeatedEstimate {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const sd = n > 1 ? Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1)) : 0;
  return { values, mean, sd };
}

export class InferenceJobs {
  private generation = 0;

  constructor(
    private readonly source: () => DrawSource,
    private readonly between: () => Promise<void>,
  ) {}

  cancel(): void {
    this.generation++;
  }

  private checkpoint(gen: number, model: VAE): () => Promise<void> {
    return async () => {
      await this.between();
      if (gen !== this.generation) throw new Cancelled('superseded by a newer request');
      if (this.source().model !== model) throw new Cancelled('the model changed');
    };
  }

  /** log p(x) by importance sampling with k samples from the encoder's q, IS_CHUNK at a time. */
  private async importance(model: VAE, x: tf.Tensor2D, k: number, seed: number, yieldNow: () => Promise<void>): Promise<LogEstimate> {
    const w: number[] = [];
    for (let done = 0, c = 0; done < k; c++) {
      const n = Math.min(IS_CHUNK, k - done);
      const lw = importanceLogWeights(model, x, n, seed + c);
      w.push(...(await lw.data()));
      lw.dispose();
      done += n;
      if (done < k) await yieldNow();
    }
    return logMeanExpWithSe(w);
  }

  async gaps(req: GapsRequest, onProgress: (p: JobProgress) => void): Promise<GapsResult> {
    const t0 = performance.now();
    const x = checkImage(req.x);
    const L = INFERENCE_LIMITS;
    const whole = (v: unknown, lo: number, hi: number, what: string) => {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) throw new Error(`${what} must be a whole number from ${lo} to ${hi}, got ${String(v)}`);
    };
    whole(req.fitSteps, 1, L.fitStepsMax, 'fit steps');
    whole(req.k, 1, L.isKMax, 'k');
    whole(req.seed, 0, 2 ** 31 - 1, 'the seed');
    const gen = ++this.generation;
    const model = this.source().model;
    const J = model.latentDim;
    const yieldNow = this.checkpoint(gen, model);
    const xt = tf.tensor2d(x, [1, IMAGE_SIZE]);
    try {
      const enc = await encoderGaussian(model, xt);
      onProgress({ done: 0, total: req.fitSteps, what: 'fitting q* to this image' });
      const star = await fitPerImageGaussian(model, xt, enc, { steps: req.fitSteps, samples: 32, learningRate: 0.02, seed: req.seed }, async (s) => {
        onProgress({ done: s, total: req.fitSteps, what: 'fitting q* to this image' });
        await yieldNow();
      });
      onProgress({ done: req.fitSteps, total: req.fitSteps, what: 'estimating log p(x)' });
      let logPx: LogEstimate;
      let logPxMethod: string;
      if (J === 2) {
        const g = await gridPosterior(model, xt, QUAD_N, { maxRows: 512, between: yieldNow });
        logPx = { value: g.logPx, se: 0 };
        logPxMethod = `quadrature, ${QUAD_N}×${QUAD_N} grid over [−4, 4]²`;
      } else {
        logPx = await this.importance(model, xt, req.k, req.seed + 1000, yieldNow);
        logPxMethod = `importance sampling, k = ${req.k}`;
      }
      const g = await measureGaps(model, xt, enc, star, logPx, GAP_SAMPLES, req.seed + 2000);
      return {
        J,
        ...g,
        logPxMethod,
        starMu: star.mu,
        starSigma: star.logVar.map((v) => Math.exp(0.5 * v)),
        cancelled: null,
        ms: performance.now() - t0,
      };
    } catch (e) {
      if (!(e instanceof Cancelled)) throw e;
      const none = { value: NaN, se: NaN };
      return { J, elboEncoder: none, elboStar: none, logPx: none, logPxMethod: '', amortization: none, approximation: none, starMu: [], starSigma: [], cancelled: e.message, ms: performance.now() - t0 };
    } finally {
      xt.dispose();
    }
  }

  async marginal(req: MarginalRequest, onProgress: (p: JobProgress) => void): Promise<MarginalResult> {
    const t0 = performance.now();
    const x = checkImage(req.x);
    const model = this.source().model;
    const J = model.latentDim;
    const problem = marginalProblem(req, J);
    if (problem) throw new Error(`Marginal likelihood: ${problem}. Nothing was started.`);
    const gen = ++this.generation;
    const yieldNow = this.checkpoint(gen, model);
    const xt = tf.tensor2d(x, [1, IMAGE_SIZE]);
    const withHarmonic = J <= INFERENCE_LIMITS.harmonicJMax;
    const total = req.repeats * (withHarmonic ? 2 : 1) + (J === 2 ? 1 : 0);
    let done = 0;
    const progress = (what: string) => onProgress({ done, total, what });
    try {
      let quadrature: number | null = null;
      if (J === 2) {
        progress('quadrature');
        quadrature = (await gridPosterior(model, xt, QUAD_N, { maxRows: 512, between: yieldNow })).logPx;
        done++;
      }
      const isValues: number[] = [];
      for (let r = 0; r < req.repeats; r++) {
        progress(`importance sampling, run ${r + 1}`);
        isValues.push((await this.importance(model, xt, req.k, req.seed + 7919 * r, yieldNow)).value);
        done++;
      }
      let harmonic: RepeatedEstimate | null = null;
      if (withHarmonic) {
        const enc = await encoderGaussian(model, xt);
        const hm: number[] = [];
        for (let r = 0; r < req.repeats; r++) {
          progress(`HMC → fitted Gaussian → harmonic mean, run ${r + 1}`);
          hm.push(await this.harmonicRun(model, xt, enc, req, req.seed + 104729 * (r + 1), yieldNow));
          done++;
        }
        harmonic = repeated(hm);
      }
      return { J, is: repeated(isValues), harmonic, quadrature, k: req.k, cancelled: null, ms: performance.now() - t0 };
    } catch (e) {
      if (!(e instanceof Cancelled)) throw e;
      return { J, is: repeated([NaN]), harmonic: null, quadrature: null, k: req.k, cancelled: e.message, ms: performance.now() - t0 };
    } finally {
      xt.dispose();
    }
  }

  /** One run of the paper's procedure: fresh HMC chains, then the fitted Gaussian and the harmonic mean. */
  private async harmonicRun(
    model: VAE,
    xt: tf.Tensor2D,
    enc: { mu: number[]; sigma: number[] },
    req: MarginalRequest,
    seed: number,
    yieldNow: () => Promise<void>,
  ): Promise<number> {
    const J = model.latentDim;
    const init = overdispersedStarts(enc.mu, enc.sigma, req.chains, seed);
    const s = new ChainSampler(posteriorLogDensity(model, xt), init, req.chains, {
      method: 'hmc', stepSize: 0.1, leapfrogSteps: req.leapfrogSteps, warmup: req.warmup, seed, maxDraws: req.draws,
    });
    try {
      while (s.drawCount < req.draws) {
        const t = performance.now();
        while (performance.now() - t < INFERENCE_LIMITS.chunkMs && s.drawCount < req.draws) await s.run(1);
        await yieldNow();
      }
      const all = new Float32Array(req.chains * s.drawCount * J);
      for (let c = 0; c < req.chains; c++) all.set(s.draws(c), c * s.drawCount * J);
      const n = all.length / J;
      const lj = new Float64Array(n);
      const rows = 1000;
      for (let start = 0; start < n; start += rows) {
        const m = Math.min(rows, n - start);
        const t = tf.tidy(() => logJoint(model, xt, tf.tensor2d(all.subarray(start * J, (start + m) * J), [m, J])));
        lj.set(await t.data(), start);
        t.dispose();
      }
      return paperMarginalEstimate(all, J, lj).value;
    } finally {
      s.dispose();
    }
  }
}
