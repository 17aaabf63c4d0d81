/**
 * The posterior lab's requests as a worker's API (the drawing worker spreads them into its own):
 * results' buffers are transferred, not copied; progress callbacks are Comlink proxies whose
 * page may have gone, which must not break the job.
 */
import * as Comlink from 'comlink';
import type { DrawSource } from './drawing';
import type { InferenceLabApi, JobProgress } from '../protocol/inference';
import { InferenceJobs } from './inferenceJobs';
import { InferenceLab } from './inferenceLab';
import { yieldToEventLoop } from './schedule';

export function inferenceRequests(source: () => DrawSource): InferenceLabApi & { cancelInference(): void } {
  const lab = new InferenceLab(source, yieldToEventLoop);
  const jobs = new InferenceJobs(source, yieldToEventLoop);
  const safe = (f: (p: JobProgress) => void) => (p: JobProgress) => void Promise.resolve(f(p)).catch(() => {});
  return {
    labStart: (x, settings) => lab.start(x, settings),
    labPause: () => lab.pause(),
    labResume: async () => lab.resume(),
    labReset: () => lab.reset(),
    async labSnapshot(dims) {
      const s = lab.snapshot(dims);
      return Comlink.transfer(s, [s.scatter.buffer, s.scatterChain.buffer]);
    },
    async labGrid() {
      // The grid is kept for later polls: a copy crosses.
      return lab.gridResult();
    },
    async labImages(seed) {
      const r = await lab.images(seed);
      return r && Comlink.transfer(r, [r.posterior.buffer, r.q.buffer]);
    },
    labGaps: (req, onProgress) => jobs.gaps(req, safe(onProgress)),
    labMarginal: (req, onProgress) => jobs.marginal(req, safe(onProgress)),
    labCancelJob: async () => jobs.cancel(),
    /** A new run in the copy: the jobs stop at their next chunk (the chains stop by themselves). */
    cancelInference: () => jobs.cancel(),
  };
}
