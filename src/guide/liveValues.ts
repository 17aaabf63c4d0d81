import { recentTrainMeans } from '../components/Figures/Figures';
import { DASH, fmt } from '../components/format';
import type { AppState } from '../store/store';

/**
 * The live values a stop's text can show as {{name}}, formatted exactly as the views beside
 * it show them (the train figures are the Live figures' means of the last minibatches, so the
 * numbers in the ELBO equation are the numbers in that list).
 */
export const LIVE_NAMES = ['elbo', 'recon', 'kl', 'elboTest', 'activeUnits', 'latentDim', 'padElbo', 'padLogpx'] as const;
export type LiveName = (typeof LIVE_NAMES)[number];

export function liveValues(s: AppState): Record<LiveName, string> {
  const t = recentTrainMeans(s);
  const ev = s.runs.find((r) => r.run === s.runState?.run)?.evals.at(-1) ?? null;
  const input = s.drawInput;
  const analysis = input && s.drawAnalysis?.version === input.version ? s.drawAnalysis : null;
  const is = input && s.drawIs?.version === input.version && s.drawIs.estimate !== null ? s.drawIs : null;
  return {
    elbo: fmt(t?.elbo),
    recon: fmt(t?.recon),
    kl: fmt(t?.kl),
    elboTest: fmt(ev?.elbo),
    activeUnits: ev ? String(ev.activeUnits) : DASH,
    latentDim: s.runState ? String(s.runState.config.latentDim) : DASH,
    padElbo: fmt(analysis?.elbo),
    padLogpx: is ? `${fmt(is.estimate)} (k = ${is.done.toLocaleString('en-US')}${is.finished ? '' : ' so far'})` : DASH,
  };
}
