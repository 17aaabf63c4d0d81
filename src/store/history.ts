/**
 * Bounded metric histories. A long run must stay visible from its first step to its last
 * without the arrays growing without bound: when a history exceeds its cap, every other
 * point is dropped (keeping the first and the last), so the resolution halves but the whole
 * run remains.
 */
export const MAX_HISTORY = 4000;

export function appendBounded<T>(history: readonly T[], added: readonly T[], cap = MAX_HISTORY): T[] {
  let out = history.concat(added);
  while (out.length > cap) out = halve(out);
  return out;
}

/** Keeps even-indexed points and always the last one. */
export function halve<T>(points: readonly T[]): T[] {
  if (points.length <= 2) return points.slice();
  const out: T[] = [];
  for (let i = 0; i < points.length - 1; i += 2) out.push(points[i]!);
  out.push(points[points.length - 1]!);
  return out;
}

/** At most `max` evenly spaced points for drawing, first and last kept. */
export function thin<T>(points: readonly T[], max: number): T[] {
  if (points.length <= max) return points.slice();
  const out: T[] = [];
  const stride = (points.length - 1) / (max - 1);
  for (let i = 0; i < max; i++) out.push(points[Math.round(i * stride)]!);
  return out;
}
