/**
 * The drawing pad's requests, answered in the worker between training steps: encode a
 * drawing, estimate log p(x) by importance sampling in chunks (with progress), evaluate the
 * true posterior on a grid (J = 2) in chunks, inpaint, and hand out test digits. Every tensor
 * is tidied or disposed; every read is an asynchronous data().
 */
import * as Comlink from 'comlink';
import * as tf from '../core/tf';
import { analyzeImage, logMarginalISChunked } from '../core/drawing';
import { inpaint } from '../core/inpaint';
import { corrupt, CORRUPTIONS, eraseMask } from '../data/corrupt';
import { IMAGE_SIZE, type VAE } from '../core/model';
import { gridPosterior, GRID_LIMIT } from '../core/posterior';
import type { DecoderFamily } from '../core/config';
import {
  DRAW_LIMITS,
  type AnalyzeRequest,
  type DrawingAnalysis,
  type DrawingWorker,
  type InpaintRequest,
  type InpaintResult,
  type LogPxProgress,
  type LogPxRequest,
  type LogPxResult,
  type PosteriorRequest,
  type PosteriorResult,
  type TestDigitInput,
} from '../protocol/drawing';
import type { DrawingRequests } from '../protocol/types';
import { yieldToEventLoop } from './schedule';
import { checkImage, checkInt } from './checks';

/** What the drawing requests read, taken afresh at each request (the model changes on rebuild). */
export interface DrawSource {
  model: VAE;
  decoder: DecoderFamily;
  run: number;
  step: number;
  testInputs: Float32Array;
  testImages: Uint8Array;
  testLabels: Uint8Array;
  nTest: number;
}

class Cancelled extends Error {}

/**
 * Holds the "generation" of each kind of long request: a newer request of the same kind (or
 * cancel()) makes the older one stop at its next chunk, so a new stroke never waits for the
 * estimate of an old drawing.
 */
export class DrawingService {
  private generation = { is: 0, posterior: 0 };

  /** Estimates under way (log p(x), the true posterior), and who waits for them to end. */
  private long = 0;
  private idleWaiters: Array<() => void> = [];

  /** Marks an estimate under way; the returned function marks its end. */
  private longWork(): () => void {
    this.long++;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      if (--this.long === 0) for (const wake of this.idleWaiters.splice(0)) wake();
    };
  }

  /**
   * Resolves when no estimate is under way (at once if none is). The drawing worker takes a new
   * copy of the model only then: an estimate's chunks all see one model, the one whose step it
   * reports, so that log p(x) and the ELBO of that step make a gap that means something.
   */
  idle(): Promise<void> {
    if (this.long === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * `worker` names the worker in the answers. `gridChunk`: grid points decoded per batch of
   * the true posterior, before the worker yields to a newer request (DRAW_LIMITS.gridChunk
   * unless given).
   */
  constructor(
    private readonly source: () => DrawSource,
    private readonly opts: { worker: DrawingWorker; gridChunk?: number } = { worker: 'training' },
  ) {}

  /**
   * Runs the drawing requests once on a blank image, so that the first real drawing does not
   * pay for compiling the backend's kernels for these shapes (seconds on software WebGL).
   */
  async warmUp(): Promise<void> {
    const blank = new Float32Array(IMAGE_SIZE);
    await this.analyze({ x: blank, seed: 1, samplesL: DRAW_LIMITS.quickL });
    await this.analyze({ x: blank, seed: 1 });
    const xt = tf.tensor2d(blank, [1, IMAGE_SIZE]);
    try {
      await logMarginalISChunked(this.source().model, xt, DRAW_LIMITS.isChunk, DRAW_LIMITS.isChunk, 1);
    } finally {
      xt.dispose();
    }
  }

  /** Stops the long requests under way (at their next chunk). */
  cancel(): void {
    this.generation.is++;
    this.generation.posterior++;
  }

  async analyze(req: AnalyzeRequest): Promise<DrawingAnalysis> {
    const t0 = performance.now();
    const startedAt = performance.timeOrigin + t0;
    const x = checkImage(req.x);
    const src = this.source();
    const { shown } = DRAW_LIMITS;
    const samplesL = req.samplesL === undefined ? DRAW_LIMITS.samplesL : checkInt(req.samplesL, shown, DRAW_LIMITS.samplesL, 'samples L');
    const xt = tf.tensor2d(x, [1, IMAGE_SIZE]);
    let t: ReturnType<typeof analyzeImage>;
    try {
      t = analyzeImage(src.model, xt, samplesL, shown, req.seed);
    } finally {
      xt.dispose();
    }
    try {
      // One readback of everything: the figures, μ, σ, KL_j and the images, concatenated.
      const J = src.model.latentDim;
      const all = tf.tidy(() => tf.concat([t.figures, t.mu, t.sigma, t.klPerDim, t.reconstruction, tf.reshape(t.samples, [-1])]));
      const v = (await all.data()) as Float32Array;
      all.dispose();
      let o = 3;
      const take = (n: number) => Array.from(v.subarray(o, (o += n)));
      const mu = take(J);
      const sigma = take(J);
      const klPerDim = take(J);
      const reconstruction = Float32Array.from(v.subarray(o, (o += IMAGE_SIZE)));
      const samples = Float32Array.from(v.subarray(o, (o += shown * IMAGE_SIZE)));
      return {
        run: src.run,
        step: src.step,
        decoder: src.decoder,
        worker: this.opts.worker,
        mu,
        sigma,
        klPerDim,
        elbo: v[0]!,
        recon: v[1]!,
        kl: v[2]!,
        samplesL,
        reconstruction,
        samples,
        shown,
        workerMs: performance.now() - t0,
        startedAt,
      };
    } finally {
      tf.dispose(Object.values(t));
    }
  }

  /**
   * Importance-sampled log p(x) with k samples from q(z|x), DRAW_LIMITS.isChunk per chunk;
   * after each chunk: a progress report and a yield (other requests and training steps run).
   */
  async logPx(req: LogPxRequest, onProgress: (p: LogPxProgress) => void, between: () => Promise<void>): Promise<LogPxResult> {
    const t0 = performance.now();
    const x = checkImage(req.x);
    const k = checkInt(req.k, 1, DRAW_LIMITS.isKMax, 'k');
    const gen = ++this.generation.is;
    const { model, step } = this.source();
    // Marked first: no new copy of the model comes before the estimate ends.
    const done = this.longWork();
    const xt = tf.tensor2d(x, [1, IMAGE_SIZE]);
    let elbo: number | null = null;
    try {
      // The ELBO under the same model, for the gap log p(x) − ELBO.
      elbo = (await this.analyze({ x, seed: req.seed })).elbo;
      this.check(gen, 'is', model);
      const logPx = await logMarginalISChunked(model, xt, k, DRAW_LIMITS.isChunk, req.seed, async (n, estimate) => {
        onProgress({ done: n, k, estimate });
        if (n < k) {
          await between();
          this.check(gen, 'is', model);
        }
      });
      return { k, logPx, cancelled: null, ms: performance.now() - t0, step, elbo };
    } catch (e) {
      if (e instanceof Cancelled) return { k, logPx: null, cancelled: e.message, ms: performance.now() - t0, step, elbo: null };
      throw e;
    } finally {
      done();
      xt.dispose();
    }
  }

  /** The true posterior on an n × n grid over [−4, 4]², decoded DRAW_LIMITS.gridChunk points at a time. */
  async posterior(req: PosteriorRequest, between: () => Promise<void>): Promise<PosteriorResult> {
    const t0 = performance.now();
    const x = checkImage(req.x);
    const n = checkInt(req.n, DRAW_LIMITS.gridMin, DRAW_LIMITS.gridMax, 'grid size');
    const gen = ++this.generation.posterior;
    const { model, step } = this.source();
    if (model.latentDim !== 2) throw new Error(`the true posterior is drawn for J = 2 only; this model has J = ${model.latentDim}`);
    const xt = tf.tensor2d(x, [1, IMAGE_SIZE]);
    const delta = (2 * GRID_LIMIT) / n;
    const empty = (why: string): PosteriorResult => ({
      n, lim: GRID_LIMIT, delta, mass: new Float32Array(0), logPx: null, mean: [0, 0], cov: [[0, 0], [0, 0]], edgeMass: 0, cancelled: why, ms: performance.now() - t0, step,
    });
    const done = this.longWork();
    try {
      const post = await gridPosterior(model, xt, n, {
        maxRows: this.opts.gridChunk ?? DRAW_LIMITS.gridChunk,
        between: async () => {
          await between();
          this.check(gen, 'posterior', model);
        },
      });
      let edgeMass = 0;
      for (let iy = 0; iy < n; iy++) {
        for (let ix = 0; ix < n; ix++) if (ix === 0 || iy === 0 || ix === n - 1 || iy === n - 1) edgeMass += post.mass[iy * n + ix]!;
      }
      return {
        n,
        lim: GRID_LIMIT,
        delta,
        mass: Float32Array.from(post.mass),
        logPx: post.logPx,
        mean: post.mean,
        cov: post.cov,
        edgeMass,
        cancelled: null,
        ms: performance.now() - t0,
        step,
      };
    } catch (e) {
      if (e instanceof Cancelled) return empty(e.message);
      throw e;
    } finally {
      done();
      xt.dispose();
    }
  }

  async inpaint(req: InpaintRequest): Promise<InpaintResult> {
    const t0 = performance.now();
    const x = checkImage(req.x);
    const steps = checkInt(req.steps, 1, DRAW_LIMITS.inpaintStepsMax, 'steps');
    let damaged: { observed: Float32Array; known: Float32Array };
    if (req.corruption === 'mask') {
      // eraseMask refuses a missing or bad mask with the reason (maskProblem).
      damaged = eraseMask(x, req.mask as Uint8Array);
    } else if ((CORRUPTIONS as readonly string[]).includes(req.corruption)) {
      damaged = corrupt(x, req.corruption, req.seed);
    } else {
      throw new Error(`corruption must be one of ${CORRUPTIONS.join(', ')}, or mask`);
    }
    const { observed, known } = damaged;
    const model = this.source().model;
    const out = tf.tidy(() =>
      inpaint(model, tf.tensor2d(observed, [1, IMAGE_SIZE]), tf.tensor2d(known, [1, IMAGE_SIZE]), steps, req.seed),
    );
    const values = new Float32Array(await out.data());
    out.dispose();
    return { observed, known, steps: values, stepCount: steps, ms: performance.now() - t0 };
  }

  testDigit(index: number): TestDigitInput {
    const src = this.source();
    const i = checkInt(index, 0, src.nTest - 1, 'test index');
    const intensities = new Float32Array(IMAGE_SIZE);
    for (let p = 0; p < IMAGE_SIZE; p++) intensities[p] = src.testImages[i * IMAGE_SIZE + p]! / 255;
    return {
      index: i,
      label: src.testLabels[i]!,
      intensities,
      x: Float32Array.from(src.testInputs.subarray(i * IMAGE_SIZE, (i + 1) * IMAGE_SIZE)),
    };
  }

  private check(gen: number, kind: 'is' | 'posterior', model: VAE): void {
    if (this.generation[kind] !== gen) throw new Cancelled('superseded by a newer request');
    if (this.source().model !== model) throw new Cancelled('the model changed');
  }
}

/**
 * The pad's requests over `drawing`, as a worker's API: the long ones yield to the worker's
 * event loop between chunks, and the results' buffers are transferred, not copied. `analyze`
 * may put an encoding ahead of other work (the training worker's priority gate).
 */
export function drawingRequests(
  drawing: DrawingService,
  analyze: (req: AnalyzeRequest) => Promise<DrawingAnalysis> = (req) => drawing.analyze(req),
): DrawingRequests {
  return {
    async analyzeDrawing(req) {
      const r = await analyze(req);
      return Comlink.transfer(r, [r.reconstruction.buffer, r.samples.buffer]);
    },
    async estimateLogPx(req, onProgress) {
      // onProgress is a Comlink proxy; a page that has gone must not break the estimate.
      return drawing.logPx(req, (p) => void Promise.resolve(onProgress(p)).catch(() => {}), yieldToEventLoop);
    },
    async truePosterior(req) {
      const r = await drawing.posterior(req, yieldToEventLoop);
      return Comlink.transfer(r, [r.mass.buffer]);
    },
    async inpaint(req) {
      const r = await drawing.inpaint(req);
      return Comlink.transfer(r, [r.observed.buffer, r.known.buffer, r.steps.buffer]);
    },
    async cancelDrawingWork() {
      drawing.cancel();
    },
  };
}
