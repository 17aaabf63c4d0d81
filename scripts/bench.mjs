#!/usr/bin/env node
// Benchmark of the built app in headless Chromium, per backend (issue 8's targets).
//
//   npm run bench                 full: 12 s window on the app page, 6 s windows on the bench page
//   npm run bench -- --quick      smoke: 5 s / 3 s windows, warm-up bounded in time, no draw test
//   npm run bench -- --draw       only the draw → encode latency (webgl, wasm), --strokes=N per phase;
//                                 each backend with the drawing worker and with the training worker answering
//   npm run bench -- --views      also: training speed with the latent views open vs closed
//   npm run bench -- --soak=20000 a soak run instead: that many steps with every view open
//   npm run bench -- --only=hmc,bayes  only the named sections of 6–9 (hmc, chains, bayes, threads, autosave)
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
// 6. HMC of the true posterior (bench page, bench-hmc.mjs): samples/s and leapfrog steps/s at
//    J = 2, 20, 50 per backend; on the app's page, training with the posterior lab's chains
//    off and on (and, in a full run, the draw → encode latency both ways). Issue 24.
// 7. The variational decoder's step against the point estimate's, per backend (bench page,
//    bench-variational.mjs). Issue 25.
// 8. wasm at each thread count: samples/s, speed-up over one thread, the matMul peak's share
//    at the chosen count (bench page, bench-threads.mjs). Issue 27.
// 9. An autosave's cost (worker and main-thread ms, share of training time) and the time from
//    a killed training worker to training again (bench-recovery.mjs). Issue 28.
//    Quick mode runs 6–9 with fewer repetitions on wasm (and webgl for 6 and 7).
// Prints tables and writes bench-results/bench-<timestamp>.json. A backend that fails is
// recorded, not fatal (exit status 1 only if every backend failed, or with --strict if any did).
// Numbers from software-rendered CI machines compare backends within one run, not across runs.
//
// Modules: bench-harness.mjs drives the browser, bench-measure.mjs measures, bench-report.mjs
// prints the tables; this file parses the options, runs the measurements and writes the report.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumLaunchOptions } from './browser-flags.mjs';
import { PROJECT_ROOT, startPreview } from './preview-server.mjs';
import { benchAutoChoice, benchBackend, benchColdStart, benchDraw, benchSoak, benchTraining, benchViews } from './bench-measure.mjs';
import { printLearning, timeToLearn } from './bench-learning.mjs';
import { runIssueSections, SECTIONS } from './bench-sections.mjs';
import { printBaseline, printExtraTables, printTable, round } from './bench-report.mjs';

const ALL_BACKENDS = ['webgl', 'wasm', 'cpu', 'webgpu'];

function parseArgs(argv) {
  const opts = { quick: false, strict: false, backends: ALL_BACKENDS, backendsGiven: false, windowS: undefined, url: undefined, views: false, soak: 0, soakBackend: 'wasm', soakBatch: 16, draw: false, strokes: undefined, baseline: undefined, only: null };
  for (const a of argv) {
    if (a === '--quick') opts.quick = true;
    else if (a === '--views') opts.views = true;
    else if (a === '--draw') opts.draw = true;
    else if (a.startsWith('--only=')) opts.only = a.slice('--only='.length).split(',').filter(Boolean);
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
        'usage: node scripts/bench.mjs [--quick] [--backends=webgl,wasm,cpu,webgpu] [--window=SECONDS] [--strict] [--url=URL] [--views] [--draw [--strokes=10]] [--only=hmc,chains,bayes,threads,autosave] [--baseline=DIR] [--soak=STEPS [--soak-backend=wasm] [--soak-batch=16]]',
      );
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  for (const b of opts.backends) if (!ALL_BACKENDS.includes(b)) throw new Error(`unknown backend ${b}`);
  if (!(Number.isInteger(opts.soak) && opts.soak >= 0)) throw new Error('--soak must be a whole number of steps');
  if (!(Number.isInteger(opts.soakBatch) && opts.soakBatch >= 1 && opts.soakBatch <= 1024)) throw new Error('--soak-batch must be 1…1024');
  for (const x of opts.only ?? []) if (!SECTIONS.includes(x)) throw new Error(`unknown section ${x} (sections: ${SECTIONS.join(', ')})`);
  if (!ALL_BACKENDS.includes(opts.soakBackend)) throw new Error(`unknown backend ${opts.soakBackend}`);
  opts.windowS ??= opts.quick ? 5 : 12;
  opts.strokes ??= opts.draw ? 10 : 6;
  if (!(opts.windowS > 0)) throw new Error('--window must be a positive number of seconds');
  return opts;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const t0 = Date.now();
  const loadAtStart = loadavg().map((x) => round(x, 2));
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
    /** @type {Awaited<ReturnType<typeof timeToLearn>>[] | null} */
    let learning = null;
    let baseline = null;
    const training = [];
    const draw = [];
    /** Sections 6–9 (bench-sections.mjs): issue 24, 25, 27 and 28's figures. */
    let issues = null;
    if (opts.only) {
      issues = await runIssueSections(browser, server.url, opts, opts.only);
    } else if (opts.soak > 0) {
      console.log(`bench: soak, ${opts.soak} steps on ${opts.soakBackend}, batch ${opts.soakBatch}, every view open`);
      soak = await benchSoak(browser, server.url, opts);
      if (!soak.ok) process.exitCode = 1;
    }
    if (!opts.only && opts.soak === 0 && opts.draw) {
      // Each backend with the drawing worker and without it (the training worker answering).
      for (const backend of opts.backends.filter((b) => b === 'webgl' || b === 'wasm')) {
        for (const drawWorker of [true, false]) {
          console.log(`bench: draw → encode latency, ${backend}, ${drawWorker ? 'drawing worker' : 'training worker'}`);
          draw.push(await benchDraw(browser, server.url, backend, opts, drawWorker));
        }
      }
      printExtraTables({ results, training, auto, cold, draw });
    } else if (!opts.only && opts.soak === 0) {
      console.log('bench: cold start');
      cold = await benchColdStart(browser, server.url);
      console.log('bench: automatic backend choice');
      auto = await benchAutoChoice(browser, server.url);
      console.log('bench: a first visit, Train → test ELBO above −160');
      const capS = opts.quick ? 45 : 240;
      learning = [await timeToLearn(browser, server.url, '/', capS), await timeToLearn(browser, server.url, '/?J=20', capS)];
      printLearning(learning);
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
      issues = await runIssueSections(browser, server.url, opts, SECTIONS, { silent: true });
      printTable(results);
      printExtraTables({ results, training, auto, cold, draw });
      issues.print();
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
        // The machine's load average (1, 5, 15 min) at the start and the end: other work shares the cores.
        loadAverage: { start: loadAtStart, end: loadavg().map((x) => round(x, 2)) },
        chromium: browserVersion,
        chromiumPath: launch.executablePath,
        chromiumArgs: [...CHROMIUM_ARGS],
      },
      results,
      ...(training.length ? { training } : {}),
      ...(auto ? { autoChoice: auto } : {}),
      ...(learning ? { learning } : {}),
      ...(cold ? { coldStart: cold } : {}),
      ...(baseline ? { baseline } : {}),
      ...(draw.length ? { draw } : {}),
      ...(views ? { views } : {}),
      ...(soak ? { soak } : {}),
      ...(issues ? issues.report : {}),
    };
    writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
    console.log(`bench: wrote ${file} (${report.durationSeconds} s)`);
    const failed = results.filter((r) => !r.ok).length;
    if (opts.only) {
      // Sections alone: failures are recorded in the report; the run fails if all did (or any, with --strict).
      if (issues.failed === issues.total || (opts.strict && issues.failed > 0)) process.exitCode = 1;
    } else if (soak) {
      // The soak's own outcome decides the exit status (set above).
    } else if (opts.draw && results.length === 0) {
      if (draw.length > 0 && draw.every((r) => !r.ok)) process.exitCode = 1;
    } else if (failed === results.length) {
      console.error('bench: every backend failed');
      process.exitCode = 1;
    } else if ((failed > 0 || (issues?.failed ?? 0) > 0) && opts.strict) {
      console.error(`bench: ${failed} backend(s) and ${issues?.failed ?? 0} issue measurement(s) failed (--strict)`);
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
