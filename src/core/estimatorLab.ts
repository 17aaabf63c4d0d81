/**
 * The one-dimensional estimator lab: the gradient of E_{z~N(μ,σ²)}[f(z)] with respect to μ
 * and σ, exactly and by two Monte-Carlo estimators.
 *
 * - Reparameterization (pathwise, the paper's trick): z = μ + σ ε, ε ~ N(0, 1), so
 *     ∂/∂μ E[f(z)] = E_ε[f′(μ + σε)],  ∂/∂σ E[f(z)] = E_ε[f′(μ + σε) ε].
 *   A single-sample estimate is (f′(z), f′(z) ε). It needs f differentiable.
 * - Score function (REINFORCE, likelihood ratio): ∇ E_q[f] = E_q[f(z) ∇ log q(z)], with
 *     ∂ log q/∂μ = (z − μ)/σ² = ε/σ,  ∂ log q/∂σ = ((z − μ)² − σ²)/σ³ = (ε² − 1)/σ.
 *   A single-sample estimate is (f(z) ε/σ, f(z)(ε² − 1)/σ). It needs only f's values.
 * An L-sample estimate is the mean of L single-sample estimates. Pure TypeScript, seeded.
 */
import { mulberry32 } from '../shared/rng';

export const LAB_FUNCTIONS = ['square', 'sigmoid', 'smoothStep', 'step'] as const;
export type LabFunction = (typeof LAB_FUNCTIONS)[number];

/** Steepness k of the smooth step σ(k z). */
export const SMOOTH_STEP_K = 8;

export interface LabFunctionInfo {
  label: string;
  /** TeX of f(z). */
  tex: string;
  f: (z: number) => number;
  /** f′(z); 0 for the step (its derivative is 0 everywhere except at 0, where it does not exist). */
  df: (z: number) => number;
  differentiable: boolean;
}

const sigmoid = (v: number) => (v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v)));

export const LAB_FUNCTION_INFO: Record<LabFunction, LabFunctionInfo> = {
  square: { label: 'z² (a parabola)', tex: 'f(z) = z^2', f: (z) => z * z, df: (z) => 2 * z, differentiable: true },
  sigmoid: {
    label: 'sigmoid σ(z)',
    tex: 'f(z) = \\frac{1}{1 + e^{-z}}',
    f: sigmoid,
    df: (z) => sigmoid(z) * (1 - sigmoid(z)),
    differentiable: true,
  },
  smoothStep: {
    label: `smooth step σ(${SMOOTH_STEP_K}z)`,
    tex: `f(z) = \\frac{1}{1 + e^{-${SMOOTH_STEP_K}z}}`,
    f: (z) => sigmoid(SMOOTH_STEP_K * z),
    df: (z) => SMOOTH_STEP_K * sigmoid(SMOOTH_STEP_K * z) * (1 - sigmoid(SMOOTH_STEP_K * z)),
    differentiable: true,
  },
  step: { label: 'step 1[z > 0]', tex: 'f(z) = \\mathbb{1}[z > 0]', f: (z) => (z > 0 ? 1 : 0), df: () => 0, differentiable: false },
};

/** Standard normal density φ(t) = e^{−t²/2}/√(2π). */
export function normalPdf(t: number): number {
  return Math.exp(-0.5 * t * t) / Math.sqrt(2 * Math.PI);
}

/**
 * Standard normal CDF Φ(t) = ½ erfc(−t/√2), with the Chebyshev fit of erfc from Numerical
 * Recipes (fractional error below 1.2·10⁻⁷ everywhere).
 */
export function normalCdf(t: number): number {
  const x = -t / Math.SQRT2;
  const a = Math.abs(x);
  const u = 1 / (1 + 0.5 * a);
  const r =
    u *
    Math.exp(
      -a * a - 1.26551223 +
        u * (1.00002368 + u * (0.37409196 + u * (0.09678418 + u * (-0.18628806 + u * (0.27886807 + u * (-1.13520398 + u * (1.48851587 + u * (-0.82215223 + u * 0.17087277)))))))),
    );
  const erfc = x >= 0 ? r : 2 - r;
  return 0.5 * erfc;
}

export interface ExactGradient {
  /** E[f(z)] */
  value: number;
  /** ∂/∂μ E[f(z)] */
  dMu: number;
  /** ∂/∂σ E[f(z)] */
  dSigma: number;
  /** How it was computed. */
  method: 'closed form' | 'quadrature';
}

/** Half-width (in ε) and intervals of the Simpson rule; the integrands are negligible beyond ±12. */
const QUAD_LIMIT = 12;
const QUAD_INTERVALS = 6000;

/**
 * ∫ g(ε) φ(ε) dε over ε ∈ [−12, 12] by composite Simpson with 6,000 intervals (h = 0.004):
 * for the smooth integrands here (scale ≥ 1/(kσ) in ε) the error is far below what a
 * Monte-Carlo mean can resolve.
 */
export function gaussianExpectation(g: (eps: number) => number): number {
  const n = QUAD_INTERVALS;
  const h = (2 * QUAD_LIMIT) / n;
  let s = 0;
  for (let i = 0; i <= n; i++) {
    const e = -QUAD_LIMIT + i * h;
    const w = i === 0 || i === n ? 1 : i % 2 === 1 ? 4 : 2;
    s += w * g(e) * normalPdf(e);
  }
  return (s * h) / 3;
}

function checkParams(mu: number, sigma: number): void {
  if (!Number.isFinite(mu)) throw new Error(`μ must be a finite number, got ${mu}`);
  if (!(sigma > 0) || !Number.isFinite(sigma)) throw new Error(`σ must be a positive number, got ${sigma}`);
}

/**
 * The exact E[f(z)] and its gradient for z ~ N(μ, σ²):
 * - z²: E = μ² + σ², ∂μ = 2μ, ∂σ = 2σ.
 * - step 1[z > 0]: E = Φ(μ/σ), ∂μ = φ(μ/σ)/σ, ∂σ = −(μ/σ²) φ(μ/σ).
 * - sigmoids: quadrature of the pathwise forms E[f′(μ + σε)] and E[f′(μ + σε) ε].
 */
export function exactGradient(fn: LabFunction, mu: number, sigma: number): ExactGradient {
  checkParams(mu, sigma);
  if (fn === 'square') return { value: mu * mu + sigma * sigma, dMu: 2 * mu, dSigma: 2 * sigma, method: 'closed form' };
  if (fn === 'step') {
    const t = mu / sigma;
    return { value: normalCdf(t), dMu: normalPdf(t) / sigma, dSigma: (-t / sigma) * normalPdf(t), method: 'closed form' };
  }
  const { f, df } = LAB_FUNCTION_INFO[fn];
  return {
    value: gaussianExpectation((e) => f(mu + sigma * e)),
    dMu: gaussianExpectation((e) => df(mu + sigma * e)),
    dSigma: gaussianExpectation((e) => df(mu + sigma * e) * e),
    method: 'quadrature',
  };
}

/** The gradient by quadrature of the score-function form, E[f(z) ε]/σ and E[f(z)(ε² − 1)]/σ (a cross-check). */
export function scoreFormByQuadrature(fn: LabFunction, mu: number, sigma: number): { dMu: number; dSigma: number } {
  checkParams(mu, sigma);
  const { f } = LAB_FUNCTION_INFO[fn];
  return {
    dMu: gaussianExpectation((e) => f(mu + sigma * e) * e) / sigma,
    dSigma: gaussianExpectation((e) => f(mu + sigma * e) * (e * e - 1)) / sigma,
  };
}

/** A seeded standard normal generator (Box–Muller on mulberry32). */
export function normalGenerator(seed: number): () => number {
  const u = mulberry32(seed);
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    // 1 − u() lies in (0, 1]: the logarithm stays finite.
    const r = Math.sqrt(-2 * Math.log(1 - u()));
    const a = 2 * Math.PI * u();
    spare = r * Math.sin(a);
    return r * Math.cos(a);
  };
}

/** n independent N(0, 1) draws from a seed. */
export function standardNormals(n: number, seed: number): number[] {
  const g = normalGenerator(seed);
  return Array.from({ length: n }, g);
}

export type LabEstimator = 'reparam' | 'score';

/** The single-sample estimates of (∂μ, ∂σ) at ε, for each estimator (see the file comment). */
export function singleSampleEstimates(fn: LabFunction, mu: number, sigma: number, eps: number): Record<LabEstimator, [number, number]> {
  const { f, df } = LAB_FUNCTION_INFO[fn];
  const z = mu + sigma * eps;
  const d = df(z);
  const fz = f(z);
  return { reparam: [d, d * eps], score: [(fz * eps) / sigma, (fz * (eps * eps - 1)) / sigma] };
}

export interface SampleStats {
  n: number;
  mean: number;
  /** Unbiased sample variance of the estimates. */
  variance: number;
  /** Standard error of the mean, √(variance/n). */
  stdErr: number;
}

/** Mean, unbiased variance and standard error (Welford's update, stable for large means). */
export function sampleStats(values: ArrayLike<number>): SampleStats {
  let mean = 0;
  let m2 = 0;
  const n = values.length;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    const d = v - mean;
    mean += d / (i + 1);
    m2 += d * (v - mean);
  }
  const variance = n > 1 ? m2 / (n - 1) : 0;
  return { n, mean, variance, stdErr: Math.sqrt(variance / Math.max(1, n)) };
}

export interface EstimateSet {
  /** n L-sample estimates of ∂/∂μ and of ∂/∂σ. */
  dMu: Float64Array;
  dSigma: Float64Array;
  statsMu: SampleStats;
  statsSigma: SampleStats;
}

export interface LabRun {
  fn: LabFunction;
  mu: number;
  sigma: number;
  L: number;
  n: number;
  exact: ExactGradient;
  reparam: EstimateSet;
  score: EstimateSet;
}

export const LAB_LIMITS = { nMax: 20_000, LMax: 1000, sigmaMin: 0.05, sigmaMax: 5, muAbsMax: 5 } as const;

/**
 * n L-sample estimates of the gradient by both estimators, from the same ε draws (so the
 * difference between them is the estimator's alone). Seeded: the same arguments give the
 * same estimates.
 */
export function runLab(fn: LabFunction, mu: number, sigma: number, L: number, n: number, seed: number): LabRun {
  checkParams(mu, sigma);
  if (!Number.isInteger(L) || L < 1 || L > LAB_LIMITS.LMax) throw new Error(`L must be a whole number in 1…${LAB_LIMITS.LMax}, got ${L}`);
  if (!Number.isInteger(n) || n < 2 || n > LAB_LIMITS.nMax) throw new Error(`n must be a whole number in 2…${LAB_LIMITS.nMax}, got ${n}`);
  const g = normalGenerator(seed);
  const out = {
    reparam: { dMu: new Float64Array(n), dSigma: new Float64Array(n) },
    score: { dMu: new Float64Array(n), dSigma: new Float64Array(n) },
  };
  for (let i = 0; i < n; i++) {
    let rm = 0;
    let rs = 0;
    let sm = 0;
    let ss = 0;
    for (let l = 0; l < L; l++) {
      const e = singleSampleEstimates(fn, mu, sigma, g());
      rm += e.reparam[0];
      rs += e.reparam[1];
      sm += e.score[0];
      ss += e.score[1];
    }
    out.reparam.dMu[i] = rm / L;
    out.reparam.dSigma[i] = rs / L;
    out.score.dMu[i] = sm / L;
    out.score.dSigma[i] = ss / L;
  }
  const withStats = (s: { dMu: Float64Array; dSigma: Float64Array }): EstimateSet => ({
    ...s,
    statsMu: sampleStats(s.dMu),
    statsSigma: sampleStats(s.dSigma),
  });
  return { fn, mu, sigma, L, n, exact: exactGradient(fn, mu, sigma), reparam: withStats(out.reparam), score: withStats(out.score) };
}

export interface VarianceRow {
  L: number;
  /** Measured variance of the L-sample estimate: [∂μ, ∂σ]. */
  reparam: [number, number];
  score: [number, number];
}

/** The measured variance of L-sample estimates for each L (n estimates each, seeds derived from `seed`). */
export function varianceVsL(fn: LabFunction, mu: number, sigma: number, Ls: readonly number[], n: number, seed: number): VarianceRow[] {
  return Ls.map((L, i) => {
    const r = runLab(fn, mu, sigma, L, n, seed * 31 + i + 1);
    return {
      L,
      reparam: [r.reparam.statsMu.variance, r.reparam.statsSigma.variance],
      score: [r.score.statsMu.variance, r.score.statsSigma.variance],
    };
  });
}

export interface Histogram {
  lo: number;
  hi: number;
  counts: number[];
  /** Values below lo and above hi (not in any bin). */
  below: number;
  above: number;
}

/** Counts of values in `bins` equal bins over [lo, hi]; the last bin includes hi. */
export function histogram(values: ArrayLike<number>, lo: number, hi: number, bins: number): Histogram {
  if (!(hi > lo) || bins < 1) throw new Error(`need lo < hi and bins ≥ 1, got [${lo}, ${hi}], ${bins}`);
  const counts = new Array<number>(bins).fill(0);
  let below = 0;
  let above = 0;
  const w = (hi - lo) / bins;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < lo) below++;
    else if (v > hi) above++;
    else counts[Math.min(bins - 1, Math.floor((v - lo) / w))]!++;
  }
  return { lo, hi, counts, below, above };
}

/** The q-quantile of values (linear interpolation between order statistics). */
export function quantile(values: ArrayLike<number>, q: number): number {
  const s = Float64Array.from(values).sort();
  if (s.length === 0) return Number.NaN;
  const p = Math.min(1, Math.max(0, q)) * (s.length - 1);
  const i = Math.floor(p);
  const f = p - i;
  return i + 1 < s.length ? s[i]! * (1 - f) + s[i + 1]! * f : s[i]!;
}

/**
 * One range for the histograms of several estimators, so their spreads compare by eye: from
 * the 1st to the 99th percentile of all values together, widened to include `include` (the
 * exact gradient), and never empty (all-zero estimates get a small range around 0).
 */
export function sharedRange(sets: ArrayLike<number>[], include: number): [number, number] {
  const all = new Float64Array(sets.reduce((n, s) => n + s.length, 0));
  let o = 0;
  for (const s of sets) for (let i = 0; i < s.length; i++) all[o++] = s[i]!;
  let lo = Math.min(quantile(all, 0.01), include);
  let hi = Math.max(quantile(all, 0.99), include);
  if (!(hi - lo > 1e-9)) {
    const pad = Math.max(1e-3, Math.abs(lo) * 0.1);
    lo -= pad;
    hi += pad;
  }
  return [lo, hi];
}
