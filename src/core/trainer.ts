import * as tf from './tf';
import { effectiveBeta, effectiveLearningRate, rebuildKeysChanged, type Config, type SettingKey } from './config';
import { VAE } from './model';
import { objective, TRAIN_SIZE_DEFAULT } from './objective';
import { sumOfSquares } from './distributions';
import { createOptimizer, disposeOptimizer, updateOptimizer } from './optimizer';

/** Layout of the per-step statistics vector returned by Trainer.step; the J values of the
 * analytic per-dimension KL follow these. */
export const STEP_STATS = ['loss', 'elbo', 'recon', 'kl', 'gradNormSq', 'weightKl'] as const;
export type StepStat = (typeof STEP_STATS)[number];

/**
 * A copy of the model's weights and the optimizer's state, on the device. Owned by whoever
 * holds it: dispose it with disposeCheckpoint().
 */
export interface Checkpoint {
  step: number;
  samplesSeen: number;
  optimizer: Config['optimizer'];
  weights: tf.Tensor[];
  optimizerState: { name: string; tensor: tf.Tensor }[];
}

export function disposeCheckpoint(cp: Checkpoint): void {
  tf.dispose(cp.weights);
  tf.dispose(cp.optimizerState.map((w) => w.tensor));
}

/** Seeds of the per-step random streams, derived from the config seed and the step. */
export function stepSeed(seed: number, step: number, stream: number): number {
  return ((seed * 7919 + step) * 4 + stream) % 2147483647;
}

/**
 * Owns a model and its optimizer and performs SGVB steps (the paper's Algorithm 1).
 * Live settings change through setConfig() and apply from the next step; settings that
 * change the network's shape are reported, not applied (the caller builds a new Trainer).
 */
export class Trainer {
  readonly model: VAE;
  private cfg: Config;
  private opt: tf.Optimizer;
  /** Steps taken (training iterations). */
  step = 0;
  /** Training images processed (Σ M over steps). */
  samplesSeen = 0;
  /** N, the training images the full-VB bound is over (the weight KL is divided by it). */
  trainSize = TRAIN_SIZE_DEFAULT;

  constructor(config: Config) {
    this.cfg = { ...config, hidden: [...config.hidden] };
    this.model = new VAE(config);
    this.opt = createOptimizer(config);
  }

  get config(): Config {
    return this.cfg;
  }

  get optimizer(): tf.Optimizer {
    return this.opt;
  }

  /**
   * Applies the live settings of `next`. Returns the keys that need a rebuild (not applied).
   * A change of optimizer starts a fresh optimizer state; other changes keep it.
   */
  setConfig(next: Config): SettingKey[] {
    const rebuild = rebuildKeysChanged(this.cfg, next);
    if (rebuild.length > 0) return rebuild;
    if (next.optimizer !== this.cfg.optimizer) {
      disposeOptimizer(this.opt);
      this.opt = createOptimizer(next);
    } else {
      updateOptimizer(this.opt, next);
    }
    this.cfg = { ...next, hidden: [...next.hidden] };
    return [];
  }

  /**
   * One SGVB step on the minibatch of targets x [M, 784]. Returns, without reading it back,
   * a vector [loss, mean ELBO, mean recon, mean KL, ‖∇‖², weight KL / N, KL_1..KL_J] that the
   * caller reads asynchronously and disposes. The ELBO is the β = 1 bound, whatever β is; for
   * a variational decoder it is the data term E_q(θ)[ELBO_i], and the per-image bound is
   * ELBO − weight KL / N (0 for a point estimate).
   */
  trainStep(x: tf.Tensor2D): tf.Tensor1D {
    const c = this.cfg;
    const beta = effectiveBeta(c, this.step);
    if (c.lrDecaySteps > 0) updateOptimizer(this.opt, { ...c, learningRate: effectiveLearningRate(c, this.step) });
    const seed = stepSeed(c.seed, this.step, 0);
    let stats: tf.Tensor1D | undefined;
    let klPerDim: tf.Tensor1D | undefined;
    const vars = this.model.variables;
    tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => {
        const t = objective(this.model, x, {
          estimator: c.estimator,
          samplesL: c.samplesL,
          beta,
          weightDecay: c.weightDecay,
          seed,
          weightPriorStd: c.weightPriorStd,
          trainSize: this.trainSize,
        });
        stats = tf.keep(tf.stack([t.loss, tf.mean(t.elbo), tf.mean(t.recon), tf.mean(t.kl), t.weightKl]) as tf.Tensor1D);
        klPerDim = tf.keep(t.klPerDim);
        return t.loss;
      }, vars);
      const gradNormSq = sumOfSquares(Object.values(grads));
      this.opt.applyGradients(grads);
      const [head, wkl] = tf.split(stats!, [4, 1]);
      const all = tf.concat([head!, tf.reshape(gradNormSq, [1]), wkl!, klPerDim!]) as tf.Tensor1D;
      tf.dispose([stats!, klPerDim!, value]);
      stats = tf.keep(all);
    });
    this.step++;
    this.samplesSeen += x.shape[0];
    return stats!;
  }

  /** KL(q(θ) ‖ p_α(θ)) / N for a variational decoder (one asynchronous read); null for a point estimate. */
  async weightKlPerImage(): Promise<number | null> {
    if (!this.model.variational) return null;
    const kl = this.model.weightKl(this.cfg.weightPriorStd);
    const v = (await kl.data())[0]!;
    kl.dispose();
    return v / this.trainSize;
  }

  /** Copies the weights and the optimizer state (device-side clones; no readback). */
  async snapshot(): Promise<Checkpoint> {
    const weights = this.model.variables.map((v) => tf.clone(v));
    // getWeights() returns a fresh scalar for the iteration count and the optimizer's own
    // variables for the rest: those are cloned, or the next step would change the copy.
    const state = await this.opt.getWeights();
    const optimizerState = state.map((w, i) => ({ name: w.name, tensor: i === 0 ? w.tensor : tf.clone(w.tensor) }));
    return { step: this.step, samplesSeen: this.samplesSeen, optimizer: this.cfg.optimizer, weights, optimizerState };
  }

  /**
   * Puts the weights and the optimizer state back as they were in `cp` (which stays valid,
   * so it can be restored again). The step counters keep going forward. When the optimizer
   * has been changed since, it starts afresh: the checkpoint's state belongs to another one.
   */
  async restore(cp: Checkpoint): Promise<void> {
    const vars = this.model.variables;
    if (cp.weights.length !== vars.length) throw new Error('checkpoint does not match the model');
    vars.forEach((v, i) => v.assign(cp.weights[i]!));
    disposeOptimizer(this.opt);
    this.opt = createOptimizer(this.cfg);
    if (cp.optimizer === this.cfg.optimizer && cp.optimizerState.length > 0) {
      // setWeights wraps the given tensors in new variables that share their data
      // (reference-counted), so it gets clones and the clones are released after.
      const copies = cp.optimizerState.map((w) => ({ name: w.name, tensor: tf.clone(w.tensor) }));
      await this.opt.setWeights(copies);
      tf.dispose(copies.map((w) => w.tensor));
    }
  }

  dispose(): void {
    this.model.dispose();
    disposeOptimizer(this.opt);
  }
}
