// Main-thread tasks from a Chrome trace, with wall-clock and CPU time: for the browser tests
// (e2e/harness.ts) and the benchmark. On a machine whose cores are shared (software WebGL runs
// on the CPU), a task's wall time includes the time the main thread waited for a core; its CPU
// time is what the page itself spent.

/**
 * Records a Chrome trace while `during()` runs and returns the renderer main thread's tasks
 * longer than `minWallMs`, with wall-clock and CPU durations. Wall time minus CPU time is time
 * the main thread was runnable but not running (another thread had the core) or blocked.
 * @template T
 * @param {import('playwright-core').Browser} browser
 * @param {import('playwright-core').Page} page
 * @param {() => Promise<T>} during
 * @param {number} [minWallMs]
 * @returns {Promise<{ result: T, tasks: { startMs: number, wallMs: number, cpuMs: number }[] }>}
 */
export async function traceMainThreadTasks(browser, page, during, minWallMs = 50) {
  await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel'] });
  let result;
  let buffer;
  try {
    result = await during();
  } finally {
    buffer = await browser.stopTracing();
  }
  return { result, tasks: mainThreadTasks(JSON.parse(buffer.toString('utf8')).traceEvents, page.url(), minWallMs) };
}

/**
 * The tasks (RunTask events) of the main thread of the renderer showing `pageUrl`, at least
 * `minWallMs` long, sorted by start.
 * @param {{ name: string, ph: string, pid: number, tid: number, ts: number, dur?: number, tdur?: number, args?: any }[]} traceEvents
 * @param {string} pageUrl
 * @param {number} minWallMs
 */
export function mainThreadTasks(traceEvents, pageUrl, minWallMs) {
  // The renderer of our page: TracingStartedInBrowser lists the frames with their process ids.
  const started = traceEvents.find((e) => e.name === 'TracingStartedInBrowser');
  const frames = started?.args?.data?.frames ?? [];
  const pids = new Set(frames.filter((f) => f.url === pageUrl).map((f) => f.processId));
  const mainThreads = new Set(
    traceEvents
      .filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && (pids.size === 0 || pids.has(e.pid)))
      .map((e) => `${e.pid}:${e.tid}`),
  );
  // A loop, not Math.min(...ts): a trace of 30 s holds more events than the call stack has room for arguments.
  let t0 = Infinity;
  for (const e of traceEvents) if (e.ts > 0 && e.ts < t0) t0 = e.ts;
  return traceEvents
    .filter((e) => e.ph === 'X' && e.name === 'RunTask' && mainThreads.has(`${e.pid}:${e.tid}`) && (e.dur ?? 0) >= minWallMs * 1000)
    .map((e) => ({ startMs: (e.ts - t0) / 1000, wallMs: (e.dur ?? 0) / 1000, cpuMs: (e.tdur ?? 0) / 1000 }))
    .sort((a, b) => a.startMs - b.startMs);
}
