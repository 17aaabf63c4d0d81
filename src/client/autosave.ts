/**
 * Autosave: the current run (weights, optimizer state, settings, curves, step) is kept in the
 * browser's storage every few seconds of training, when training pauses and when the page is
 * hidden, so that a reload or a closed tab loses at most the last few seconds. On the next
 * visit the page offers to restore it ("Restore the run from 14:02, step 1,330").
 *
 * Bounded in time: the weights come from the worker as transferred arrays and go to IndexedDB
 * by structured clone, not encoded into a run file on the page (about 200 ms for 10 MB, a long
 * task); the interval grows so that saving takes at most 1/AUTOSAVE_BUDGET of the page's time,
 * and at most 1/AUTOSAVE_WORKER_BUDGET of training (the worker pauses for the copy: on software
 * WebGL a 10 MB copy took 1.6 s, a quarter of training at a 6 s interval).
 * Bounded in size: a run larger than AUTOSAVE_MAX_BYTES is not autosaved (the page says so).
 * Restoring goes through the run-file reader (encoded and checked completely, once, on a click).
 */
import { encodeRunFile, type SavedRun } from '../core/runFile';
import { builtinDataset, describeRunDataset, runDatasetOf, type RunDataset } from '../core/runDataset';
import { describeConfig } from '../store/store';
import { toSavedHistory } from '../store/runExport';
import { useAutosaveStore, type AutosaveMeta } from '../store/autosaveStore';
import { actionStore, setSavedCheckpointSource, workerApi } from './actions';
import { loadRunBytes } from './runActions';
import { RunStore } from './runStore';

/** Time between saves while training, at least. */
export const AUTOSAVE_EVERY_MS = 5_000;
/** After training pauses, the save waits this long (a Step click right after does not save twice). */
export const AUTOSAVE_AFTER_PAUSE_MS = 1_000;
/** The interval is at least this many times the last save's main-thread time (so at most 1/50 of it). */
export const AUTOSAVE_BUDGET = 50;
/** …and at least this many times the last copy's time in the worker (training pauses for it: at most 1/10 of training). */
export const AUTOSAVE_WORKER_BUDGET = 10;
/** Runs larger than this (weights and optimizer state) are not autosaved. */
export const AUTOSAVE_MAX_BYTES = 64 * 1024 * 1024;
/** localStorage key of the setting ("off" when turned off). */
export const AUTOSAVE_SETTING_KEY = 'vae-playground-autosave';

/** What the scheduler sees of the run. */
export interface RunNow {
  run: number;
  step: number;
  running: boolean;
}

/**
 * When to save: pure, with the clock given. A save is due when the step moved since the last
 * save, and either training has gone on for the interval since then, or training paused a
 * moment ago, or the page is being hidden. One save at a time.
 */
export class AutosaveScheduler {
  private lastSavedAt: number;
  private savedStep: number | null = null;
  private savedRun: number | null = null;
  private lastCostMs = 0;
  private lastWorkerMs = 0;
  private pausedAt: number | null = null;
  inFlight = false;

  constructor(now: number) {
    this.lastSavedAt = now;
  }

  /** The first state seen (the model the page opens with): not worth a save until it moves. */
  baseline(r: RunNow): void {
    this.savedStep ??= r.step;
    this.savedRun ??= r.run;
  }

  interval(): number {
    return Math.max(AUTOSAVE_EVERY_MS, AUTOSAVE_BUDGET * this.lastCostMs, AUTOSAVE_WORKER_BUDGET * this.lastWorkerMs);
  }

  due(r: RunNow, now: number, hiding = false): boolean {
    if (this.inFlight) return false;
    if (r.step === this.savedStep && r.run === this.savedRun) {
      this.pausedAt = null;
      return false;
    }
    if (hiding) return true;
    if (r.running) {
      this.pausedAt = null;
      return now - this.lastSavedAt >= this.interval();
    }
    this.pausedAt ??= now;
    return now - this.pausedAt >= AUTOSAVE_AFTER_PAUSE_MS;
  }

  /** The run and step of the last save (null before the first). */
  get last(): { run: number; step: number } | null {
    return this.savedRun === null || this.savedStep === null ? null : { run: this.savedRun, step: this.savedStep };
  }

  /** Whether a save was made in this page (not only the baseline seen at the start). */
  made = false;

  /** A save ended at `now`: it cost `costMs` of the page's thread, and `workerMs` of training (the copy). */
  saved(r: Pick<RunNow, 'run' | 'step'>, now: number, costMs: number, workerMs = 0): void {
    this.made = true;
    this.lastWorkerMs = workerMs;
    this.savedStep = r.step;
    this.savedRun = r.run;
    this.lastSavedAt = now;
    this.lastCostMs = costMs;
    this.pausedAt = null;
  }
}

/** The autosave as stored: a run file's contents, not encoded (an autosave from before data sets were recorded has none). */
export interface AutosaveRecord {
  run: Omit<SavedRun, 'name' | 'dataset'> & { dataset?: RunDataset };
}

/** "Restore the run from 14:02, step 1,330" (the time in the page's time zone). */
export function offerText(m: AutosaveMeta, timeZone?: string): string {
  const time = new Date(m.savedAt).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone });
  return `Restore the run from ${time}, step ${m.step.toLocaleString('en-US')}`;
}

/** What the offer says the run is: its settings, and the data set when it is the user's own. */
export function autosaveSummary(config: SavedRun['config'], dataset: RunDataset): string {
  return describeConfig(config) + (dataset.kind === 'user' ? `, on ${describeRunDataset(dataset)}` : '');
}

/** Bytes of a checkpoint's arrays. */
export function checkpointBytes(r: AutosaveRecord['run']): number {
  return [...r.checkpoint.weights.map((w) => w.values), ...r.checkpoint.optimizerState.map((s) => s.values)].reduce((n, v) => n + v.byteLength, 0);
}

let storage = new RunStore();
const ui = useAutosaveStore;
let scheduler: AutosaveScheduler | null = null;

/** For tests: another storage. */
export function useAutosaveStorage(s: RunStore): void {
  storage = s;
}

function runNow(): RunNow | null {
  const rs = actionStore().getState().runState;
  return rs ? { run: rs.run, step: rs.step, running: rs.running } : null;
}

/** Saves the current run now; resolves when stored (or failed: the problem is shown, training goes on). */
export async function saveNow(): Promise<void> {
  const api = workerApi();
  const r = runNow();
  if (!api || !r || !scheduler || scheduler.inFlight) return;
  scheduler.inFlight = true;
  try {
    const tExport = performance.now();
    const ex = await api.exportRun();
    const t0 = performance.now();
    // The copy's time (the worker pauses training for it, and the arrays cross), as the page sees it.
    const workerMs = t0 - tExport;
    const history = actionStore().getState().runs.find((h) => h.run === ex.run);
    const dataset = runDatasetOf(ex.config.dataset, actionStore().getState().runState?.userData);
    const run: AutosaveRecord['run'] = {
      savedAt: new Date().toISOString(),
      config: ex.config,
      checkpoint: ex.checkpoint,
      history: history ? toSavedHistory(history) : { points: [], evals: [], divergences: [] },
      dataset,
    };
    const bytes = checkpointBytes(run);
    if (bytes > AUTOSAVE_MAX_BYTES) {
      ui.setState({ problem: `Autosave is paused: this network's weights and optimizer state take ${(bytes / 1e6).toFixed(0)} MB, more than ${AUTOSAVE_MAX_BYTES / 1024 / 1024} MB.` });
      scheduler.saved({ run: ex.run, step: ex.checkpoint.step }, performance.now(), 0);
      return;
    }
    const meta: AutosaveMeta = { savedAt: run.savedAt, step: ex.checkpoint.step, samplesSeen: ex.checkpoint.samplesSeen, summary: autosaveSummary(ex.config, dataset), bytes };
    // The record is built and then cloned by put() on this thread: that is the save's cost on
    // the page. It ends when the records are handed over, after the store has opened its
    // transaction (not when putAutosave returns: the put comes after an await).
    let ms = 0;
    await storage.putAutosave(meta, { run } satisfies AutosaveRecord, () => (ms = performance.now() - t0));
    scheduler.saved({ run: ex.run, step: ex.checkpoint.step }, performance.now(), ms, workerMs);
    ui.setState({ last: { at: run.savedAt, step: meta.step, bytes, ms }, problem: null });
  } catch (e) {
    ui.setState({ problem: (e as Error).message });
    scheduler.saved({ run: r.run, step: r.step }, performance.now(), 0);
  } finally {
    scheduler.inFlight = false;
  }
}

/** Turns autosave on or off (kept across visits); off also deletes the autosave. */
export function setAutosaveEnabled(on: boolean): void {
  try {
    if (on) localStorage.removeItem(AUTOSAVE_SETTING_KEY);
    else localStorage.setItem(AUTOSAVE_SETTING_KEY, 'off');
  } catch {
    // storage blocked: the setting holds for this visit
  }
  ui.setState({ enabled: on, problem: null });
  if (!on) void storage.clearAutosave().catch(() => {});
}

function settingOn(): boolean {
  try {
    return localStorage.getItem(AUTOSAVE_SETTING_KEY) !== 'off';
  } catch {
    return true;
  }
}

/**
 * Starts autosave: offers an earlier autosave once the model is ready, then saves on schedule
 * (checked every second) and when the page is hidden. Nothing is saved while an offer waits
 * for an answer, so that the run offered is not overwritten.
 */
export function startAutosave(): void {
  ui.setState({ enabled: settingOn() });
  scheduler = new AutosaveScheduler(performance.now());
  // A worker's recovery resumes from the autosave when it is of the current run and newer than
  // the worker's last checkpoint (only a save made in this page: an earlier visit's run is offered, not resumed).
  setSavedCheckpointSource(() => savedCheckpointOf(scheduler, storage));
  let offered = false;
  const tick = (hiding = false) => {
    const s = ui.getState();
    const r = runNow();
    if (!r || !actionStore().getState().dataReady) return;
    if (!offered) {
      offered = true;
      scheduler!.baseline(r);
      if (s.enabled) void storage.getAutosave<AutosaveMeta>().then((m) => ui.setState({ offer: m }), () => {});
      return;
    }
    if (!s.enabled || s.offer || s.restoring) return;
    scheduler!.baseline(r);
    if (scheduler!.due(r, performance.now(), hiding)) void saveNow();
  };
  setInterval(() => tick(), 1_000);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') tick(true);
  });
  window.addEventListener('pagehide', () => tick(true));
}

/** Restores the offered autosave through the run-file reader, and says which step came back. */
export async function restoreAutosave(): Promise<void> {
  const offer = ui.getState().offer;
  if (!offer) return;
  ui.setState({ restoring: true });
  try {
    const rec = await storage.getAutosave<AutosaveRecord>(true);
    if (!rec) throw new Error('the autosave is no longer in browser storage');
    const dataset = rec.run.dataset ?? builtinDataset(rec.run.config.dataset);
    const bytes = encodeRunFile({ ...rec.run, dataset, name: `autosave of ${offer.summary}` });
    await loadRunBytes(bytes, 'the autosave', { source: 'autosave', retry: restoreAutosave });
    actionStore().getState().pushNotice(`${offerText(offer).replace('Restore', 'Restored')}: its settings, weights, optimizer state and curves. Press Train to continue.`);
    ui.setState({ offer: null });
  } catch (e) {
    actionStore().getState().pushError(`Could not restore the autosave: ${(e as Error).message}`);
  } finally {
    ui.setState({ restoring: false });
  }
}

/** Declines the offer: the autosave is deleted, and autosave starts over with this visit's run. */
export function dismissAutosave(): void {
  ui.setState({ offer: null });
  void storage.clearAutosave().catch(() => {});
}

/**
 * The checkpoint of the last autosave made in this page, read back from storage, when the
 * record there is that save (its step matches); null otherwise.
 */
export async function savedCheckpointOf(
  s: Pick<AutosaveScheduler, 'last' | 'made'> | null,
  store: Pick<RunStore, 'getAutosave'>,
): Promise<{ run: number; checkpoint: AutosaveRecord['run']['checkpoint'] } | null> {
  const last = s?.made ? s.last : null;
  if (!last) return null;
  const rec = await store.getAutosave<AutosaveRecord>(true);
  if (!rec || rec.run.checkpoint.step !== last.step) return null;
  return { run: last.run, checkpoint: rec.run.checkpoint };
}
