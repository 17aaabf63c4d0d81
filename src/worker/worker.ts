/// <reference lib="webworker" />
import * as Comlink from 'comlink';
import * as tf from '@tensorflow/tfjs';
import { loadMnist } from '../data/load';
import type { Config } from '../core/config';
import type { BackendInfo, EvalPoint, InitOptions, SetConfigResult, WorkerApi, WorkerEvent } from '../protocol/types';
import { chooseBackend } from './backend';
import { TrainingSession } from './session';

let session: TrainingSession | null = null;
let emit: (e: WorkerEvent) => void = () => {};

function need(): TrainingSession {
  if (!session) throw new Error('the data set is not loaded yet');
  return session;
}

async function expectedBytes(dataUrl: string): Promise<number> {
  try {
    const res = await fetch(dataUrl + 'manifest.json');
    if (!res.ok) return 0;
    const m = (await res.json()) as { files: Record<string, { gzipBytes?: number }> };
    return Object.values(m.files).reduce((a, f) => a + (f.gzipBytes ?? 0), 0);
  } catch {
    return 0;
  }
}

const api: WorkerApi = {
  async init(opts: InitOptions, onEvent: (e: WorkerEvent) => void): Promise<BackendInfo> {
    emit = (e) => {
      // onEvent is a Comlink proxy (it returns a promise); the page may have gone, and a
      // failed post must not stop training.
      void Promise.resolve(onEvent(e)).catch(() => {});
    };
    const info = await chooseBackend(opts.backend);
    emit({ type: 'backend', info });
    const total = await expectedBytes(opts.dataUrl);
    const data = await loadMnist(opts.dataUrl, (p) => emit({ type: 'progress', ...p }), undefined, total);
    session = new TrainingSession(data, opts.config, (e) => emit(e));
    emit({ type: 'ready', nTrain: data.nTrain, nTest: data.nTest });
    emit({ type: 'state', state: session.state() });
    const mem = tf.memory();
    emit({ type: 'metrics', points: [], klPerDim: null, samplesPerSec: null, tensors: mem.numTensors, bytes: mem.numBytes });
    return info;
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
};

Comlink.expose(api);
