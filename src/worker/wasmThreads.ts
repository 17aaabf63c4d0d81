/**
 * Runs the wasm backend on the thread count a short measured trial picks.
 *
 * tfjs-wasm reads the count set by `setThreadsCount` once, when the backend is constructed
 * (`BackendWasm`'s constructor calls `initWithThreadsCount`), and its default is half the
 * cores. tfjs-core keeps the backend *factory* in its registry beside the backend instance,
 * so a count can be changed without a new worker: take the factory with
 * `tf.findBackendFactory('wasm')`, `tf.removeBackend('wasm')` (disposes the instance; its
 * dispose() terminates the pthread workers), `setThreadsCount(n)`, register the same factory
 * again and `tf.setBackend('wasm')`. The factory's `init()` instantiates a fresh Emscripten
 * module every time (the .wasm comes from the HTTP or service-worker cache). Re-registering
 * must happen before any tensor the app keeps exists: tensors of a removed backend are lost.
 *
 * tfjs caps the count twice: the JS default is half the cores, and the C++ side
 * (`init_with_threads_count` in tfjs-backend-wasm/src/cc/backend.cc) clamps any count to
 * `emscripten_num_logical_cores() / 2`, computed once when the module starts, from
 * `navigator.hardwareConcurrency`. So while a module starts, `withThreadCap` shows it a
 * navigator with 2n cores (an own property shadowing WorkerNavigator's getter, removed
 * afterwards); the count itself comes from setThreadsCount, and get_threads_count reports
 * what XNNPACK's pool really has.
 * Whether the threaded build loads at all is tfjs's flag WASM_HAS_MULTITHREAD_SUPPORT
 * (SharedArrayBuffer can be posted, which needs cross-origin isolation); setting it to false
 * before a re-registration loads the single-threaded SIMD build instead.
 */
import * as tf from '../core/tf';
import { getThreadsCount, setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { chooseThreads, trialCounts, type ThreadsInfo, type ThreadTrial } from './threads';

const WASM_PRIORITY = 2;

/**
 * Runs `start` (which starts a wasm module) with setThreadsCount(threads) and the C++ cap
 * lifted to `threads` (see above).
 */
export async function withThreadCap<T>(threads: number, start: () => Promise<T>): Promise<T> {
  setThreadsCount(threads);
  const nav = navigator as Navigator & { hardwareConcurrency: number };
  let shadowed = false;
  try {
    Object.defineProperty(nav, 'hardwareConcurrency', { value: 2 * threads, configurable: true });
    shadowed = true;
  } catch {
    // A browser that refuses the shadow keeps tfjs's cap of half the cores.
  }
  try {
    return await start();
  } finally {
    if (shadowed) delete (nav as { hardwareConcurrency?: number }).hardwareConcurrency;
  }
}

/** Re-creates the wasm backend with `threads` threads (see above); returns the count it reports. */
async function restartWasm(threads: number): Promise<number> {
  const factory = tf.findBackendFactory('wasm');
  if (!factory) throw new Error('the wasm backend is not registered');
  tf.removeBackend('wasm');
  tf.registerBackend('wasm', factory, WASM_PRIORITY);
  const ok = await withThreadCap(threads, async () => {
    const set = await tf.setBackend('wasm');
    await tf.ready();
    return set;
  });
  if (!ok || tf.getBackend() !== 'wasm') throw new Error('the wasm backend failed to initialise');
  return getThreadsCount();
}

/** The threaded build's helpers come from the page's origin; they are refused without isolation. */
function isolated(): boolean {
  return (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
}

/** The count to start the backend choice with: every core the browser reports (tfjs would take half). */
export function initialThreads(user: number | null): number {
  return user ?? trialCounts(navigator.hardwareConcurrency || 1).at(-1)!;
}

/**
 * With wasm the current backend: time `trial` at each count of trialCounts(cores) (or take the
 * user's count), run the chosen count, and say why. Falls back to the single-threaded build,
 * with the reason, when the page is not isolated or the threaded build fails.
 */
export async function tuneWasmThreads(trial: () => Promise<number>, user: number | null): Promise<ThreadsInfo> {
  const threaded = (await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')) === true;
  if (!threaded) {
    const why = isolated()
      ? 'this browser cannot run the threaded build (no shareable SharedArrayBuffer or wasm threads)'
      : 'the page is not cross-origin isolated (no COOP/COEP headers), so SharedArrayBuffer is unavailable';
    return { count: 1, threaded: false, reason: `single-threaded build: ${why}` };
  }
  try {
    const trials: ThreadTrial[] = [];
    if (user === null) {
      for (const n of trialCounts(navigator.hardwareConcurrency || 1)) {
        const actual = await restartWasm(n);
        trials.push({ threads: actual, ms: await trial() });
      }
    }
    const choice = chooseThreads(trials, user);
    // The backend running now (the last trial's, or the start-up one with the user's count) may already have it.
    const count = getThreadsCount() === choice.threads ? choice.threads : await restartWasm(choice.threads);
    return { count, threaded: true, reason: choice.reason, ...(trials.length ? { trial: trials } : {}) };
  } catch (e) {
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    await restartWasm(1);
    return { count: 1, threaded: false, reason: `single-threaded build: the threaded build failed (${(e as Error).message})` };
  }
}
