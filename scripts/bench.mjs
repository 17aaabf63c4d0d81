#!/usr/bin/env node
// Benchmark of the built app in headless Chromium, per backend (issue 8's targets).
//
//   npm run bench                 full: 12 s window on the app page, 6 s windows on the bench page
//   npm run bench -- --quick      smoke: 5 s / 3 s windows, warm-up bounded in time, no draw test
//   npm run bench -- --draw       only the draw → encode latency (webgl, wasm), --strokes=N per phase;
//                                 each backend with the drawing worker and with the training worker answering
//   npm run bench -- --views      also: training speed with the latent views open vs closed
//   npm run bench -- --soak=20000 a soak run instead: that many steps with every view open
//   npm run bench -- --baseline=DIR  also the app page and cold start of another checkout's build (WebGL and wasm, or the --backends given)
//                                 (DIR/dist, e.g. main), interleaved with this one: before/after in one run
//   options: --backends=webgl,cpu   --window=SECONDS   --strict (exit 1 if any backend fails)
//            --url=http://host:port/ (bench an already running server instead of `vite preview` of dist/)
//            --soak-backend=wasm --soak-batch=16 (the soak's backend and batch size)
//
// 1. Cold start (fresh context): first paint, first interactive frame, data set ready; the
//    initial JavaScript (static graph of the build's manifest) and the lazy chunks, gzipped.
// 2. The automatic backend choice (bench page, mode=auto): what it picks and what it costs.
// 3. The app page per backend (/?backend=X, every latent view open): Train → first step,
//    warm-up, then a window: samples/s from the Step figure (Δstep × batch size / wall time,
//    edges aligned to figure updates), main-thread long tasks, frame times (rAF deltas),
//    long animation frames with their scripts, peak JS heap, tensor bytes in the worker.
// 4. The bench page per backend (src/bench/bench.html): matMul peak, the app's loop with
//    per-step uploads vs the resident training set, the reference loop, speed-up,
//    utilisation, the share of the matMul peak that 2× the reference would take, dispatch/wait
//    split (see src/bench/worker.ts).
// 5. Full run only: draw → encode latency p50/p95, paused and while training (webgl, wasm).
// Prints tables and writes bench-results/bench-<timestamp>.json. A backend that fails is
// recorded, not fatal (exit status 1 only if every backend failed, or with --strict if any did).
// Numbers from software-rendered CI machines compare backends within one run, not across runs.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumLaunchOptions } from './browser-flags.mjs';
import { watchWorkerHeaps } from './workerHeap.mjs';
import { traceMainThreadTasks } from './mainThreadTrace.mjs';
import { PROJECT_ROOT, startPreview } from './preview-server.mjs';
import {
  installLongTaskObserver,
  pageNow,
  parseFigure,
  readAlerts,
  readDefinitionList,
  readLiveFigures,
  readLongTasks,
  waitForDataReady,
  waitForFigures,
} from './ui-contract.mjs';
import { installColdStartMarks, installFrameInstruments, readFrameInstruments } from './bench-page.mjs';

const ALL_BACKENDS = ['webgl', 'wasm', 'cpu', 'webgpu'];
const DEFAULT_BATCH_SIZE = 128;

function parseArgs(argv) {
  const opts = { quick: false, strict: false, backends: ALL_BACKENDS, backendsGiven: false, windowS: undefined, url: undefined, views: false, soak: 0, soakBackend: 'wasm', soakBatch: 16, draw: false, strokes: undefined, baseline: undefined };
  for (const a of argv) {
    if (a === '--quick') opts.quick = true;
    else if (a === '--views') opts.views = true;
    else if (a === '--draw') opts.draw = true;
    else if (a.startsWith('--baseline=')) opts.baseline = a.slice('--baseline='.length);
    else if (a.startsWith('--strokes=')) opts.strokes = Number(a.slice('--strokes='.length));
    else if (a.startsWith('--soak=')) opts.soak = Number(a.slice('--soak='.length));
    else if (a.startsWith('--soak-backend=')) opts.soakBackend = a.slice('--soak-backend='.length);
    else if (a.startsWith('--soak-batch=')) opts.soakBatch = Number(a.slice('--soak-batch='.length));
    else if (a === '--strict') opts.strict = true;
    else if (a.startsWith('--backends=')) {
      opts.backends = a.slice('--backends='.length).split(',').filter(Boolean);
      opts.backendsGiven = true;
    }
    else if (a.startsWith('--window=')) opts.windowS = Number(a.slice('--window='.length));
    else if (a.startsWith('--url=')) opts.url = a.slice('--url='.length);
    else if (a === '--help' || a === '-h') {
      console.log(
        'usage: node scripts/bench.mjs [--quick] [--backends=webgl,wasm,cpu,webgpu] [--window=SECONDS] [--strict] [--url=URL] [--views] [--draw [--strokes=10]] [--baseline=DIR] [--soak=STEPS [--soak-backend=wasm] [--soak-batch=16]]',
      );
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  for (const b of opts.backends) if (!ALL_BACKENDS.includes(b)) throw new Error(`unknown backend ${b}`);
  if (!(Number.isInteger(opts.soak) && opts.soak >= 0)) throw new Error('--soak must be a whole number of steps');
  if (!(Number.isInteger(opts.soakBatch) && opts.soakBatch >= 1 && opts.soakBatch <= 1024)) throw new Error('--soak-batch must be 1…1024');
  if (!ALL_BACKENDS.includes(opts.soakBackend)) throw new Error(`unknown backend ${opts.soakBackend}`);
  opts.windowS ??= opts.quick ? 5 : 12;
  opts.strokes ??= opts.draw ? 10 : 6;
  if (!(opts.windowS > 0)) throw new Error('--window must be a positive number of seconds');
  return opts;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const step = (f) => parseFigure(f?.Step) ?? -1;
const round = (x, d = 1) => (x == null || !Number.isFinite(x) ? null : Math.round(x * 10 ** d) / 10 ** d);
const median = (xs) => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Polls the Step figure (every 20 ms) until it differs from `from`; returns the figures and the time. */
async function nextStepChange(page, from, timeout) {
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

async function benchBackend(browser, baseUrl, backend, opts) {
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

/** Opens the app on `backend`, trains past the warm-up and returns the page (views open, as by default). */
async function trainingPage(browser, baseUrl, backend, query = '') {
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
async function stepRate(page, seconds) {
  const a = step(await readLiveFigures(page));
  const t0 = Date.now();
  await sleep(seconds * 1000);
  const b = step(await readLiveFigures(page));
  return (b - a) / ((Date.now() - t0) / 1000);
}

/**
 * Training speed with the latent views open and closed, alternating windows in one page
 * (open, closed, open, closed) so that a change in the machine's load hits both alike.
 */
async function benchViews(browser, baseUrl, backend, opts) {
  const result = { backend, ok: false };
  let ctx;
  try {
    ctx = await trainingPage(browser, baseUrl, backend);
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
async function benchSoak(browser, baseUrl, opts) {
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
async function benchTraining(browser, baseUrl, backend, opts) {
  const windowS = opts.quick ? 3 : 6;
  const url = new URL(`src/bench/bench.html?mode=train&backend=${backend}&window=${windowS}`, baseUrl).toString();
  const r = await runBenchPage(browser, url, backend === 'webgpu' ? 420_000 : backend === 'cpu' ? 300_000 : 240_000, (m) => console.log(`  [${backend}] ${m}`));
  return { backend, ...r };
}

/** The app's automatic backend choice (adapter probe + trial), in a fresh worker. */
async function benchAutoChoice(browser, baseUrl) {
  const r = await runBenchPage(browser, new URL('src/bench/bench.html?mode=auto', baseUrl).toString(), 120_000, () => {});
  return r.ok ? { ok: true, ...r.result.auto } : r;
}

async function runBenchPage(browser, url, timeout, log) {
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

/** Gzipped size of a file of dist/, KiB. */
function gzipKiB(file) {
  return gzipSync(readFileSync(file), { level: 9 }).length / 1024;
}

/**
 * The JavaScript the page needs before it can draw, from the build's manifest: the entry
 * chunk of index.html and its static imports, recursively (dynamic imports are lazy chunks).
 */
function initialJsFromManifest(dist = join(PROJECT_ROOT, 'dist')) {
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
async function benchColdStart(browser, baseUrl, backend = 'wasm', dist = join(PROJECT_ROOT, 'dist')) {
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

const quantile = (xs, p) => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.round(p * (s.length - 1)))];
};

/** Draws a polyline on the pad; points in [0, 1]² of the pad (as e2e/draw.e2e.ts does). */
async function stroke(page, points) {
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
async function drawLatencies(page, n) {
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

/**
 * Draw → encode latency on `backend`: paused, then while training at full speed. With
 * `drawWorker` false the page keeps every drawing request in the training worker
 * (?drawworker=off), the way to compare against the drawing worker in one run.
 */
async function benchDraw(browser, baseUrl, backend, opts, drawWorker = true) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1100 } });
  const page = await context.newPage();
  const label = `${backend}, ${drawWorker ? 'drawing worker' : 'training worker'}`;
  const result = { backend, drawWorker, label, ok: false };
  try {
    await page.goto(new URL(`/?backend=${backend}${drawWorker ? '' : '&drawworker=off'}`, baseUrl).toString());
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

/** Before (the baseline build) and after (this build), measured in the same run. */
function printBaseline(b) {
  const d = (x, suffix = '') => (x == null ? '—' : `${x}${suffix}`);
  const ratio = (a, c) => (a && c ? `${round(c / a, 2)}×` : '—');
  console.log(`\nbaseline ${b.dir} (before) vs this build (after), same run:`);
  const rows = [['backend', 'samples/s', 'frame p95', 'long tasks (total)', 'max long', 'traced: CPU > 50 ms (max CPU)', 'heap peak']];
  const cpu = (r) => (r.longTasks.traced ? `${r.longTasks.traced.overCpu50} (${r.longTasks.traced.maxCpuMs} ms)` : '—');
  for (const before of b.results) {
    const after = b.current.find((r) => r.backend === before.backend);
    if (!before.ok || !after?.ok) {
      rows.push([before.backend, 'FAILED', '', '', '', '', '']);
      continue;
    }
    rows.push([
      before.backend,
      `${before.samplesPerSec} → ${after.samplesPerSec} (${ratio(before.samplesPerSec, after.samplesPerSec)})`,
      `${d(before.frames.p95Ms, ' ms')} → ${d(after.frames.p95Ms, ' ms')}`,
      `${before.longTasks.count} (${before.longTasks.totalMs} ms) → ${after.longTasks.count} (${after.longTasks.totalMs} ms)`,
      `${before.longTasks.maxMs} → ${after.longTasks.maxMs} ms`,
      `${cpu(before)} → ${cpu(after)}`,
      `${d(before.memory.heapPeakMB, ' MB')} → ${d(after.memory.heapPeakMB, ' MB')}`,
    ]);
  }
  printRows(rows);
  const med = (xs, f) => median(xs.filter((x) => x.ok).map(f).filter((x) => x != null));
  console.log(
    `cold start (median of ${b.coldStart.length}): first paint ${med(b.coldStart, (c) => c.fcpMs)} → ${med(b.currentCold, (c) => c.fcpMs)} ms, ` +
      `first interactive frame ${med(b.coldStart, (c) => c.firstInteractiveFrameMs)} → ${med(b.currentCold, (c) => c.firstInteractiveFrameMs)} ms, ` +
      `data ready ${med(b.coldStart, (c) => c.dataReadyMs)} → ${med(b.currentCold, (c) => c.dataReadyMs)} ms, ` +
      `drawing worker ready ${med(b.coldStart, (c) => c.drawReadyMs)} → ${med(b.currentCold, (c) => c.drawReadyMs)} ms; ` +
      `JS arrived before first paint ${med(b.coldStart, (c) => c.jsBeforeFirstPaintGzipKiB)} → ${med(b.currentCold, (c) => c.jsBeforeFirstPaintGzipKiB)} KiB gzipped; ` +
      `initial JS (static graph) ${b.coldStart.find((c) => c.ok)?.manifest?.gzipKiB ?? '— (no manifest)'} → ${b.currentCold.find((c) => c.ok)?.manifest?.gzipKiB} KiB`,
  );
  console.log('');
}

function printRows(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => String(row[c]).length)));
  const line = (row) => row.map((cell, c) => (c === 0 ? String(cell).padEnd(widths[c]) : String(cell).padStart(widths[c]))).join('  ');
  console.log('\n' + line(rows[0]));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows.slice(1)) console.log(line(row));
}

function printExtraTables({ results, training, auto, cold, draw }) {
  const d = (x, suffix = '') => (x == null ? '—' : `${x}${suffix}`);
  if (results.length) printRows([
    ['backend', 'frame p50', 'frame p95', 'long tasks', 'traced: CPU > 50 ms (max CPU)', 'LoAF', 'page heap peak', 'training worker heap', 'drawing worker heap', 'tensors MB'],
    ...results.filter((r) => r.ok).map((r) => [
      r.backend,
      d(r.frames.p50Ms, ' ms'),
      d(r.frames.p95Ms, ' ms'),
      `${r.longTasks.count} (${d(r.longTasks.totalMs, ' ms')})`,
      r.longTasks.traced ? `${r.longTasks.traced.overCpu50} of ${r.longTasks.traced.count} (${r.longTasks.traced.maxCpuMs} ms)` : '—',
      r.frames.longAnimationFrames,
      d(r.memory.heapPeakMB, ' MB'),
      d(r.memory.workers?.training?.peakMB, ' MB'),
      d(r.memory.workers?.drawing?.peakMB, ' MB'),
      d(r.memory.tensorMB),
    ]),
  ]);
  if (training.length) {
    printRows([
      ['backend', 'app s/s', 'upload s/s', 'resident s/s', 'resident×', 'reference s/s', 'speed-up', 'matmul GF/s', 'util', '2× ref needs', 'issue/wait ms', 'dispatch'],
      ...training.map((t) => {
        if (!t.ok) return [t.backend, 'FAILED', '', '', '', '', '', '', '', '', '', ''];
        const r = t.result;
        const app = r.app.residentByRule && r.app.device ? r.app.device.median : r.app.host.median;
        return [
          r.backend,
          app,
          r.app.host.median,
          d(r.app.device?.median),
          d(r.app.speedupDeviceOverHost, '×'),
          r.reference.samplesPerSec,
          `${r.speedupOverReference}×`,
          r.matmul.gflops,
          `${r.utilisationPct} %`,
          // The peak's share that twice the reference would take: over 100 %, out of reach here.
          r.twiceReferencePct == null ? '—' : `${r.twiceReferencePct} %`,
          `${r.split.issueMs}/${r.split.waitMs}`,
          `${Math.round(r.split.dispatchShare * 100)} %`,
        ];
      }),
    ]);
  }
  for (const t of training.filter((x) => !x.ok)) console.log(`bench page ${t.backend} FAILED: ${t.error}`);
  if (auto) console.log(`\nautomatic choice: ${auto.ok ? `${auto.name} in ${Math.round(auto.choiceMs)} ms (${auto.reason})` : `FAILED ${auto.error}`}`);
  if (cold) {
    console.log(
      cold.ok
        ? `cold start (${cold.backend}): first paint ${cold.fcpMs} ms, first interactive frame ${cold.firstInteractiveFrameMs} ms, data ready ${cold.dataReadyMs} ms, drawing worker ready ${cold.drawReadyMs} ms; ` +
            `JS before first paint ${cold.jsBeforeFirstPaintGzipKiB} KiB gzipped (${cold.scriptsBeforeFirstPaint.length} scripts); ` +
            `initial JS by manifest ${cold.manifest?.gzipKiB} KiB, ${cold.manifest?.lazyChunks} lazy chunks ${cold.manifest?.lazyGzipKiB} KiB`
        : `cold start: FAILED ${cold.error}`,
    );
  }
  for (const r of draw ?? []) {
    if (r.ok) {
      const miss = r.paused.missed.length + r.training.missed.length;
      console.log(
        `draw → figures (${r.label}): paused p50/p95 ${r.paused.latencyMs.p50}/${r.paused.latencyMs.p95} ms (${r.paused.latencyMs.n} strokes), ` +
          `training ${r.training.latencyMs.p50}/${r.training.latencyMs.p95} ms (${r.training.latencyMs.n} strokes; one step ${r.stepMsBefore} ms)` +
          (miss ? `; ${miss} stroke(s) got no latency within 30 s` : ''),
      );
    }
    else console.log(`draw → figures (${r.label}): FAILED ${r.error}`);
  }
  console.log('');
}

function printTable(results) {
  const rows = [
    ['backend', 'samples/s', 'shown s/s', 'steps/s', 'first step', 'long tasks', 'max long', 'status'],
    ...results.map((r) =>
      r.ok
        ? [
            r.backend,
            String(r.samplesPerSec),
            String(r.samplesPerSecShown.median ?? '—'),
            String(r.stepsPerSec),
            `${round(r.firstStepMs / 1000, 1)} s`,
            String(r.longTasks.count),
            `${r.longTasks.maxMs} ms`,
            r.warmup.complete ? 'ok' : 'ok (short warm-up)',
          ]
        : [r.backend, '—', '—', '—', r.firstStepMs != null ? `${round(r.firstStepMs / 1000, 1)} s` : '—', '—', '—', `FAILED: ${(r.error ?? '').split('\n')[0].slice(0, 60)}`],
    ),
  ];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  const line = (row) => row.map((cell, c) => (c === 0 || c === row.length - 1 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  console.log('\n' + line(rows[0]));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows.slice(1)) console.log(line(row));
  console.log('');
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const t0 = Date.now();
  console.log(`bench: ${opts.quick ? 'quick' : 'full'} run, ${opts.windowS} s window, backends ${opts.backends.join(', ')}`);
  const server = opts.url ? { url: opts.url, close: async () => {} } : await startPreview();
  let browser;
  const results = [];
  const stop = async () => {
    await browser?.close().catch(() => {});
    await server.close().catch(() => {});
  };
  process.once('SIGINT', () => void stop().then(() => process.exit(130)));
  try {
    const launch = chromiumLaunchOptions();
    browser = await chromium.launch(launch);
    const browserVersion = browser.version();
    console.log(`bench: serving ${server.url}, Chromium ${browserVersion} (${launch.executablePath})`);
    let views = null;
    let soak = null;
    let cold = null;
    let auto = null;
    let baseline = null;
    const training = [];
    const draw = [];
    if (opts.soak > 0) {
      console.log(`bench: soak, ${opts.soak} steps on ${opts.soakBackend}, batch ${opts.soakBatch}, every view open`);
      soak = await benchSoak(browser, server.url, opts);
      if (!soak.ok) process.exitCode = 1;
    }
    if (opts.soak === 0 && opts.draw) {
      // Each backend with the drawing worker and without it (the training worker answering).
      for (const backend of opts.backends.filter((b) => b === 'webgl' || b === 'wasm')) {
        for (const drawWorker of [true, false]) {
          console.log(`bench: draw → encode latency, ${backend}, ${drawWorker ? 'drawing worker' : 'training worker'}`);
          draw.push(await benchDraw(browser, server.url, backend, opts, drawWorker));
        }
      }
      printExtraTables({ results, training, auto, cold, draw });
    } else if (opts.soak === 0) {
      console.log('bench: cold start');
      cold = await benchColdStart(browser, server.url);
      console.log('bench: automatic backend choice');
      auto = await benchAutoChoice(browser, server.url);
      for (const backend of opts.backends) {
        console.log(`bench: ${backend}`);
        results.push(await benchBackend(browser, server.url, backend, opts));
      }
      for (const backend of opts.backends) {
        console.log(`bench: ${backend}, training measurements (bench page)`);
        training.push(await benchTraining(browser, server.url, backend, opts));
      }
      if (!opts.quick) {
        for (const backend of opts.backends.filter((b) => b === 'webgl' || b === 'wasm')) {
          console.log(`bench: draw → encode latency, ${backend}`);
          draw.push(await benchDraw(browser, server.url, backend, opts));
        }
      }
      if (opts.baseline) {
        const base = await startPreview({ root: opts.baseline });
        try {
          baseline = { dir: opts.baseline, coldStart: [], results: [], current: [], currentCold: [] };
          // Interleaved (before, after) so that the machine's load hits both alike.
          for (let i = 0; i < 2; i++) {
            console.log(`bench: cold start, baseline vs this build (${i + 1}/2)`);
            baseline.coldStart.push(await benchColdStart(browser, base.url, 'wasm', join(opts.baseline, 'dist')));
            baseline.currentCold.push(await benchColdStart(browser, server.url));
          }
          // WebGL and wasm by default; every backend named with --backends.
          const compared = opts.backendsGiven ? opts.backends : opts.backends.filter((b) => b === 'webgl' || b === 'wasm');
          for (const backend of compared) {
            console.log(`bench: ${backend}, baseline build`);
            baseline.results.push(await benchBackend(browser, base.url, backend, opts));
            console.log(`bench: ${backend}, this build`);
            baseline.current.push(await benchBackend(browser, server.url, backend, opts));
          }
        } finally {
          await base.close().catch(() => {});
        }
      }
      printTable(results);
      printExtraTables({ results, training, auto, cold, draw });
      if (baseline) printBaseline(baseline);
      if (opts.views) {
        views = [];
        for (const backend of opts.backends.filter((b) => results.find((r) => r.backend === b)?.ok)) {
          console.log(`bench: ${backend}, latent views open vs closed`);
          views.push(await benchViews(browser, server.url, backend, opts));
        }
      }
    }
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const outDir = join(PROJECT_ROOT, 'bench-results');
    mkdirSync(outDir, { recursive: true });
    const file = join(outDir, `bench-${stamp}.json`);
    const report = {
      date: new Date().toISOString(),
      mode: opts.quick ? 'quick' : 'full',
      windowSeconds: opts.windowS,
      durationSeconds: round((Date.now() - t0) / 1000),
      environment: {
        node: process.version,
        platform: `${process.platform} ${process.arch}`,
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model ?? null,
        memoryGB: round(totalmem() / 2 ** 30),
        chromium: browserVersion,
        chromiumPath: launch.executablePath,
        chromiumArgs: [...CHROMIUM_ARGS],
      },
      results,
      ...(training.length ? { training } : {}),
      ...(auto ? { autoChoice: auto } : {}),
      ...(cold ? { coldStart: cold } : {}),
      ...(baseline ? { baseline } : {}),
      ...(draw.length ? { draw } : {}),
      ...(views ? { views } : {}),
      ...(soak ? { soak } : {}),
    };
    writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
    console.log(`bench: wrote ${file} (${report.durationSeconds} s)`);
    const failed = results.filter((r) => !r.ok).length;
    if (soak) {
      // The soak's own outcome decides the exit status (set above).
    } else if (opts.draw && results.length === 0) {
      if (draw.length > 0 && draw.every((r) => !r.ok)) process.exitCode = 1;
    } else if (failed === results.length) {
      console.error('bench: every backend failed');
      process.exitCode = 1;
    } else if (failed > 0 && opts.strict) {
      console.error(`bench: ${failed} backend(s) failed (--strict)`);
      process.exitCode = 1;
    }
  } finally {
    await stop();
  }
}

main().catch((e) => {
  console.error(`bench: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  process.exit(1);
});
