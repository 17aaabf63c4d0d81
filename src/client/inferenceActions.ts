/**
 * The posterior lab's actions. The lab runs in the drawing worker only (its chains must not take
 * time from training); the page starts the chains there and polls their figures every
 * INFERENCE_POLL_MS while they run (one request in flight at a time), and runs the gaps and
 * marginal-likelihood jobs with progress. Settings are checked here with the worker's own rule
 * first, so a bad one is refused before anything is sent.
 */
import * as Comlink from 'comlink';
import { chainSettingsProblem, marginalProblem, type JobProgress } from '../protocol/inference';
import { actionStore, reportError } from './actions';
import { drawWorkerApi, interactiveApi, syncDrawModel } from './drawWorkerClient';
import { repeat } from './scheduler';

/** How often the page asks for the chains' figures while they run. */
export const INFERENCE_POLL_MS = 400;
/** Decoded images of the chains' positions are refreshed at most this often. */
const IMAGES_EVERY_MS = 2000;

const state = () => actionStore().getState();

function api() {
  const a = drawWorkerApi();
  if (!a) {
    const dw = state().drawWorker;
    const why = dw.state === 'off' ? `: ${dw.reason}` : ' yet';
    state().setInferenceError(`The posterior lab runs in the drawing worker, which is not running${why}.`);
  }
  return a;
}

function message(e: unknown): string {
  return (e as Error)?.message ?? String(e);
}

/** The image x the lab works on, and its description; or null (the reason goes to the page). */
async function labImage(): Promise<{ x: Float32Array; what: string } | null> {
  const s = state();
  if (s.inferenceSource === 'drawing') {
    if (!s.drawInput) {
      s.setInferenceError('The drawing pad is empty: draw a digit there (or load a test digit into it), or choose a test digit here.');
      return null;
    }
    const d = s.drawInput;
    return { x: Float32Array.from(d.x), what: d.source === 'test' ? `test digit ${d.testIndex} from the pad` : 'your drawing' };
  }
  const api = await interactiveApi();
  if (!api) return null;
  const d = await api.testDigitInput(s.inferenceIndex);
  return { x: d.x, what: `test digit ${d.index} (a ${d.label})` };
}

/** The plotted dimensions, kept valid for a model of latent size J ([0, 0] when J = 1). */
export function dimsFor(dims: [number, number], J: number): [number, number] {
  if (J < 2) return [0, 0];
  const [a, b] = dims;
  return a < J && b < J && a !== b ? [a, b] : [0, 1];
}

/** Stops the polling of the chains' figures (null: not polling). */
let polling: (() => void) | null = null;
let pollInFlight = false;
let lastImages = 0;

async function pollOnce(): Promise<void> {
  const a = drawWorkerApi();
  if (!a || pollInFlight) return;
  pollInFlight = true;
  try {
    const s = state();
    const J = s.chainSnapshot?.J ?? s.runState?.config.latentDim ?? 2;
    const snap = await a.labSnapshot(dimsFor(s.inferenceDims, J));
    state().setChainSnapshot(snap);
    if (snap.J === 2 && !state().labGrid) state().setLabGrid(await a.labGrid());
    if (performance.now() - lastImages > IMAGES_EVERY_MS || snap.state !== 'running') {
      lastImages = performance.now();
      state().setLabImages(await a.labImages(snap.transitions + 1));
    }
    if (snap.state !== 'running') stopPolling();
  } catch (e) {
    state().setInferenceError(message(e));
    stopPolling();
  } finally {
    pollInFlight = false;
  }
}

function startPolling(): void {
  polling ??= repeat(INFERENCE_POLL_MS, pollOnce);
}

function stopPolling(): void {
  polling?.();
  polling = null;
}

/** Fresh chains on the current image with the panel's settings (and its seed). */
export async function startChains(): Promise<void> {
  const s = state();
  const problem = chainSettingsProblem(s.chainSettings);
  if (problem) {
    s.setInferenceError(`Not started: ${problem}.`);
    return;
  }
  const a = api();
  if (!a) return;
  try {
    const img = await labImage();
    if (!img) return;
    // The copy in the drawing worker becomes the model the page shows.
    await syncDrawModel();
    await a.labStart(Comlink.transfer(img.x, [img.x.buffer]), state().chainSettings);
    state().setInferenceError(null);
    state().setChainInput(img.what);
    state().setLabGrid(null);
    state().setLabImages(null);
    lastImages = 0;
    startPolling();
    await pollOnce();
  } catch (e) {
    state().setInferenceError(message(e));
  }
}

export async function pauseChains(): Promise<void> {
  await drawWorkerApi()?.labPause().catch(reportError);
  await pollOnce();
}

export async function resumeChains(): Promise<void> {
  await drawWorkerApi()?.labResume().catch(reportError);
  startPolling();
}

export async function resetChains(): Promise<void> {
  stopPolling();
  await drawWorkerApi()?.labReset().catch(reportError);
  const s = state();
  s.setChainSnapshot(null);
  s.setLabGrid(null);
  s.setLabImages(null);
  s.setChainInput(null);
}

/** Another pair of plotted dimensions (taken at the next poll; asked for at once when the chains are still). */
export function setPlotDims(dims: [number, number]): void {
  state().setInferenceDims(dims);
  void pollOnce();
}

const onProgress = (set: (p: JobProgress) => void) => Comlink.proxy(set);

/** q* for the current image and the two gaps. */
export async function runGaps(): Promise<void> {
  const s = state();
  const a = api();
  if (!a || s.gapsJob.running) return;
  s.setGapsJob({ running: true, progress: null, error: null });
  try {
    const img = await labImage();
    if (!img) return void state().setGapsJob({ running: false });
    await syncDrawModel();
    const r = await a.labGaps(
      { x: img.x, fitSteps: s.gapsOptions.fitSteps, k: s.gapsOptions.k, seed: s.chainSettings.seed },
      onProgress((p) => state().setGapsJob({ progress: p })),
    );
    if (r.cancelled) state().setGapsJob({ running: false, error: `Stopped early: ${r.cancelled}.` });
    else state().setGapsJob({ running: false, result: r, error: null });
    state().setChainInput(state().chainInput ?? img.what);
  } catch (e) {
    state().setGapsJob({ running: false, error: message(e) });
  }
}

/** log p(x) three ways (J ≤ 5 for the paper's procedure), each repeated. */
export async function runMarginal(): Promise<void> {
  const s = state();
  const a = api();
  if (!a || s.marginalJob.running) return;
  const J = s.chainSnapshot?.J ?? s.runState?.config.latentDim ?? 0;
  const req = { ...s.marginalOptions, seed: s.chainSettings.seed };
  const problem = marginalProblem(req, J);
  if (problem) return void s.setMarginalJob({ error: `Not started: ${problem}.` });
  s.setMarginalJob({ running: true, progress: null, error: null });
  try {
    const img = await labImage();
    if (!img) return void state().setMarginalJob({ running: false });
    await syncDrawModel();
    const r = await a.labMarginal({ ...req, x: img.x }, onProgress((p) => state().setMarginalJob({ progress: p })));
    if (r.cancelled) state().setMarginalJob({ running: false, error: `Stopped early: ${r.cancelled}.` });
    else state().setMarginalJob({ running: false, result: r, error: null });
  } catch (e) {
    state().setMarginalJob({ running: false, error: message(e) });
  }
}

/** Mean and standard error sd/√n (sd with divisor n − 1) of per-image values. */
export function meanAndSe(values: number[]): { mean: number; se: number } {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const sd = n > 1 ? Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1)) : NaN;
  return { mean, se: sd / Math.sqrt(n) };
}

/** Test images for the average: n distinct indices below nTest, spread by a fixed stride from the seed. */
export function sampleIndices(n: number, nTest: number, seed: number): number[] {
  const stride = 7919;
  return Array.from({ length: n }, (_, i) => (seed * 104729 + i * stride) % nTest);
}

/** The gaps of `n` test images, one after another (each fits its own q*), averaged with their standard error. */
export async function runGapsOverTestImages(n: number): Promise<void> {
  const s = state();
  const a = api();
  if (!a || s.gapsAverage.running) return;
  if (!Number.isInteger(n) || n < 2 || n > 100) return void s.setGapsAverage({ error: `Not started: the number of images must be a whole number from 2 to 100, got ${n}.` });
  s.setGapsAverage({ running: true, progress: null, error: null });
  try {
    await syncDrawModel();
    const step = state().runState?.step ?? 0;
    // From the first 1,000 test images (the evaluation subset; every test set here has them).
    const indices = sampleIndices(n, 1000, s.chainSettings.seed);
    const amort: number[] = [];
    const approx: number[] = [];
    for (const [i, index] of indices.entries()) {
      state().setGapsAverage({ progress: { done: i, total: n, what: `test image ${index}` } });
      const d = await a.testDigitInput(index);
      const r = await a.labGaps({ x: d.x, fitSteps: s.gapsOptions.fitSteps, k: s.gapsOptions.k, seed: s.chainSettings.seed + i }, () => {});
      if (r.cancelled) throw new Error(`stopped early: ${r.cancelled}`);
      amort.push(r.amortization.value);
      approx.push(r.approximation.value);
    }
    state().setGapsAverage({ running: false, result: { indices, amortization: meanAndSe(amort), approximation: meanAndSe(approx), step }, error: null });
  } catch (e) {
    state().setGapsAverage({ running: false, error: message(e) });
  }
}

export function cancelInferenceJob(): void {
  void drawWorkerApi()?.labCancelJob().catch(reportError);
}
