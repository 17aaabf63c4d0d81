/**
 * The reparameterization panel's requests: z = μ + σ ⊙ ε for one image with a given ε (and
 * the decoded images), answered by the drawing worker on its copy; and, in the training
 * worker, the measured variance of the encoder's gradient under each estimator, as a job in
 * chunks with progress that pauses training while it runs and resumes it after. Every tensor is tidied or
 * disposed; every read is an asynchronous data().
 */
import * as tf from '../core/tf';
import type { Config } from '../core/config';
import { reparameterize } from '../core/distributions';
import { GRAD_ESTIMATORS, measureGradientVariance, type GradEstimator } from '../core/gradVariance';
import { IMAGE_SIZE, type VAE } from '../core/model';
import { mulberry32, permutation } from '../shared/rng';
import {
  LAB_WORKER_LIMITS,
  type GradVarianceProgress,
  type GradVarianceRequest,
  type GradVarianceResult,
  type ReparamRequest,
  type ReparamResult,
} from '../protocol/lab';
import type { DrawSource } from './drawing';
import { checkImage, checkInt } from './checks';

/** What the lab needs of the training session (TrainingSession provides it). */
export interface LabSession {
  readonly model: VAE;
  readonly runId: number;
  readonly stepCount: number;
  readonly config: Config;
  readonly testSet: Float32Array;
  readonly dataset: { testLabels: Uint8Array; nTest: number };
  readonly running: boolean;
  pause(): Promise<void>;
  start(): void;
}

class Cancelled extends Error {}

/** Refuses an ε that is not J finite numbers of moderate size. */
export function checkEps(eps: unknown, J: number): number[] {
  if (!Array.isArray(eps) || eps.length !== J) throw new Error(`ε must be a list of ${J} numbers (one per latent dimension), got ${Array.isArray(eps) ? eps.length : typeof eps}`);
  const max = LAB_WORKER_LIMITS.epsAbsMax;
  eps.forEach((e, j) => {
    if (typeof e !== 'number' || !Number.isFinite(e) || Math.abs(e) > max) throw new Error(`ε_${j + 1} = ${String(e)}: each ε_j must be a finite number in [−${max}, ${max}]`);
  });
  return eps as number[];
}

/**
 * z = μ + σ ⊙ ε for the image (or test image) of the request, the decoder's mean at z and at
 * μ, on the model of `s`. The drawing worker answers it on its copy (the training worker only
 * when the drawing worker is off).
 */
export async function reparamSample(s: DrawSource, req: ReparamRequest): Promise<ReparamResult> {
  const t0 = performance.now();
  const model = s.model;
  const J = model.latentDim;
  const eps = checkEps(req.eps, J);
  let x: Float32Array;
  let testIndex: number | null = null;
  if (req.input?.kind === 'test') {
    testIndex = checkInt(req.input.index, 0, s.nTest - 1, 'test index');
    x = s.testInputs.subarray(testIndex * IMAGE_SIZE, (testIndex + 1) * IMAGE_SIZE);
  } else if (req.input?.kind === 'image') {
    x = checkImage(req.input.x);
  } else {
    throw new Error('input must be { kind: "image", x } or { kind: "test", index }');
  }
  const all = tf.tidy(() => {
    const { mu, logVar } = model.encode(tf.tensor2d(x, [1, IMAGE_SIZE]));
    const z = reparameterize(mu, logVar, tf.tensor2d(eps, [1, J]));
    const images = model.decodeMean(tf.concat([z, mu]));
    const sigma = tf.exp(tf.mul(0.5, logVar));
    return tf.concat([tf.reshape(mu, [-1]), tf.reshape(sigma, [-1]), tf.reshape(z, [-1]), tf.reshape(images, [-1])]);
  });
  const v = (await all.data()) as Float32Array;
  all.dispose();
  let o = 0;
  const take = (n: number) => v.subarray(o, (o += n));
  const mu = Array.from(take(J));
  const sigma = Array.from(take(J));
  const z = Array.from(take(J));
  const decoded = Float32Array.from(take(IMAGE_SIZE));
  const atMu = Float32Array.from(take(IMAGE_SIZE));
  return {
    run: s.run,
    step: s.step,
    J,
    decoder: s.decoder,
    mu,
    sigma,
    eps: [...eps],
    z,
    decoded,
    atMu,
    testIndex,
    label: testIndex === null ? null : s.testLabels[testIndex]!,
    ms: performance.now() - t0,
  };
}

export class LabService {
  private generation = 0;

  constructor(private readonly session: () => LabSession) {}

  /** Stops the variance job under way at its next gradient estimate. */
  cancel(): void {
    this.generation++;
  }

  /**
   * R gradient estimates of the encoder's parameters per (estimator, L) on a fixed minibatch of
   * test images; training pauses while it runs and resumes after (if it was running). Stops
   * early, with a message, when cancelled, when the model changes, or when training restarts.
   */
  async gradVariance(req: GradVarianceRequest, onProgress: (p: GradVarianceProgress) => void, between: () => Promise<void>): Promise<GradVarianceResult> {
    const t0 = performance.now();
    const lim = LAB_WORKER_LIMITS;
    if (!lim.batchSizes.includes(req.batchSize)) throw new Error(`batch size must be one of ${lim.batchSizes.join(', ')}, got ${String(req.batchSize)}`);
    const R = checkInt(req.repetitions, lim.repetitionsMin, lim.repetitionsMax, 'repetitions R');
    if (!Array.isArray(req.Ls) || req.Ls.length === 0 || !req.Ls.every((L) => lim.Ls.includes(L))) throw new Error(`L values must be some of ${lim.Ls.join(', ')}`);
    if (!Array.isArray(req.estimators) || req.estimators.length === 0 || !req.estimators.every((e) => (GRAD_ESTIMATORS as readonly string[]).includes(e))) {
      throw new Error(`estimators must be some of ${GRAD_ESTIMATORS.join(', ')}`);
    }
    const seed = checkInt(req.seed, 0, 2 ** 31 - 1, 'seed');
    const Ls = [...new Set(req.Ls)].sort((a, b) => a - b);
    const estimators = GRAD_ESTIMATORS.filter((e) => req.estimators.includes(e)) as GradEstimator[];
    const gen = ++this.generation;
    const s = this.session();
    const wasRunning = s.running;
    if (wasRunning) await s.pause();
    const model = s.model;
    const run = s.runId;
    const step = s.stepCount;
    const nTest = s.dataset.nTest;
    const B = Math.min(req.batchSize, nTest);
    const indices = Array.from(permutation(nTest, mulberry32(seed)).subarray(0, B));
    const rows = new Float32Array(B * IMAGE_SIZE);
    indices.forEach((i, r) => rows.set(s.testSet.subarray(i * IMAGE_SIZE, (i + 1) * IMAGE_SIZE), r * IMAGE_SIZE));
    const x = tf.tensor2d(rows, [B, IMAGE_SIZE]);
    const base = {
      run,
      step,
      batchSize: B,
      repetitions: R,
      indices,
      encoderParameters: model.encoderVariables.reduce((n, v) => n + v.size, 0),
      pausedTraining: wasRunning,
      backend: tf.getBackend(),
    };
    try {
      const cells = await measureGradientVariance(model, x, {
        estimators,
        Ls,
        R,
        seed,
        between: async (done, total, estimator, L) => {
          onProgress({ done, total, estimator, L });
          await between();
          const now = this.session();
          if (this.generation !== gen) throw new Cancelled('cancelled');
          if (now.model !== model) throw new Cancelled('the model changed (a new run started)');
          if (now.running) throw new Cancelled('training was started during the measurement');
          // Step moves the weights without starting training: the cells would mix two models.
          if (now.stepCount !== step) throw new Cancelled('a training step was taken during the measurement');
        },
      });
      return { ...base, cells, cancelled: null, ms: performance.now() - t0 };
    } catch (e) {
      if (e instanceof Cancelled) return { ...base, cells: [], cancelled: e.message, ms: performance.now() - t0 };
      throw e;
    } finally {
      x.dispose();
      const now = this.session();
      if (wasRunning && now.model === model && !now.running) now.start();
    }
  }
}
