/**
 * The app's actions: each updates the store and, where needed, asks the worker. Components
 * call these; they never hold the worker.
 */
import type * as Comlink from 'comlink';
import { rebuildKeysChanged, settingsConflict, validateConfig, validateSetting, type Config, type SettingKey } from '../core/config';
import type {
  BackendRequest,
  WorkerApi,
  WorkerEvent,
  RunState,
} from '../protocol/types';
import { useAppStore, type AppStore } from '../store/store';
import { PRETRAINED_LATENT, pretrainedFromSearch, type PretrainedName } from '../protocol/drawing';
import type { CheckpointArrays } from '../core/serialize';
import { configFromSearch, configToParams, URL_KEYS } from '../core/urlState';
import { threadsFromSearch } from '../worker/threads';
import { backendFromUrl, connect, fallbackBackend, WorkerGoneError, type Connection } from './workerClient';
import { watchWorker } from './workerWatch';
import { recoveryNotice, shouldRetrain } from './recoveryNotice';
import { dataForNewWorker, newestCheckpoint, pageUserSets, type RunCheckpoint } from './recoveryData';
import type { UserDataset } from '../data/import/prepare';

let api: Comlink.Remote<WorkerApi> | null = null;
let conn: Connection | null = null;
let store: AppStore = useAppStore;
/** The last finite checkpoint the worker sent: megabytes of weights, kept out of the store. */
let lastCheckpoint: { run: number; checkpoint: CheckpointArrays } | null = null;
/** Stops the watchdog of the current worker. */
let stopWatch: (() => void) | null = null;
let recovering = false;

/** For tests: act on another store. */
export function useStoreForActions(s: AppStore): void {
  store = s;
}

function report(e: unknown): void {
  // A call cut off by a worker's replacement: the recovery has said what happened.
  if (e instanceof WorkerGoneError) return;
  store.getState().pushError((e as Error).message ?? String(e));
}

function onEvent(e: WorkerEvent): void {
  if (e.type === 'checkpoint') lastCheckpoint = { run: e.run, checkpoint: e.checkpoint };
  store.getState().handleEvent(e);
  // The loop threw (a script aborted mid-step leaves tfjs' gradient tape broken: "Cannot find a
  // connection between any variable and the result of the loss function"): a new worker.
  if (e.type === 'error' && e.message.startsWith('Training stopped:')) void recoverWorker(e.message.replace(/^Training stopped: /, '').replace(/\.$/, ''));
}

/** The watchdog (client/watchdog.ts): pings every second; a silent worker or a stopped loop is replaced. */
function startHeartbeat(c: Connection): void {
  stopWatch?.();
  stopWatch = watchWorker({
    ping: () => c.api.ping(),
    training: () => {
      const rs = store.getState().runState;
      return rs ? { run: rs.run, running: rs.running, stepIntervalMs: rs.stepIntervalMs, step: rs.step } : null;
    },
    onDead: (reason) => {
      if (conn === c) void recoverWorker(reason);
    },
  });
}

async function open(backend: BackendRequest, restore?: { run: number; checkpoint: CheckpointArrays }, userData?: UserDataset): Promise<Connection> {
  const cfg = store.getState().runState?.config ?? store.getState().config;
  // A checkpoint crosses to the new worker by copy: the page keeps its own for a later failure.
  const c = await connect(cfg, backend, onEvent, (m) => void recoverWorker(m), restore, pretrainedAtStart, userData);
  conn = c;
  api = c.api;
  startHeartbeat(c);
  return c;
}

/** Keeps the address bar in step with the settings in effect, so a link reproduces the run. */
function syncUrl(): void {
  let shown: Config | null = null;
  store.subscribe((s) => {
    const c = s.runState?.config;
    if (!c || c === shown) return;
    shown = c;
    const params = new URLSearchParams(window.location.search);
    for (const k of Object.values(URL_KEYS)) params.delete(k);
    for (const [k, v] of configToParams(c)) params.set(k, v);
    const q = params.toString();
    window.history.replaceState(null, '', `${window.location.pathname}${q ? `?${q}` : ''}${window.location.hash}`);
  });
}

/** The pretrained model a new worker starts from (?pretrained=NAME; by default fresh weights). */
let pretrainedAtStart: PretrainedName | null = null;

/** The connected worker, for the other action modules (client/drawActions.ts); null before it starts. */
export function workerApi(): Comlink.Remote<WorkerApi> | null {
  return api;
}

/** The store the actions act on (the app's, or a test's). */
export function actionStore(): AppStore {
  return store;
}

/** A checkpoint the page got otherwise (a loaded run): the one to resume from if the worker fails. */
export function rememberCheckpoint(run: number, checkpoint: CheckpointArrays): void {
  lastCheckpoint = { run, checkpoint };
}

/** Shows an error in the alert region. */
export const reportError = (e: unknown): void => report(e);

export async function startApp(search: string): Promise<void> {
  pretrainedAtStart = pretrainedFromSearch(search);
  const { request, notice } = backendFromUrl(search);
  if (notice) store.getState().pushNotice(notice);
  const threadsNotice = threadsFromSearch(search).notice;
  if (threadsNotice) store.getState().pushNotice(threadsNotice);
  const fromUrl = configFromSearch(search);
  // A link to a pretrained model opens on its network, unless it names a latent size itself.
  if (pretrainedAtStart && !new URLSearchParams(search).has(URL_KEYS.latentDim)) {
    fromUrl.config = { ...fromUrl.config, latentDim: PRETRAINED_LATENT[pretrainedAtStart] };
  }
  store.getState().setConfig(fromUrl.config);
  for (const n of fromUrl.notices) store.getState().pushNotice(n);
  syncUrl();
  try {
    const c = await open(request);
    if (request !== 'auto' && c.backend.name !== request) {
      store.getState().pushNotice(`The ${request} backend is not available here; running on ${c.backend.name} instead (${c.backend.reason}).`);
    }
  } catch (e) {
    const message = `Could not start training: ${(e as Error).message}`;
    store.setState({ dataError: message });
    report(new Error(message));
  }
}

/**
 * The worker died, threw, or stopped answering: start a new one (on the next backend when
 * the failure looks like the backend's), give it the last checkpoint, and keep the curves.
 */
export async function recoverWorker(reason: string): Promise<void> {
  if (recovering) return;
  recovering = true;
  const s = store.getState();
  const old = conn;
  conn = null;
  api = null;
  old?.close(`the training worker was replaced (${reason})`);
  const was = s.backend?.name ?? 'webgl';
  const backendFault = /gpu|device|webgl|context|adapter|memory|shader/i.test(reason);
  const next = backendFault ? fallbackBackend(was) : was;
  const run = s.runState?.run;
  const wasRunning = s.runState?.running ?? false;
  const userData = s.runState?.userData;
  s.pushError(`The training worker failed (${reason}). Starting a new one on ${next}…`);
  // The controls show the truth at once: nothing trains until the new worker is up.
  store.setState((st) => ({ runState: st.runState ? { ...st.runState, running: false } : null, samplesPerSec: null }));
  const before = store.getState().runState;
  try {
    // The user's own data set goes to the new worker too; a checkpoint of it is not restored on another set.
    const data = await dataForNewWorker(userData, pageUserSets);
    const saved = await savedCheckpoint?.().catch(() => null);
    const restore = (!data.lost && newestCheckpoint(run, lastCheckpoint, saved)) || undefined;
    await open(next, restore, data.set ?? undefined);
    // Without a checkpoint the new worker may load the pretrained model: its first state says so.
    const state = restore ? null : await firstStateAfter(before);
    const retrain = !data.lost && shouldRetrain(wasRunning, lastRecoveryAt, performance.now());
    lastRecoveryAt = performance.now();
    if (retrain) train();
    store.getState().pushNotice(
      recoveryNotice({
        backend: next,
        restored: restore ? { run: restore.run, step: restore.checkpoint.step } : null,
        pretrained: state?.origin === 'pretrained',
        resumedTraining: retrain,
        userData: data.set?.name ?? null,
        dataLost: data.lost,
      }),
    );
  } catch (e) {
    report(new Error(`Could not restart the training worker: ${(e as Error).message}`));
  } finally {
    recovering = false;
  }
}

/** The autosave's checkpoint of the current run, if any (client/autosave.ts registers it): a recovery resumes from it when it is newer than the worker's last. */
let savedCheckpoint: (() => Promise<RunCheckpoint | null>) | null = null;

export function setSavedCheckpointSource(source: () => Promise<RunCheckpoint | null>): void {
  savedCheckpoint = source;
}

/** When the last replacement happened (performance.now()), for shouldRetrain. */
let lastRecoveryAt: number | null = null;

/** The first run state that differs from `before` (the new worker's), or the current one after 5 s. */
function firstStateAfter(before: RunState | null): Promise<RunState | null> {
  return new Promise((resolve) => {
    const done = (rs: RunState | null) => {
      unsubscribe();
      clearTimeout(timer);
      resolve(rs);
    };
    const unsubscribe = store.subscribe((st) => {
      if (st.runState !== before) done(st.runState);
    });
    const timer = setTimeout(() => done(store.getState().runState), 5_000);
    if (store.getState().runState !== before) done(store.getState().runState);
  });
}

/** Test hooks, installed only with ?testhooks=1: inject faults the way a real failure shows. */
export function installTestHooks(search: string): void {
  if (new URLSearchParams(search).get('testhooks') !== '1') return;
  (window as unknown as { __vaeTest: unknown }).__vaeTest = {
    injectNaN: () => api?.injectFault('nan'),
    throwInWorker: () => api?.injectFault('throw'),
    /** Kills the worker silently (as a crash without an error event): the heartbeat must notice. */
    killWorker: () => conn?.worker.terminate(),
    checkpointStep: () => lastCheckpoint?.checkpoint.step ?? null,
  };
}

function call(f: (a: Comlink.Remote<WorkerApi>) => Promise<unknown>): void {
  if (!api) return;
  f(api).catch(report);
}

export const train = () => call((a) => a.train());
export const pause = () => call((a) => a.pause());
export const step = () => call((a) => a.step());
export const reset = () => call((a) => a.reset());
export const evaluateFull = () => call((a) => a.evaluateFull());
/** Slow motion: at least `ms` between steps (0: full speed). */
export const setStepInterval = (ms: number) => call((a) => a.setStepInterval(ms));

/**
 * A control changed. The raw value is validated against the settings table; an invalid one
 * is refused with a message naming the field and never reaches the worker. Live settings
 * are sent at once; shape changes wait for confirmation.
 */
export function changeSetting(key: SettingKey, value: unknown): boolean {
  const s = store.getState();
  const error = validateSetting(key, value) ?? settingsConflict({ ...s.config, [key]: value } as Config)?.message ?? null;
  s.setFieldError(key, error);
  if (error) return false;
  const next = { ...s.config, [key]: value } as Config;
  s.setConfig(next);
  const inEffect = s.runState?.config ?? next;
  const rebuild = rebuildKeysChanged(inEffect, next);
  s.setPendingRebuild(rebuild);
  if (rebuild.length === 0 && api) {
    api.setConfig(next).then((r) => {
      if (!r.ok) report(new Error(r.message));
    }, report);
  }
  return true;
}

/** Builds the network for the config shown in the controls (a new run; the old curves stay). */
export function confirmRebuild(): void {
  const { config } = store.getState();
  const v = validateConfig(config);
  if (!v.ok) return report(new Error(v.errors.map((e) => e.message).join('; ')));
  store.getState().setPendingRebuild([]);
  call((a) => a.rebuild(v.config));
}

/** Puts the controls back to the config in effect. */
export function cancelRebuild(): void {
  const s = store.getState();
  if (s.runState) s.setConfig(s.runState.config);
  s.setPendingRebuild([]);
}

/** Loads a whole config (a preset): live settings apply at once, shape changes on confirmation. */
export function applyConfig(config: Config): void {
  const s = store.getState();
  s.setConfig(config);
  const inEffect = s.runState?.config ?? config;
  const rebuild = rebuildKeysChanged(inEffect, config);
  s.setPendingRebuild(rebuild);
  if (rebuild.length === 0) call((a) => a.setConfig(config));
}

/**
 * The connected worker, waiting up to 10 s for it: the worker reports its data ready just
 * before the connection is handed over, so a view that starts on that report waits a little.
 */
export async function connectedWorker(): Promise<Comlink.Remote<WorkerApi> | null> {
  for (let i = 0; !api && i < 50; i++) await new Promise((r) => setTimeout(r, 200));
  return api;
}

