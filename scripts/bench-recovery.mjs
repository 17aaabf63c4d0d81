// Issue 28's figures: the cost of an autosave and the time from a worker's death to training
// running again.
// - Autosave, the worker's side: exportRun timed while training on the bench page
//   (src/bench/autosaveBench.ts). The page's side: on the app's page while it trains, the
//   main-thread time of each save's IndexedDB puts (the structured clone of the weights,
//   timed by wrapping IDBObjectStore.put), beside the figure the app shows in the Runs tab
//   ("last: step N, X MB, Y ms"), and the interval between saves as seen (polled every 100 ms). Share of training time = worker ms ÷ interval (the
//   loop is paused while the worker exports).
// - Recovery: in the same page, the app's test hook (?testhooks=1) kills the training worker
//   silently, as a crash without an error event (as e2e/reliability.e2e.ts does); timed from
//   the kill to the watchdog's alert, to the "Recovered" notice, and to the Step figure moving
//   again (training running in the new worker).
import { readAlerts, readLiveFigures, waitForDataReady, waitForFigures } from './ui-contract.mjs';
import { runBenchPage, sleep, step } from './bench-harness.mjs';
import { median, printRows, round } from './bench-report.mjs';

/** The autosave's worker side on the bench page (mode=autosave). */
export async function benchAutosaveWorker(browser, baseUrl, backend, opts) {
  const url = new URL(`src/bench/bench.html?mode=autosave&backend=${backend}${opts.quick ? '&quick=1' : ''}`, baseUrl).toString();
  const r = await runBenchPage(browser, url, backend === 'webgpu' || backend === 'cpu' ? 300_000 : 180_000, (m) => console.log(`  [${backend}, autosave] ${m}`));
  return { backend, ...r };
}

const statusTexts = (page) => page.evaluate(() => [...document.querySelectorAll('[role="status"]')].map((e) => (e.textContent ?? '').trim()));

/**
 * Init script: times every IDBObjectStore.put on the page's main thread (the structured clone
 * of the value happens inside it), in window.__idbPuts as { key, ms }.
 */
function timeIdbPuts() {
  const w = /** @type {any} */ (window);
  w.__idbPuts = [];
  const put = IDBObjectStore.prototype.put;
  IDBObjectStore.prototype.put = function (value, key) {
    const t0 = performance.now();
    try {
      return put.call(this, value, key);
    } finally {
      w.__idbPuts.push({ key: String(key), ms: performance.now() - t0 });
    }
  };
}

/** "(last: step 1,330, 2.4 MB, 12 ms)" → { step, mb, ms }; null when the text holds no save. */
export function parseLastSave(text) {
  const m = /last: step ([\d,]+), ([\d.]+) MB, (\d+) ms/.exec(text ?? '');
  return m ? { step: Number(m[1].replace(/,/g, '')), mb: Number(m[2]), ms: Number(m[3]) } : null;
}

/**
 * Main-thread ms of each autosave: the put of its record ('autosave') and of its description
 * ('autosave-meta') that follows it, summed; other puts (runs saved by hand) are left out.
 * @param {{ key: string, ms: number }[]} puts
 */
export function autosavePutMs(puts) {
  const out = [];
  for (const p of puts) {
    if (p.key === 'autosave') out.push(p.ms);
    else if (p.key === 'autosave-meta' && out.length) out[out.length - 1] += p.ms;
  }
  return out;
}

/**
 * The step a recovered worker starts from, from the app's notice: "… from its checkpoint at
 * step 1,330 …" → 1330, "… from fresh weights …" → 0; null when the notice does not say
 * (the pretrained model's step is read from the page instead).
 */
export function restoredFromNotice(notice) {
  const m = /at step ([\d,]+)/.exec(notice ?? '');
  if (m) return Number(m[1].replace(/,/g, ''));
  return /fresh weights/.test(notice ?? '') ? 0 : null;
}

/** Share of training time, in %, that an autosave taking `workerMs` of the loop costs every `intervalMs`. */
export function shareOfTraining(workerMs, intervalMs) {
  return workerMs != null && intervalMs > 0 ? (100 * workerMs) / intervalMs : null;
}

/** On the app's page: `saves` autosaves while training, then a killed worker and its recovery. */
export async function benchRecovery(browser, baseUrl, backend, opts) {
  const result = { backend, ok: false };
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const page = await context.newPage();
  const log = (m) => console.log(`  [${backend}, recovery] ${m}`);
  await page.addInitScript(timeIdbPuts);
  try {
    await page.goto(new URL(`/?backend=${backend}&testhooks=1`, baseUrl).toString());
    await waitForDataReady(page, 90_000);
    await page.getByRole('tablist', { name: 'More views' }).getByRole('tab', { name: 'Runs', exact: true }).click();
    const setting = page.locator('.autosave-setting');
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await waitForFigures(page, (f) => step(f) >= 5, { timeout: 180_000, what: 'Step ≥ 5', failOnAlert: true });
    // Autosaves as they happen: the first change of the setting's text starts the clock.
    const nSaves = opts.quick ? 3 : 5;
    const saves = [];
    let lastText = null;
    const deadline = Date.now() + (opts.quick ? 40_000 : 90_000);
    while (saves.length < nSaves && Date.now() < deadline) {
      const text = await setting.textContent();
      const s = parseLastSave(text);
      if (s && text !== lastText) {
        saves.push({ ...s, seenAt: Date.now() });
        lastText = text;
      }
      await sleep(100);
    }
    if (saves.length === 0) throw new Error('no autosave while training');
    const intervals = saves.slice(1).map((s, i) => s.seenAt - saves[i].seenAt);
    const putMs = autosavePutMs(await page.evaluate(() => /** @type {any} */ (window).__idbPuts));
    result.autosave = {
      saves: saves.map(({ step: st, mb, ms }) => ({ step: st, mb, ms })),
      // As the app shows it (whole ms), and the IndexedDB puts timed on the page.
      appShownMs: median(saves.map((s) => s.ms)),
      putMs: putMs.map((x) => round(x, 2)),
      mainThreadMs: round(median(putMs), 2),
      mb: saves.at(-1).mb,
      intervalsMs: intervals,
      intervalMs: median(intervals),
    };
    log(`${saves.length} autosaves: main thread (IndexedDB put) ${result.autosave.putMs.join(', ')} ms, the app shows ${saves.map((s) => s.ms).join(', ')} ms, ${result.autosave.mb} MB, every ${intervals.join(', ')} ms`);

    // The worker dies.
    await page.evaluate(() => /** @type {any} */ (window).__vaeTest.killWorker());
    const t0 = Date.now();
    const at = { noticed: null, recovered: null, training: null };
    let frozen = step(await readLiveFigures(page));
    let restoredStep = null;
    let notice = null;
    let alert = null;
    let clickedTrain = false;
    const limit = t0 + 150_000;
    while (at.training == null) {
      if (Date.now() > limit) throw new Error(`training did not run again within 150 s of the kill (${JSON.stringify({ at, notice, alert })})`);
      const now = Date.now() - t0;
      const st = step(await readLiveFigures(page));
      if (at.noticed == null) {
        alert = (await readAlerts(page)).find((t) => /failed|stopped answering|stopped reporting/.test(t)) ?? null;
        if (alert) at.noticed = now;
        else frozen = st; // the dead worker's last step, as the page shows it
      }
      if (at.recovered == null) {
        notice = (await statusTexts(page)).find((t) => /^Recovered/.test(t)) ?? null;
        if (notice) {
          at.recovered = now;
          // The step the new worker starts from; else the first new step shown.
          restoredStep = restoredFromNotice(notice);
        }
      }
      // Training again: the page shows the new worker's steps (not the frozen one), past the step it started from.
      if (at.recovered != null && st !== frozen) {
        restoredStep ??= st;
        if (st > restoredStep) at.training = now;
      }
      // The recovery starts training again by itself when it was training; if not, a person would press Train.
      if (at.recovered != null && at.training == null && now - at.recovered > 20_000 && !clickedTrain) {
        const train = page.getByRole('button', { name: 'Train', exact: true });
        if (await train.isVisible()) {
          await train.click();
          clickedTrain = true;
        }
      }
      await sleep(100);
    }
    const s0 = frozen;
    Object.assign(result, {
      ok: true,
      recovery: { stepAtKill: s0, restoredStep, stepsLost: s0 - restoredStep, noticedMs: at.noticed, recoveredMs: at.recovered, trainingAgainMs: at.training, clickedTrain, alert, notice },
    });
    log(`killed at step ${s0}: alert after ${at.noticed} ms, recovered after ${at.recovered} ms, training again after ${at.training} ms from step ${restoredStep}${clickedTrain ? ' (Train pressed)' : ''}`);
  } catch (e) {
    result.error = e instanceof Error ? e.message.split('\n')[0] : String(e);
    log(`FAILED: ${result.error}`);
  } finally {
    await context.close().catch(() => {});
  }
  return result;
}

export function printRecovery(workerSide, pageSide, quick) {
  console.log(`\nAutosave of the default model${quick ? ' (quick: fewer saves, wasm only)' : ''}: worker time of one save (exportRun while training), the page's main-thread time, the share of training time at the interval seen`);
  printRows([
    ['backend', 'worker ms/save', 'main-thread ms/save (app shows)', 'MB', 'interval seen', 'share of training time'],
    ...pageSide.map((p) => {
      const w = workerSide.find((x) => x.backend === p.backend);
      const wm = w?.ok ? w.result.medianWorkerMs : null;
      const a = p.autosave;
      return [
        p.backend,
        wm ?? (w ? `FAILED: ${(w.error ?? '').slice(0, 40)}` : '—'),
        a ? `${a.mainThreadMs ?? '—'} (${a.appShownMs})` : '—',
        a ? a.mb : w?.ok ? round(w.result.bytes / 1e6, 1) : '—',
        a?.intervalMs ? `${round(a.intervalMs / 1000, 1)} s` : '—',
        a?.intervalMs && wm != null ? `${round(shareOfTraining(wm, a.intervalMs), 2)} %` : '—',
      ];
    }),
  ]);
  console.log('\nA training worker killed while training (test hook): time from its death to');
  printRows([
    ['backend', 'alert', 'Recovered notice', 'training again', 'step at death → restored', 'status'],
    ...pageSide.map((p) => {
      const r = p.recovery;
      if (!r) return [p.backend, '—', '—', '—', '—', `FAILED: ${(p.error ?? '').slice(0, 60)}`];
      const s = (ms) => (ms == null ? '—' : `${round(ms / 1000, 1)} s`);
      return [p.backend, s(r.noticedMs), s(r.recoveredMs), s(r.trainingAgainMs), `${r.stepAtKill} → ${r.restoredStep}`, r.clickedTrain ? 'ok (Train pressed)' : 'ok'];
    }),
  ]);
}
