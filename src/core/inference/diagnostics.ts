/**
 * Convergence diagnostics of Markov chains, in plain TypeScript: the effective sample size
 * (autocorrelation summed by Geyer's initial monotone sequence) and the split-R̂ across chains
 * (Gelman et al., Bayesian Data Analysis, 3rd ed., §11.4–11.5; the multi-chain ESS of Stan).
 * A chain is an array of draws of one scalar (one latent dimension).
 */

function mean(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]!;
  return s / a.length;
}

/** Sample variance with divisor n − 1. */
function variance(a: ArrayLike<number>): number {
  const m = mean(a);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i]! - m) ** 2;
  return s / (a.length - 1);
}

/**
 * Autocovariance of one chain at lags 0 … maxLag, with divisor n (the biased estimator, which
 * keeps the sequence positive semi-definite): γ_t = (1/n) Σ_{i=0}^{n−1−t} (x_i − x̄)(x_{i+t} − x̄).
 */
export function autocovariance(x: ArrayLike<number>, maxLag: number): Float64Array {
  const n = x.length;
  const m = mean(x);
  const out = new Float64Array(maxLag + 1);
  for (let t = 0; t <= maxLag && t < n; t++) {
    let s = 0;
    for (let i = 0; i + t < n; i++) s += (x[i]! - m) * (x[i + t]! - m);
    out[t] = s / n;
  }
  return out;
}

function checkChains(chains: ArrayLike<number>[], minLength: number, what: string): number {
  if (chains.length === 0) throw new RangeError(`${what}: no chains`);
  const n = chains[0]!.length;
  if (chains.some((c) => c.length !== n)) throw new RangeError(`${what}: the chains differ in length`);
  if (n < minLength) throw new RangeError(`${what}: chains need at least ${minLength} draws, got ${n}`);
  return n;
}

/**
 * Split-R̂: each of the M chains is cut into halves of n = ⌊N/2⌋ draws (a middle draw of an
 * odd N is dropped), giving m = 2M chains. With W the mean of the within-chain variances s_j²
 * and B = n/(m−1) Σ_j (x̄_j − x̄)², the pooled variance is var⁺ = (n−1)/n · W + B/n and
 *   R̂ = √(var⁺ / W).
 * Near 1 when the chains agree; above ~1.01 they have not mixed. Returns NaN when W = 0.
 */
export function splitRhat(chains: ArrayLike<number>[]): number {
  const N = checkChains(chains, 4, 'split-R̂');
  const n = Math.floor(N / 2);
  const halves: ArrayLike<number>[] = [];
  for (const c of chains) {
    const a = Array.from(c);
    halves.push(a.slice(0, n), a.slice(N - n));
  }
  const m = halves.length;
  const means = halves.map(mean);
  const W = mean(halves.map(variance));
  const grand = mean(means);
  const B = (n / (m - 1)) * means.reduce((s, x) => s + (x - grand) ** 2, 0);
  if (!(W > 0)) return NaN;
  const varPlus = ((n - 1) / n) * W + B / n;
  return Math.sqrt(varPlus / W);
}

/**
 * Effective sample size of M chains of N draws each (Stan's estimator, without rank
 * normalization). With s_j² the variance of chain j (divisor N − 1), W = mean_j s_j², B/N the
 * variance of the chain means (divisor M − 1; 0 for one chain) and var⁺ = (N−1)/N · W + B/N,
 * the combined autocorrelation is ρ_0 = 1 and, for t ≥ 1,
 *   ρ_t = 1 − (W − γ̄_t) / var⁺,
 * γ̄_t the mean over chains of the lag-t autocovariance (divisor N). Geyer's initial monotone
 * sequence: the pair sums P_k = ρ_{2k} + ρ_{2k+1} are summed while positive, each capped at the
 * one before (so the sequence is non-increasing), and
 *   τ = −1 + 2 Σ_k P_k,   ESS = M·N / τ,
 * with ESS at most M·N·log₁₀(M·N) (Stan's cap for antithetic chains). NaN when every draw is
 * the same.
 */
export function effectiveSampleSize(chains: ArrayLike<number>[]): number {
  const N = checkChains(chains, 4, 'ESS');
  const M = chains.length;
  const means = chains.map(mean);
  // γ̄_t one lag at a time: the sum stops at the first negative pair, usually after a few lags.
  const acovMean = (t: number) => {
    let s = 0;
    chains.forEach((c, j) => {
      const m = means[j]!;
      for (let i = 0; i + t < N; i++) s += (c[i]! - m) * (c[i + t]! - m);
    });
    return s / N / M;
  };
  const W = (acovMean(0) * N) / (N - 1);
  const grand = mean(means);
  const betweenOverN = M > 1 ? means.reduce((s, x) => s + (x - grand) ** 2, 0) / (M - 1) : 0;
  const varPlus = ((N - 1) / N) * W + betweenOverN;
  if (!(varPlus > 0)) return NaN;
  const rho = (t: number) => (t === 0 ? 1 : 1 - (W - acovMean(t)) / varPlus);
  let sum = 0;
  let prev = Infinity;
  for (let k = 0; 2 * k + 1 < N; k++) {
    let p = rho(2 * k) + rho(2 * k + 1);
    if (!(p > 0)) break;
    p = Math.min(p, prev);
    sum += p;
    prev = p;
  }
  const tau = -1 + 2 * sum;
  return Math.min((M * N) / tau, M * N * Math.log10(M * N));
}

/** Per latent dimension: chains[c] holds rows of J values; returns dimension j's chains. */
export function dimensionChains(chains: ArrayLike<number>[], J: number, j: number): Float64Array[] {
  return chains.map((c) => {
    const n = Math.floor(c.length / J);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = c[i * J + j]!;
    return out;
  });
}

export interface ChainSummary {
  /** ESS per dimension, and the smallest. */
  ess: number[];
  minEss: number;
  /** Split-R̂ per dimension, and the largest. */
  rhat: number[];
  maxRhat: number;
}

/** ESS and split-R̂ of every latent dimension of chains of J-dimensional draws (rows of J values per chain). */
export function summarizeChains(chains: ArrayLike<number>[], J: number): ChainSummary {
  const ess: number[] = [];
  const rhat: number[] = [];
  for (let j = 0; j < J; j++) {
    const d = dimensionChains(chains, J, j);
    ess.push(effectiveSampleSize(d));
    rhat.push(splitRhat(d));
  }
  return { ess, minEss: Math.min(...ess), rhat, maxRhat: Math.max(...rhat) };
}
