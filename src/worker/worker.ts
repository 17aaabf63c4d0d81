/// <reference lib="webworker" />
import * as Comlink from 'comlink';
import * as tf from '../core/tf';
import { loadDataset, type Dataset } from '../data/load';
import { toTrainingData } from '../data/import/prepare';
import type { Config, DatasetName } from '../core/config';
import type { BackendInfo, EvalPoint, InitOptions, SetConfigResult, WorkerApi, WorkerEvent } from '../protocol/types';
import { chooseBackend } from './backend';
import { checkpointBuffers } from '../core/serialize';
import { TrainingSession } from './session';
import * as latentViews from './latentViews';
import { DrawingService, drawingRequests, type DrawSource } from './drawing';
import { LabService, reparamSample } from './lab';
import { BayesService } from './bayes';
import { bayesViewRequests } from './bayesViewsApi';
import { fetchPretrained, type LoadedWeights } from './pretrained';
import { yieldToEventLoop } from './schedule';
import { rebuildKeysChanged } from '../core/config';
import { testSetKey, type PretrainedInfo } from '../protocol/drawing';
import { latentViewRequests } from './latentViewsApi';

let session: TrainingSession | null = null;
let emit: (e: WorkerEvent) => void = () => {};

function need(): TrainingSession {
  if (!session) throw new Error('the data set is not loaded yet');
  return session;
}

async function expectedBytes(dataUrl: string, dataset: DatasetName): Promise<number> {
  try {
    const res = await fetch(dataUrl + 'manifest.json');
    if (!res.ok) return 0;
    const m = (await res.json()) as { files: Record<string, { gzipBytes?: number }> };
    return Object.entries(m.files)
      .filter(([name]) => name.startsWith(`${dataset}-`))
      .reduce((a, [, f]) => a + (f.gzipBytes ?? 0), 0);
  } catch {
    return 0;
  }
}

/** The data sets loaded so far (switching back is then instant). */
const loadedSets = new Map<DatasetName, Dataset>();

async function loadSet(name: DatasetName): Promise<Dataset> {
  const have = loadedSets.get(name);
  if (have) return have;
  const total = await expectedBytes(dataUrl, name);
  const data = await loadDataset(name, dataUrl, (p) => emit({ type: 'progress', ...p }), undefined, total);
  loadedSets.set(name, data);
  return data;
}

/** What the latent views read, taken afresh at each request (the model changes on rebuild). */
function viewSource(): latentViews.LatentViewSource {
  const s = need();
  const d = s.dataset;
  return { model: s.model, testInputs: s.testSet, testImages: d.testImages, testLabels: d.testLabels, nTest: d.nTest, step: s.stepCount };
}

/**
 * Runs a latent view on the current model, and again on the new one if a rebuild disposed it
 * meanwhile. Only when the drawing worker is off: it answers the views otherwise (see
 * docs/architecture.md, "One path for interactive work"); here a view waits for the step
 * under way and runs whole.
 */
async function onCurrentModel<T>(view: (src: latentViews.LatentViewSource) => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const run = need().runId;
    try {
      return await view(viewSource());
    } catch (e) {
      if (need().runId === run || attempt >= 2) throw e;
    }
  }
}

/** Base URL of the data assets (pretrained models sit beside them in ../pretrained/). */
let dataUrl = '';

/** What the pad's requests and z = μ + σ ⊙ ε read: the session's current model and test set, at each request. */
function drawSource(): DrawSource {
  const s = need();
  const d = s.dataset;
  return {
    model: s.model,
    decoder: s.config.decoder,
    run: s.runId,
    step: s.stepCount,
    testInputs: s.testSet,
    testImages: d.testImages,
    testLabels: d.testLabels,
    nTest: d.nTest,
  };
}

/** The drawing pad's requests (only when the drawing worker is off). */
const drawing = new DrawingService(drawSource);

/** The estimator lab's gradient-variance job (it pauses training while it runs). */
const lab = new LabService(() => need());

/** The Bayesian-decoder panel's small-data experiment (it pauses training while it runs). */
const bayes = new BayesService(() => need());

/** Puts checked pretrained weights in place as a new run labelled "pretrained". */
async function installPretrained(w: LoadedWeights, config = w.config): Promise<PretrainedInfo> {
  const s = need();
  await s.loadModel(config, w.weights, 'pretrained', { samples: w.samples, steps: w.steps });
  // Its training as history: the test curve recorded as it trained, for the chart.
  for (const p of w.curve) {
    emit({ type: 'eval', point: { run: s.runId, step: p.steps, samples: p.samples, elbo: p.elbo, recon: p.recon, kl: p.kl, klPerDim: [], activeUnits: p.activeUnits, n: 1000, full: false } });
  }
  return { name: w.name, config: s.config, samples: w.samples, testElbo: w.testElbo, dtype: w.dtype, bytes: w.bytes, run: s.runId };
}

const api: WorkerApi = {
  async init(opts: InitOptions, onEvent: (e: WorkerEvent) => void): Promise<BackendInfo> {
    emit = (e) => {
      // onEvent is a Comlink proxy (it returns a promise); the page may have gone, and a
      // failed post must not stop training.
      // Checkpoints are megabytes: their buffers are transferred, not copied.
      const msg = e.type === 'checkpoint' ? Comlink.transfer(e, checkpointBuffers(e.checkpoint)) : e;
      void Promise.resolve(onEvent(msg)).catch(() => {});
    };
    const info = await chooseBackend(opts.backend, opts.threads ?? null);
    emit({ type: 'backend', info });
    dataUrl = opts.dataUrl;
    // The pretrained model downloads beside the data; it replaces the fresh weights before
    // 'ready', so the first model the page sees is already trained (drawing works at once).
    const wanted = opts.restore || opts.userData || opts.pretrained === null ? null : (opts.pretrained ?? null);
    const pretrained = wanted ? fetchPretrained(opts.dataUrl, wanted).catch((e: unknown) => e as Error) : null;
    // The user's own data set when the page gives one (a replacement worker), else the built-in one.
    const own = opts.userData;
    const user = own ? { name: own.name, hash: own.hash, n: own.n, classNames: own.classNames } : null;
    const data = own ? toTrainingData(own) : await loadSet(opts.config.dataset);
    session = new TrainingSession(data, opts.config, (e) => emit(e), undefined, loadSet);
    if (user) await session.rebuild(opts.config, undefined, { data, user });
    if (opts.restore) await session.restoreRun(opts.restore.run, opts.restore.checkpoint);
    let pretrainedProblem: string | null = null;
    const pre = await pretrained;
    if (pre instanceof Error) pretrainedProblem = pre.message;
    // Only when the page asks for the same network (a link may ask for another): its live
    // settings (learning rate, β, …) apply to the pretrained weights.
    else if (pre && rebuildKeysChanged(pre.config, opts.config).length === 0) {
      await installPretrained(pre, opts.config).catch((e: unknown) => (pretrainedProblem = (e as Error).message));
    }
    emit({ type: 'ready', nTrain: data.nTrain, nTest: data.nTest, dataset: session.config.dataset, ...(user ? { user } : {}) });
    emit({ type: 'state', state: session.state() });
    if (pretrainedProblem) emit({ type: 'error', message: `No pretrained model: ${pretrainedProblem}. Starting from fresh weights.` });
    const mem = tf.memory();
    emit({ type: 'metrics', points: [], klPerDim: null, samplesPerSec: null, tensors: mem.numTensors, bytes: mem.numBytes });
    return info;
  },
  async useUserDataset(set, config) {
    const s = need();
    // Split and checked before anything changes: a bad set throws here and the run stays.
    const data = toTrainingData(set);
    const r = await s.rebuild(config, undefined, { data, user: { name: set.name, hash: set.hash, n: set.n, classNames: set.classNames } });
    if (!r.ok) throw new Error(r.message);
    drawing.cancel();
    return s.state();
  },
  async useBuiltinDataset() {
    const s = need();
    const data = await loadSet(s.config.dataset);
    await s.rebuild(s.config, undefined, { data, user: null });
    drawing.cancel();
    return s.state();
  },
  async train() {
    need().start();
  },
  async pause() {
    await need().pause();
  },
  async step() {
    await need().singleStep();
  },
  async setStepInterval(ms) {
    need().setStepInterval(ms);
  },
  async reset() {
    await need().reset();
  },
  async setConfig(config: Config): Promise<SetConfigResult> {
    return need().setConfig(config);
  },
  async rebuild(config: Config): Promise<SetConfigResult> {
    return need().rebuild(config);
  },
  async evaluateFull(): Promise<EvalPoint> {
    return need().evaluateFull();
  },
  async ping() {
    return session?.stepCount ?? -1;
  },
  async injectFault(kind) {
    if (kind === 'nan') need().injectNaN();
    else
      setTimeout(() => {
        throw new Error('Injected failure (test hook)');
      });
  },
  ...latentViewRequests(onCurrentModel),
  async loadPretrained(name) {
    const w = await fetchPretrained(dataUrl, name);
    drawing.cancel();
    return installPretrained(w);
  },
  // Only when the drawing worker is off (it answers the pad otherwise): between steps.
  ...drawingRequests(drawing),
  async testDigitInput(index) {
    const r = drawing.testDigit(index);
    return Comlink.transfer(r, [r.intensities.buffer, r.x.buffer]);
  },
  async testSetCopy() {
    const s = need();
    const d = s.dataset;
    const user = s.state().userData;
    const copy = { key: testSetKey(s.config.dataset, user?.hash), images: d.testImages.slice(), labels: d.testLabels.slice(), n: d.nTest, nTrain: d.nTrain };
    return Comlink.transfer(copy, [copy.images.buffer, copy.labels.buffer]);
  },
  async modelSnapshot() {
    const s = need();
    // The reads are all issued here, before any await: no step comes between them, so the
    // weights are those of step `step`.
    const run = s.runId;
    const step = s.stepCount;
    const config = s.config;
    const weights = await s.model.getWeights();
    return Comlink.transfer({ run, step, config, weights }, weights.map((w) => w.buffer as ArrayBuffer));
  },
  async exportRun() {
    const r = await need().exportRun();
    return Comlink.transfer(r, checkpointBuffers(r.checkpoint));
  },
  async loadRun(config, checkpoint, origin) {
    const s = need();
    await s.loadRun(config, checkpoint, origin);
    drawing.cancel();
    return s.state();
  },
  async exportLayersModels() {
    // tfjs-layers (about 200 kB minified) is loaded only when someone exports.
    const { exportLayersModels } = await import('../core/layersExport');
    const r = await exportLayersModels(need().model);
    return Comlink.transfer(r, [r.encoder.weights, r.decoder.weights, ...(r.decoderStd ? [r.decoderStd.weights] : [])]);
  },
  async reparamSample(req) {
    // Only when the drawing worker is off (it answers z = μ + σ ⊙ ε otherwise).
    const r = await reparamSample(drawSource(), req);
    return Comlink.transfer(r, [r.decoded.buffer, r.atMu.buffer]);
  },
  async gradientVariance(req, onProgress) {
    // onProgress is a Comlink proxy; a page that has gone must not break the job.
    return lab.gradVariance(req, (p) => void Promise.resolve(onProgress(p)).catch(() => {}), yieldToEventLoop);
  },
  async cancelGradientVariance() {
    lab.cancel();
  },
  // Only when the drawing worker is off (it answers the views otherwise).
  ...bayesViewRequests(() => ({ ...drawSource(), weightPriorStd: need().config.weightPriorStd, nTrain: need().dataset.nTrain })),
  async bayesSmallData(req, onProgress) {
    // onProgress is a Comlink proxy; a page that has gone must not break the job.
    return bayes.smallData(req, (p) => void Promise.resolve(onProgress(p)).catch(() => {}), yieldToEventLoop);
  },
  async cancelBayesJob() {
    bayes.cancel();
  },
};

Comlink.expose(api);
