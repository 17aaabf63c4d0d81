/**
 * The drawing worker, seen from the page: it answers every request a person waits for (the
 * pad, the latent views, the test digits, the posterior lab) with a copy of the model (see
 * src/worker/drawWorker.ts), so that none waits for a training step. This module starts it,
 * keeps its copies of the model and of the test set in step with the training worker's, and
 * hands every such request the worker that answers it (interactiveApi): the drawing worker,
 * once its copy is the model the page shows (while paused: of this very step; while
 * training: at most about a second old); the training worker only when the drawing worker
 * could not start or its copy was refused. docs/architecture.md, "One path for interactive work".
 */
import * as Comlink from 'comlink';
import { testSetKey, type TestDigitApi } from '../protocol/drawing';
import type { BayesViewsApi } from '../protocol/bayes';
import type { ReparamApi } from '../protocol/lab';
import type { DrawingRequests, DrawWorkerApi, LatentViewsApi } from '../protocol/types';
import { actionStore, workerApi } from './actions';
import { abandonable } from './workerClient';
import { watchWorker } from './workerWatch';

/** While training, the drawing worker's copy is refreshed when older than this (while someone draws). */
export const DRAW_MODEL_SYNC_MS = 1000;

/** The copy the drawing worker holds: its run and step, its test set, the page's step when it was asked for, and when. */
export interface HeldCopy {
  run: number;
  step: number;
  /** The key of the test set held (TestSetCopy.key). */
  testKey: string;
  /** The step the page showed when the copy was asked for (the store's step may lag the worker's). */
  askedAtStep: number;
  askedAt: number;
}

/** The model the page shows, and the key of its data set's test set. */
export interface ShownModel {
  run: number;
  step: number;
  running: boolean;
  testKey: string;
}

/**
 * Which worker answers a request, and whether to refresh the copy. A copy of another run, or
 * with another data set's test set, never answers. While paused, only a copy taken since the last step the page saw does:
 * the user may have pressed Step, and the figures must be of the model shown. While training,
 * a copy of the same run answers (its step is shown with the figures), and one older than
 * DRAW_MODEL_SYNC_MS is refreshed.
 */
export function drawRoute(held: HeldCopy | null, shown: ShownModel | null, now: number): { use: 'drawing' | 'training'; sync: boolean } {
  if (!shown) return { use: 'training', sync: false };
  if (!held || held.run !== shown.run || held.testKey !== shown.testKey) return { use: 'training', sync: true };
  if (shown.running) return { use: 'drawing', sync: now - held.askedAt >= DRAW_MODEL_SYNC_MS };
  return held.askedAtStep === shown.step ? { use: 'drawing', sync: false } : { use: 'training', sync: true };
}

/** ?drawworker=off (or 0, false) keeps every interactive request in the training worker, to compare. */
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
/** The key of the test set the drawing worker holds (sent once per data set). */
let heldTestKey: string | null = null;
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
  return rs ? { run: rs.run, step: rs.step, running: rs.running, testKey: testSetKey(rs.config.dataset, rs.userData?.hash) } : null;
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
        heldTestKey = null;
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
      const route = drawRoute(held, shownModel(), performance.now());
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
 * Sends the training worker's current weights to the drawing worker, and its test set first
 * when the drawing worker holds another data set's (or none). One sync at a time; a request
 * during one runs one more after it. Resolves when the copy is in place (or failed: then the
 * copy held stays and the requests go to the training worker).
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
        if (heldTestKey !== shown.testKey) {
          const t = await train.testSetCopy();
          await d.api.setTestSet(Comlink.transfer(t, [t.images.buffer, t.labels.buffer]));
          if (draw === d) heldTestKey = t.key;
        }
        const snap = await train.modelSnapshot();
        const v = await d.api.setModel(Comlink.transfer(snap, snap.weights.map((w) => w.buffer as ArrayBuffer)));
        if (draw === d && heldTestKey !== null) {
          held = { run: v.run, step: v.step, testKey: heldTestKey, askedAtStep, askedAt };
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

/** What a person waits for: the pad, the latent views, the test digits, z = μ + σ ⊙ ε, the Bayesian decoder's views. Both workers answer it. */
export type InteractiveApi = DrawingRequests & LatentViewsApi & TestDigitApi & ReparamApi & BayesViewsApi;

/**
 * The worker that answers the next interactive request: the drawing worker, when its copy is
 * the model shown (a refresh of the copy starts when due, and the request does not wait for
 * it); when its copy is not (a step or a new run while paused, a new data set), after the
 * copy has been brought up to date. The training worker only when the drawing worker is off
 * or its copy was refused; null before a worker is connected.
 */
export async function interactiveApi(): Promise<InteractiveApi | null> {
  const train = workerApi();
  const d = draw;
  if (!d) return train;
  const route = drawRoute(held, shownModel(), performance.now());
  if (route.use === 'drawing') {
    // A sync under way already brings a newer copy (the pen's moves would each ask for another).
    if (route.sync && !syncing) void syncDrawModel();
    return d.api;
  }
  await syncDrawModel();
  return draw === d && drawRoute(held, shownModel(), performance.now()).use === 'drawing' ? d.api : train;
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
