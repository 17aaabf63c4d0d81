/**
 * Benchmark mode 'autosave' (issue 28): the training worker's side of one autosave of the
 * default model, on one backend. An autosave asks the worker for the run (exportRun: the loop
 * pauses after its current step, the weights and the optimizer state are snapshotted and read
 * back, the loop starts again); that is timed here on a TrainingSession while it trains, as
 * in the app's worker. The page's side (the structured clone into IndexedDB) and the interval
 * between saves are measured on the app's page (scripts/bench-recovery.mjs).
 */
import * as tf from '../core/tf';
import { chooseBackend } from '../worker/backend';
import { TrainingSession } from '../worker/session';
import { DEFAULT_CONFIG } from '../core/config';
import { loadDataset } from '../data/load';
import { median, round } from './measure';
import type { BenchRequest } from './protocol';

export interface AutosaveBench {
  backend: string;
  saves: number;
  /** Wall time of exportRun while training, per save, ms; median. */
  workerMs: number[];
  medianWorkerMs: number;
  /** Bytes of the weights and the optimizer state (what the autosave stores besides the curves). */
  bytes: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function autosaveBench(req: BenchRequest, log: (m: string) => void): Promise<AutosaveBench> {
  await chooseBackend(req.backend);
  const backend = tf.getBackend();
  const data = await loadDataset('mnist', req.dataUrl);
  let reports = 0;
  const s = new TrainingSession(data, { ...DEFAULT_CONFIG }, (e) => {
    if (e.type === 'metrics') reports++;
  });
  try {
    s.start();
    // Past the first steps (kernels compiled, the optimizer's slots made).
    const t0 = performance.now();
    while (reports < 2 && performance.now() - t0 < 120_000) await sleep(50);
    const saves = req.quick ? 3 : 8;
    const workerMs: number[] = [];
    let bytes = 0;
    for (let i = 0; i < saves; i++) {
      await sleep(500);
      const t = performance.now();
      const r = await s.exportRun();
      workerMs.push(round(performance.now() - t, 1));
      bytes = [...r.checkpoint.weights, ...r.checkpoint.optimizerState].reduce((n, a) => n + a.values.byteLength, 0);
      if (!s.running) throw new Error('training did not go on after the export');
    }
    const m = median(workerMs);
    log(`exportRun while training: median ${round(m)} ms of ${saves} (${workerMs.join(', ')}), ${(bytes / 1e6).toFixed(1)} MB`);
    return { backend, saves, workerMs, medianWorkerMs: round(m), bytes };
  } finally {
    await s.pause();
    await s.dispose();
  }
}
