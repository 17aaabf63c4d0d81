/**
 * The inference gaps of one image x (Cremer, Li & Duvenaud 2018; DESIGN.md):
 *   log p(x) − ELBO(q_enc) = [log p(x) − ELBO(q*)] + [ELBO(q*) − ELBO(q_enc)]
 *                          =  approximation gap   +   amortization gap,
 * where q_enc = N(μ(x), diag σ²(x)) is the encoder's output and q* the best diagonal Gaussian
 * for this x alone, found by gradient ascent on its ELBO started at the encoder's output. Both
 * ELBOs are estimated with the same ε (common random numbers), so the amortization gap's
 * standard error is that of the paired differences.
 */
import * as tf from '../tf';
import { klAnalytic, reparameterize } from '../distributions';
import type { VAE } from '../model';
import { decoderLogLik } from '../objective';
import type { LogEstimate } from './marginal';

export interface DiagGaussian {
  mu: number[];
  logVar: number[];
}

/**
 * Per-sample ELBO terms of q = N(μ, diag e^{v}) for one image x [1, 784]:
 *   e_s = log p(x | z_s) − KL(q ‖ N(0, I)),  z_s = μ + σ ⊙ ε_s,
 * KL analytic (the paper's estimator B). Their mean is the ELBO estimate. [S]
 */
export function elboTerms(model: VAE, x: tf.Tensor2D, mu: tf.Tensor2D, logVar: tf.Tensor2D, eps: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    const S = eps.shape[0];
    const z = reparameterize(tf.tile(mu, [S, 1]) as tf.Tensor2D, tf.tile(logVar, [S, 1]) as tf.Tensor2D, eps);
    const ll = decoderLogLik(tf.broadcastTo(x, [S, x.shape[1]]) as tf.Tensor2D, model.decode(z));
    return tf.sub(ll, klAnalytic(mu, logVar)) as tf.Tensor1D;
  });
}

export interface FitOptions {
  /** Gradient steps (Adam). */
  steps: number;
  /** ε samples in the fixed-sample objective. */
  samples: number;
  learningRate: number;
  seed: number;
}

export const FIT_DEFAULTS: FitOptions = { steps: 300, samples: 32, learningRate: 0.02, seed: 1 };

/**
 * q* for one image: maximizes the ELBO over (μ, log σ²) by Adam on the fixed-sample objective
 * (1/S) Σ_s e_s with one set of ε (seeded), started at `init` (the encoder's output).
 * `between(step)` runs every `every` steps (a worker yields there; it may throw to cancel).
 * Returns the fitted parameters and the objective at the start and the end.
 */
export async function fitPerImageGaussian(
  model: VAE,
  x: tf.Tensor2D,
  init: DiagGaussian,
  opts: FitOptions = FIT_DEFAULTS,
  between?: (step: number) => Promise<void>,
  every = 25,
): Promise<DiagGaussian & { objectiveStart: number; objectiveEnd: number }> {
  const J = init.mu.length;
  const mu0 = tf.tensor2d(init.mu, [1, J]);
  const logVar0 = tf.tensor2d(init.logVar, [1, J]);
  // A variable shares its initial tensor's data (reference-counted): the initial ones can go.
  const mu = tf.variable(mu0, true);
  const logVar = tf.variable(logVar0, true);
  tf.dispose([mu0, logVar0]);
  const eps = tf.randomNormal<tf.Rank.R2>([opts.samples, J], 0, 1, 'float32', opts.seed);
  const optimizer = tf.train.adam(opts.learningRate);
  const objective = () => tf.tidy(() => tf.mean(elboTerms(model, x, mu, logVar, eps)) as tf.Scalar);
  try {
    const start = objective();
    const objectiveStart = (await start.data())[0]!;
    start.dispose();
    for (let s = 1; s <= opts.steps; s++) {
      optimizer.minimize(() => tf.neg(objective()) as tf.Scalar, false, [mu, logVar]);
      if (between && s % every === 0 && s < opts.steps) await between(s);
    }
    const end = objective();
    const objectiveEnd = (await end.data())[0]!;
    end.dispose();
    return {
      mu: Array.from(await mu.data()),
      logVar: Array.from(await logVar.data()),
      objectiveStart,
      objectiveEnd,
    };
  } finally {
    optimizer.dispose();
    tf.dispose([mu, logVar, eps]);
  }
}

function meanAndSe(a: ArrayLike<number>): LogEstimate {
  const n = a.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += a[i]!;
  const m = s / n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (a[i]! - m) ** 2;
  return { value: m, se: n > 1 ? Math.sqrt(v / (n - 1) / n) : NaN };
}

export interface Gaps {
  elboEncoder: LogEstimate;
  elboStar: LogEstimate;
  logPx: LogEstimate;
  /** ELBO(q*) − ELBO(q_enc), s.e. from the paired differences. */
  amortization: LogEstimate;
  /** log p(x) − ELBO(q*), s.e. √(se_logp² + se_elbo*²). */
  approximation: LogEstimate;
}

/**
 * Both ELBOs with `samples` fresh ε (seeded, the same for both), and the two gaps against the
 * given log p(x) estimate.
 */
export async function measureGaps(model: VAE, x: tf.Tensor2D, enc: DiagGaussian, star: DiagGaussian, logPx: LogEstimate, samples: number, seed: number): Promise<Gaps> {
  const J = enc.mu.length;
  const both = tf.tidy(() => {
    const eps = tf.randomNormal<tf.Rank.R2>([samples, J], 0, 1, 'float32', seed);
    const t = (q: DiagGaussian) => elboTerms(model, x, tf.tensor2d(q.mu, [1, J]), tf.tensor2d(q.logVar, [1, J]), eps);
    return tf.concat([t(enc), t(star)]);
  });
  const v = await both.data();
  both.dispose();
  const e = v.subarray(0, samples);
  const s = v.subarray(samples);
  const diff = new Float64Array(samples);
  for (let i = 0; i < samples; i++) diff[i] = s[i]! - e[i]!;
  const elboEncoder = meanAndSe(e);
  const elboStar = meanAndSe(s);
  return {
    elboEncoder,
    elboStar,
    logPx,
    amortization: meanAndSe(diff),
    approximation: { value: logPx.value - elboStar.value, se: Math.sqrt((logPx.se || 0) ** 2 + elboStar.se ** 2) },
  };
}
