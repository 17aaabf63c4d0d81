/**
 * When the training loop evaluates the test set, and the evaluation itself: when `evalDue`
 * says (a subset every EVAL_EVERY_MS of training, sooner and smaller early in a run, and no
 * more training images between two evaluations than EVAL_WORK_RATIO times the images the last
 * one covered), of the size `evalSize` says (the whole set every FULL_EVAL_EVERY-th time), in
 * chunks of EVAL_CHUNK images between steps. The figures are of
 * the model at the step the evaluation began (one sample of z per image, fixed seeds). A run
 * that trains with the IWAE bound also gets the test set's L_k (k = iwaeEvalK(L)), on chunks
 * of 1/(k + 1) the images, so that a chunk costs about what it does without it.
 */
import type { Config } from '../core/config';
import { EvalAccumulator, iwaeEvalK } from '../core/evaluate';
import { IMAGE_SIZE, type VAE } from '../core/model';
import * as tf from '../core/tf';
import type { EvalPoint, WorkerEvent } from '../protocol/types';
import { EVAL_CHUNK, evalDue, evalSize, yieldToEventLoop } from './schedule';

/** What the schedule reads of the training session, afresh at each use. */
export interface EvalHost {
  readonly model: VAE;
  /** The settings in effect (the estimator says whether the IWAE bound is evaluated, L its k). */
  readonly config: Pick<Config, 'estimator' | 'samplesL'>;
  /** Test images as the decoder's targets, 784 per image. */
  readonly testSet: Float32Array;
  readonly dataset: { readonly nTest: number };
  readonly runId: number;
  readonly stepCount: number;
  readonly samplesSeen: number;
  /** A variational decoder's KL(q(θ) ‖ p_α(θ)) / N (null for a point estimate). */
  weightKlPerImage(): Promise<number | null>;
}

interface EvalJob {
  acc: EvalAccumulator;
  /** k of the IWAE bound evaluated beside the ELBO (undefined: none). */
  iwaeK: number | undefined;
  cursor: number;
  n: number;
  full: boolean;
  step: number;
  samples: number;
  run: number;
}

export class EvalSchedule {
  private job: EvalJob | null = null;
  private count = 0;
  private trainingMsSinceEval = 0;
  /** Training images seen when the last evaluation started, and the test images it covered. */
  private lastEval = { samples: 0, images: 0 };

  constructor(
    private readonly host: EvalHost,
    private readonly emit: (e: WorkerEvent) => void,
  ) {}

  /** A new run: the next evaluation comes at the next step, and the one under way is dropped. */
  newRun(): void {
    this.cancel();
    this.count = 0;
    this.trainingMsSinceEval = 0;
    this.lastEval = { samples: 0, images: 0 };
  }

  /** A resumed run that was evaluated before, at `samples` training images: the next one comes on schedule. */
  resumed(samples: number): void {
    this.count = 1;
    this.lastEval = { samples, images: 0 };
  }

  /** Drops the evaluation under way (its model is going). */
  cancel(): void {
    this.job?.acc.dispose();
    this.job = null;
  }

  /** After a step of `stepMs`: advances the evaluation by one chunk when one is due or under way. */
  async tick(stepMs: number): Promise<void> {
    const host = this.host;
    this.trainingMsSinceEval += stepMs;
    const due =
      this.job !== null ||
      evalDue({ trainingMsSinceEval: this.trainingMsSinceEval, samplesSeen: host.samplesSeen, lastEval: this.lastEval, evalCount: this.count });
    if (!due) return;
    if (!this.job) {
      this.trainingMsSinceEval = 0;
      this.job = this.newJob(evalSize({ samplesSeen: host.samplesSeen, evalCount: this.count }, host.dataset.nTest));
      this.count++;
      this.lastEval = { samples: host.samplesSeen, images: this.job.n };
    }
    const point = await this.advance(this.job, EVAL_CHUNK);
    if (!point) return;
    this.emit({ type: 'eval', point });
  }

  /** Evaluates the whole test set now (between steps when training). */
  async evaluateFull(): Promise<EvalPoint> {
    const job = this.newJob({ n: this.host.dataset.nTest, full: true });
    for (;;) {
      const p = await this.advance(job, EVAL_CHUNK * 4);
      if (p) {
        this.emit({ type: 'eval', point: p });
        return p;
      }
      await yieldToEventLoop();
    }
  }

  private newJob({ n, full }: { n: number; full: boolean }): EvalJob {
    const host = this.host;
    const iwaeK = host.config.estimator === 'iwae' ? iwaeEvalK(host.config.samplesL) : undefined;
    return {
      acc: new EvalAccumulator(host.model, iwaeK),
      iwaeK,
      cursor: 0,
      n,
      full,
      step: host.stepCount,
      samples: host.samplesSeen,
      run: host.runId,
    };
  }

  /**
   * Evaluates up to `chunk` more images (chunk / (k + 1) with the IWAE bound's k); returns the
   * result when the job completes.
   */
  private async advance(job: EvalJob, chunk: number): Promise<EvalPoint | null> {
    const n = Math.min(Math.max(1, Math.floor(chunk / (1 + (job.iwaeK ?? 0)))), job.n - job.cursor);
    const x = tf.tensor2d(this.host.testSet.subarray(job.cursor * IMAGE_SIZE, (job.cursor + n) * IMAGE_SIZE), [n, IMAGE_SIZE]);
    // A fixed seed per chunk: the evaluation's own noise is the same at every evaluation.
    job.acc.add(x, 9000 + job.cursor);
    x.dispose();
    job.cursor += n;
    if (job.cursor < job.n) return null;
    if (this.job === job) this.job = null;
    const r = await job.acc.finish();
    const weightKl = await this.host.weightKlPerImage();
    return {
      run: job.run,
      step: job.step,
      samples: job.samples,
      elbo: r.elbo,
      recon: r.recon,
      kl: r.kl,
      klPerDim: r.klPerDim,
      activeUnits: r.activeUnits,
      n: r.n,
      full: job.full,
      ...(weightKl === null ? {} : { weightKl }),
      ...(r.iwae ? { iwae: r.iwae } : {}),
    };
  }
}
