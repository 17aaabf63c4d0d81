/**
 * The reparameterization panel's actions. z = μ + σ ⊙ ε requests are latest-wins: while one
 * is in flight, later changes only mark that another is wanted, and the next request is built
 * from the state at the moment it is sent; the animated mode skips its tick while a request is
 * in flight, so nothing queues up in the worker. The gradient-variance job runs with progress
 * and can be cancelled.
 */
import * as Comlink from 'comlink';
import { standardNormals } from '../core/estimatorLab';
import type { GradVarianceProgress, ReparamInput } from '../protocol/lab';
import type { AppState } from '../store/store';
import { actionStore, reportError, workerApi } from './actions';
import { interactiveApi } from './drawWorkerClient';
import { repeat, sharedRepeat } from './scheduler';

/** Fresh ε per second in the animated mode. */
export const REPARAM_ANIMATE_HZ = 4;

const state = () => actionStore().getState();

/** The image the panel encodes, or why there is none. */
export function reparamInput(s: AppState): { input: ReparamInput; key: string } | { problem: string } {
  switch (s.reparamSource) {
    case 'drawing':
      return s.drawInput
        ? { input: { kind: 'image', x: s.drawInput.x }, key: `drawing:${s.drawInput.version}` }
        : { problem: 'Pick or draw a digit: the drawing pad above is empty. Draw on it, load a test digit there, or choose another source.' };
    case 'selected':
      return s.selectedTestIndex !== null
        ? { input: { kind: 'test', index: s.selectedTestIndex }, key: `test:${s.selectedTestIndex}` }
        : { problem: 'Pick or draw a digit: no digit is selected on the latent map. Click a point of the map, or choose another source.' };
    case 'index':
      return { input: { kind: 'test', index: s.reparamIndex }, key: `test:${s.reparamIndex}` };
  }
}

function latentDim(s: AppState): number | null {
  return s.runState?.config.latentDim ?? null;
}

/** ε of the right length for the model in effect: kept if it fits, else drawn afresh. */
function epsFor(J: number): number[] {
  const s = state();
  if (s.reparamEps && s.reparamEps.length === J) return s.reparamEps;
  const eps = standardNormals(J, s.reparamEpsSeed);
  s.setReparamEps(eps);
  return eps;
}

let inFlight = false;
let wanted: { append: boolean } | null = null;

/** Asks for z = μ + σ ⊙ ε with the current input and ε (latest-wins). `append` adds z to the trail. */
export function requestReparam(append = false): void {
  wanted = { append: append || (wanted?.append ?? false) };
  if (!inFlight) void drain();
}

async function drain(): Promise<void> {
  inFlight = true;
  try {
    while (wanted) {
      // The drawing worker answers, on its copy (see drawWorkerClient.interactiveApi).
      const api = await interactiveApi();
      if (!api) return;
      const { append } = wanted;
      wanted = null;
      const s = state();
      const J = latentDim(s);
      const src = reparamInput(s);
      if (J === null || 'problem' in src) {
        s.setReparam(null, false);
        continue;
      }
      try {
        const r = await api.reparamSample({ input: src.input, eps: epsFor(J) });
        // Drop an answer for an input that has been replaced meanwhile.
        const now = reparamInput(state());
        if (!('problem' in now) && now.key === src.key) state().setReparam({ ...r, key: src.key }, append);
      } catch (e) {
        state().setReparamError((e as Error).message ?? String(e));
      }
    }
  } finally {
    inFlight = false;
  }
}

/** While training, z = μ + σ ⊙ ε follows the model this often. */
export const REPARAM_REFRESH_WHILE_TRAINING_MS = 1000;

/**
 * While training, asks for z = μ + σ ⊙ ε again every REPARAM_REFRESH_WHILE_TRAINING_MS, once
 * however many views show it (the pipeline strip and the estimator lab share the request).
 * Returns the function that stops following for this view.
 */
export const followModelWhileTraining: () => () => void = sharedRepeat(REPARAM_REFRESH_WHILE_TRAINING_MS, () => requestReparam(false));

/** A fresh ε ~ N(0, I) (seeded: the n-th draw is the same on every visit). */
export function resampleEps(): void {
  const s = state();
  const J = latentDim(s);
  if (J === null) return;
  const seed = s.reparamEpsSeed + 1;
  s.setReparamEps(standardNormals(J, seed), seed);
  requestReparam(true);
}

/** Sets ε_j by hand (a slider). */
export function setEpsComponent(j: number, value: number): void {
  const s = state();
  const J = latentDim(s);
  if (J === null || !Number.isFinite(value)) return;
  const eps = [...epsFor(J)];
  eps[j] = value;
  s.setReparamEps(eps);
  requestReparam(false);
}

/** ε = 0: z = μ, the decoder's mean image at the posterior mean. */
export function zeroEps(): void {
  const J = latentDim(state());
  if (J === null) return;
  state().setReparamEps(new Array<number>(J).fill(0));
  requestReparam(false);
}

/** Starts the animated mode: a fresh ε REPARAM_ANIMATE_HZ times a second, skipped while a request is in flight. */
export function startReparamAnimation(): () => void {
  return repeat(1000 / REPARAM_ANIMATE_HZ, () => {
    if (!inFlight) resampleEps();
  });
}

/**
 * Records the estimator settings in effect per run and step (the store's run history keeps only
 * the latest config), so the noise of the training curves can be told apart by estimator.
 * Returns the unsubscribe function.
 */
export function trackEstimatorSettings(): () => void {
  const store = actionStore();
  let last = '';
  const check = (s: AppState) => {
    const rs = s.runState;
    if (!rs) return;
    const c = rs.config;
    const key = `${rs.run}|${c.estimator}|${c.samplesL}|${c.batchSize}`;
    if (key === last) return;
    last = key;
    s.addEstimatorMark({ run: rs.run, step: rs.step, estimator: c.estimator, samplesL: c.samplesL, batchSize: c.batchSize });
  };
  check(store.getState());
  return store.subscribe(check);
}

/** Runs the gradient-variance job with the panel's options (training pauses meanwhile). */
export async function runGradientVariance(): Promise<void> {
  const api = workerApi();
  const s = state();
  if (!api || s.gradJob.running) return;
  s.setGradJob({ running: true, progress: null, error: null });
  try {
    const onProgress = Comlink.proxy((p: GradVarianceProgress) => state().setGradJob({ progress: p }));
    const r = await api.gradientVariance({ ...s.gradOptions }, onProgress);
    if (r.cancelled) state().setGradJob({ running: false, error: `The measurement stopped early: ${r.cancelled}.` });
    else state().setGradJob({ running: false, result: r, error: null });
  } catch (e) {
    state().setGradJob({ running: false, error: (e as Error).message ?? String(e) });
    reportError(e);
  }
}

export function cancelGradientVariance(): void {
  void workerApi()?.cancelGradientVariance().catch(reportError);
}
