/**
 * Step-size adaptation by dual averaging (Hoffman & Gelman 2014, "The No-U-Turn Sampler",
 * Algorithm 5 / §3.2.1), as Stan does during warm-up. After warm-up transition m with mean
 * acceptance probability α_m (over the chains):
 *   H̄_m = (1 − 1/(m + t₀)) H̄_{m−1} + (δ − α_m) / (m + t₀)
 *   log ε_m = μ − (√m / γ) H̄_m
 *   log ε̄_m = m^{−κ} log ε_m + (1 − m^{−κ}) log ε̄_{m−1}
 * with μ = log(10 ε₀), H̄₀ = 0, log ε̄₀ = 0. ε_m is used during warm-up; after it, ε̄ (the
 * averaged iterate) is fixed. δ is the target acceptance rate: 0.65 suits HMC with a fixed number
 * of leapfrog steps (Neal 2011: the optimum lies in 0.6–0.9), 0.234 random-walk Metropolis in
 * high dimension (Roberts, Gelman & Gilks 1997).
 */
export const DUAL_AVERAGING = { gamma: 0.05, t0: 10, kappa: 0.75 } as const;

export class DualAveraging {
  private m = 0;
  private hBar = 0;
  private logEpsBar = 0;
  private logEps: number;
  private readonly mu: number;

  constructor(
    initial: number,
    private readonly delta: number,
  ) {
    if (!(initial > 0) || !Number.isFinite(initial)) throw new RangeError(`dual averaging: the initial step size must be > 0, got ${initial}`);
    if (!(delta > 0 && delta < 1)) throw new RangeError(`dual averaging: the target acceptance must lie in (0, 1), got ${delta}`);
    this.logEps = Math.log(initial);
    this.mu = Math.log(10 * initial);
  }

  /** The step size to use for the next warm-up transition (ε_m). */
  get current(): number {
    return Math.exp(this.logEps);
  }

  /** The averaged step size ε̄_m, the one kept after warm-up (the initial one before any update). */
  get final(): number {
    return this.m === 0 ? this.current : Math.exp(this.logEpsBar);
  }

  /** Updates with the mean acceptance probability α ∈ [0, 1] of the transition just made (NaN counts as 0). */
  update(alpha: number): void {
    const a = Number.isFinite(alpha) ? Math.min(1, Math.max(0, alpha)) : 0;
    const { gamma, t0, kappa } = DUAL_AVERAGING;
    this.m++;
    const m = this.m;
    this.hBar = (1 - 1 / (m + t0)) * this.hBar + (this.delta - a) / (m + t0);
    this.logEps = this.mu - (Math.sqrt(m) / gamma) * this.hBar;
    const w = m ** -kappa;
    this.logEpsBar = w * this.logEps + (1 - w) * this.logEpsBar;
  }
}
