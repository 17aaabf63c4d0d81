// Issue 25's figure: the variational (Bayesian) decoder's training speed per backend as a
// ratio to the point-estimate decoder, on the bench page (src/bench/bayesBench.ts: the default
// model, one fixed batch, steps alternating point / variational, medians).
import { runBenchPage } from './bench-harness.mjs';
import { printRows, round } from './bench-report.mjs';

export async function benchVariational(browser, baseUrl, backend, opts) {
  const url = new URL(`src/bench/bench.html?mode=bayes&backend=${backend}${opts.quick ? '&quick=1' : ''}`, baseUrl).toString();
  const r = await runBenchPage(browser, url, backend === 'webgpu' || backend === 'cpu' ? 300_000 : 180_000, (m) => console.log(`  [${backend}, bayes] ${m}`));
  return { backend, ...r };
}

export function printVariational(rows, quick) {
  console.log(`\nVariational decoder weights (full VB) against the point estimate, default model, one training step${quick ? '; quick: fewer steps, wasm and webgl only' : ''}`);
  printRows([
    ['backend', 'point ms/step', 'variational ms/step', 'ratio', 'point s/s', 'variational s/s', 'steps'],
    ...rows.map((b) => {
      if (!b.ok) return [b.backend, '—', '—', '—', '—', '—', `FAILED: ${(b.error ?? '').slice(0, 60)}`];
      const r = b.result;
      return [b.backend, round(r.pointMs, 1), round(r.variationalMs, 1), `${round(r.ratio, 2)}×`, round(r.pointSamplesPerSec, 0), round(r.variationalSamplesPerSec, 0), r.steps];
    }),
  ]);
}
