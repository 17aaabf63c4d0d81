import { effectiveBeta, effectiveLearningRate, formatSetting, type Config } from '../../core/config';

/**
 * The values a schedule gives at `step` (the steps done, so the rate and β of the next step),
 * for the settings that have one: the learning rate along its cosine decay, β along its KL
 * warm-up. The settings show what was set; these rows show what training uses now.
 */
export function scheduleRows(config: Config, step: number): [string, string][] {
  const rows: [string, string][] = [];
  if (config.lrDecaySteps > 0) {
    const at = Math.min(step, config.lrDecaySteps);
    rows.push([
      'Learning rate now',
      `${formatSetting('learningRate', effectiveLearningRate(config, step))} (step ${at.toLocaleString('en-US')} of ${config.lrDecaySteps.toLocaleString('en-US')} of the decay)`,
    ]);
  }
  if (config.klWarmupSteps > 0) {
    const at = Math.min(step, config.klWarmupSteps);
    rows.push(['β now', `${formatSetting('beta', effectiveBeta(config, step))} (step ${at.toLocaleString('en-US')} of ${config.klWarmupSteps.toLocaleString('en-US')} of the warm-up)`]);
  }
  return rows;
}
