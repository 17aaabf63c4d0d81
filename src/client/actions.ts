/**
 * The app's actions: each updates the store and, where needed, asks the worker. Components
 * call these; they never hold the worker.
 */
import type * as Comlink from 'comlink';
import { rebuildKeysChanged, validateConfig, validateSetting, type Config, type SettingKey } from '../core/config';
import type { WorkerApi } from '../protocol/types';
import { useAppStore, type AppStore } from '../store/store';
import { backendFromUrl, connect } from './workerClient';

let api: Comlink.Remote<WorkerApi> | null = null;
let store: AppStore = useAppStore;

/** For tests: act on another store. */
export function useStoreForActions(s: AppStore): void {
  store = s;
}

function report(e: unknown): void {
  store.getState().pushError((e as Error).message ?? String(e));
}

export async function startApp(search: string): Promise<void> {
  const { request, notice } = backendFromUrl(search);
  if (notice) store.getState().pushNotice(notice);
  try {
    const conn = await connect(store.getState().config, request, (e) => store.getState().handleEvent(e), report);
    api = conn.api;
  } catch (e) {
    const message = `Could not start training: ${(e as Error).message}`;
    store.setState({ dataError: message });
    report(new Error(message));
  }
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

/**
 * A control changed. The raw value is validated against the settings table; an invalid one
 * is refused with a message naming the field and never reaches the worker. Live settings
 * are sent at once; shape changes wait for confirmation.
 */
export function changeSetting(key: SettingKey, value: unknown): boolean {
  const s = store.getState();
  const error = validateSetting(key, value);
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
