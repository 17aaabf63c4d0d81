import * as tf from '../core/tf';
import type { Config } from '../core/config';
import { disposeCheckpoint, type Checkpoint, type Trainer } from '../core/trainer';
import type { TrainPoint } from '../protocol/types';
import { checkpointToArrays, type CheckpointArrays } from '../core/serialize';

/** Steps between checkpoints of the weights and optimizer state (device-side copies). */
export const CHECKPOINT_EVERY_STEPS = 50;

function finitePoint(p: TrainPoint): boolean {
  return Number.isFinite(p.loss) && Number.isFinite(p.elbo) && Number.isFinite(p.gradNorm);
}

/**
 * Watches the step figures that the loop already reads back asynchronously, and keeps the
 * last checkpoint known to be finite. A checkpoint taken after step s is "confirmed" once
 * the figures of step s (its loss and gradient norm) have come back finite; until then it
 * is pending. No extra readback is made for this.
 */
export class DivergenceGuard {
  private confirmed: Checkpoint | null = null;
  private pending: Checkpoint[] = [];
  private lastCheckpointStep = -1;

  constructor(private readonly trainer: Trainer) {}

  /** The step of the checkpoint a recovery would restore. */
  get confirmedStep(): number | null {
    return this.confirmed?.step ?? null;
  }

  /** Takes the first checkpoint (the weights as they are now, assumed finite). */
  async ensureBase(): Promise<void> {
    if (this.confirmed) return;
    this.confirmed = await this.trainer.snapshot();
    this.lastCheckpointStep = this.confirmed.step;
  }

  /** After a step: takes a pending checkpoint every CHECKPOINT_EVERY_STEPS steps. */
  async afterStep(): Promise<void> {
    if (this.trainer.step - this.lastCheckpointStep < CHECKPOINT_EVERY_STEPS) return;
    this.pending.push(await this.trainer.snapshot());
    this.lastCheckpointStep = this.trainer.step;
  }

  /**
   * Reviews figures read back, in step order. Promotes the pending checkpoints they vouch
   * for and returns the first non-finite point, if any.
   */
  review(points: readonly TrainPoint[]): TrainPoint | null {
    for (const p of points) {
      if (!finitePoint(p)) return p;
      while (this.pending.length > 0 && this.pending[0]!.step <= p.step) {
        const cp = this.pending.shift()!;
        if (this.confirmed) disposeCheckpoint(this.confirmed);
        this.confirmed = cp;
      }
    }
    return null;
  }

  /** Restores the last confirmed checkpoint, with its step counters; drops the pending ones (taken after it). */
  async recover(): Promise<number> {
    for (const cp of this.pending) disposeCheckpoint(cp);
    this.pending = [];
    if (!this.confirmed) throw new Error('no checkpoint to restore');
    await this.trainer.restore(this.confirmed);
    // The counters go back with the weights: the page then shows the step it restored, and the
    // steps after it (whose weights were thrown away) are taken again.
    this.trainer.step = this.confirmed.step;
    this.trainer.samplesSeen = this.confirmed.samplesSeen;
    this.lastCheckpointStep = this.trainer.step;
    return this.confirmed.step;
  }

  /** The confirmed checkpoint as typed arrays (a readback of device copies), or null. */
  async exportConfirmed(): Promise<CheckpointArrays | null> {
    if (!this.confirmed) return null;
    // Read from clones (which share the data): review() may promote a newer checkpoint and
    // dispose this one while the readback is under way.
    const cp = this.confirmed;
    const copy = { ...cp, weights: cp.weights.map((t) => tf.clone(t)), optimizerState: cp.optimizerState.map((w) => ({ name: w.name, tensor: tf.clone(w.tensor) })) };
    try {
      return await checkpointToArrays(copy);
    } finally {
      disposeCheckpoint(copy);
    }
  }

  dispose(): void {
    for (const cp of this.pending) disposeCheckpoint(cp);
    this.pending = [];
    if (this.confirmed) disposeCheckpoint(this.confirmed);
    this.confirmed = null;
  }
}

/** What most likely made training diverge, from the settings in effect. */
export function divergenceAdvice(c: Config): string {
  const causes: string[] = [];
  const safeLr = { adam: 0.003, rmsprop: 0.003, adagrad: 0.1, sgd: 0.01 }[c.optimizer];
  if (c.learningRate > safeLr) {
    causes.push(`the learning rate ${c.learningRate} is high for ${c.optimizer} (try ≤ ${safeLr})`);
  }
  if (c.beta === 0) causes.push('β = 0 leaves the encoder\'s variances unconstrained, so exp(log σ²) can overflow');
  if (c.batchSize < 8) causes.push(`a minibatch of ${c.batchSize} makes the gradient very noisy`);
  if (c.decoder === 'gaussian') causes.push('the Gaussian decoder\'s variances can collapse on pixels that are always 0');
  return causes.length ? `Likely cause: ${causes.join('; ')}.` : 'Try a smaller learning rate.';
}
