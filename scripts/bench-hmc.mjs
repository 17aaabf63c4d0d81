// Issue 24's figures: HMC samples per second (leapfrog steps per second) at J = 2, 20 and 50
// per backend, on the bench page (src/bench/hmcBench.ts); and, on the app's page, the
// training rate without and with the posterior lab's chains running (they run in the drawing
// worker), windows alternating off, on, off so that a change in the machine's load hits both;
// in a full run also the draw → encode latency while training without and with the chains.
import { parseFigure, readAlerts, readDefinitionList, readLiveFigures, waitForDataReady, waitForFigures } from './ui-contract.mjs';
import { drawLatencies, runBenchPage, sleep, step, stepRate } from './bench-harness.mjs';
import { printRows, round } from './bench-report.mjs';

/** HMC's rate at J = 2, 20, 50 on `backend` (bench page, mode=hmc). */
export async function benchHmc(browser, baseUrl, backend, opts) {
  const url = new URL(`src/bench/bench.html?mode=hmc&backend=${backend}${opts.quick ? '&quick=1' : ''}`, baseUrl).toString();
  const r = await runBenchPage(browser, url, backend === 'webgpu' || backend === 'cpu' ? 300_000 : 180_000, (m) => console.log(`  [${backend}, hmc] ${m}`));
  return { backend, ...r };
}

/**
 * Training steps/s on the app's page with the posterior lab's chains off and on (4 HMC chains
 * of test digit 0, warm-up and draws at their maximum so that they run through the window),
 * and the lab's own samples/s; with `opts.quick` false also the draw → encode latency.
 */
export async function benchChains(browser, baseUrl, backend, opts) {
  const result = { backend, ok: false };
  const context = await browser.newContext({ viewport: { width: 1400, height: 1100 } });
  const page = await context.newPage();
  const windowS = opts.quick ? 4 : 8;
  try {
    await page.goto(new URL(`/?backend=${backend}`, baseUrl).toString());
    await waitForDataReady(page, 90_000);
    await page.getByRole('tab', { name: 'Posterior lab' }).click();
    const lab = page.getByRole('region', { name: 'Posterior lab' });
    await lab.getByRole('radio', { name: 'Test digit number' }).check();
    const chains = lab.getByRole('group', { name: 'Chains' });
    await chains.getByLabel('Warm-up', { exact: true }).fill('5000');
    await chains.getByLabel('Draws per chain', { exact: true }).fill('5000');
    await chains.getByLabel('Chains', { exact: true }).fill('4');
    result.chains = { count: 4, method: 'hmc', leapfrogSteps: Number(await chains.getByLabel('Leapfrog steps', { exact: true }).inputValue()) };
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await waitForFigures(page, (f) => step(f) >= 20, { timeout: 180_000, what: 'Step ≥ 20', failOnAlert: true });
    const off = [];
    const on = [];
    const labRates = [];
    const drawOff = opts.quick ? null : await drawLatencies(page, opts.strokes);
    off.push(await stepRate(page, windowS));
    await chains.getByRole('button', { name: 'Run chains' }).click();
    // Past the chains' first chunk (their kernels compile on first use).
    const deadline = Date.now() + 60_000;
    for (;;) {
      const f = await readDefinitionList(page, 'Chain figures');
      if (f && /^running/.test(f.State) && (parseFigure(f['Samples/s']) ?? 0) > 0) break;
      if (Date.now() > deadline) throw new Error(`the chains did not run within 60 s: ${JSON.stringify(f)}`);
      const alerts = await readAlerts(page);
      if (alerts.length) throw new Error(`the app shows an error: ${JSON.stringify(alerts)}`);
      await sleep(250);
    }
    on.push(await stepRate(page, windowS));
    const during = await readDefinitionList(page, 'Chain figures');
    if (!/^running/.test(during?.State ?? '')) throw new Error(`the chains stopped during the window: ${JSON.stringify(during)}`);
    labRates.push(parseFigure(during['Samples/s']));
    const drawOn = opts.quick ? null : await drawLatencies(page, opts.strokes);
    await chains.getByRole('button', { name: 'Pause', exact: true }).click();
    await sleep(1000);
    off.push(await stepRate(page, windowS));
    const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const f = await readLiveFigures(page);
    Object.assign(result, {
      ok: true,
      windowSeconds: windowS,
      stepsPerSecOff: off.map((x) => round(x, 2)),
      stepsPerSecOn: on.map((x) => round(x, 2)),
      batchSize: parseFigure((await readDefinitionList(page, 'Active settings'))?.['Batch size']) ?? 128,
      ratioOnToOff: round(mean(on) / mean(off), 2),
      chainSamplesPerSec: labRates,
      chainFigures: during,
      backendShown: f?.Backend ?? null,
      ...(drawOff ? { drawOff: drawOff.latencyMs, drawOn: drawOn.latencyMs, drawOnEncodedBy: drawOn.encodedBy } : {}),
    });
    console.log(
      `  [${backend}, chains] training ${result.stepsPerSecOff.join(', ')} steps/s without chains, ${result.stepsPerSecOn.join(', ')} with 4 HMC chains ` +
        `(${labRates.join(', ')} chain samples/s); ratio ${result.ratioOnToOff}` +
        (drawOff ? `; draw → figures p50 ${drawOff.latencyMs.p50} ms without, ${drawOn.latencyMs.p50} ms with chains` : ''),
    );
  } catch (e) {
    result.error = e instanceof Error ? e.message.split('\n')[0] : String(e);
    console.log(`  [${backend}, chains] FAILED: ${result.error}`);
  } finally {
    await context.close().catch(() => {});
  }
  return result;
}

/** The HMC table (per backend, per J) and the chains-running line. */
export function printHmc(hmc, chains, quick) {
  console.log('');
  const Js = [2, 20, 50];
  if (hmc.length) console.log(`\nHMC of the true posterior (4 chains, 10 leapfrog steps per sample), samples/s (leapfrog steps/s)${quick ? '; quick: fewer transitions, wasm and webgl only' : ''}`);
  if (hmc.length) printRows([
    ['backend', ...Js.map((J) => `J = ${J}`), 'transitions'],
    ...hmc.map((h) => {
      if (!h.ok) return [h.backend, ...Js.map(() => '—'), `FAILED: ${(h.error ?? '').slice(0, 60)}`];
      const at = (J) => h.result.rates.find((r) => r.J === J);
      return [h.backend, ...Js.map((J) => (at(J) ? `${round(at(J).samplesPerSec, 1)} (${Math.round(at(J).leapfrogPerSec)})` : '—')), String(h.result.transitions)];
    }),
  ]);
  for (const c of chains) {
    if (!c.ok) console.log(`training with chains running (${c.backend}): FAILED ${c.error}`);
    else {
      const sps = (xs) => xs.map((x) => Math.round(x * c.batchSize)).join(', ');
      console.log(
        `training with chains running (${c.backend}, ${c.windowSeconds} s windows off/on/off): ${sps(c.stepsPerSecOff)} samples/s without, ${sps(c.stepsPerSecOn)} with ` +
          `(ratio ${c.ratioOnToOff}; the chains ${c.chainSamplesPerSec.join(', ')} samples/s)` +
          (c.drawOff ? `; draw → figures p50/p95 ${c.drawOff.p50}/${c.drawOff.p95} ms without, ${c.drawOn.p50}/${c.drawOn.p95} ms with chains` : ''),
      );
    }
  }
}
