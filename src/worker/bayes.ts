/**
 * The Bayesian-decoder panel's small-data experiment, in the training worker (its views are
 * in bayesViewsApi.ts, answered by the drawing worker): it trains two fresh models of
 * its own (point estimate and variational decoder weights) on the same training subset, in
 * chunks with progress, pausing the session's training meanwhile and resuming it after.
 */
import * as tf from '../core/tf';
import { checkInt } from './checks';
import type { Config } from '../core/config';
import { HostBatches } from '../core/batches';
import { evaluateSet } from '../core/evaluate';
import { IMAGE_SIZE, type VAE } from '../core/model';
import { stepSeed, Trainer } from '../core/trainer';
import { fixedTargets } from '../core/binarize';
import { BatchSampler } from '../data/sampler';
import {
  BAYES_LIMITS,
  type SmallDataArm,
  type SmallDataProgress,
  type SmallDataRequest,
  type SmallDataResult,
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

export class BayesService {
  private generation = 0;
  private jobRunning = false;

  constructor(private readonly session: () => BayesSession) {}

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
