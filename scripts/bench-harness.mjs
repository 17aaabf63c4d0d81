// The benchmark's browser harness: driving the built app in headless Chromium the way a person
// would (open it, train, wait for figures, draw strokes and read the latencies the page
// reports) and running the bench page. bench-measure.mjs measures with these; bench.mjs runs it all.
import { installLongTaskObserver, parseFigure, readAlerts, readLiveFigures, waitForDataReady, waitForFigures } from './ui-contract.mjs';
import { quantile, round } from './bench-report.mjs';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const step = (f) => parseFigure(f?.Step) ?? -1;

/** Polls the Step figure (every 20 ms) until it differs from `from`; returns the figures and the time. */
export async function nextStepChange(page, from, timeout) {
  const deadline = Date.now() + timeout;
  for (let i = 0; ; i++) {
    const f = await readLiveFigures(page);
    const t = Date.now();
    if (step(f) !== from && step(f) >= 0) return { figures: f, t };
    if (i % 25 === 0) {
      const alerts = await readAlerts(page);
      if (alerts.length > 0) throw new Error(`the app shows an error: ${JSON.stringify(alerts)}`);
    }
    if (t > deadline) throw new Error(`Step stayed at ${from} for ${timeout} ms`);
    await sleep(20);
  }
}

/** Opens the app on `backend`, trains past the warm-up and returns the page (views open, as by default). */
export async function trainingPage(browser, baseUrl, backend, query = '') {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  await page.addInitScript(installLongTaskObserver);
  await page.goto(new URL(`/?backend=${backend}${query}`, baseUrl).toString());
  await waitForDataReady(page, 90_000);
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await waitForFigures(page, (f) => step(f) >= 20, { timeout: 180_000, what: 'Step ≥ 20', failOnAlert: true });
  return { page, context, errors };
}

/** Steps per second over `seconds` of training. */
export async function stepRate(page, seconds) {
  const a = step(await readLiveFigures(page));
  const t0 = Date.now();
  await sleep(seconds * 1000);
  const b = step(await readLiveFigures(page));
  return (b - a) / ((Date.now() - t0) / 1000);
}

export async function runBenchPage(browser, url, timeout, log) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await page.goto(url);
    const deadline = Date.now() + timeout;
    let seen = 0;
    for (;;) {
      const st = await page.evaluate(() => /** @type {any} */ (window).__bench ?? null);
      if (st) {
        for (const line of st.log.slice(seen)) if (!line.startsWith('{')) log(line);
        seen = st.log.length;
        if (st.done) return st.error ? { ok: false, error: st.error.split('\n')[0] } : { ok: true, result: st.result };
      }
      if (Date.now() > deadline) return { ok: false, error: `timed out after ${timeout / 1000} s` };
      if (errors.length) return { ok: false, error: errors[0] };
      await sleep(500);
    }
  } finally {
    await context.close().catch(() => {});
  }
}

/** Draws a polyline on the pad; points in [0, 1]² of the pad (as e2e/draw.e2e.ts does). */
export async function stroke(page, points) {
  const pad = page.getByLabel('Drawing pad', { exact: true });
  await pad.scrollIntoViewIfNeeded();
  const b = await pad.boundingBox();
  const at = ([x, y]) => [b.x + x * b.width, b.y + y * b.height];
  await page.mouse.move(...at(points[0]));
  await page.mouse.down();
  for (const p of points.slice(1)) await page.mouse.move(...at(p), { steps: 6 });
  await page.mouse.up();
}

/** Strokes `n` times and returns the latencies (stroke end → figures shown) the page reports. */
export async function drawLatencies(page, n) {
  // Read without Playwright's auto-wait: the list appears only after the first drawing.
  const attrs = () =>
    page.evaluate(() => {
      const dl = document.querySelector('dl[aria-label="Drawing figures"]');
      if (!dl) return null;
      const at = (name) => dl.getAttribute(name);
      return { input: at('data-latency-input'), ms: at('data-latency-ms'), worker: at('data-worker-ms'), page: at('data-page-wait-ms'), queue: at('data-queue-ms'), by: at('data-encoded-by') };
    });
  const out = { latency: [], worker: [], page: [], queue: [], by: [], missed: [] };
  for (let i = 0; i < n; i++) {
    const before = (await attrs())?.input ?? null;
    const x = 0.2 + (0.5 * i) / Math.max(1, n);
    await stroke(page, [
      [x, 0.15],
      [x + 0.05, 0.5],
      [x, 0.85],
    ]);
    const deadline = Date.now() + 30_000;
    let now = await attrs();
    while ((now?.input ?? null) === before) {
      if (Date.now() > deadline) break;
      await sleep(25);
      now = await attrs();
    }
    if ((now?.input ?? null) === before) {
      // Recorded, not fatal: the page reported no latency for this stroke within 30 s.
      out.missed.push({ stroke: i + 1, list: now });
      continue;
    }
    out.latency.push(Number(now.ms));
    out.worker.push(Number(now.worker));
    out.page.push(Number(now.page));
    out.queue.push(Number(now.queue));
    out.by.push(now.by);
    await sleep(150);
  }
  const sum = (xs) => ({ p50: round(quantile(xs, 0.5), 0), p95: round(quantile(xs, 0.95), 0), n: xs.length });
  if (out.latency.length === 0) throw new Error(`no draw-to-encode latency reported for any of ${n} strokes (30 s each)`);
  // Each stroke's parts too: an outlier shows where its time went.
  const strokes = out.latency.map((ms, i) => ({ ms, page: out.page[i], queue: out.queue[i], worker: out.worker[i], by: out.by[i] }));
  // Which worker answered (the drawing worker, or the training worker between steps).
  const encodedBy = {};
  for (const b of out.by) encodedBy[b] = (encodedBy[b] ?? 0) + 1;
  return { encodedBy, latencyMs: sum(out.latency), workerMs: sum(out.worker), pageWaitMs: sum(out.page), queueMs: sum(out.queue), all: out.latency, strokes, missed: out.missed };
}
