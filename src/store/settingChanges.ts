import { describeDifferences, type Config } from '../core/config';

/**
 * A change of the live settings in the middle of a run (learning rate, β, estimator, …),
 * where it took effect: the steps from `step` on trained with the new settings. Pure data,
 * for the learning curves' markers.
 */
export interface SettingChange {
  /** Steps done and training images seen when the change took effect. */
  step: number;
  samples: number;
  /** What changed, as short labels: "lr = 3e−3, β = 2". */
  what: string;
  /** The settings before the change (to merge a second change made at the same step). */
  before: Config;
}

/**
 * The changes of a run after the worker reports `next` in effect at (`step`, `samples`), the
 * run's config having been `prev`. Changes made at the same step (several fields edited while
 * paused) become one, described against the settings before the first of them; a change
 * undone at the same step leaves no mark.
 */
export function recordSettingChange(
  changes: readonly SettingChange[],
  prev: Config,
  next: Config,
  step: number,
  samples: number,
): readonly SettingChange[] {
  if (JSON.stringify(prev) === JSON.stringify(next)) return changes;
  const last = changes.at(-1);
  const merging = last !== undefined && last.step === step;
  const before = merging ? last.before : prev;
  const kept = merging ? changes.slice(0, -1) : changes;
  if (JSON.stringify(before) === JSON.stringify(next)) return kept;
  return [...kept, { step, samples, what: describeDifferences(before, next), before }];
}
