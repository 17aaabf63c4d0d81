// Sections 6–9 of the benchmark (bench.mjs): the figures issues 24, 25, 27 and 28 ask for,
// each measured by its own module. Every measurement records its failure and goes on. Quick
// mode (CI) runs each section on fewer backends with fewer repetitions, about a minute each.
import { benchChains, benchHmc, printHmc } from './bench-hmc.mjs';
import { benchVariational, printVariational } from './bench-variational.mjs';
import { benchThreads, printStepProfile, printThreads } from './bench-threads.mjs';
import { benchAutosaveWorker, benchRecovery, printRecovery, shareOfTraining } from './bench-recovery.mjs';
import { round } from './bench-report.mjs';

export const SECTIONS = ['hmc', 'chains', 'bayes', 'threads', 'autosave'];

/** The backends a section runs on: `quick` ones in quick mode, else `full` ones (default: every backend asked for). */
function backendsFor(opts, quick, full = opts.backends) {
  return (opts.quick ? quick : full).filter((b) => opts.backends.includes(b));
}

/**
 * Runs `sections` (of SECTIONS) and returns the report's entries, a function that prints the
 * tables, and how many measurements failed of how many. Tables are printed at once unless `silent`.
 */
export async function runIssueSections(browser, url, opts, sections, { silent = false } = {}) {
  const report = {};
  const printers = [];
  const t = (name) => {
    const t0 = Date.now();
    return () => (report.sectionSeconds ??= {})[name] = Math.round((Date.now() - t0) / 100) / 10;
  };
  if (sections.includes('hmc') || sections.includes('chains')) {
    const done = t('hmc');
    const hmc = [];
    const chains = [];
    if (sections.includes('hmc')) {
      for (const b of backendsFor(opts, ['wasm', 'webgl'])) {
        console.log(`bench: ${b}, HMC samples/s at J = 2, 20, 50 (bench page)`);
        hmc.push(await benchHmc(browser, url, b, opts));
      }
    }
    if (sections.includes('chains')) {
      for (const b of backendsFor(opts, ['wasm'], ['wasm', 'webgl'])) {
        console.log(`bench: ${b}, training with the posterior lab's chains off and on`);
        chains.push(await benchChains(browser, url, b, opts));
      }
    }
    done();
    report.hmc = { rates: hmc, withChains: chains };
    printers.push(() => printHmc(hmc, chains, opts.quick));
  }
  if (sections.includes('bayes')) {
    const done = t('bayes');
    const rows = [];
    for (const b of backendsFor(opts, ['wasm', 'webgl'])) {
      console.log(`bench: ${b}, variational against point-estimate decoder (bench page)`);
      rows.push(await benchVariational(browser, url, b, opts));
    }
    done();
    report.variationalDecoder = rows;
    printers.push(() => printVariational(rows, opts.quick));
  }
  if (sections.includes('threads') && opts.backends.includes('wasm')) {
    const done = t('threads');
    console.log('bench: wasm at each thread count (bench page)');
    const threads = await benchThreads(browser, url, opts);
    done();
    report.wasmThreads = threads;
    printers.push(() => printThreads(threads), () => printStepProfile(threads));
  }
  if (sections.includes('autosave')) {
    const done = t('autosave');
    const workerSide = [];
    const pageSide = [];
    for (const b of backendsFor(opts, ['wasm'], ['wasm', 'webgl'])) {
      console.log(`bench: ${b}, an autosave's worker time (bench page)`);
      workerSide.push(await benchAutosaveWorker(browser, url, b, opts));
      console.log(`bench: ${b}, autosaves while training, then a killed training worker (app page)`);
      pageSide.push(await benchRecovery(browser, url, b, opts));
    }
    done();
    // Per backend, the figures the issue asks for in one place.
    const summary = pageSide.map((p) => {
      const w = workerSide.find((x) => x.backend === p.backend);
      const workerMs = w?.ok ? w.result.medianWorkerMs : null;
      return {
        backend: p.backend,
        workerMsPerSave: workerMs,
        mainThreadMsPerSave: p.autosave?.mainThreadMs ?? null,
        megabytes: p.autosave?.mb ?? null,
        intervalMs: p.autosave?.intervalMs ?? null,
        shareOfTrainingPct: round(shareOfTraining(workerMs, p.autosave?.intervalMs ?? 0), 2),
        deathToTrainingMs: p.recovery?.trainingAgainMs ?? null,
      };
    });
    report.autosave = { summary, worker: workerSide, page: pageSide };
    printers.push(() => printRecovery(workerSide, pageSide, opts.quick));
  }
  const all = [...(report.hmc?.rates ?? []), ...(report.hmc?.withChains ?? []), ...(report.variationalDecoder ?? []), ...(report.wasmThreads ? [report.wasmThreads] : []), ...(report.autosave?.worker ?? []), ...(report.autosave?.page ?? [])];
  const print = () => {
    for (const p of printers) p();
    console.log('');
  };
  if (!silent) print();
  return { report, print, failed: all.filter((r) => !r.ok).length, total: all.length };
}
