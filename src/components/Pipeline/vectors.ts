/** Components of a latent vector shown in the pipeline strip (the rest is counted). */
export const PIPELINE_DIMS = 3;

/** "(0.12, −1.30)" or "(0.12, −1.30, 0.55, … +17)": a vector's first components, Unicode minus. */
export function vectorText(values: readonly number[], shown = PIPELINE_DIMS): string {
  const head = values.slice(0, shown).map((v) => (Number.isFinite(v) ? v.toFixed(2).replace('-', '−') : '—'));
  const rest = values.length - head.length;
  return `(${head.join(', ')}${rest > 0 ? `, … +${rest}` : ''})`;
}
