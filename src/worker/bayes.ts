/**
 * The Bayesian-decoder panel's requests, answered in the worker between training steps: the
 * views read the session's current model; the small-data experiment trains two fresh models of
 * its own (point estimate and variational decoder weights) on the same training subset, in
 * chunks with progress, pausing the session's training meanwhile and resuming it after.
 */
import * as tf from '../core/tf';
import type { Config } from '../core/config';
import { HostBatches } from '../core/batches';
import { decodersFromQ, meanAndSpread, weightStdSummary } from '../core/bayesViews';
import { evaluateSet } from '../core/evaluate';
import { gridLatentOffsets } from '../core/latent';
import { IMAGE_SIZE, type VAE } from '../core/model';
import { stepSeed, Trainer } from '../core/trainer';
import { fixedTargets } from '../core/binarize';
import { BatchSampler } from '../data/sampler';
import {
  BAYES_LIMITS,
  type DecoderSamplesRequest,
  type DecoderSamplesResult,
  type SmallDataArm,
  type SmallDataProgress,
  type SmallDataRequest,
  type SmallDataResult,
  type SpreadGridRequest,
  type SpreadGridResult,
  type WeightStdResult,
} from '../protocol/bayes';

/** What the panel needs of the training session (TrainingSession provides it). */
export interface BayesSession {
  readonly model: VAE;
  readonly runId: number;
  readonly stepCount: number;
  readonly config: Config;
  readonly testSet: Float32Array;
  readonly dataset: { trainImages: Uint8Array; testLabels: Uint8Array; nTrain: number; nTest: number };
  readonly running: boolean;
  pause(): Promise<void>;
  start(): void;
}

/** Minibatch size of the small-data experiment. */
export const SMALL_DATA_BATCH = 100;
/** Test images the small-data experiment evaluates (the first ones of the test set). */
export const SMALL_DATA_TEST_IMAGES = 1000;
/** Steps between progress reports (and chances to cancel) of the experiment. */
const PROGRESS_EVERY = 10;

function checkInt(v: unknown, lo: number, hi: number, what: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) throw new Error(`${what} must be a whole number in ${lo}…${hi}, got ${String(v)}`);
  return v;
}

export class BayesService {
  private generation = 0;
  private jobRunning = false;

  constructor(private readonly session: () => BayesSession) {}

  /** One z decoded by several decoders drawn from q(θ), and by the mean decoder. */
  async decoderSamples(req: DecoderSamplesRequest): Promise<DecoderSamplesResult> {
    const s = this.session();
    const count = checkInt(req?.count, BAYES_LIMITS.samplesMin, BAYES_LIMITS.samplesMax, 'decoder samples');
    const seed = checkInt(req?.seed, 0, 2 ** 31 - 1, 'seed');
    const model = s.model;
    const J = model.latentDim;
    let z: number[];
    let label: number | null = null;
    if (req.source?.kind === 'test') {
      const index = checkInt(req.source.index, 0, s.dataset.nTest - 1, 'test index');
      const mu = tf.tidy(() => model.encode(tf.tensor2d(s.testSet.subarray(index * IMAGE_SIZE, (index + 1) * IMAGE_SIZE), [1, IMAGE_SIZE])).mu);
      z = Array.from(await mu.data());
      mu.dispose();
      label = s.dataset.testLabels[index]!;
    } else if (req.source?.kind === 'prior') {
      const zt = tf.randomNormal([J], 0, 1, 'float32', checkInt(req.source.seed, 0, 2 ** 31 - 1, 'z seed'));
      z = Array.from(await zt.data());
      zt.dispose();
    } else {
      throw new Error('source must be { kind: "test", index } or { kind: "prior", seed }');
    }
    const r = await decodersFromQ(model, z, count, seed);
    return { run: s.runId, step: s.stepCount, z, count, label, ...r };
  }

  /** The decoder weights' standard deviations: per-layer figures and the output layer's map. */
  async weightStds(): Promise<WeightStdResult> {
    const s = this.session();
    const { layers, pixelMap } = await weightStdSummary(s.model);
    const kl = s.model.weightKl(s.config.weightPriorStd);
    const total = (await kl.data())[0]!;
    kl.dispose();
    return { run: s.runId, step: s.stepCount, alpha: s.config.weightPriorStd, layers, pixelMap, weightKlPerImage: total / s.dataset.nTrain };
  }

  /** The manifold grid over z_1, z_2 (inverse-CDF coordinates) with the mean decoder and its spread. */
  async spreadGrid(req: SpreadGridRequest): Promise<SpreadGridResult> {
    const s = this.session();
    const n = checkInt(req?.n, BAYES_LIMITS.gridNMin, BAYES_LIMITS.gridNMax, 'grid size');
    const draws = checkInt(req?.draws, BAYES_LIMITS.drawsMin, BAYES_LIMITS.drawsMax, 'draws of θ');
    const seed = checkInt(req?.seed, 0, 2 ** 31 - 1, 'seed');
    const J = s.model.latentDim;
    const g = gridLatentOffsets(n, J, 0, J > 1 ? 1 : -1);
    const z = tf.tensor2d(g.offsets, [g.rows * g.cols, J]);
    try {
      const r = await meanAndSpread(s.model, z, draws, seed);
      return { run: s.runId, step: s.stepCount, rows: g.rows, cols: g.cols, coords: g.coords, draws, ...r };
    } finally {
      z.dispose();
    }
  }

  /** Stops the experiment at its next progress report. */
  cancel(): void {
    this.generation++;
  }

  /**
   * The small-data experiment: a point-estimate and a variational decoder, each trained from
   * the same initial weights (same seed) for `steps` steps of M = SMALL_DATA_BATCH on the first
   * `trainImages` training images, then the ELBO on that subset (binarized once, fixed seed)
   * and on the first SMALL_DATA_TEST_IMAGES test images. Pauses training meanwhile.
   */
  async smallData(req: SmallDataRequest, onProgress: (p: SmallDataProgress) => void, yieldNow: () => Promise<void>): Promise<SmallDataResult> {
    if (this.jobRunning) throw new Error('the small-data experiment is already running');
    const s = this.session();
    const N = req?.trainImages;
    if (typeof N !== 'number' || !BAYES_LIMITS.subsetSizes.includes(N)) throw new Error(`training images must be one of ${BAYES_LIMITS.subsetSizes.join(', ')}, got ${String(N)}`);
    if (N > s.dataset.nTrain) throw new Error(`the data set has only ${s.dataset.nTrain} training images`);
    const steps = checkInt(req.steps, BAYES_LIMITS.stepsMin, BAYES_LIMITS.stepsMax, 'steps');
    const generation = ++this.generation;
    this.jobRunning = true;
    const wasRunning = s.running;
    await s.pause();
    const subset = s.dataset.trainImages.subarray(0, N * IMAGE_SIZE);
    const nTest = Math.min(SMALL_DATA_TEST_IMAGES, s.dataset.nTest);
    const arms: SmallDataArm[] = [];
    try {
      for (const decoderWeights of ['point', 'variational'] as const) {
        const config: Config = { ...s.config, decoderWeights, batchSize: SMALL_DATA_BATCH };
        const trainer = new Trainer(config);
        trainer.trainSize = N;
        try {
          const batches = new HostBatches(new BatchSampler(subset, config.seed));
          for (let step = 0; step < steps; step++) {
            tf.tidy(() => trainer.trainStep(batches.targets(SMALL_DATA_BATCH, config.decoder, stepSeed(config.seed, step, 1)))).dispose();
            if ((step + 1) % PROGRESS_EVERY === 0 || step === steps - 1) {
              onProgress({ arm: decoderWeights, step: step + 1, steps });
              await yieldNow();
              if (this.generation !== generation) return { trainImages: N, steps, testImages: nTest, arms, cancelled: 'cancelled' };
            }
          }
          const trainX = fixedTargets(subset, config.decoder);
          const train = tf.tensor2d(trainX, [N, IMAGE_SIZE]);
          const test = tf.tensor2d(s.testSet.subarray(0, nTest * IMAGE_SIZE), [nTest, IMAGE_SIZE]);
          try {
            const [tr, te] = [await evaluateSet(trainer.model, train, 500, 9000), await evaluateSet(trainer.model, test, 500, 9000)];
            arms.push({ decoderWeights, trainElbo: tr.elbo, testElbo: te.elbo, weightKl: (await trainer.weightKlPerImage()) ?? 0 });
          } finally {
            tf.dispose([train, test]);
          }
        } finally {
          trainer.dispose();
        }
      }
      return { trainImages: N, steps, testImages: nTest, arms };
    } finally {
      this.jobRunning = false;
      if (wasRunning) s.start();
    }
  }
}
