// Issue 27's figures: the default model's training speed on wasm at each thread count (1, 2,
// 4, … up to navigator.hardwareConcurrency), the speed-up over one thread, and the matMul
// peak's share the training takes at the count the app's trial chooses, in one bench page
// (src/bench/threadsBench.ts: the app's TrainingSession, thread counts switched the app's way,
// rounds interleaved). Needs the page cross-origin isolated (vite preview sends COOP/COEP).
import { runBenchPage } from './bench-harness.mjs';
import { printRows } from './bench-report.mjs';

export async function benchThreads(browser, baseUrl, opts) {
  const url = new URL(`src/bench/bench.html?mode=threads&backend=wasm&window=${opts.quick ? 3 : 6}${opts.quick ? '&quick=1' : ''}`, baseUrl).toString();
  const r = await runBenchPage(browser, url, opts.quick ? 180_000 : 400_000, (m) => console.log(`  [wasm, threads] ${m}`));
  return { backend: 'wasm', ...r };
}

export function printThreads(t) {
  if (!t.ok) {
    console.log(`\nwasm thread counts: FAILED ${t.error}`);
    return;
  }
  const r = t.result;
  const chosen = r.chosen?.count ?? 1;
  const trial = r.chosen?.trial?.map((x) => `${x.threads}: ${Math.round(x.ms)} ms`).join(', ');
  console.log(
    `\nwasm, default model, each thread count (${r.cores} cores reported, ${r.isolated ? 'cross-origin isolated' : 'NOT isolated: single-threaded build'}; ` +
      `${r.rounds} interleaved round(s) of ${r.windowS} s${r.rounds === 1 ? ', quick' : ''}); the app's trial chooses ${chosen} (${r.chosen?.reason ?? '—'}${trial ? `; trial ${trial}` : ''})`,
  );
  printRows([
    ['threads', 'samples/s', 'speed-up over 1', 'matMul GF/s', 'share of matMul peak', 'rounds'],
    ...r.rows.map((x) => [`${x.threads}${x.threads === chosen ? ' (chosen)' : ''}`, x.median, `${x.speedup}×`, x.matmulGflops, `${x.peakSharePct} %`, x.samplesPerSec.join(', ')]),
  ]);
}
