/**
 * Benchmark mode 'hmc' (issue 24): HMC samples per second and leapfrog steps per second of
 * the posterior lab's sampler at J = 2, 20 and 50 on one backend (measureHmcRate: 4 chains,
 * 10 leapfrog steps per transition, a 784-512-J decoder). Bench page only.
 */
import * as tf from '../core/tf';
import { chooseBackend } from '../worker/backend';
import { measureHmcRate, type HmcRate } from './hmcRate';
import type { BenchRequest } from './protocol';

export interface HmcBench {
  backend: string;
  /** Timed transitions per J (after 2 untimed ones that compile the kernels). */
  transitions: number;
  rates: HmcRate[];
}

export const HMC_LATENT_SIZES = [2, 20, 50] as const;

export async function hmcBench(req: BenchRequest, log: (m: string) => void): Promise<HmcBench> {
  await chooseBackend(req.backend);
  const backend = tf.getBackend();
  // cpu and software WebGPU take up to seconds per transition; quick mode keeps the whole mode short.
  const slow = backend === 'cpu' || backend === 'webgpu';
  const transitions = req.quick ? (slow ? 3 : 6) : slow ? 8 : 20;
  const rates: HmcRate[] = [];
  for (const J of HMC_LATENT_SIZES) {
    const r = await measureHmcRate(J, { transitions });
    rates.push(r);
    log(`J = ${J}: ${r.samplesPerSec.toFixed(1)} samples/s, ${r.leapfrogPerSec.toFixed(0)} leapfrog steps/s (${r.ms.toFixed(0)} ms)`);
  }
  return { backend, transitions, rates };
}
