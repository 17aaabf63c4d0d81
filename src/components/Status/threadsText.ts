import type { ThreadsInfo, ThreadTrial } from '../../protocol/types';

/** "1 thread 24.0 ms, 2 threads 13.0 ms (1.85×)": each count's trial time and its speed-up t₁ / tₙ over one thread. */
export function describeTrial(trials: ThreadTrial[]): string {
  const sorted = [...trials].sort((a, b) => a.threads - b.threads);
  const one = sorted[0]?.threads === 1 ? sorted[0] : undefined;
  return sorted
    .map((t) => {
      const label = `${t.threads} thread${t.threads === 1 ? '' : 's'} ${t.ms.toFixed(1)} ms`;
      return one && t !== one ? `${label} (${(one.ms / t.ms).toFixed(2)}×)` : label;
    })
    .join(', ');
}

/** The wasm threads line beside the backend: count, why, and the trial's figures. */
export function describeThreads(t: ThreadsInfo): string {
  const count = `${t.count} thread${t.count === 1 ? '' : 's'}${t.threaded ? ' (threaded SIMD build)' : ''}`;
  return `${count}: ${t.reason}${t.trial?.length ? ` (${describeTrial(t.trial)})` : ''}`;
}
