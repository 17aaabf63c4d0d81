import * as tf from './tf';
import { klAnalyticPerDim } from './distributions';
import type { VAE } from './model';
import { drawPosterior, logMarginalIS } from './objective';

/** The fewest importance samples of the test set's IWAE bound, whatever L is (Burda et al. report k = 5 and 50). */
export const IWAE_EVAL_MIN_K = 5;

/** k of the test set's IWAE bound for a run that trains with L samples: max(L, IWAE_EVAL_MIN_K). */
export function iwaeEvalK(samplesL: number): number {
  return Math.max(IWAE_EVAL_MIN_K, samplesL);
}

/** A latent dimension counts as active when Cov_x(E_q[z_j]) exceeds this (Burda et al., 2015). */
export const ACTIVE_UNIT_THRESHOLD = 0.01;

export interface EvalResult {
  /** Images evaluated. */
  n: number;
  /** Mean ELBO (β = 1, analytic KL, one sample of z per image), nats. */
  elbo: number;
  /** Mean E_q[log p(x|z)] (one sample), nats. */
  recon: number;
  /** Mean KL(q(z|x) ‖ p(z)), nats (analytic). */
  kl: number;
  /** Mean KL per latent dimension (sums to kl). */
  klPerDim: number[];
  /** Variance over images of μ_j, per dimension. */
  muVariance: number[];
  /** Dimensions with muVariance > ACTIVE_UNIT_THRESHOLD. */
  activeUnits: number;
  /** When asked for: the mean importance-weighted bound L_k over the images (logMarginalIS), nats. */
  iwae?: { k: number; bound: number };
}

/**
 * Running sums for an evaluation done in chunks (so that the training loop can interleave
 * them with its steps). All sums stay on the device until finish() reads them once.
 */
export class EvalAccumulator {
  private sums: tf.Tensor1D | null = null;
  private n = 0;
  private readonly J: number;

  /** `iwaeK`: also sum the k-sample importance-weighted bound L_k of each image (k + 1 decoder passes per image instead of 1). */
  constructor(
    private readonly model: VAE,
    private readonly iwaeK?: number,
  ) {
    this.J = model.latentDim;
  }

  /**
   * Adds a chunk of targets x [n, 784]. Sums kept per chunk: Σ recon, Σ KL_j (J), Σ μ_j (J),
   * Σ μ_j² (J), and with iwaeK Σ L_k, packed into one vector [1 + 3J (+ 1)].
   */
  add(x: tf.Tensor2D, seed?: number): void {
    const next = tf.tidy(() => {
      // A variational decoder draws θ per image (local reparameterization): the data term of
      // the full-VB bound, E_q(θ)[ELBO_i(θ)], estimated like the latent expectation, once.
      const draw = this.model.variational ? { kind: 'local' as const, ...(seed === undefined ? {} : { seed: seed + 104729 }) } : 'mean';
      const { mu, logVar, logPxz } = drawPosterior(this.model, x, 1, { seed, draw });
      const recon = tf.sum(logPxz);
      const chunk = tf.concat([
        tf.reshape(recon, [1]),
        tf.sum(klAnalyticPerDim(mu, logVar), 0),
        tf.sum(mu, 0),
        tf.sum(tf.square(mu), 0),
        // L_k on its own draws (another seed): the ELBO's figures stay those of a run without it.
        ...(this.iwaeK ? [tf.reshape(tf.sum(logMarginalIS(this.model, x, this.iwaeK, seed === undefined ? undefined : seed + 65537)), [1])] : []),
      ]) as tf.Tensor1D;
      return this.sums ? (tf.add(this.sums, chunk) as tf.Tensor1D) : chunk;
    });
    this.sums?.dispose();
    this.sums = next;
    this.n += x.shape[0];
  }

  get count(): number {
    return this.n;
  }

  /** Reads the sums back (one asynchronous read) and frees them. */
  async finish(): Promise<EvalResult> {
    if (!this.sums || this.n === 0) throw new Error('evaluation of an empty set');
    const s = await this.sums.data();
    this.sums.dispose();
    this.sums = null;
    const r = summarize(s, this.n, this.J);
    return this.iwaeK ? { ...r, iwae: { k: this.iwaeK, bound: s[1 + 3 * this.J]! / this.n } } : r;
  }

  dispose(): void {
    this.sums?.dispose();
    this.sums = null;
  }
}

/** Turns the packed sums [Σrecon, ΣKL_j, Σμ_j, Σμ_j²] into means, variances and active units. */
export function summarize(s: ArrayLike<number>, n: number, J: number): EvalResult {
  const recon = s[0]! / n;
  const klPerDim: number[] = [];
  const muVariance: number[] = [];
  for (let j = 0; j < J; j++) {
    klPerDim.push(s[1 + j]! / n);
    const m = s[1 + J + j]! / n;
    // Population variance E[μ²] − E[μ]², clamped at 0 against rounding.
    muVariance.push(Math.max(0, s[1 + 2 * J + j]! / n - m * m));
  }
  const kl = klPerDim.reduce((a, b) => a + b, 0);
  return {
    n,
    elbo: recon - kl,
    recon,
    kl,
    klPerDim,
    muVariance,
    activeUnits: muVariance.filter((v) => v > ACTIVE_UNIT_THRESHOLD).length,
  };
}

/** Evaluates a whole set at once (tests, scripts); the worker uses EvalAccumulator in chunks. */
export async function evaluateSet(model: VAE, x: tf.Tensor2D, chunk = 1000, seed?: number, iwaeK?: number): Promise<EvalResult> {
  const acc = new EvalAccumulator(model, iwaeK);
  for (let start = 0; start < x.shape[0]; start += chunk) {
    const n = Math.min(chunk, x.shape[0] - start);
    const xs = tf.slice(x, [start, 0], [n, -1]);
    acc.add(xs, seed === undefined ? undefined : seed + start);
    xs.dispose();
  }
  return acc.finish();
}
