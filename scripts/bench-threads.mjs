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

const GROUPS = [
  ['matMul', 'matrix products (XNNPACK, threaded)'],
  ['binary', 'add, sub, mul, div (XNNPACK, threaded)'],
  ['unary', 'sqrt, square, softplus, sigmoid, …'],
  ['transpose', 'transposes (the gradients’ operands)'],
  ['reduce', 'sums and means'],
  ['other', 'other kernels'],
  ['outside', 'outside kernels (wall − kernels: JS dispatch; ≤ 0 is noise)'],
];

/** Where one step's time goes at each thread count, by kind of work, and what a second thread saves of each. */
export function printStepProfile(t) {
  if (!t.ok || !t.result.rows.every((x) => x.profile)) return;
  const rows = t.result.rows;
  const cell = (p, g) => (g === 'outside' ? p.outsideMs : p.groups[g]);
  console.log(`\nwasm, one training step of the default model by kind of work, ms (tf.profile of the Trainer's step; wall time measured without the profiler)`);
  printRows([
    ['work', ...rows.map((x) => `${x.threads} thread(s)`), ...(rows.length > 1 ? ['speed-up'] : [])],
    ...GROUPS.map(([g, label]) => {
      const v = rows.map((x) => cell(x.profile, g));
      return [label, ...v.map((ms) => ms.toFixed(2)), ...(rows.length > 1 ? [v.at(-1) > 0 ? `${(v[0] / v.at(-1)).toFixed(2)}×` : '—'] : [])];
    }),
    ['step (wall)', ...rows.map((x) => x.profile.wallMs.toFixed(2)), ...(rows.length > 1 ? [`${(rows[0].profile.wallMs / rows.at(-1).profile.wallMs).toFixed(2)}×`] : [])],
  ]);
  const one = rows[0].profile;
  const mm = one.groups.matMul + one.groups.binary;
  const p = mm / one.wallMs;
  console.log(
    `  threaded share of a one-thread step: ${(100 * p).toFixed(0)} % (matMul + binary); with n threads and perfect scaling of that share the step ` +
      `speeds up by at most 1 / (1 − p + p/n): ${rows.map((x) => `${x.threads}: ${(1 / (1 - p + p / x.threads)).toFixed(2)}×`).join(', ')}`,
  );
}
