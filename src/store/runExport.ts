/**
 * A run's metric history as saved in a run file, and as CSV for people. Pure functions.
 */
import type { SavedHistory } from '../core/runFile';
import type { EvalPoint, TrainPoint } from '../protocol/types';
import type { RunHistory } from './store';

/** The history of a run as a run file keeps it (no session run numbers; NaN becomes null in JSON). */
export function toSavedHistory(r: RunHistory): SavedHistory {
  const num = (v: number) => (Number.isFinite(v) ? v : null);
  return {
    points: r.points.map((p) => ({ step: p.step, samples: p.samples, elbo: num(p.elbo), recon: num(p.recon), kl: num(p.kl), loss: num(p.loss), gradNorm: num(p.gradNorm) })),
    evals: r.evals.map((e) => ({
      step: e.step,
      samples: e.samples,
      elbo: num(e.elbo),
      recon: num(e.recon),
      kl: num(e.kl),
      klPerDim: e.klPerDim.map(num),
      activeUnits: e.activeUnits,
      n: e.n,
      full: e.full,
      ...(e.iwae ? { iwae: { k: e.iwae.k, bound: num(e.iwae.bound) } } : {}),
    })),
    divergences: r.divergences.map((d) => ({ ...d })),
  };
}

/** A saved history as the store keeps it, for session run `run`. */
export function fromSavedHistory(h: SavedHistory, run: number): Pick<RunHistory, 'points' | 'evals' | 'divergences'> {
  const num = (v: number | null) => v ?? Number.NaN;
  return {
    points: h.points.map(
      (p): TrainPoint => ({ run, step: p.step, samples: p.samples, elbo: num(p.elbo), recon: num(p.recon), kl: num(p.kl), loss: num(p.loss), gradNorm: num(p.gradNorm) }),
    ),
    evals: h.evals.map(
      (e): EvalPoint => ({
        run,
        step: e.step,
        samples: e.samples,
        elbo: num(e.elbo),
        recon: num(e.recon),
        kl: num(e.kl),
        klPerDim: e.klPerDim.map(num),
        activeUnits: e.activeUnits,
        n: e.n,
        full: e.full,
        ...(e.iwae ? { iwae: { k: e.iwae.k, bound: num(e.iwae.bound) } } : {}),
      }),
    ),
    divergences: h.divergences.map((d) => ({ ...d })),
  };
}

export const CSV_COLUMNS = ['run', 'label', 'set', 'step', 'samples', 'elbo', 'recon', 'kl', 'loss', 'grad_norm', 'active_units', 'test_images', 'iwae_bound', 'iwae_k'] as const;

function csvField(v: string | number | null): string {
  if (v === null) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/**
 * Every run's metrics as CSV, one row per point: "train" rows are minibatch figures (loss is
 * the training objective with β), "test" rows are test-set evaluations (with the IWAE bound and its
 * k for runs trained with IWAE). Figures in nats per
 * image; an empty cell is a figure that does not apply, or was not finite.
 */
export function metricsCsv(runs: readonly RunHistory[]): string {
  const rows: (string | number | null)[][] = [[...CSV_COLUMNS]];
  for (const r of runs) {
    for (const p of r.points) rows.push([r.run, r.label, 'train', p.step, p.samples, p.elbo, p.recon, p.kl, p.loss, p.gradNorm, null, null, null, null]);
    for (const e of r.evals) rows.push([r.run, r.label, 'test', e.step, e.samples, e.elbo, e.recon, e.kl, null, null, e.activeUnits, e.n, e.iwae?.bound ?? null, e.iwae?.k ?? null]);
  }
  return rows.map((row) => row.map(csvField).join(',')).join('\n') + '\n';
}
