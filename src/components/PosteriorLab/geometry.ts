/**
 * Plot geometry for the posterior lab (no DOM): the window a scatter is drawn in and the
 * k-σ ellipse of a 2 × 2 covariance.
 */

export interface Window {
  x0: number;
  y0: number;
  /** Side of the square window, in latent units. */
  w: number;
}

/**
 * The square window that holds the points (pairs, interleaved) and the centres ± 3σ of the
 * Gaussians given, with 5 % margin. Falls back to [−4, 4]² when there is nothing to hold.
 */
export function squareWindow(points: ArrayLike<number>, gaussians: { mean: [number, number]; sd: [number, number] }[]): Window {
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  const take = (x: number, y: number) => {
    if (!Number.isFinite(x) || !Number.isFinite(y)) return;
    x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y);
  };
  for (let i = 0; i + 1 < points.length; i += 2) take(points[i]!, points[i + 1]!);
  for (const g of gaussians) {
    take(g.mean[0] - 3 * g.sd[0], g.mean[1] - 3 * g.sd[1]);
    take(g.mean[0] + 3 * g.sd[0], g.mean[1] + 3 * g.sd[1]);
  }
  if (!(x1 >= x0)) return { x0: -4, y0: -4, w: 8 };
  const w = Math.max(x1 - x0, y1 - y0, 1e-3) * 1.1;
  return { x0: (x0 + x1) / 2 - w / 2, y0: (y0 + y1) / 2 - w / 2, w };
}

/**
 * `n` points of the k-σ ellipse of N(m, C), C = [[a, b], [b, c]]: with eigenvalues
 * λ± = (a + c)/2 ± √(((a − c)/2)² + b²) and the major axis at angle θ = ½ atan2(2b, a − c),
 *   p(t) = m + k (√λ₊ cos t · u + √λ₋ sin t · v),  u = (cos θ, sin θ), v = (−sin θ, cos θ).
 */
export function ellipsePoints(m: [number, number], cov: [number, number, number], k: number, n = 64): [number, number][] {
  const [a, b, c] = cov;
  const h = (a - c) / 2;
  const r = Math.sqrt(h * h + b * b);
  const l1 = Math.max(0, (a + c) / 2 + r);
  const l2 = Math.max(0, (a + c) / 2 - r);
  const th = 0.5 * Math.atan2(2 * b, a - c);
  const [ct, st] = [Math.cos(th), Math.sin(th)];
  const out: [number, number][] = [];
  for (let i = 0; i <= n; i++) {
    const t = (2 * Math.PI * i) / n;
    const p = k * Math.sqrt(l1) * Math.cos(t);
    const q = k * Math.sqrt(l2) * Math.sin(t);
    out.push([m[0] + p * ct - q * st, m[1] + p * st + q * ct]);
  }
  return out;
}

/** The density of N(μ, σ²) at x (for the curve over a histogram). */
export function normalDensity(x: number, mu: number, sigma: number): number {
  return Math.exp(-0.5 * ((x - mu) / sigma) ** 2) / (sigma * Math.sqrt(2 * Math.PI));
}
