// Page-side instruments of the benchmark (scripts/bench.mjs), passed to page.addInitScript:
// frame times, long animation frames with their scripts (attribution), the JS heap, and the
// cold-start marks. Each records into a window.__bench* global that the bench reads back.

/**
 * Init script: requestAnimationFrame deltas (ms) in window.__frames as [time, delta]; the
 * JS heap (performance.memory.usedJSHeapSize) sampled every 250 ms, its peak in
 * window.__heapPeak; long animation frames (> 50 ms) with the scripts that ran in them in
 * window.__loafs (Chromium's 'long-animation-frame' entries: which callback, of which
 * source, for how long).
 */
export function installFrameInstruments() {
  const w = /** @type {any} */ (window);
  /** @type {[number, number][]} */
  const frames = [];
  w.__frames = frames;
  let last = -1;
  const tick = (/** @type {number} */ t) => {
    if (last >= 0) frames.push([t, t - last]);
    last = t;
    if (frames.length > 20000) frames.splice(0, 10000);
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  w.__heapPeak = 0;
  setInterval(() => {
    const m = /** @type {any} */ (performance).memory;
    if (m) w.__heapPeak = Math.max(w.__heapPeak, m.usedJSHeapSize);
  }, 250);
  /** @type {{ start: number, duration: number, blocking: number, scripts: { invoker: string, source: string, fn: string, ms: number }[] }[]} */
  const loafs = [];
  w.__loafs = loafs;
  try {
    new PerformanceObserver((list) => {
      for (const e of /** @type {any[]} */ (list.getEntries())) {
        loafs.push({
          start: e.startTime,
          duration: e.duration,
          blocking: e.blockingDuration ?? 0,
          scripts: (e.scripts ?? []).map((/** @type {any} */ s) => ({
            invoker: String(s.invoker ?? ''),
            source: String(s.sourceURL ?? '').split('/').pop() ?? '',
            fn: String(s.sourceFunctionName ?? ''),
            ms: s.duration,
          })),
        });
      }
    }).observe({ type: 'long-animation-frame', buffered: true });
  } catch {
    w.__loafsUnsupported = true;
  }
}

/**
 * Frame and heap figures since `since` (page time): frame-time p50/p95/max, the peak heap
 * since the start of the page, and the long animation frames' scripts summed by invoker.
 * @param {import('playwright-core').Page} page
 * @param {number} since
 */
export async function readFrameInstruments(page, since) {
  return page.evaluate((t0) => {
    const w = /** @type {any} */ (window);
    const d = /** @type {[number, number][]} */ (w.__frames ?? []).filter(([t]) => t >= t0).map(([, x]) => x).sort((a, b) => a - b);
    const q = (/** @type {number} */ p) => (d.length ? d[Math.min(d.length - 1, Math.floor(p * d.length))] : null);
    const loafs = /** @type {any[]} */ (w.__loafs ?? []).filter((l) => l.start >= t0);
    /** @type {Record<string, { ms: number, count: number }>} */
    const byScript = {};
    for (const l of loafs) {
      for (const s of l.scripts) {
        const key = `${s.invoker} ${s.fn ? `${s.fn}@` : ''}${s.source}`.trim();
        byScript[key] ??= { ms: 0, count: 0 };
        byScript[key].ms += s.ms;
        byScript[key].count += 1;
      }
    }
    const top = Object.entries(byScript)
      .sort((a, b) => b[1].ms - a[1].ms)
      .slice(0, 8)
      .map(([k, v]) => ({ script: k, ms: Math.round(v.ms), count: v.count }));
    const m = /** @type {any} */ (performance).memory;
    return {
      frames: d.length,
      frameP50: q(0.5),
      frameP95: q(0.95),
      frameMax: d.length ? d[d.length - 1] : null,
      longAnimationFrames: loafs.length,
      loafSupported: !w.__loafsUnsupported,
      loafTopScripts: top,
      heapPeakMB: w.__heapPeak ? Math.round((w.__heapPeak / 2 ** 20) * 10) / 10 : null,
      heapNowMB: m ? Math.round((m.usedJSHeapSize / 2 ** 20) * 10) / 10 : null,
    };
  }, since);
}

/**
 * Init script for cold start: window.__cold.firstFrame is the first animation frame after
 * the app rendered into #root; window.__cold.dataReady the time the data status says the
 * data set is ready (page time, ms since navigation start).
 */
export function installColdStartMarks() {
  const w = /** @type {any} */ (window);
  const cold = {
    firstFrame: /** @type {number | null} */ (null),
    dataReady: /** @type {number | null} */ (null),
    // The drawing worker holds its copy of the model: a drawing is answered beside training.
    drawReady: /** @type {number | null} */ (null),
  };
  w.__cold = cold;
  const watch = () => {
    const root = document.getElementById('root');
    if (!root) return void requestAnimationFrame(watch);
    const check = () => {
      if (cold.firstFrame == null && root.querySelector('button')) {
        requestAnimationFrame(() => (cold.firstFrame ??= performance.now()));
      }
      const status = document.querySelector('[role="status"][aria-label="Data status"]');
      if (cold.dataReady == null && status && /ready/i.test(status.textContent ?? '')) cold.dataReady = performance.now();
      // The pad on the first screen says when the drawing worker holds its copy of the model.
      if (cold.drawReady == null && root.querySelector('[data-draw-worker="ready"]')) cold.drawReady = performance.now();
      if (cold.dataReady != null && cold.firstFrame != null && cold.drawReady != null) obs.disconnect();
    };
    const obs = new MutationObserver(check);
    obs.observe(root, { childList: true, subtree: true, characterData: true });
    check();
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', watch);
  else watch();
}
