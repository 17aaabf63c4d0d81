import * as Comlink from 'comlink';
import type { BackendInfo, BackendName, BackendRequest, InitOptions, WorkerApi, WorkerEvent } from '../protocol/types';
import { BACKENDS } from '../protocol/types';
import type { Config } from '../core/config';
import { threadsFromSearch } from '../worker/threads';

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
  /** Ends the connection: terminates the worker and fails every call still waiting for it. */
  close(reason: string): void;
}

/** The error of a call whose worker was replaced before it answered (the recovery notice says why). */
export class WorkerGoneError extends Error {
  override name = 'WorkerGoneError';
}

/**
 * The worker's API, with a way to fail every call still waiting. A terminated worker never
 * answers, and a call awaited forever would hold its caller's "busy" state into the next
 * worker's time: the latent views' shared queue, the drawing pad's request in flight, a lab
 * job. abandon() makes each of them fail with a WorkerGoneError instead.
 */
export function abandonable<T extends object>(remote: T): { api: T; abandon(reason: string): void } {
  let fail!: (e: Error) => void;
  let goneWith: WorkerGoneError | null = null;
  const gone = new Promise<never>((_, reject) => {
    fail = reject;
  });
  gone.catch(() => {}); // settled for every caller through Promise.race; not unhandled by itself
  const api = new Proxy(remote, {
    get(target, prop) {
      // Not a thenable: awaiting the API object itself must not call the worker.
      if (prop === 'then') return undefined;
      const member = Reflect.get(target, prop) as unknown;
      if (typeof member !== 'function') return member;
      return (...args: unknown[]) =>
        goneWith ? Promise.reject(goneWith) : Promise.race([(member as (...a: unknown[]) => unknown)(...args), gone]);
    },
  });
  const abandon = (reason: string) => {
    goneWith ??= new WorkerGoneError(reason);
    fail(goneWith);
  };
  return { api, abandon };
}

export async function connect(
  config: Config,
  backend: BackendRequest,
  onEvent: (e: WorkerEvent) => void,
  onCrash: (message: string) => void,
  restore?: InitOptions['restore'],
  pretrained?: InitOptions['pretrained'],
  userData?: InitOptions['userData'],
): Promise<Connection> {
  const started = startWorker();
  const { worker } = started;
  const { api, abandon } = abandonable(started.api);
  const close = (reason: string) => {
    worker.terminate();
    abandon(reason);
  };
  worker.addEventListener('error', (ev) => {
    ev.preventDefault();
    onCrash(ev.message || 'an uncaught error');
  });
  worker.addEventListener('messageerror', () => onCrash('it sent a message that could not be read'));
  const dataUrl = new URL('data/', document.baseURI).href;
  try {
    const threads = threadsFromSearch(globalThis.location?.search ?? '').threads;
    const info = await api.init({ dataUrl, backend, threads, config, restore, pretrained, ...(userData ? { userData } : {}) }, Comlink.proxy(onEvent));
    return { api, worker, backend: info, close };
  } catch (e) {
    close('the worker could not start');
    throw e;
  }
}

/** The backend to try after `failed` crashed the worker: the next one down the list. */
export function fallbackBackend(failed: BackendName): BackendName {
  const order: BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];
  return order[Math.min(order.indexOf(failed) + 1, order.length - 1)]!;
}
