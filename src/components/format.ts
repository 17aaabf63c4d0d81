/** Display formatting shared by the views. "—" stands for a figure not known yet. */
export const DASH = '—';

export function fmt(v: number | null | undefined, digits = 1): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return DASH;
  return v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function fmtInt(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return DASH;
  return Math.round(v).toLocaleString('en-US');
}

/** Shortest faithful text of a setting's value (learning rates like 0.0005 stay readable). */
export function fmtSetting(v: unknown): string {
  if (Array.isArray(v)) return v.join(', ');
  if (typeof v === 'number') return String(Number(v.toPrecision(6)));
  return String(v);
}

/** A chart tick's count of images: 950, 3.5k, 10.5k, 1.25M (up to 4 significant digits, so neighbouring round ticks stay distinct). */
export function fmtCount(v: number): string {
  const abs = Math.abs(v);
  if (abs < 1000) return String(v);
  const [unit, suffix] = abs >= 1e6 ? [1e6, 'M'] : [1e3, 'k'];
  return `${Number((v / unit).toPrecision(4))}${suffix}`;
}
