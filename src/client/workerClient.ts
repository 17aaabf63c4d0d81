import * as Comlink from 'comlink';
import type { BackendInfo, BackendName, BackendRequest, InitOptions, WorkerApi, WorkerEvent } from '../protocol/types';
import { BACKENDS } from '../protocol/types';
import type { Config } from '../core/config';

/**
 * Starts the training worker and connects it. Only the *type* of the worker's API is
 * imported here, so no worker code (nor tfjs) is bundled into the page.
 */
export function startWorker(): { api: Comlink.Remote<WorkerApi>; worker: Worker } {
  const worker = new Worker(new URL('../worker/worker.ts', import.meta.url), { type: 'module', name: 'vae-training' });
  return { api: Comlink.wrap<WorkerApi>(worker), worker };
}

/** Reads ?backend= from the URL; anything else than a known backend means automatic choice. */
export function backendFromUrl(search: string): { request: BackendRequest; notice: string | null } {
  const raw = new URLSearchParams(search).get('backend');
  if (raw === null || raw === '' || raw === 'auto') return { request: 'auto', notice: null };
  if ((BACKENDS as readonly string[]).includes(raw)) return { request: raw as BackendRequest, notice: null };
  return { request: 'auto', notice: `Unknown backend "${raw.slice(0, 40)}" in the URL: choosing automatically.` };
}

export interface Connection {
  api: Comlink.Remote<WorkerApi>;
  worker: Worker;
  backend: BackendInfo;
}

export async function connect(
  config: Config,
  backend: BackendRequest,
  onEvent: (e: WorkerEvent) => void,
  onCrash: (message: string) => void,
  restore?: InitOptions['restore'],
  pretrained?: InitOptions['pretrained'],
): Promise<Connection> {
  const { api, worker } = startWorker();
  worker.addEventListener('error', (ev) => {
    ev.preventDefault();
    onCrash(ev.message || 'an uncaught error');
  });
  worker.addEventListener('messageerror', () => onCrash('it sent a message that could not be read'));
  const dataUrl = new URL('data/', document.baseURI).href;
  try {
    const info = await api.init({ dataUrl, backend, config, restore, pretrained }, Comlink.proxy(onEvent));
    return { api, worker, backend: info };
  } catch (e) {
    worker.terminate();
    throw e;
  }
}

/** The backend to try after `failed` crashed the worker: the next one down the list. */
export function fallbackBackend(failed: BackendName): BackendName {
  const order: BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];
  return order[Math.min(order.indexOf(failed) + 1, order.length - 1)]!;
}
