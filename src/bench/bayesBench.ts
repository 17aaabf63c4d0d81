/**
 * Benchmark mode 'bayes' (issue 25): the variational (Bayesian) decoder's training step against
 * the point-estimate decoder's on one backend, for the default model (bayesRate.ts). Bench page only.
 */
import * as tf from '../core/tf';
import { chooseBackend } from '../worker/backend';
import { DEFAULT_CONFIG } from '../core/config';
import { measureBayesRate, type BayesRate } from './bayesRate';
import type { BenchRequest } from './protocol';

export interface BayesBench extends BayesRate {
  backend: string;
}

export async function bayesBench(req: BenchRequest, log: (m: string) => void): Promise<BayesBench> {
  await chooseBackend(req.backend);
  const backend = tf.getBackend();
  // cpu and software WebGPU take about a second per step: fewer steps there.
  const slow = backend === 'cpu' || backend === 'webgpu';
  const steps = req.quick ? (slow ? 4 : 8) : slow ? 10 : 30;
  const r = await measureBayesRate(DEFAULT_CONFIG, steps);
  log(`point ${r.pointMs.toFixed(1)} ms/step, variational ${r.variationalMs.toFixed(1)} ms/step: ${r.ratio.toFixed(2)}×`);
  return { backend, ...r };
}
