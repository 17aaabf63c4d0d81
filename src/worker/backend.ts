/**
 * Backend choice, in the worker only (importing a backend package in Node crashes on
 * `navigator`, tfjs#8066, so core/ never does).
 */
import * as tf from '../core/tf';
// The four backends the training worker may run on (the core registers none).
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import './wasmPaths';
import { initialThreads, tuneWasmThreads, withThreadCap } from './wasmThreads';
import type { BackendInfo, BackendName, BackendRequest } from '../protocol/types';
import { explicitTransposeGrads } from '../core/model';
import { stepTrial } from './stepTrial';

interface AdapterProbe {
  available: boolean;
  fallback: boolean;
  description?: string;
  reason?: string;
}

/** Asks the browser for a WebGPU adapter and whether it is a software (fallback) one. */
async function probeWebGPU(): Promise<AdapterProbe> {
  const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
  if (!gpu) return { available: false, fallback: false, reason: 'this browser has no WebGPU (navigator.gpu is missing)' };
  try {
    const adapter = await gpu.requestAdapter();
    if (!adapter) return { available: false, fallback: false, reason: 'no WebGPU adapter was offered' };
    const info = (adapter as GPUAdapter & { info?: GPUAdapterInfo & { isFallbackAdapter?: boolean } }).info;
    // Chrome reports a software adapter (SwiftShader) as a fallback adapter; older builds on the adapter itself.
    const fallback = Boolean(info?.isFallbackAdapter ?? (adapter as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter);
    const description = [info?.vendor, info?.architecture, info?.device, info?.description].filter(Boolean).join(' ') || 'unnamed adapter';
    return { available: true, fallback, description: fallback ? `${description} (software)` : description };
  } catch (e) {
    return { available: false, fallback: false, reason: `requesting a WebGPU adapter failed: ${(e as Error).message}` };
  }
}

/** Switches to `name`; tf.setBackend can resolve false without throwing, so check getBackend(). */
async function trySetBackend(name: BackendName): Promise<string | null> {
  try {
    const ok = await tf.setBackend(name);
    await tf.ready();
    if (!ok || tf.getBackend() !== name) return `${name} failed to initialise`;
    return null;
  } catch (e) {
    return `${name} failed to initialise: ${(e as Error).message}`;
  }
}

/**
 * A short measured trial: the default model's biggest layer, forward and backward shapes
 * ([128×784]·[784×512] and its transpose), timed after one warm-up. Milliseconds. The inputs
 * are made before the timed part (made inside it, their 500,000 random numbers cost more than
 * the products on wasm).
 */
async function trial(): Promise<number> {
  const a = tf.randomUniform([128, 784]);
  const w = tf.randomUniform([784, 512]);
  try {
    const run = async () => {
      const y = tf.tidy(() => {
        const h = tf.relu(tf.matMul(a, w));
        // The backward shape, computed the way the model's gradient computes it on this backend
        // (wasm: an explicit transpose, see explicitTransposeGrads), so that the trial ranks
        // the backends by what training will cost on them.
        const back = explicitTransposeGrads(tf.getBackend()) ? tf.matMul(h, tf.transpose(w)) : tf.matMul(h, w, false, true);
        return tf.sum(back);
      });
      await y.data();
      y.dispose();
    };
    await run();
    const t0 = performance.now();
    for (let i = 0; i < 3; i++) await run();
    return (performance.now() - t0) / 3;
  } finally {
    tf.dispose([a, w]);
  }
}

/**
 * Picks the backend: the one the URL forces when it works (else the automatic choice, with
 * the reason); WebGPU on a hardware adapter; otherwise the fastest of the working
 * backends in a short trial (a software WebGPU adapter is not tried: its shader
 * compilation alone takes seconds, and it is slower than WebGL on SwiftShader).
 */
export async function chooseBackend(request: BackendRequest, threads: number | null = null): Promise<BackendInfo> {
  // wasm competes with every core (tfjs would start it on half); tuneWasmThreads then picks the count.
  const info = await withThreadCap(initialThreads(threads), () => chooseBackendOnly(request));
  if (info.name !== 'wasm') return info;
  const t0 = performance.now();
  const wasmThreads = await tuneWasmThreads(() => stepTrial(), threads);
  return { ...info, threads: wasmThreads, choiceMs: info.choiceMs + performance.now() - t0 };
}

async function chooseBackendOnly(request: BackendRequest): Promise<BackendInfo> {
  const t0 = performance.now();
  const gpu = await probeWebGPU();
  let note = '';
  if (request !== 'auto') {
    if (request === 'webgpu' && !gpu.available) {
      note = `WebGPU was requested but is unavailable (${gpu.reason}); `;
    } else {
      const err = await trySetBackend(request);
      if (!err) {
        return {
          name: request,
          reason: `forced by ?backend=${request}`,
          adapter: request === 'webgpu' ? gpu.description : undefined,
          choiceMs: performance.now() - t0,
        };
      }
      note = `${err}; `;
    }
  }
  if (gpu.available && !gpu.fallback && !(request === 'webgpu' && note)) {
    const err = await trySetBackend('webgpu');
    if (!err) return { name: 'webgpu', reason: `${note}hardware WebGPU adapter`, adapter: gpu.description, choiceMs: performance.now() - t0 };
    note += `${err}; `;
  }
  const why = gpu.available ? 'WebGPU adapter is software-only' : `no WebGPU: ${gpu.reason}`;
  const times: Partial<Record<BackendName, number>> = {};
  for (const name of ['webgl', 'wasm'] as const) {
    if (await trySetBackend(name)) continue;
    try {
      times[name] = await trial();
    } catch {
      // A backend that fails its trial is not a candidate.
    }
  }
  const ranked = (Object.entries(times) as [BackendName, number][]).sort((a, b) => a[1] - b[1]);
  const best = ranked[0]?.[0] ?? 'cpu';
  const err = await trySetBackend(best);
  if (err) throw new Error(`no tfjs backend works here: ${err}`);
  const trialText = ranked.map(([n, ms]) => `${n} ${ms.toFixed(0)} ms`).join(', ');
  return {
    name: best,
    reason: `${note}${why}; ${ranked.length ? `fastest in a trial (${trialText})` : 'the only backend left'}`,
    adapter: gpu.description,
    choiceMs: performance.now() - t0,
    trial: times,
  };
}
