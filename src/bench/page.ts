/**
 * Benchmark page (bench.html; not part of the app's page): runs one measurement in a fresh
 * worker and leaves the outcome in `window.__bench` for scripts/bench.mjs.
 *   bench.html?mode=train&backend=webgl&window=8     bench.html?mode=auto     bench.html?mode=check&backend=webgpu
 *   bench.html?mode=hmc&backend=wasm&quick=1   (also bayes, threads, autosave: see protocol.ts)
 */
import { BENCH_MODES, type BenchReply, type BenchRequest } from './protocol';
import type { BackendRequest } from '../protocol/types';

const q = new URLSearchParams(location.search);
const state: { done: boolean; log: string[]; result: unknown; error: string | null } = { done: false, log: [], result: null, error: null };
(window as unknown as { __bench: typeof state }).__bench = state;
const out = document.getElementById('out')!;
const show = (line: string) => {
  state.log.push(line);
  out.textContent += line + '\n';
};

const req: BenchRequest = {
  mode: BENCH_MODES.find((m) => m === q.get('mode')) ?? 'train',
  backend: (q.get('backend') ?? 'auto') as BackendRequest,
  windowS: Number(q.get('window') ?? 8),
  dataUrl: new URL('../../data/', location.href).href,
  quick: q.get('quick') === '1',
};
const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'vae-bench' });
worker.onmessage = (ev: MessageEvent<BenchReply>) => {
  const m = ev.data;
  if (m.type === 'log') show(m.message);
  else if (m.type === 'result') {
    state.result = m.result;
    state.done = true;
    show(JSON.stringify(m.result, null, 2));
  } else {
    state.error = m.message;
    state.done = true;
    show(`error: ${m.message}`);
  }
};
worker.onerror = (e) => {
  state.error = e.message || 'worker failed';
  state.done = true;
};
worker.postMessage(req);
