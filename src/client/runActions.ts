/**
 * Saving, loading and exporting runs. A run is saved as a run file (core/runFile.ts): to the
 * browser's IndexedDB, or downloaded. Loading (from storage or an uploaded file) checks the
 * file completely on the page (format, version, checksum, config, history), then the worker
 * checks the weights against a model built from its config before anything is replaced; any
 * problem leaves the current run as it was, training or not, and says why. A run records the
 * data set it trained on, and is loaded only on that data set (see runDatasetCheck.ts).
 */
import { describeConfig } from '../store/store';
import { describeRunDataset, needsSameDataset, runDatasetOf } from '../core/runDataset';
import { encodeRunFile, RUN_FILE_EXTENSION, runFileProblem, type SavedRun } from '../core/runFile';
import { readRunFile } from './runFileReader';
import { fromSavedHistory, metricsCsv, toSavedHistory } from '../store/runExport';
import { actionStore, rememberCheckpoint, workerApi } from './actions';
import { RunStore, StorageError } from './runStore';
import { downloadBlob } from './download';
import { listDatasets } from './datasetActions';
import { dismissDatasetSwitch, offerDatasetSwitch } from './datasetSwitch';
import { checkRunDataset, configForLoad, currentRunDataset } from './runDatasetCheck';
import type { DatasetOffer } from '../store/datasetOfferStore';

const runStore = new RunStore();

const state = () => actionStore().getState();

/** A file name from a run name: letters, digits, '-', '_' and '.', nothing else. */
export function safeFileName(name: string): string {
  const s = name.normalize('NFKD').replace(/[^\w.-]+/g, '_').replace(/^_+|_+$/g, '');
  return s.slice(0, 80) || 'run';
}

/** The default name of the current run. */
export function defaultRunName(): string {
  const s = state();
  const c = s.runState?.config ?? s.config;
  return `${describeConfig(c)}, step ${s.runState?.step ?? 0}`;
}

async function busy<T>(what: string, body: () => Promise<T>): Promise<T | null> {
  state().setRunIo(what, null);
  try {
    return await body();
  } catch (e) {
    state().setRunIo(null, { kind: 'error', text: (e as Error).message ?? String(e) });
    return null;
  } finally {
    if (state().runIoBusy === what) state().setRunIo(null);
  }
}

/** The current run as a run file. */
async function currentRunFile(name: string): Promise<{ bytes: Uint8Array; saved: SavedRun; testElbo: number | null }> {
  const api = workerApi();
  if (!api) throw new Error('The model is not ready yet.');
  const r = await api.exportRun();
  const history = state().runs.find((h) => h.run === r.run);
  const saved: SavedRun = {
    name,
    savedAt: new Date().toISOString(),
    config: r.config,
    checkpoint: r.checkpoint,
    history: history ? toSavedHistory(history) : { points: [], evals: [], divergences: [] },
    dataset: runDatasetOf(r.config.dataset, state().runState?.userData),
  };
  return { bytes: encodeRunFile(saved), saved, testElbo: history?.evals.at(-1)?.elbo ?? null };
}

/** Which of the user's data sets the run trained on, for a saved run's summary ('' for a built-in one). */
function userDataNote(): string {
  const d = state().runState?.userData;
  return d ? `; your data "${d.name}" (${d.n.toLocaleString('en-US')} images, hash ${d.hash})` : '';
}

/** Lists the saved runs; a storage problem is shown beside the list, not as an error. */
export async function refreshSavedRuns(): Promise<void> {
  try {
    state().setSavedRuns(await runStore.list());
  } catch (e) {
    state().setSavedRuns([], (e as Error).message);
  }
}

export function saveRunToBrowser(name: string): Promise<unknown> {
  return busy('Saving…', async () => {
    const { bytes, saved, testElbo } = await currentRunFile(name.trim() || defaultRunName());
    try {
      await runStore.save(
        {
          name: saved.name,
          savedAt: saved.savedAt,
          step: saved.checkpoint.step,
          samplesSeen: saved.checkpoint.samplesSeen,
          summary: describeConfig(saved.config) + userDataNote(),
          testElbo: testElbo !== null && Number.isFinite(testElbo) ? testElbo : null,
        },
        bytes,
      );
    } catch (e) {
      if (e instanceof StorageError) state().setSavedRuns(state().savedRuns, e.message);
      throw e;
    }
    state().setRunIo(null, { kind: 'ok', text: `Saved "${saved.name}" in this browser (${(bytes.byteLength / 1e6).toFixed(1)} MB, step ${saved.checkpoint.step}).` });
    await refreshSavedRuns();
  });
}

export function downloadRun(name: string): Promise<unknown> {
  return busy('Preparing the download…', async () => {
    const { bytes, saved } = await currentRunFile(name.trim() || defaultRunName());
    const fileName = safeFileName(saved.name) + RUN_FILE_EXTENSION;
    downloadBlob(bytes as BlobPart, fileName, 'application/octet-stream');
    state().setRunIo(null, { kind: 'ok', text: `Downloaded "${fileName}" (${(bytes.byteLength / 1e6).toFixed(1)} MB).` });
  });
}

/** The data sets kept in this browser, or none when storage cannot be read (the refusal then offers no switch). */
async function storedDatasets(): Promise<{ hash: string; n: number }[]> {
  try {
    return await listDatasets();
  } catch {
    return [];
  }
}

/** Where a refused load offers to switch data sets, and how it loads the run again once switched. */
export interface SwitchOffer {
  source: DatasetOffer['source'];
  retry: () => Promise<unknown>;
}

/**
 * Checks and loads run-file bytes; `source` names them in messages. Throws a message on a
 * problem (nothing changed then). A run trained on another data set than the one loaded is
 * refused, naming both; with `offer`, the page then offers to switch to the run's own set
 * when it can.
 */
export async function loadRunBytes(bytes: Uint8Array, source: string, offer?: SwitchOffer): Promise<void> {
  // A new load answers an earlier offer to switch data sets.
  dismissDatasetSwitch();
  let saved: SavedRun;
  try {
    saved = await readRunFile(bytes);
  } catch (e) {
    throw new Error(runFileProblem(e, source));
  }
  const api = workerApi();
  if (!api) throw new Error('The model is not ready yet.');
  const now = state();
  const current = currentRunDataset(now.runState, now.config);
  const stored = needsSameDataset(saved.dataset, current) ? await storedDatasets() : [];
  const check = checkRunDataset(saved.name, saved.dataset, current, stored);
  if (!check.ok) {
    if (check.switchTo && offer) offerDatasetSwitch(offer.source, check.message, check.switchTo, saved.config, offer.retry);
    throw new Error(check.message);
  }
  let runState;
  try {
    runState = await api.loadRun(configForLoad(saved.config, saved.dataset, now.runState), saved.checkpoint, `loaded "${saved.name}"`);
  } catch (e) {
    throw new Error(runFileProblem(new Error((e as Error).message), source));
  }
  const s = state();
  s.setConfig(runState.config);
  s.setPendingRebuild([]);
  s.handleEvent({ type: 'state', state: runState });
  s.adoptHistory(runState.run, fromSavedHistory(saved.history, runState.run));
  // The loaded weights are the checkpoint to resume from if the worker fails now.
  rememberCheckpoint(runState.run, saved.checkpoint);
  s.setRunIo(null, {
    kind: 'ok',
    text: `Loaded "${saved.name}" (step ${saved.checkpoint.step}, ${describeConfig(saved.config)}${saved.dataset.kind === 'user' ? `, on ${describeRunDataset(saved.dataset)}` : ''}). Press Train to continue it.`,
  });
}

export function loadSavedRun(id: number, name: string): Promise<unknown> {
  return busy('Loading…', async () => loadRunBytes(await runStore.read(id), name, { source: 'runs', retry: () => loadSavedRun(id, name) }));
}

export function uploadRunFile(file: File): Promise<unknown> {
  return busy('Reading the file…', async () => {
    if (file.size > 512 * 1024 * 1024) throw new Error(`Could not load "${file.name}": ${Math.round(file.size / 1e6)} MB is larger than any run file. The current model is unchanged.`);
    await loadRunBytes(new Uint8Array(await file.arrayBuffer()), file.name, { source: 'runs', retry: () => uploadRunFile(file) });
  });
}

export function renameSavedRun(id: number, name: string): Promise<unknown> {
  const n = name.trim();
  if (!n) {
    state().setRunIo(null, { kind: 'error', text: 'A saved run needs a name.' });
    return Promise.resolve();
  }
  return busy('Renaming…', async () => {
    await runStore.rename(id, n);
    await refreshSavedRuns();
    state().setRunIo(null, { kind: 'ok', text: `Renamed to "${n}".` });
  });
}

export function deleteSavedRun(id: number, name: string): Promise<unknown> {
  return busy('Deleting…', async () => {
    await runStore.remove(id);
    await refreshSavedRuns();
    state().setRunIo(null, { kind: 'ok', text: `Deleted "${name}" from this browser.` });
  });
}

/** Downloads the encoder and decoder as TensorFlow.js LayersModel files (two JSON and two weight files). */
export function exportLayersModel(): Promise<unknown> {
  return busy('Exporting…', async () => {
    const api = workerApi();
    if (!api) throw new Error('The model is not ready yet.');
    const { encoder, decoder, decoderStd } = await api.exportLayersModels();
    for (const m of [encoder, decoder, ...(decoderStd ? [decoderStd] : [])]) {
      downloadBlob(m.json, m.jsonName, 'application/json');
      downloadBlob(m.weights, m.weightsName, 'application/octet-stream');
    }
    state().setRunIo(null, {
      kind: 'ok',
      text:
        `Exported ${encoder.jsonName} + ${encoder.weightsName} and ${decoder.jsonName} + ${decoder.weightsName}` +
        (decoderStd ? ` (the means of q(θ)), with ${decoderStd.jsonName} + ${decoderStd.weightsName} (their standard deviations, same layout)` : '') +
        `: read them with tf.loadLayersModel, or convert them for Keras with tensorflowjs_converter.`,
    });
  });
}

export function downloadMetricsCsv(): void {
  const csv = metricsCsv(state().runs);
  downloadBlob(csv, 'vae-playground-metrics.csv', 'text/csv');
  state().setRunIo(null, { kind: 'ok', text: `Downloaded vae-playground-metrics.csv (${csv.split('\n').length - 2} rows).` });
}
