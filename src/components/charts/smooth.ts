import type { XY } from './axes';

/**
 * Exponential moving average of a training curve, debiased as TensorBoard's scalar charts
 * smooth: with weight w ∈ [0, 1),
 *   m₀ = 0,  mᵢ = w·mᵢ₋₁ + (1 − w)·vᵢ,  sᵢ = mᵢ / (1 − wⁱ),
 * where i counts the finite values so far. Without the division the first points would be
 * pulled towards 0 (m₁ = (1 − w)·v₁); with it s₁ = v₁ and sᵢ is a weighted mean of v₁…vᵢ with
 * weights ∝ w^(i−k). A value that is not finite is kept as it is (the line breaks there) and
 * does not enter the average. w = 0 returns the values unchanged. Pure.
 */
export function emaSmooth(points: readonly XY[], weight: number): XY[] {
  const w = Number.isFinite(weight) ? Math.min(0.999, Math.max(0, weight)) : 0;
  if (w === 0) return points.slice();
  let m = 0;
  let n = 0;
  return points.map((p) => {
    if (!Number.isFinite(p.v)) return p;
    m = w * m + (1 - w) * p.v;
    n++;
    return { samples: p.samples, v: m / (1 - w ** n) };
  });
}
