/**
 * The guided path's actions: move between stops and apply a stop's declared set-up through
 * the controls' own actions (applyConfig / confirmRebuild / reset / train / pause, and the
 * pad's loadTestDigit / loadPretrained), so the path has no second way into the model.
 */
import { rebuildKeysChanged, SETTINGS, validateConfig, type Config, type SettingKey } from '../core/config';
import { showView } from '../app/views';
import { STOPS, stopFromUrl, type StopSetup } from '../guide/stops';
import { rememberedStop, rememberStop, useGuideStore } from '../guide/guideStore';
import type { AppState } from '../store/store';
import { actionStore, applyConfig, confirmRebuild, connectedWorker, pause, reportError, reset, train } from './actions';
import { loadPretrained, loadTestDigit } from './drawActions';

/** How long a set-up waits for the worker (start-up, a rebuild) before it gives up. */
export const SETUP_WAIT_MS = 120_000;

let guide = useGuideStore;
/** For tests: act on another guide store. */
export function useGuideStoreForActions(s: typeof useGuideStore): void {
  guide = s;
}

/** Resolves when `pred` holds for the app's state; rejects after `ms`. */
function waitFor(pred: (s: AppState) => boolean, what: string, ms = SETUP_WAIT_MS): Promise<void> {
  const store = actionStore();
  if (pred(store.getState())) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsub();
      reject(new Error(`The guide's set-up gave up waiting for ${what}.`));
    }, ms);
    const unsub = store.subscribe((s) => {
      if (!pred(s)) return;
      clearTimeout(timer);
      unsub();
      resolve();
    });
  });
}

const runOf = (s: AppState) => s.runState?.run ?? -1;

/** Whether two configs agree on every setting (key order aside). */
function sameConfig(a: Config | undefined, b: Config): boolean {
  return !!a && (Object.keys(SETTINGS) as SettingKey[]).every((k) => JSON.stringify(a[k]) === JSON.stringify(b[k]));
}

/**
 * The config a set-up asks for: the settings in effect (not what a control may show
 * unconfirmed) with the set-up's settings and data set over them, validated.
 */
export function setupConfig(inEffect: Config, setup: StopSetup): { ok: true; config: Config } | { ok: false; message: string } {
  const merged = { ...inEffect, ...setup.settings, ...(setup.dataset ? { dataset: setup.dataset } : {}) };
  const v = validateConfig(merged);
  return v.ok ? v : { ok: false, message: `This stop's set-up is not valid: ${v.errors.map((e) => e.message).join('; ')}.` };
}

/**
 * Applies a set-up, in order: the pretrained model (unless the run in effect is that model
 * already), the settings (live ones at once; network ones rebuild, which gives fresh weights),
 * fresh weights if asked and not rebuilt, the test digit, then train or pause. Resolves true
 * when everything was applied; false when it was refused or failed (the alert says why).
 */
export async function applySetup(setup: StopSetup): Promise<boolean> {
  const store = actionStore();
  try {
    await waitFor((s) => s.dataReady && s.runState !== null, 'the training worker to start');
    // The worker reports its data ready just before its connection is handed over.
    if (!(await connectedWorker())) throw new Error("The guide's set-up could not reach the training worker.");
    let s = store.getState();
    if (setup.pretrained && !(s.pretrainedInfo?.name === setup.pretrained && s.pretrainedInfo.run === runOf(s))) {
      const info = await loadPretrained(setup.pretrained);
      if (!info) return false;
      await waitFor((st) => runOf(st) === info.run, 'the pretrained model');
      s = store.getState();
    }
    const inEffect = s.runState!.config;
    const next = setupConfig(inEffect, setup);
    if (!next.ok) {
      reportError(new Error(next.message));
      return false;
    }
    const before = runOf(s);
    const rebuild = rebuildKeysChanged(inEffect, next.config).length > 0;
    applyConfig(next.config);
    if (rebuild) confirmRebuild();
    else if (setup.fresh) reset();
    if (rebuild || setup.fresh) {
      await waitFor((st) => runOf(st) !== before && sameConfig(st.runState?.config, next.config), 'the new model');
    } else {
      await waitFor((st) => sameConfig(st.runState?.config, next.config), 'the settings to take effect');
    }
    if (setup.testDigit !== undefined && !(await loadTestDigit(setup.testDigit))) return false;
    if (setup.train === true) train();
    else if (setup.train === false) pause();
    return true;
  } catch (e) {
    reportError(e);
    return false;
  }
}

/** Only the newest request to move applies: a reader clicking Next thrice gets the third stop. */
let latest = 0;
let chain: Promise<unknown> = Promise.resolve();

/** Keeps ?stop=k in the address while the path is open (the settings' parameters stay). */
function syncStopUrl(stop: number | null): void {
  const params = new URLSearchParams(window.location.search);
  if (stop === null) params.delete('stop');
  else params.set('stop', String(stop));
  const q = params.toString();
  const hash = /^#learn\/\d+$/.test(window.location.hash) ? '' : window.location.hash;
  window.history.replaceState(null, '', `${window.location.pathname}${q ? `?${q}` : ''}${hash}`);
}

/**
 * Goes to stop k (1-based): shows its text and its view, and (with `apply`, as Next, Back, a
 * link and Show me do) applies its set-up. Resolves when the set-up is done.
 */
export async function goToStop(k: number, options: { apply?: boolean } = {}): Promise<void> {
  const stop = STOPS[k - 1];
  if (!stop) return;
  const g = guide.getState();
  g.setStop(k);
  g.setOpen(true);
  rememberStop(k);
  syncStopUrl(k);
  showView(stop.target);
  if (options.apply === false) {
    g.setStatus('idle');
    return;
  }
  await applyAndShow(stop.setup, stop.target);
}

/** Applies a set-up (a stop's or an experiment's) after any earlier one, then points at the view. */
export async function applyAndShow(setup: StopSetup, target: string): Promise<void> {
  const mine = ++latest;
  guide.getState().setStatus('applying');
  const run = chain.then(async () => {
    if (mine !== latest) return;
    const ok = await applySetup(setup);
    if (mine !== latest) return;
    guide.getState().setStatus(ok ? 'ready' : 'failed');
    // Again once set up: loading a model or a tab can have moved the view since the first call.
    if (ok) showView(target);
  });
  chain = run.catch(() => {});
  await run;
}

export const nextStop = () => goToStop(guide.getState().stop + 1);
export const previousStop = () => goToStop(guide.getState().stop - 1);

/** Opens the path where the reader left it (without applying anything: the playground stays as it is). */
export function openGuide(): void {
  void goToStop(rememberedStop(STOPS.length), { apply: false });
}

/** Leaves the path; the playground keeps whatever the stops set up. */
export function closeGuide(): void {
  guide.getState().setOpen(false);
  syncStopUrl(null);
}

/** At start-up: a link to a stop (?stop=k or #learn/k) opens the path there, set up. */
export function startGuideFromUrl(search: string, hash: string): void {
  const k = stopFromUrl(search, hash);
  if (k !== null) void goToStop(k);
}
