/**
 * How noisy is the gradient of the ELBO with respect to the encoder's parameters φ, under
 * each estimator, on the real model? For a fixed minibatch x of B images, the gradient of
 *   loss(φ) = −(1/B) Σ_b ELBO(x_b)
 * is estimated R times with fresh noise, and the per-parameter mean and variance of the R
 * estimates are accumulated (Welford, in tensors). Three estimators of the same quantity:
 * - 'reparamB': pathwise gradient of estimator B (eq. 7, analytic KL), z = μ + σ ⊙ ε;
 * - 'reparamA': pathwise gradient of estimator A (eq. 6, Monte-Carlo KL);
 * - 'score':    the score-function (REINFORCE) estimator
 *     ∇φ ELBO = E_q[(log p(x, z) − log q(z|x)) ∇φ log q_φ(z|x)],
 *   where z is drawn first and held constant: the weight w = log p(x, z) − log q(z|x) is
 *   computed outside the differentiated function, then ∇φ of w · log q_φ(z_const|x) is taken.
 *   (The exact derivative also has the term E_q[−∇φ log q_φ(z|x)], which is 0 for every φ; it
 *   is left out, as in the usual score-function estimator.)
 * Each uses L samples per image and averages them. All three have the same expectation, the
 * exact ∇φ of the loss, so their variances compare like with like.
 */
import * as tf from './tf';
import { logNormalDiag } from './distributions';
import type { VAE } from './model';
import { drawPosterior, logImportanceWeights, objective, tileSamples } from './objective';
import type { GradEstimator } from './gradEstimators';

export { GRAD_ESTIMATORS, type GradEstimator } from './gradEstimators';

/**
 * One estimate of ∇φ loss for the minibatch x [B, 784] with L samples per image, as one
 * tensor per encoder variable (in the order of model.encoderVariables). The caller disposes it.
 */
export function encoderGradient(model: VAE, x: tf.Tensor2D, estimator: GradEstimator, L: number, seed: number): tf.Tensor[] {
  if (!Number.isInteger(L) || L < 1) throw new Error(`L must be a whole number ≥ 1, got ${L}`);
  const vars = model.encoderVariables;
  return tf.tidy(() => {
    if (estimator === 'reparamA' || estimator === 'reparamB') {
      const { grads } = tf.variableGrads(
        () => objective(model, x, { estimator: estimator === 'reparamB' ? 'B' : 'A', samplesL: L, beta: 1, seed }).loss,
        vars,
      );
      return vars.map((v) => grads[v.name]!);
    }
    // Score function: z and the weight w are constants here (computed before the tape runs).
    const B = x.shape[0];
    const draws = drawPosterior(model, x, L, { seed });
    const z = draws.z;
    const w = logImportanceWeights(draws);
    const { grads } = tf.variableGrads(() => {
      const q = model.encode(x);
      const logQ = logNormalDiag(z, tileSamples(q.mu, L), tileSamples(q.logVar, L));
      // loss = −(1/B) Σ_b (1/L) Σ_l w_lb log q_φ(z_lb | x_b)
      return tf.neg(tf.div(tf.sum(tf.mul(w, logQ)), L * B)) as tf.Scalar;
    }, vars);
    return vars.map((v) => grads[v.name]!);
  });
}

/** Running per-parameter mean and sum of squared deviations of gradient estimates (Welford). */
export class GradientMoments {
  private mean: tf.Tensor[] | null = null;
  private m2: tf.Tensor[] | null = null;
  count = 0;

  /** Adds one estimate (the caller keeps ownership of `g`). */
  add(g: tf.Tensor[]): void {
    const k = this.count + 1;
    if (!this.mean || !this.m2) {
      this.mean = g.map((t) => tf.clone(t));
      this.m2 = g.map((t) => tf.zerosLike(t));
    } else {
      const [mean, m2] = [this.mean, this.m2];
      const next = tf.tidy(() =>
        g.map((t, i) => {
          // mean_k = mean + (g − mean)/k;  M2_k = M2 + (g − mean)(g − mean_k)
          const d = tf.sub(t, mean[i]!);
          const m = tf.add(mean[i]!, tf.div(d, k));
          return [m, tf.add(m2[i]!, tf.mul(d, tf.sub(t, m)))] as const;
        }),
      );
      tf.dispose([...mean, ...m2]);
      this.mean = next.map((p) => p[0]);
      this.m2 = next.map((p) => p[1]);
    }
    this.count = k;
  }

  /** Per-parameter means and unbiased variances, flattened and concatenated (the caller disposes). */
  meanAndVariance(): { mean: tf.Tensor1D; variance: tf.Tensor1D } {
    if (!this.mean || !this.m2 || this.count < 2) throw new Error('need at least two gradient estimates');
    const n = this.count;
    const [mean, m2] = [this.mean, this.m2];
    return tf.tidy(() => ({
      mean: tf.concat(mean.map((t) => tf.reshape(t, [-1]))) as tf.Tensor1D,
      variance: tf.div(tf.concat(m2.map((t) => tf.reshape(t, [-1]))), n - 1) as tf.Tensor1D,
    }));
  }

  /**
   * The summary figures, in one readback:
   * - totalVariance = Σ_i Var(g_i) (the trace of the covariance of the estimate);
   * - meanNormSq = ‖ḡ‖², the squared norm of the mean of the R estimates;
   * - signalNormSq = ‖ḡ‖² − totalVariance/R, an unbiased estimate of ‖E g‖²;
   * - snr = signalNormSq / totalVariance.
   */
  async summary(): Promise<MomentSummary> {
    const s = tf.tidy(() => {
      const { mean, variance } = this.meanAndVariance();
      return tf.stack([tf.sum(variance), tf.sum(tf.square(mean))]);
    });
    const [totalVariance, meanNormSq] = Array.from(await s.data());
    s.dispose();
    const R = this.count;
    const signalNormSq = meanNormSq! - totalVariance! / R;
    return { R, totalVariance: totalVariance!, meanNormSq: meanNormSq!, signalNormSq, snr: signalNormSq / totalVariance! };
  }

  dispose(): void {
    tf.dispose([...(this.mean ?? []), ...(this.m2 ?? [])]);
    this.mean = null;
    this.m2 = null;
    this.count = 0;
  }
}

export interface MomentSummary {
  R: number;
  totalVariance: number;
  meanNormSq: number;
  signalNormSq: number;
  snr: number;
}

export interface VarianceCell extends MomentSummary {
  estimator: GradEstimator;
  L: number;
  /** Milliseconds the R gradient estimates took (readback included). */
  ms: number;
}

export interface VarianceJobOptions {
  estimators: readonly GradEstimator[];
  Ls: readonly number[];
  /** Repetitions per (estimator, L). */
  R: number;
  seed: number;
  /** Called after each gradient estimate (progress, yielding, cancellation by throwing). */
  between?: (done: number, total: number, estimator: GradEstimator, L: number) => Promise<void>;
  now?: () => number;
}

/**
 * For each estimator and each L: R gradient estimates on the fixed minibatch x, each with its
 * own seed, and their moments. Every tensor is disposed, also when `between` throws.
 */
export async function measureGradientVariance(model: VAE, x: tf.Tensor2D, opts: VarianceJobOptions): Promise<VarianceCell[]> {
  if (!Number.isInteger(opts.R) || opts.R < 2) throw new Error(`R must be a whole number ≥ 2, got ${opts.R}`);
  const now = opts.now ?? (() => performance.now());
  const total = opts.estimators.length * opts.Ls.length * opts.R;
  const cells: VarianceCell[] = [];
  let done = 0;
  for (const [ei, estimator] of opts.estimators.entries()) {
    for (const [li, L] of opts.Ls.entries()) {
      const moments = new GradientMoments();
      const t0 = now();
      try {
        for (let r = 0; r < opts.R; r++) {
          const seed = (opts.seed * 1_000_003 + ((ei * 97 + li) * 10_007 + r)) % 2147483647;
          const g = encoderGradient(model, x, estimator, L, seed);
          moments.add(g);
          tf.dispose(g);
          done++;
          if (opts.between) await opts.between(done, total, estimator, L);
        }
        const s = await moments.summary();
        cells.push({ estimator, L, ...s, ms: now() - t0 });
      } finally {
        moments.dispose();
      }
    }
  }
  return cells;
}
