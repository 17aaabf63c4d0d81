/**
 * The figures the Bayesian-decoder panel shows, computed from the worker's answers (pure, so
 * each is checked against a hand computation).
 */
import type { SmallDataArm } from '../../protocol/bayes';
import type { TrainPoint } from '../../protocol/types';

/** The full-VB bound per image: E_q(θ)[ELBO_i] − KL(q(θ) ‖ p_α(θ))/N = elbo − weightKl. */
export function boundPerImage(p: Pick<TrainPoint, 'elbo' | 'weightKl'>): number {
  return p.elbo - (p.weightKl ?? 0);
}

/** Mean and maximum of a per-pixel spread map. */
export function spreadFigures(spread: ArrayLike<number>): { mean: number; max: number } {
  let sum = 0;
  let max = 0;
  for (let i = 0; i < spread.length; i++) {
    sum += spread[i]!;
    if (spread[i]! > max) max = spread[i]!;
  }
  return { mean: spread.length ? sum / spread.length : 0, max };
}

/** The generalization gap of one arm: train ELBO − test ELBO (nats per image; large = overfitting). */
export function elboGap(a: Pick<SmallDataArm, 'trainElbo' | 'testElbo'>): number {
  return a.trainElbo - a.testElbo;
}

/** A number for the page: 1 decimal for nats, more for small values. */
export function fmt(v: number, digits = 1): string {
  if (!Number.isFinite(v)) return '—';
  const a = Math.abs(v);
  if (a !== 0 && a < 0.001) return v.toExponential(2);
  return v.toFixed(digits);
}
