/**
 * The posterior lab's chain settings (its seed included) in the address bar, so that a link
 * reproduces the chains: ?mcmc=METHOD-CHAINS-STEP-LEAPFROG-WARMUP-DRAWS-SEED, written only
 * when the settings differ from the defaults. Other parameters are left alone; a value that
 * does not parse or breaks a limit is ignored (the defaults stay).
 */
import { chainSettingsProblem, DEFAULT_CHAIN_SETTINGS, type ChainSettings } from '../protocol/inference';
import { actionStore } from './actions';

export const LAB_URL_KEY = 'mcmc';

export function encodeChainSettings(s: ChainSettings): string {
  return [s.method, s.chains, s.stepSize, s.leapfrogSteps, s.warmup, s.draws, s.seed].join('-');
}

/** The settings in a parameter's value, or null when it is not a valid set of settings. */
export function decodeChainSettings(raw: string): ChainSettings | null {
  const parts = raw.split('-');
  if (parts.length !== 7) return null;
  const [method, ...rest] = parts;
  if (!rest.every((t) => /^(\d+\.?\d*|\.\d+)(e-?\d+)?$/i.test(t!))) return null;
  const [chains, stepSize, leapfrogSteps, warmup, draws, seed] = rest.map(Number) as number[];
  const s = { method, chains, stepSize, leapfrogSteps, warmup, draws, seed } as ChainSettings;
  return chainSettingsProblem(s) === null ? s : null;
}

/** Reads the settings from the address once, then keeps the address in step with them. Returns the unsubscribe function. */
export function installLabUrlState(): () => void {
  const store = actionStore();
  const raw = new URLSearchParams(window.location.search).get(LAB_URL_KEY);
  const fromUrl = raw === null ? null : decodeChainSettings(raw);
  if (fromUrl) store.getState().setChainSettings(fromUrl);
  let shown = '';
  const write = (s: ChainSettings) => {
    const v = encodeChainSettings(s);
    if (v === shown) return;
    shown = v;
    const params = new URLSearchParams(window.location.search);
    if (v === encodeChainSettings(DEFAULT_CHAIN_SETTINGS) || chainSettingsProblem(s)) params.delete(LAB_URL_KEY);
    else params.set(LAB_URL_KEY, v);
    const q = params.toString();
    window.history.replaceState(null, '', `${window.location.pathname}${q ? `?${q}` : ''}${window.location.hash}`);
  };
  write(store.getState().chainSettings);
  return store.subscribe((s, prev) => {
    if (s.chainSettings !== prev.chainSettings) write(s.chainSettings);
  });
}
