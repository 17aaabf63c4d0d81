/**
 * How many threads the wasm backend runs with: pure choices, no tfjs (unit-tested in Node).
 *
 * tfjs-wasm's threaded build starts a pool of 8 Emscripten pthread workers when it loads, and
 * XNNPACK's thread pool of n threads uses the calling thread and n − 1 of them, so counts
 * above 8 are not offered.
 */

import type { ThreadTrial } from '../protocol/types';

export type { ThreadTrial, ThreadsInfo } from '../protocol/types';

/** The most threads the threaded build can run (its pthread pool size is 8). */
export const MAX_WASM_THREADS = 8;

/** Two trial times within this fraction of the fastest count as a tie (timer and machine noise). */
export const TIE_TOLERANCE = 0.05;

/** The counts to try: 1, 2, 4, … up to the reported cores, and the core count itself. */
export function trialCounts(cores: number, max = MAX_WASM_THREADS): number[] {
  const top = Math.max(1, Math.min(Math.floor(cores) || 1, max));
  const counts: number[] = [];
  for (let n = 1; n <= top; n *= 2) counts.push(n);
  if (counts[counts.length - 1] !== top) counts.push(top);
  return counts;
}

/**
 * Reads ?threads= from the page's query: a whole number 1…MAX_WASM_THREADS, or absent/"auto"
 * (null: choose by trial). Anything else is refused with a message and means "auto".
 */
export function threadsFromSearch(search: string): { threads: number | null; notice: string | null } {
  const raw = new URLSearchParams(search).get('threads');
  if (raw === null || raw === '' || raw === 'auto') return { threads: null, notice: null };
  const n = Number(raw);
  if (Number.isInteger(n) && n >= 1 && n <= MAX_WASM_THREADS) return { threads: n, notice: null };
  return {
    threads: null,
    notice: `Threads "${raw.slice(0, 20)}" in the URL is not a whole number from 1 to ${MAX_WASM_THREADS}: choosing by trial.`,
  };
}

/**
 * The thread count to run: the user's setting when there is one (clamped to 1…max), else the
 * fastest count of the trial, where counts within TIE_TOLERANCE of the fastest time tie and
 * the smallest of them wins (fewer threads leave cores to the page and the drawing worker).
 */
export function chooseThreads(trials: ThreadTrial[], user: number | null, max = MAX_WASM_THREADS): { threads: number; reason: string } {
  if (user !== null) {
    const n = Math.max(1, Math.min(Math.round(user), max));
    return { threads: n, reason: `set by ?threads=${user}` };
  }
  const valid = trials.filter((t) => Number.isFinite(t.ms) && t.ms > 0);
  if (valid.length === 0) return { threads: 1, reason: 'no trial time was measured' };
  const fastest = Math.min(...valid.map((t) => t.ms));
  const pick = valid.filter((t) => t.ms <= fastest * (1 + TIE_TOLERANCE)).sort((a, b) => a.threads - b.threads)[0]!;
  return { threads: pick.threads, reason: 'fastest in a trial' };
}
