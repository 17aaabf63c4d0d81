import { describeDifferences } from '../../core/config';
import type { SettingChange } from '../../store/settingChanges';
import type { EvalPoint } from '../../protocol/types';
import type { RunHistory } from '../../store/store';
import { fmtCount, fmtInt } from '../format';

/** "run 3: β = 4" — a compared run, labelled by what differs from the current run. */
export function comparisonLabel(run: Pick<RunHistory, 'run' | 'label' | 'config'>, current: Pick<RunHistory, 'config'> | undefined): string {
  const diff = current ? describeDifferences(current.config, run.config) : run.label;
  return `run ${run.run}${run.label.startsWith('loaded') ? ` (${run.label.split(':')[0]})` : ''}: ${diff}`;
}

/** The settings changes of a run as sentences, for the chart's caption: "At 12.8k images (step 100): lr = 3e−3." */
export function describeChanges(changes: readonly Pick<SettingChange, 'step' | 'samples' | 'what'>[]): string {
  return changes.map((c) => `At ${fmtCount(c.samples)} images (step ${fmtInt(c.step)}): ${c.what}.`).join(' ');
}

/**
 * The legend name of the test set's IWAE bound: "IWAE bound (test), k = 5", naming every k the
 * evaluations used ("k = 5, 10") when L changed during the run; null when no evaluation has one.
 */
export function iwaeCurveName(evals: readonly Pick<EvalPoint, 'iwae'>[]): string | null {
  const ks = [...new Set(evals.flatMap((e) => (e.iwae ? [e.iwae.k] : [])))];
  return ks.length === 0 ? null : `IWAE bound (test), k = ${ks.join(', ')}`;
}
