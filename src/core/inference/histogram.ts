/**
 * Histograms for the lab's marginal plots (plain TypeScript).
 */

/**
 * Counts of `values` in `bins` equal cells over [lo, hi): cell b holds lo + b·w ≤ v < lo + (b+1)·w,
 * w = (hi − lo)/bins. Values outside the range (and non-finite ones) are counted in `outside`.
 */
export function histogram(values: ArrayLike<number>, lo: number, hi: number, bins: number): { counts: Uint32Array; outside: number } {
  if (!(hi > lo) || !Number.isInteger(bins) || bins < 1) throw new RangeError(`histogram: need lo < hi and whole bins ≥ 1, got [${lo}, ${hi}), ${bins}`);
  const counts = new Uint32Array(bins);
  const w = (hi - lo) / bins;
  let outside = 0;
  for (let i = 0; i < values.length; i++) {
    const b = Math.floor((values[i]! - lo) / w);
    if (b >= 0 && b < bins) counts[b]!++;
    else outside++;
  }
  return { counts, outside };
}
