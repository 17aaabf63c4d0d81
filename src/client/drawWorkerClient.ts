/**
 * The drawing worker, seen from the page: it answers the drawing pad with a copy of the model
 * (see src/worker/drawWorker.ts), so that an encoding waits for no training step. This module
 * starts it, keeps its copy in step with the training worker's model, and says which worker
 * answers each request: the drawing worker when its copy is the model the page shows (while
 * paused: of this very step; while training: at most about a second old), the training worker
 * otherwise (and when the drawing worker could not start).
 */
import * as Comlink from 'comlink';
import type { DrawingRequests, DrawWorkerApi } from '../protocol/types';
import { actionStore, workerApi } from './actions';
import { abandonable } from './workerClient';
import { watchWorker } from './workerWatch';

/** While training, the drawing worker's copy is refreshed when older than this (while someone draws). */
export const DRAW_MODEL_SYNC_MS = 1000;

/** The copy the drawing worker holds: its run and step, the page's step when it was asked for, and when. */
export interface HeldCopy {
  run: number;
  step: number;
  /** The step the page showed when the copy was asked for (the store's step may lag the worker's). */
  askedAtStep: number;
  askedAt: number;
}

/** The model the page shows. */
export interface ShownModel {
  run: number;
  step: number;
  running: boolean;
}

/**
 * Which worker answers a drawing request, and whether to refresh the copy. A copy of another
 * run never answers. While paused, only a copy taken since the last step the page saw does:
 * the user may have pressed Step, and the figures must be of the model shown. While training,
 * a copy of the same run answers (its step is shown with the figures), and one older than
 * DRAW_MODEL_SYNC_MS is refreshed.
 */
export function drawRoute(held: HeldCopy | null, shown: ShownModel | null, now: number): { use: 'drawing' | 'training'; sync: boolean } {
  if (!shown) return { use: 'training', sync: false };
  if (!held || held.run !== shown.run) return { use: 'training', sync: true };
  if (shown.running) return { use: 'drawing', sync: now - held.askedAt >= DRAW_MODEL_SYNC_MS };
  return held.askedAtStep === shown.step ? { use: 'drawing', sync: false } : { use: 'training', sync: true };
}

/** ?drawworker=off (or 0, false) keeps every drawing request in the training worker, to compare. */
export function drawWorkerWanted(search: string): boolean {
  const raw = new URLSearchParams(search).get('drawworker');
  return !(raw === 'off' || raw === '0' || raw === 'false');
}

type DrawApi = Comlink.Remote<DrawWorkerApi>;

interface DrawConnection {
  api: DrawApi;
  close(reason: string): void;
}
let draw: DrawConnection | null = null;
let starting: Promise<void> | null = null;
let held: HeldCopy | null = null;
let syncing: Promise<void> | null = null;
/** A sync was asked for while one was under way: run another when it ends. */
let syncAgain = false;
let unsubscribe: (() => void) | null = null;
/** When the drawing worker was last replaced (performance.now()): at most one replacement per DRAW_REPLACE_GUARD_MS. */
let lastReplacedAt: number | null = null;
export const DRAW_REPLACE_GUARD_MS = 30_000;

/**
 * The drawing worker stopped answering: closes it (the training worker answers the pad
 * meanwhile), says so, and starts a new one, unless one was replaced within DRAW_REPLACE_GUARD_MS.
 */
function replaceDrawWorker(api: DrawApi, reason: string, makeWorker: () => Worker): void {
  if (draw?.api !== api) return;
  draw.close(reason);
  starting = null;
  const now = performance.now();
  const again = lastReplacedAt === null || now - lastReplacedAt > DRAW_REPLACE_GUARD_MS;
  const s = actionStore().getState();
  s.pushError(
    again
      ? `The drawing worker failed (${reason}). A new one is starting; meanwhile the training worker answers the drawing pad.`
      : `The drawing worker failed again (${reason}). The training worker answers the drawing pad from now on.`,
  );
  if (!again) return;
  lastReplacedAt = now;
  void startDrawWorker(makeWorker);
}

function shownModel(): ShownModel | null {
  const rs = actionStore().getState().runState;
  return rs ? { run: rs.run, step: rs.step, running: rs.running } : null;
}

function defaultWorker(): Worker {
  return new Worker(new URL('../worker/drawWorker.ts', import.meta.url), { type: 'module', name: 'vae-drawing' });
}

/**
 * Starts the drawing worker (once). If it cannot start, every request stays with the
 * training worker, as before the drawing worker existed; the console says why.
 */
export function startDrawWorker(makeWorker: () => Worker = defaultWorker): Promise<void> {
  starting ??= (async () => {
    const worker = makeWorker();
    const { api, abandon } = abandonable(Comlink.wrap<DrawWorkerApi>(worker));
    let stopWatch: (() => void) | null = null;
    const close = (reason: string) => {
      stopWatch?.();
      worker.terminate();
      abandon(reason);
      if (draw?.api === api) {
        draw = null;
        held = null;
        unsubscribe?.();
        unsubscribe = null;
      }
      actionStore().getState().setDrawWorker({ state: 'off', reason });
      console.warn(`Drawing worker stopped (${reason}); the training worker answers the drawing pad.`);
    };
    worker.addEventListener('error', (ev) => {
      ev.preventDefault();
      close(ev.message || 'an uncaught error');
    });
    actionStore().getState().setDrawWorker({ state: 'starting' });
    try {
      await api.init();
    } catch (e) {
      close(`it could not start: ${(e as Error).message}`);
      return;
    }
    draw = { api, close };
    actionStore().getState().setDrawWorker({ state: 'ready', run: null, step: null });
    stopWatch = watchWorker({ ping: () => api.ping(), onDead: (reason) => replaceDrawWorker(api, reason, makeWorker) });
    // While paused, the copy follows every change of the model at once (a step, a new run),
    // so that the next stroke finds it ready. While training, requests refresh it.
    unsubscribe = actionStore().subscribe((s, prev) => {
      const rs = s.runState;
      if (!rs || rs === prev.runState) return;
      const route = drawRoute(held, { run: rs.run, step: rs.step, running: rs.running }, performance.now());
      if (route.sync && (!rs.running || held?.run !== rs.run)) void syncDrawModel();
    });
    void syncDrawModel();
  })();
  return starting;
}

/** Stops the drawing worker (tests, and a page going away). */
export function stopDrawWorker(): void {
  draw?.close('stopped');
  starting = null;
}

/**
 * Sends the training worker's current weights to the drawing worker. One sync at a time; a
 * request during one runs one more after it. Resolves when the copy is in place (or failed:
 * then the copy held stays and the requests go to the training worker).
 */
export function syncDrawModel(): Promise<void> {
  if (!draw) return Promise.resolve();
  if (syncing) {
    syncAgain = true;
    return syncing;
  }
  syncing = (async () => {
    do {
      syncAgain = false;
      const d: DrawConnection | null = draw;
      const train = workerApi();
      const shown = shownModel();
      if (!d || !train || !shown) return;
      const askedAtStep = shown.step;
      const askedAt = performance.now();
      try {
        const snap = await train.modelSnapshot();
        const v = await d.api.setModel(Comlink.transfer(snap, snap.weights.map((w) => w.buffer as ArrayBuffer)));
        if (draw === d) {
          held = { run: v.run, step: v.step, askedAtStep, askedAt };
          actionStore().getState().setDrawWorker({ state: 'ready', run: v.run, step: v.step });
        }
      } catch (e) {
        // A model with non-finite weights (a diverged step before its restore), or a worker
        // replaced meanwhile: the training worker answers until a later sync succeeds.
        console.warn(`Drawing worker: the model copy was not taken (${(e as Error).message}).`);
        return;
      }
    } while (syncAgain);
  })().finally(() => {
    syncing = null;
  });
  return syncing;
}

/** The API that answers the next drawing request; starts a refresh of the copy when due. */
export function drawingApi(): DrawingRequests | null {
  const train = workerApi();
  if (!draw) return train;
  const route = drawRoute(held, shownModel(), performance.now());
  // A sync under way already brings a newer copy (the pen's moves would each ask for another).
  if (route.sync && !syncing) void syncDrawModel();
  return route.use === 'drawing' ? draw.api : train;
}

/** Stops the long drawing requests in both workers. */
export function cancelDrawingWork(): void {
  void workerApi()?.cancelDrawingWork().catch(() => {});
  void draw?.api.cancelDrawingWork().catch(() => {});
}

/** The drawing worker's API itself (the posterior lab runs there only), or null when it is off. */
export function drawWorkerApi(): DrawApi | null {
  return draw?.api ?? null;
}

/** For tests: the copy held. */
export function heldCopy(): HeldCopy | null {
  return held;
}
