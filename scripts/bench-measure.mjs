// The benchmark's measurements, one function per figure set (cold start, the app page per
// backend, the bench page, latent views, soak, draw → encode latency), each returning plain
// results for bench-report.mjs to print and bench.mjs to write. See bench.mjs for what each measures.
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { watchWorkerHeaps } from './workerHeap.mjs';
import { traceMainThreadTasks } from './mainThreadTrace.mjs';
import { PROJECT_ROOT } from './preview-server.mjs';
import { installLongTaskObserver, pageNow, parseFigure, readAlerts, readDefinitionList, readLiveFigures, readLongTasks, waitForDataReady, waitForFigures } from './ui-contract.mjs';
import { installColdStartMarks, installFrameInstruments, readFrameInstruments } from './bench-page.mjs';
import { drawLatencies, nextStepChange, runBenchPage, sleep, step, stepRate, trainingPage } from './bench-harness.mjs';
import { median, round } from './bench-report.mjs';

export const DEFAULT_BATCH_SIZE = 128;

export async function benchBackend(browser, baseUrl, backend, opts) {
  const result = { backend, ok: false };
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const page = await context.newPage();
  const consoleErrors = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
  await page.addInitScript(installLongTaskObserver);
  await page.addInitScript(installFrameInstruments);
  const log = (msg) => console.log(`  [${backend}] ${msg}`);
  let heaps = null;
  try {
    heaps = await watchWorkerHeaps(page);
    const tOpen = Date.now();
    await page.goto(new URL(`/?backend=${backend}`, baseUrl).toString());
    await waitForDataReady(page, 90_000);
    result.dataReadyMs = Date.now() - tOpen;
    const shown = await waitForFigures(page, (f) => ['webgpu', 'webgl', 'wasm', 'cpu'].includes(f.Backend), {
      timeout: 60_000,
      failOnAlert: true,
      what: 'a backend name',
    });
    result.backendShown = shown.Backend;
    if (shown.Backend !== backend) throw new Error(`asked for ${backend}, the app runs ${shown.Backend}`);

    const settings = await readDefinitionList(page, 'Active settings');
    const batchShown = parseFigure(settings?.['Batch size']);
    result.batchSize = batchShown ?? DEFAULT_BATCH_SIZE;
    result.batchSizeSource = batchShown != null ? 'Active settings' : 'assumed';

    // Every latent view open: the main thread's worst case while training.
    const views = page.getByRole('checkbox', { name: 'Show latent views' });
    if (!(await views.isChecked())) await views.check();

    // Train → first step.
    const step0 = step(await readLiveFigures(page));
    const tClick = Date.now();
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await waitForFigures(page, (f) => step(f) > step0, {
      timeout: backend === 'webgpu' ? (opts.quick ? 90_000 : 120_000) : 60_000,
      interval: 20,
      what: 'the first step',
      failOnAlert: true,
    });
    result.firstStepMs = Date.now() - tClick;
    log(`first step after ${result.firstStepMs} ms`);

    // Warm-up.
    const warmSteps = opts.quick ? 5 : 20;
    // Quick mode bounds the warm-up by time so that the whole run stays short.
    const warmTimeout = opts.quick ? (backend === 'webgpu' ? 30_000 : 15_000) : backend === 'webgpu' ? 120_000 : 90_000;
    try {
      await waitForFigures(page, (f) => step(f) >= step0 + warmSteps, { timeout: warmTimeout, what: `Step ≥ ${warmSteps}`, failOnAlert: true });
      result.warmup = { steps: warmSteps, complete: true };
    } catch (e) {
      if ((await readAlerts(page)).length > 0) throw e;
      result.warmup = { steps: warmSteps, complete: false };
      log(`warm-up incomplete after ${warmTimeout / 1000} s; measuring anyway`);
    }
    result.warmupMs = Date.now() - tClick;

    // Measurement window, its edges aligned to Step figure updates.
    const startFig = await readLiveFigures(page);
    const edgeTimeout = opts.quick ? 20_000 : 60_000;
    const start = await nextStepChange(page, step(startFig), edgeTimeout);
    const lt0 = await pageNow(page);
    const shownRates = [];
    const windowEnd = start.t + opts.windowS * 1000;
    // Traced: the main thread's long tasks with their CPU time (scripts/mainThreadTrace.mjs).
    const { result: end, tasks: traced } = await traceMainThreadTasks(browser, page, async () => {
      while (Date.now() < windowEnd) {
        await sleep(Math.min(1000, Math.max(0, windowEnd - Date.now())));
        const r = parseFigure((await readLiveFigures(page))?.['Samples/s']);
        if (r != null) shownRates.push(r);
        await heaps.sample();
      }
      const before = step(await readLiveFigures(page));
      return nextStepChange(page, before, edgeTimeout);
    });
    const lt1 = await pageNow(page);
    const longTasks = await readLongTasks(page, lt0);
    const inWindow = longTasks.tasks.filter((t) => t.start <= lt1);
    const frames = await readFrameInstruments(page, lt0);
    const tensorBytes = parseFigure(await page.locator('dl[aria-label="Live figures"]').getAttribute('data-tensor-bytes'));

    const steps = step(end.figures) - step(start.figures);
    const seconds = (end.t - start.t) / 1000;
    Object.assign(result, {
      ok: true,
      window: { seconds: round(seconds, 3), steps, fromStep: step(start.figures), toStep: step(end.figures) },
      samplesPerSec: round((steps * result.batchSize) / seconds),
      stepsPerSec: round(steps / seconds, 2),
      samplesPerSecShown: { median: round(median(shownRates)), last: round(shownRates.at(-1) ?? null), readings: shownRates.length },
      longTasks: {
        supported: longTasks.supported,
        count: inWindow.length,
        maxMs: round(inWindow.reduce((m, t) => Math.max(m, t.duration), 0), 0),
        totalMs: round(inWindow.reduce((m, t) => m + t.duration, 0), 0),
        // The same tasks from a trace: CPU time is what the page spent, the rest of the wall
        // time it waited for a core (software WebGL and the workers share the machine's cores).
        traced: {
          count: traced.length,
          maxWallMs: round(traced.reduce((m, t) => Math.max(m, t.wallMs), 0), 0),
          maxCpuMs: round(traced.reduce((m, t) => Math.max(m, t.cpuMs), 0), 0),
          overCpu50: traced.filter((t) => t.cpuMs > 50).length,
          tasks: traced.map((t) => ({ wallMs: round(t.wallMs, 0), cpuMs: round(t.cpuMs, 0) })),
        },
      },
      frames: {
        count: frames.frames,
        p50Ms: round(frames.frameP50, 1),
        p95Ms: round(frames.frameP95, 1),
        maxMs: round(frames.frameMax, 0),
        longAnimationFrames: frames.longAnimationFrames,
        topScripts: frames.loafTopScripts,
      },
      memory: {
        heapPeakMB: frames.heapPeakMB,
        heapNowMB: frames.heapNowMB,
        tensorMB: tensorBytes == null ? null : round(tensorBytes / 2 ** 20, 1),
        // JS heap of each worker, read about once a second in the window (scripts/workerHeap.mjs).
        workers: heaps.summary(),
      },
      elboTrain: parseFigure(end.figures['ELBO (train)']),
      tensorsInMemory: { start: parseFigure(start.figures['Tensors in memory']), end: parseFigure(end.figures['Tensors in memory']) },
    });
    log(`${result.samplesPerSec} samples/s (shown ${result.samplesPerSecShown.median}), ${steps} steps in ${round(seconds, 1)} s`);
  } catch (e) {
    result.error = e instanceof Error ? e.message : String(e);
    result.figures = await readLiveFigures(page).catch(() => null);
    result.alerts = await readAlerts(page).catch(() => []);
    log(`FAILED: ${result.error.split('\n')[0]}`);
  } finally {
    result.consoleErrors = consoleErrors.slice(0, 20);
    await heaps?.stop();
    await context.close().catch(() => {});
  }
  return result;
}

/**
 * Training speed with the latent views open and closed, alternating windows in one page
 * (open, closed, open, closed) so that a change in the machine's load hits both alike.
 */
export async function benchViews(browser, baseUrl, backend, opts) {
  const result = { backend, ok: false };
  let ctx;
  try {
    // The Latent space tab open too (its prior samples, interpolation and the measured share),
    // beside the grid on the first screen: every latent view refreshing.
    ctx = await trainingPage(browser, baseUrl, backend, '&tab=latent');
    const { page } = ctx;
    const toggle = page.getByRole('checkbox', { name: 'Show latent views' });
    const windowS = opts.quick ? 5 : 15;
    const open = [];
    const closed = [];
    // The views' share of the worker's time as the page measures it (worker time per request),
    // read at the end of each open window (the measure starts afresh when the views open).
    const shares = [];
    for (let i = 0; i < 2; i++) {
      await toggle.check();
      await sleep(2000);
      open.push(await stepRate(page, windowS));
      const shareText = await page.getByLabel("Latent views' share of worker time", { exact: true }).textContent({ timeout: 5000 }).catch(() => null);
      shares.push(parseFigure(shareText?.replace(' %', '')));
      await toggle.uncheck();
      await sleep(2000);
      closed.push(await stepRate(page, windowS));
    }
    await toggle.check();
    await sleep(3000);
    const viewMs = await page.evaluate(() =>
      Object.fromEntries([...globalThis.document.querySelectorAll('canvas[data-refreshes]')].map((c) => [c.getAttribute('aria-label'), Number(c.getAttribute('data-ms'))])),
    );
    const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
    Object.assign(result, {
      ok: true,
      windowSeconds: windowS,
      stepsPerSecOpen: open.map((x) => round(x, 2)),
      stepsPerSecClosed: closed.map((x) => round(x, 2)),
      ratioOpenToClosed: round(mean(open) / mean(closed), 2),
      viewSharePercent: shares,
      lastViewWorkerMs: viewMs,
      consoleErrors: ctx.errors.slice(0, 10),
    });
    console.log(
      `  [${backend}] views open ${result.stepsPerSecOpen.join(', ')} steps/s, closed ${result.stepsPerSecClosed.join(', ')}; ratio ${result.ratioOpenToClosed}; ` +
        `views' measured share of worker time ${shares.map((x) => (x === null ? '—' : `${x} %`)).join(', ')}`,
    );
  } catch (e) {
    result.error = e instanceof Error ? e.message : String(e);
    console.log(`  [${backend}] views: FAILED: ${result.error.split('\n')[0]}`);
  } finally {
    await ctx?.context.close().catch(() => {});
  }
  return result;
}

/**
 * Soak: trains `opts.soak` steps with every latent view open, sampling the step, the tensor
 * count, the JS heap and main-thread long tasks every 20 s. A leak shows as a tensor count
 * or heap that climbs; an unbounded history as a heap that keeps growing.
 */
export async function benchSoak(browser, baseUrl, opts) {
  const backend = opts.soakBackend;
  const result = { backend, batchSize: opts.soakBatch, targetSteps: opts.soak, ok: false, samples: [] };
  let ctx;
  const t0 = Date.now();
  try {
    ctx = await trainingPage(browser, baseUrl, backend, `&M=${opts.soakBatch}`);
    const { page } = ctx;
    // The drawing pad's figures too: a test digit in the pad is re-encoded while training.
    await page.getByRole('button', { name: 'Load test digit', exact: true }).click().catch(() => {});
    let lt = await pageNow(page);
    for (;;) {
      await sleep(20_000);
      const f = await readLiveFigures(page);
      const heap = await page.evaluate(() => globalThis.performance?.memory?.usedJSHeapSize ?? null);
      const now = await pageNow(page);
      const tasks = (await readLongTasks(page, lt)).tasks;
      lt = now;
      const sample = {
        seconds: round((Date.now() - t0) / 1000, 0),
        step: step(f),
        tensors: parseFigure(f?.['Tensors in memory']),
        heapMB: heap == null ? null : round(heap / 2 ** 20, 1),
        longTasks: tasks.length,
        maxLongTaskMs: round(tasks.reduce((m, t) => Math.max(m, t.duration), 0), 0),
      };
      result.samples.push(sample);
      console.log(`  [soak] ${JSON.stringify(sample)}`);
      const alerts = await readAlerts(page);
      if (alerts.length > 0) throw new Error(`the app shows an error: ${JSON.stringify(alerts)}`);
      if (sample.step >= opts.soak) break;
    }
    const first = result.samples[0];
    const last = result.samples.at(-1);
    const tensors = result.samples.map((x) => x.tensors).filter((x) => x != null);
    const heaps = result.samples.map((x) => x.heapMB).filter((x) => x != null);
    Object.assign(result, {
      ok: true,
      steps: last.step,
      minutes: round((Date.now() - t0) / 60_000, 1),
      tensors: { first: first.tensors, last: last.tensors, min: Math.min(...tensors), max: Math.max(...tensors) },
      heapMB: { first: first.heapMB, last: last.heapMB, max: heaps.length ? Math.max(...heaps) : null },
      chartPoints: Number(await page.locator('figure[aria-label="ELBO curves"]').getAttribute('data-points')),
      consoleErrors: ctx.errors.slice(0, 10),
    });
    console.log(
      `  [soak] ${result.steps} steps in ${result.minutes} min: tensors ${result.tensors.first} → ${result.tensors.last} (max ${result.tensors.max}), ` +
        `heap ${result.heapMB.first} → ${result.heapMB.last} MB (max ${result.heapMB.max}), chart points ${result.chartPoints}`,
    );
  } catch (e) {
    result.error = e instanceof Error ? e.message : String(e);
    console.log(`  [soak] FAILED: ${result.error.split('\n')[0]}`);
  } finally {
    await ctx?.context.close().catch(() => {});
  }
  return result;
}

/**
 * The training measurements of the benchmark page (src/bench/bench.html, a second Vite entry
 * that the app's page never loads): matmul peak, the app's loop with per-step uploads and
 * with the training set resident on the device, the reference loop, the dispatch/wait split.
 */
export async function benchTraining(browser, baseUrl, backend, opts) {
  const windowS = opts.quick ? 3 : 6;
  const url = new URL(`src/bench/bench.html?mode=train&backend=${backend}&window=${windowS}`, baseUrl).toString();
  const r = await runBenchPage(browser, url, backend === 'webgpu' ? 420_000 : backend === 'cpu' ? 300_000 : 240_000, (m) => console.log(`  [${backend}] ${m}`));
  return { backend, ...r };
}

/** The app's automatic backend choice (adapter probe + trial), in a fresh worker. */
export async function benchAutoChoice(browser, baseUrl) {
  const r = await runBenchPage(browser, new URL('src/bench/bench.html?mode=auto', baseUrl).toString(), 120_000, () => {});
  return r.ok ? { ok: true, ...r.result.auto } : r;
}

/** Gzipped size of a file of dist/, KiB. */
export function gzipKiB(file) {
  return gzipSync(readFileSync(file), { level: 9 }).length / 1024;
}

/**
 * The JavaScript the page needs before it can draw, from the build's manifest: the entry
 * chunk of index.html and its static imports, recursively (dynamic imports are lazy chunks).
 */
export function initialJsFromManifest(dist = join(PROJECT_ROOT, 'dist')) {
  const mf = join(dist, '.vite', 'manifest.json');
  if (!existsSync(mf)) {
    // A build without a manifest: the scripts index.html loads and preloads.
    const html = readFileSync(join(dist, 'index.html'), 'utf8');
    const files = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="\.?\/?([^"]+\.js)"/g)].map((m) => m[1]);
    return { files, gzipKiB: round(files.reduce((a, f) => a + gzipKiB(join(dist, f)), 0), 1), lazyChunks: null, lazyGzipKiB: null, from: 'index.html' };
  }
  const manifest = JSON.parse(readFileSync(mf, 'utf8'));
  const seen = new Set();
  const visit = (key) => {
    if (seen.has(key) || !manifest[key]) return;
    seen.add(key);
    for (const k of manifest[key].imports ?? []) visit(k);
  };
  visit('index.html');
  const initial = new Set(seen);
  // Lazy: everything reachable through dynamic imports that the initial graph does not hold.
  const lazySeen = new Set();
  const visitLazy = (key) => {
    if (lazySeen.has(key) || initial.has(key) || !manifest[key]) return;
    lazySeen.add(key);
    for (const k of [...(manifest[key].imports ?? []), ...(manifest[key].dynamicImports ?? [])]) visitLazy(k);
  };
  for (const k of initial) for (const d of manifest[k].dynamicImports ?? []) visitLazy(d);
  const files = [...initial].map((k) => manifest[k].file).filter((f) => f.endsWith('.js'));
  const lazy = [...lazySeen].map((k) => manifest[k].file).filter((f) => f.endsWith('.js'));
  const kib = files.reduce((a, f) => a + gzipKiB(join(dist, f)), 0);
  const lazyKib = lazy.reduce((a, f) => a + gzipKiB(join(dist, f)), 0);
  return { files, gzipKiB: round(kib, 1), lazyChunks: lazy.length, lazyGzipKiB: round(lazyKib, 1) };
}

/**
 * Cold start in a fresh browser context (empty cache): navigation → first contentful paint,
 * → first frame after the app rendered (buttons on screen), → data set ready; and the
 * scripts the page requested before its first paint, with their gzipped size.
 */
export async function benchColdStart(browser, baseUrl, backend = 'wasm', dist = join(PROJECT_ROOT, 'dist')) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const page = await context.newPage();
  await page.addInitScript(installColdStartMarks);
  try {
    await page.goto(new URL(`/?backend=${backend}`, baseUrl).toString());
    await waitForDataReady(page, 90_000);
    // Then the drawing worker (started once the data set is ready) takes its copy of the model.
    await page.waitForFunction(() => /** @type {any} */ (window).__cold?.drawReady != null, null, { timeout: 30_000 }).catch(() => {});
    await sleep(300);
    const marks = await page.evaluate(() => {
      const w = /** @type {any} */ (window);
      const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null;
      const scripts = performance
        .getEntriesByType('resource')
        .filter((e) => /** @type {PerformanceResourceTiming} */ (e).initiatorType === 'script' || /\.js($|\?)/.test(e.name))
        .map((e) => ({ name: new URL(e.name).pathname, start: e.startTime, end: /** @type {PerformanceResourceTiming} */ (e).responseEnd }));
      return { fcp, firstFrame: w.__cold?.firstFrame ?? null, dataReady: w.__cold?.dataReady ?? null, drawReady: w.__cold?.drawReady ?? null, scripts };
    });
    // Scripts that had arrived by the first paint (lazy chunks requested earlier may still be on the way).
    const beforePaint = marks.scripts.filter((x) => marks.fcp == null || x.end <= marks.fcp);
    const sizeOf = (p) => {
      const f = join(dist, p.replace(/^\//, ''));
      return existsSync(f) ? gzipKiB(f) : 0;
    };
    return {
      ok: true,
      backend,
      fcpMs: round(marks.fcp, 0),
      firstInteractiveFrameMs: round(marks.firstFrame, 0),
      dataReadyMs: round(marks.dataReady, 0),
      drawReadyMs: round(marks.drawReady, 0),
      scriptsBeforeFirstPaint: beforePaint.map((x) => x.name),
      jsBeforeFirstPaintGzipKiB: round(beforePaint.reduce((a, x) => a + sizeOf(x.name), 0), 1),
      manifest: initialJsFromManifest(dist),
    };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message.split('\n')[0] : String(e) };
  } finally {
    await context.close().catch(() => {});
  }
}

/**
 * Draw → encode latency on `backend`: paused, then while training at full speed. With
 * `drawWorker` false the page keeps every drawing request in the training worker
 * (?drawworker=off), the way to compare against the drawing worker in one run.
 */
export async function benchDraw(browser, baseUrl, backend, opts, drawWorker = true) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1100 } });
  const page = await context.newPage();
  const label = `${backend}, ${drawWorker ? 'drawing worker' : 'training worker'}`;
  const result = { backend, drawWorker, label, ok: false };
  try {
    // The pretrained model (a first visit starts from fresh weights): the strokes are encoded by a
    // trained encoder. The Drawing tab open: its status says which model is in use.
    await page.goto(new URL(`/?pretrained=mnist-j20&tab=drawing&backend=${backend}${drawWorker ? '' : '&drawworker=off'}`, baseUrl).toString());
    await waitForDataReady(page, 90_000);
    const status = page.getByRole('status', { name: 'Model in use' });
    const deadline = Date.now() + 60_000;
    while (!((await status.innerText().catch(() => '')) ?? '').includes('pretrained')) {
      if (Date.now() > deadline) throw new Error('the pretrained model was not in use within 60 s');
      await sleep(200);
    }
    await drawLatencies(page, 1); // warm-up: kernels compile on first use
    result.paused = await drawLatencies(page, opts.strokes);
    const step0 = step(await readLiveFigures(page));
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await waitForFigures(page, (f) => step(f) >= step0 + 5, { timeout: 120_000, what: '5 training steps', failOnAlert: true });
    // "One training step", the yardstick of the latency while training: the step's wall time
    // before the strokes and during them (drawing takes its share of the worker).
    result.stepMsBefore = round(1000 / (await stepRate(page, 5)), 0);
    const s0 = step(await readLiveFigures(page));
    const t0 = Date.now();
    result.training = await drawLatencies(page, opts.strokes);
    result.stepMsDuring = round((Date.now() - t0) / Math.max(1, step(await readLiveFigures(page)) - s0), 0);
    await page.getByRole('button', { name: 'Pause', exact: true }).click().catch(() => {});
    result.ok = true;
    console.log(
      `  [${label}] draw → figures: paused p50 ${result.paused.latencyMs.p50} / p95 ${result.paused.latencyMs.p95} ms, ` +
        `training p50 ${result.training.latencyMs.p50} / p95 ${result.training.latencyMs.p95} ms ` +
        `(one step: ${result.stepMsBefore} ms before the strokes, ${result.stepMsDuring} ms during them)`,
    );
    for (const phase of ['paused', 'training']) {
      const r = result[phase];
      console.log(`  [${label}] ${phase}, p50 of the parts: page wait ${r.pageWaitMs.p50}, worker queue ${r.queueMs.p50}, worker ${r.workerMs.p50} ms; answered by ${JSON.stringify(r.encodedBy)}`);
    }
  } catch (e) {
    result.error = e instanceof Error ? e.message.split('\n')[0] : String(e);
    console.log(`  [${label}] draw: FAILED: ${result.error}`);
  } finally {
    await context.close().catch(() => {});
  }
  return result;
}
