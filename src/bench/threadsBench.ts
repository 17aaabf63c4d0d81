/**
 * Benchmark mode 'threads' (issue 27): the default model's training speed on wasm at each
 * thread count the app's trial tries (1, 2, 4, … up to navigator.hardwareConcurrency,
 * trialCounts), with the app's own loop (TrainingSession), the matMul peak at each count,
 * the speed-up over one thread, and the matMul peak's share the training takes at the count
 * the app's trial chooses (chooseBackend('wasm'), as the app's worker starts).
 *
 * The counts are switched the app's way (tuneWasmThreads with a user count: a fresh wasm
 * module), with no tensor alive across a switch; rounds are interleaved (1, 2, 4, 1, 2, 4, …)
 * so that load from other work on the machine falls on every count alike.
 * share = (samples/s ÷ M) × FLOPs per step ÷ matMul FLOP/s (peakSharePct).
 */
import * as tf from '../core/tf';
import { chooseBackend } from '../worker/backend';
import { tuneWasmThreads } from '../worker/wasmThreads';
import { trialCounts } from '../worker/threads';
import { TrainingSession } from '../worker/session';
import { DEFAULT_CONFIG } from '../core/config';
import { loadDataset } from '../data/load';
import type { ThreadsInfo } from '../protocol/types';
import { flopsPerStep, matmulPeak, median, peakSharePct, round, sessionWindow } from './measure';
import type { BenchRequest } from './protocol';
import { Trainer } from '../core/trainer';
import { profileSteps, type StepProfile } from './stepProfile';
import { trialBatch } from '../worker/stepTrial';

export interface ThreadsRow {
  threads: number;
  /** Samples/s of the app's loop, one per round; median. */
  samplesPerSec: number[];
  median: number;
  speedup: number;
  matmulGflops: number;
  /** The matMul peak's share the training takes at this count, %. */
  peakSharePct: number;
  /** Where a step's time goes at this count (first round; the Trainer's step on one batch). */
  profile: StepProfile;
}

export interface ThreadsBench {
  backend: string;
  cores: number;
  isolated: boolean;
  /** The app's own choice (trial and reason), as its worker makes it. */
  chosen: ThreadsInfo | null;
  rounds: number;
  windowS: number;
  rows: ThreadsRow[];
}

export async function threadsBench(req: BenchRequest, log: (m: string) => void): Promise<ThreadsBench> {
  const info = await chooseBackend('wasm');
  if (tf.getBackend() !== 'wasm') throw new Error(`the wasm backend is unavailable (running ${tf.getBackend()})`);
  const cores = navigator.hardwareConcurrency || 1;
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
  log(`wasm: ${info.threads?.count ?? 1} thread(s) chosen (${info.threads?.reason ?? 'no thread information'}), ${cores} cores, isolated ${isolated}`);
  const data = await loadDataset('mnist', req.dataUrl);
  const c = { ...DEFAULT_CONFIG };
  const counts = info.threads?.threaded ? trialCounts(cores) : [1];
  const rounds = req.quick ? 1 : 2;
  const windowS = req.quick ? 3 : req.windowS;
  const rates = new Map<number, number[]>(counts.map((n) => [n, []]));
  const peaks = new Map<number, number[]>(counts.map((n) => [n, []]));
  const profiles = new Map<number, StepProfile>();
  for (let r = 0; r < rounds; r++) {
    for (const n of counts) {
      const t = await tuneWasmThreads(async () => 0, n);
      if (t.count !== n) throw new Error(`asked for ${n} threads, wasm runs ${t.count}`);
      peaks.get(n)!.push((await matmulPeak(req.quick ? 1 : 2)).gflops);
      const marks: { t: number; samples: number }[] = [];
      const s = new TrainingSession(data, c, (e) => {
        const last = e.type === 'metrics' ? e.points.at(-1) : undefined;
        if (last) marks.push({ t: performance.now(), samples: last.samples });
      });
      try {
        rates.get(n)!.push(round(await sessionWindow(s, marks, windowS)));
      } finally {
        await s.dispose();
      }
      log(`round ${r + 1}: ${n} thread(s): ${rates.get(n)!.at(-1)} samples/s, matMul ${peaks.get(n)!.at(-1)} GFLOP/s`);
      if (r === 0) {
        const trainer = new Trainer(c);
        const x = trialBatch(c.batchSize, 1);
        try {
          const p = await profileSteps(trainer, x, req.quick ? 10 : 30);
          profiles.set(n, p);
          log(`profile, ${n} thread(s): ${p.wallMs} ms per step, ${JSON.stringify(p.groups)}, outside kernels ${p.outsideMs} ms`);
        } finally {
          x.dispose();
          trainer.dispose();
        }
      }
    }
  }
  const fps = flopsPerStep(c);
  const one = median(rates.get(1)!);
  const rows = counts.map((n) => {
    const m = median(rates.get(n)!);
    const g = median(peaks.get(n)!);
    return {
      threads: n,
      samplesPerSec: rates.get(n)!,
      median: round(m),
      speedup: round(m / one, 2),
      matmulGflops: round(g, 2),
      peakSharePct: peakSharePct(m, c.batchSize, fps, g),
      profile: profiles.get(n)!,
    };
  });
  // Leave the backend as the app would run it.
  if (info.threads?.threaded) await tuneWasmThreads(async () => 0, info.threads.count);
  return { backend: 'wasm', cores, isolated, chosen: info.threads ?? null, rounds, windowS, rows };
}
