/**
 * The three estimators of the encoder's gradient the lab compares (core/gradVariance.ts
 * computes them), in the order the page shows them, with their names for people. No tensor
 * code: the page imports this list.
 */
export const GRAD_ESTIMATORS = ['reparamB', 'reparamA', 'score'] as const;
export type GradEstimator = (typeof GRAD_ESTIMATORS)[number];

export const GRAD_ESTIMATOR_LABELS: Record<GradEstimator, string> = {
  reparamB: 'Reparameterization, estimator B (analytic KL)',
  reparamA: 'Reparameterization, estimator A (Monte-Carlo KL)',
  score: 'Score function (REINFORCE)',
};
