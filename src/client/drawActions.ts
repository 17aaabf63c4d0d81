/**
 * The drawing pad's actions: turn the pad into a model input (preprocessing as MNIST was made,
 * binarization for the Bernoulli decoder), ask the worker, and put the answers in the store.
 * Encoding is latest-wins: while one request is in flight only the newest drawing waits, so
 * the figures follow the pen at the worker's pace. The slower figures (log p(x) by importance
 * sampling, the true posterior for J = 2) start at the end of a stroke and are cancelled by
 * the next one.
 */
import * as Comlink from 'comlink';
import type { DecoderFamily } from '../core/config';
import type { Corruption } from '../data/corrupt';
import { modelInput, preprocessDrawing } from '../data/preprocess';
import { DRAW_LIMITS, type PretrainedInfo, type PretrainedName, type TestDigitInput } from '../protocol/drawing';
import type { DrawInput } from '../store/drawSlice';
import { actionStore, connectedWorker, reportError, workerApi } from './actions';
import { cancelDrawingWork, interactiveApi, type InteractiveApi } from './drawWorkerClient';
import { afterNextPaint, renderHold } from './scheduler';
import { currentRunDataset, pretrainedRefusal } from './runDatasetCheck';

/** While the pen moves, the pad is sent at most this often (every stroke end is sent at once). */
export const DRAW_MOVE_THROTTLE_MS = 60;
/** While training, the figures of the current drawing are refreshed this often. */
export const DRAW_REFRESH_WHILE_TRAINING_MS = 1000;
/** Seed of ε for the importance samples: the same drawing gives the same estimate. */
const IS_SEED = 4242;

/**
 * What an encoding is for. 'move': the pen is moving (quick answer only). 'final': a stroke
 * ended or a new input came: the quick answer (whose arrival is the latency shown), then the
 * full one, then the estimates. 'refresh': the same input again (training moved the model, or
 * new ε): the full answer only.
 */
type JobKind = 'move' | 'final' | 'refresh';
interface Job {
  input: DrawInput;
  kind: JobKind;
  requestedAt: number;
}

let version = 0;
let inFlight = false;
let pending: Job | null = null;
/** The test digit in the pad, when one was loaded and nothing drawn over it. */
let testDigit: TestDigitInput | null = null;

const state = () => actionStore().getState();

/** The decoder of the model in effect (the input's binarization depends on it). */
function decoderInEffect(): DecoderFamily {
  const s = state();
  return s.runState?.config.decoder ?? s.config.decoder;
}

/** Whether estimates (log p(x), the posterior grid) were started for an input since replaced. */
let estimatesUnderWay = false;

function setInput(partial: Omit<DrawInput, 'version'>, final: boolean, requestedAt: number): DrawInput {
  const input: DrawInput = { ...partial, version: ++version };
  // The estimates of the previous input are of no use now: stop them at their next chunk, so
  // that this input's encoding does not queue behind them.
  if (estimatesUnderWay) {
    estimatesUnderWay = false;
    cancelDrawingWork();
  }
  state().setDrawInput(input);
  void analyze(input, final ? 'final' : 'move', requestedAt);
  return input;
}

/** One encoding and what follows it: for a stroke's end, the refined answer and the estimates. */
async function runJob(job: Job): Promise<void> {
  // Each job asks which worker answers it (the drawing worker's copy may have become current).
  const api = await interactiveApi();
  if (!api) return;
  const { input: inp, kind: k, requestedAt: at } = job;
  const seed = state().drawOptions.seed;
  // A move or a stroke's end: someone waits for this answer, so the charts' renders wait until
  // it is on screen. A refresh is neither.
  const urgent = k !== 'refresh';
  const release = urgent ? renderHold.hold() : null;
  const sentAt = performance.timeOrigin + performance.now();
  try {
    const a = await api.analyzeDrawing({ x: inp.x, seed, ...(urgent ? { samplesL: DRAW_LIMITS.quickL } : {}) });
    if (inp.version === version) state().setDrawAnalysis({ ...a, version: inp.version, requestedAt: at, sentAt, final: k === 'final' });
  } finally {
    if (release) afterNextPaint(release);
  }
  if (k === 'final' && inp.version === version) {
    // The refined ELBO (all samplesL samples; the same μ, σ and images), then the estimates.
    const full = await api.analyzeDrawing({ x: inp.x, seed });
    if (inp.version === version) {
      state().setDrawAnalysis({ ...full, version: inp.version, requestedAt: at, sentAt, final: false });
      startEstimates(inp);
    }
  }
}

/**
 * Encodes `input` now, or after the request in flight (only the newest waits), except that a
 * stroke's end never waits: it goes at once to the drawing worker, which answers it beside
 * training (and between the chunks of a latent view). Waiting for the answer to the pen's
 * last move would add a whole encoding to the latency.
 */
async function analyze(input: DrawInput, kind: JobKind, requestedAt: number): Promise<void> {
  if (!workerApi()) return;
  const job: Job = { input, kind, requestedAt };
  if (inFlight) {
    if (kind === 'final') {
      pending = null; // older than this input: its answer would be dropped anyway
      void runJob(job).catch(reportError);
    } else {
      pending = job;
    }
    return;
  }
  inFlight = true;
  try {
    for (let next: Job | null = job; next; next = pending, pending = null) await runJob(next);
  } catch (e) {
    reportError(e);
  } finally {
    inFlight = false;
  }
}

/** log p(x) by importance sampling (with progress) and, for J = 2, the true posterior. */
function startEstimates(input: DrawInput): void {
  void interactiveApi().then((api) => api && estimate(api, input), reportError);
}

function estimate(api: InteractiveApi, input: DrawInput): void {
  lastEstimatesAt = performance.now();
  const s = state();
  const k = s.drawOptions.isK;
  const v = input.version;
  /** Whether the input in the pad is still this one (its estimates are of no use otherwise). */
  const current = () => state().drawInput?.version === v;
  estimatesUnderWay = true;
  s.setDrawIs({ k, done: 0, estimate: null, finished: false, cancelled: null, version: v, at: null });
  const onProgress = Comlink.proxy((p: { done: number; k: number; estimate: number }) => {
    // Progress comes through its own message port, so the last report can arrive after the
    // result: it must not turn a finished estimate back into one under way.
    const now = state().drawIs;
    if (current() && !(now?.version === v && now.finished)) state().setDrawIs({ k, done: p.done, estimate: p.estimate, finished: false, cancelled: null, version: v, at: null });
  });
  api.estimateLogPx({ x: input.x, k, seed: IS_SEED }, onProgress).then(
    (r) => {
      const at = r.elbo === null ? null : { step: r.step, elbo: r.elbo };
      if (current()) state().setDrawIs({ k, done: r.cancelled ? 0 : k, estimate: r.logPx, finished: true, cancelled: r.cancelled, version: v, at });
    },
    (e: unknown) => reportError(e),
  );
  const J = s.runState?.config.latentDim ?? s.config.latentDim;
  s.setDrawPosterior(null);
  if (J !== 2) return;
  api.truePosterior({ x: input.x, n: s.drawOptions.gridN }).then(
    (r) => {
      if (current() && !r.cancelled) state().setDrawPosterior({ ...r, version: v });
    },
    (e: unknown) => reportError(e),
  );
}

/**
 * The pad changed. `raster` holds its intensities (width × height, ink in [0, 1]); `final` at
 * the end of a stroke; `requestedAt` (performance.now()) is when the user lifted the pen.
 */
export function padChanged(raster: Float32Array, width: number, height: number, final: boolean, requestedAt = performance.now()): void {
  const pre = preprocessDrawing(raster, width, height);
  if (!pre) return clearDrawing();
  const decoder = decoderInEffect();
  setInput({ x: modelInput(pre, decoder), intensities: pre, source: 'drawing', testIndex: null, label: null, decoder }, final, requestedAt);
}

/** The pad is empty: "Draw something". Stops the estimates under way. */
export function clearDrawing(): void {
  version++;
  pending = null;
  testDigit = null;
  state().setDrawInput(null);
  cancelDrawingWork();
}

/** Loads test digit `index` as the model input; resolves with it (the pad paints its intensities). */
export async function loadTestDigit(index: number): Promise<TestDigitInput | null> {
  await connectedWorker();
  const api = await interactiveApi();
  if (!api) return null;
  try {
    const d = await api.testDigitInput(index);
    testDigit = d;
    inputFromTestDigit(d);
    return d;
  } catch (e) {
    reportError(e);
    return null;
  }
}

function inputFromTestDigit(d: TestDigitInput): void {
  setInput(
    { x: d.x, intensities: d.intensities, source: 'test', testIndex: d.index, label: d.label, decoder: decoderInEffect() },
    true,
    performance.now(),
  );
}

/** The test digit loaded last (until Clear or a new one), which Undo returns to. */
export function currentTestDigit(): TestDigitInput | null {
  return testDigit;
}

/** Restores a test digit as the input (after Undo removed the strokes drawn over it). */
export function restoreTestDigit(d: TestDigitInput): void {
  testDigit = d;
  inputFromTestDigit(d);
}

/**
 * The model changed: encode the current input again. A new model (run) restarts the estimates
 * and follows its decoder's binarization (a test digit is fetched again for its input); while
 * training (withEstimates false) only the figures are refreshed, and log p(x) runs on.
 */
export function refreshDrawing(withEstimates: boolean): void {
  const input = state().drawInput;
  if (!input) return;
  if (!withEstimates) {
    void analyze(input, 'refresh', performance.now());
    return;
  }
  const decoder = decoderInEffect();
  if (input.source === 'test' && input.testIndex !== null && decoder !== input.decoder) {
    void loadTestDigit(input.testIndex);
    return;
  }
  const x = input.source === 'drawing' && decoder !== input.decoder ? modelInput(input.intensities, decoder) : input.x;
  setInput({ ...input, x, decoder }, withEstimates, performance.now());
}

/** New posterior samples ε for the current input. */
export function resampleDrawing(): void {
  const s = state();
  s.setDrawOptions({ seed: s.drawOptions.seed + 1 });
  const input = s.drawInput;
  if (input) void analyze(input, 'refresh', performance.now());
}

/** Runs log p(x) (and the true posterior) again, e.g. after k or the grid size changed. */
export function recomputeEstimates(): void {
  const input = state().drawInput;
  if (input) startEstimates(input);
}

/** While training, estimates are made again at most this long after the last ones started (see estimatesDue). */
export const ESTIMATES_REFRESH_MS = 10_000;

/**
 * Whether estimates of the model at `estimateStep`, shown beside figures of `shownStep`, are
 * due again while training: after ESTIMATES_REFRESH_MS, or sooner while the run is young and
 * its model changes fastest, once the step has doubled (shownStep ≥ 2·estimateStep + 50: from a
 * fresh model at about steps 50, 150, 350, 750, …). A fresh model's log p(x) (about −545 nats
 * for a digit) would otherwise stand for 10 s beside an ELBO that is already near −150.
 */
export function estimatesDue(estimateStep: number, shownStep: number, msSinceLast: number): boolean {
  if (shownStep <= estimateStep) return false;
  return msSinceLast >= ESTIMATES_REFRESH_MS || shownStep >= 2 * estimateStep + 50;
}

/** When the last estimates started (performance.now()), for estimatesDue. */
let lastEstimatesAt = -Infinity;

/**
 * The estimates follow the model when the last ones are done and of an older step than the
 * figures shown: at once (after a pause), or `whileTraining` when estimatesDue says so.
 */
export function refreshStaleEstimates(whileTraining = false, now = performance.now()): void {
  const s = state();
  const is = s.drawIs;
  const a = s.drawAnalysis;
  if (!s.drawInput || !is || !a || is.version !== s.drawInput.version || !is.finished || !is.at) return;
  if (whileTraining ? estimatesDue(is.at.step, a.step, now - lastEstimatesAt) : is.at.step !== a.step) startEstimates(s.drawInput);
}

/**
 * Damages the current input and fills it in (the inpainting strip): a damage from the list,
 * or 'mask' with the pixels painted by hand (1 = erase).
 */
export async function inpaintDrawing(corruption: Corruption | 'mask', mask?: Uint8Array): Promise<void> {
  const api = await interactiveApi();
  const s = state();
  const input = s.drawInput;
  if (!api || !input) return;
  try {
    const r = await api.inpaint({ x: input.x, corruption, ...(mask ? { mask: Uint8Array.from(mask) } : {}), steps: s.drawOptions.inpaintSteps, seed: s.drawOptions.seed });
    if (input.version === version) state().setDrawInpaint({ ...r, corruption, version: input.version });
  } catch (e) {
    reportError(e);
  }
}

/** Replaces the model by a pretrained one; the controls follow its config. */
export async function loadPretrained(name: PretrainedName): Promise<PretrainedInfo | null> {
  const api = workerApi();
  if (!api) return null;
  const s = state();
  // The trained models learned MNIST: not evaluated on the user's own data set.
  const refusal = pretrainedRefusal(name, currentRunDataset(s.runState, s.config));
  if (refusal) {
    reportError(new Error(refusal));
    return null;
  }
  s.setPretrained(name);
  try {
    const info = await api.loadPretrained(name);
    const st = state();
    st.setConfig(info.config);
    st.setPendingRebuild([]);
    st.setPretrained(null, info);
    return info;
  } catch (e) {
    state().setPretrained(null);
    reportError(e);
    return null;
  }
}
