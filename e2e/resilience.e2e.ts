/**
 * Nothing lost, in a real browser: a reload in the middle of training offers the autosaved run
 * back with its step and curves; a training worker whose script is aborted through the DevTools
 * protocol (Runtime.terminateExecution), and a drawing worker hung in its script, are noticed
 * by the watchdog, replaced, and the work goes on; a run file with ±1e308 in its history is
 * refused and the page answers; a garbage address gives a notice; zod's eval probe no longer
 * shows as a CSP violation. No timed assertions: every wait is for a condition, with long limits.
 */
import type { CDPSession, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../src/core/config';
import { encodeRunFile } from '../src/core/runFile';
import { appUrl, browserSuite, openTab, parseFigure, poll, readAlerts, readDefinitionList, readStatuses, waitForDataReady, waitForFigures, type PageSession } from './harness';

const suite = browserSuite({ withLogs: true });

const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true });


async function liveStep(page: Page): Promise<number | null> {
  const f = await readDefinitionList(page, 'Live figures');
  return f ? parseFigure(f.Step) : null;
}

/** Records CSP violations in the page (workers' violations show as console errors). */
function recordCspViolations(): void {
  const w = window as unknown as { __csp: string[] };
  w.__csp = [];
  document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective}: ${e.blockedURI}`));
}

/**
 * The page's workers through the DevTools protocol: auto-attached (not flattened), so that a
 * command reaches a worker's own session with Target.sendMessageToTarget.
 */
interface Workers {
  /** Sends a command to the newest worker whose name matches; does not wait for its answer. */
  send(name: RegExp, method: string, params?: Record<string, unknown>): Promise<void>;
  /** How many workers of that name have been attached so far. */
  count(name: RegExp): number;
}

async function attachWorkers(s: PageSession): Promise<Workers> {
  const cdp: CDPSession = await s.context.newCDPSession(s.page);
  const attached: { sessionId: string; title: string }[] = [];
  cdp.on('Target.attachedToTarget', (e) => {
    if (e.targetInfo.type === 'worker') attached.push({ sessionId: e.sessionId, title: e.targetInfo.title });
  });
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  let id = 0;
  return {
    async send(name, method, params = {}) {
      const w = attached.filter((a) => name.test(a.title)).at(-1);
      if (!w) throw new Error(`no worker named ${name}`);
      await cdp.send('Target.sendMessageToTarget', { sessionId: w.sessionId, message: JSON.stringify({ id: ++id, method, params }) });
    },
    count: (name) => attached.filter((a) => name.test(a.title)).length,
  };
}

/** Opens the app with the workers attached from the start. */
async function openWithWorkers(path: string): Promise<{ s: PageSession; workers: Workers }> {
  const s = await suite.start(undefined, { name: path });
  const workers = await attachWorkers(s);
  await s.page.goto(appUrl(path));
  await waitForDataReady(s.page);
  await openTab(s.page, 'Figures');
  await openTab(s.page, 'Drawing');
  return { s, workers };
}

describe('a reload in the middle of training', () => {
  it('offers the autosaved run back with its step and curves, and restores it', async () => {
    const s = await suite.start('?backend=webgl');
    const { page } = s;
    await openTab(page, 'Figures');
    await openTab(page, 'Runs');
    await button(page, 'Train').click();
    // Past the first autosave (every 5 s of training): the autosave setting shows what it stored.
    const saved = await poll(
      async () => {
        const t = (await page.locator('.autosave-setting').textContent()) ?? '';
        const m = /last: step ([\d,]+)/.exec(t);
        return m ? Number(m[1]!.replace(/,/g, '')) : null;
      },
      { timeout: 120_000, what: 'an autosave while training' },
    );
    expect(saved).toBeGreaterThan(0);
    await page.reload();
    await waitForDataReady(page);
    await openTab(page, 'Figures');
    const offer = page.getByRole('status', { name: 'Autosaved run' });
    const text = await poll(async () => (await offer.textContent().catch(() => null)) ?? null, { timeout: 60_000, what: 'the offer to restore' });
    const m = /Restore the run from \d\d:\d\d, step ([\d,]+)/.exec(text);
    expect(m, text).not.toBeNull();
    const offered = Number(m![1]!.replace(/,/g, ''));
    // The last autosave before the reload: at least the one seen above.
    expect(offered).toBeGreaterThanOrEqual(saved);
    // The page opened with the pretrained model, not the run.
    expect(await liveStep(page)).toBe(0);
    await offer.getByRole('button', { name: 'Restore' }).click();
    await waitForFigures(page, (f) => parseFigure(f.Step) === offered, { timeout: 60_000, what: `step ${offered} restored` });
    await poll(async () => (await readStatuses(page)).find((t) => t.startsWith(`Restored the run from`) && t.includes(`step ${offered.toLocaleString('en-US')}`)), {
      what: 'the restore notice',
    });
    // The curves came back: the ELBO chart holds points of the restored run.
    await poll(async () => Number(await page.locator('figure[aria-label="ELBO curves"]').getAttribute('data-points')) > 0, { what: 'the restored curves' });
    // And it trains on from there.
    await button(page, 'Train').click();
    await waitForFigures(page, (f) => (parseFigure(f.Step) ?? 0) > offered, { timeout: 60_000, what: 'training on from the restored step' });
    s.expectNoConsoleErrors();
  });
});

describe('a worker that stops', () => {
  it('the training worker, its script aborted through the DevTools protocol: noticed, replaced, training goes on', async () => {
    const { s, workers } = await openWithWorkers('?backend=webgl');
    const { page } = s;
    await button(page, 'Train').click();
    await waitForFigures(page, (f) => (parseFigure(f.Step) ?? 0) >= 10, { timeout: 120_000, what: 'training' });
    // Abort the script where it runs. The abort may hit a task that does not matter (a ping
    // answered, a message posted): then the steps move on, and it is aborted again.
    const failed = async () => (await readAlerts(page)).find((t) => /The training worker failed/.test(t));
    const alert = await poll(
      async () => {
        const seen = await failed();
        if (seen) return seen;
        const before = await liveStep(page);
        await workers.send(/training/, 'Runtime.terminateExecution');
        // Known: an abort can also end the loop as if paused, with no message; the controls then
        // truthfully show Train, and training is started again to abort it once more.
        const trainShown = () => button(page, 'Train').isVisible();
        await poll(async () => (await failed()) ?? ((await liveStep(page)) !== before || (await trainShown())), {
          timeout: 150_000,
          what: 'the steps to move on, or the watchdog to notice',
        });
        if (!(await failed()) && (await trainShown())) await button(page, 'Train').click();
        return failed();
      },
      { timeout: 330_000, interval: 0, what: 'the watchdog to notice an aborted training worker' },
    );
    expect(alert).toMatch(/training loop stopped|stopped reporting its steps|stopped answering/);
    const notice = await poll(async () => (await readStatuses(page)).find((t) => /^Recovered: a new worker/.test(t)), { timeout: 90_000, what: 'the recovery notice' });
    expect(notice).toMatch(/resumed run \d+ from its checkpoint at step [\d,]+|started again from the pretrained model|fresh weights/);
    expect(notice).toMatch(/Training goes on\.$/);
    expect(workers.count(/training/)).toBe(2);
    // The new worker trains: the steps move again, and the control says Pause.
    const after = (await liveStep(page)) ?? 0;
    await waitForFigures(page, (f) => (parseFigure(f.Step) ?? 0) > after + 3, { timeout: 120_000, what: 'steps in the new worker' });
    await button(page, 'Pause').waitFor({ timeout: 30_000 });
  }, 600_000);

  it('the drawing worker, hung in its script: noticed, replaced, and the pad is answered by a new one', async () => {
    const { s, workers } = await openWithWorkers('/');
    const { page } = s;
    await poll(async () => /copy of the model/.test(await page.getByRole('status', { name: 'Drawing worker' }).innerText().catch(() => '')), {
      timeout: 90_000,
      what: 'the drawing worker ready',
    });
    // A script that never ends, as a kernel hung in the engine: the worker stops answering.
    void workers.send(/drawing/, 'Runtime.evaluate', { expression: 'for (;;) {}' }).catch(() => {});
    const alert = await poll(async () => (await readAlerts(page)).find((t) => /The drawing worker failed/.test(t)), { timeout: 90_000, what: 'the watchdog to notice' });
    expect(alert).toMatch(/stopped answering for \d+ s/);
    expect(alert).toMatch(/A new one is starting/);
    await poll(async () => workers.count(/drawing/) === 2, { timeout: 30_000, what: 'a new drawing worker' });
    await poll(async () => /copy of the model/.test(await page.getByRole('status', { name: 'Drawing worker' }).innerText().catch(() => '')), {
      timeout: 90_000,
      what: 'the new drawing worker ready',
    });
    const pad = page.getByLabel('Drawing pad', { exact: true });
    await pad.scrollIntoViewIfNeeded();
    const b = (await pad.boundingBox())!;
    await page.mouse.move(b.x + 0.25 * b.width, b.y + 0.2 * b.height);
    await page.mouse.down();
    await page.mouse.move(b.x + 0.75 * b.width, b.y + 0.2 * b.height, { steps: 6 });
    await page.mouse.move(b.x + 0.5 * b.width, b.y + 0.8 * b.height, { steps: 6 });
    await page.mouse.up();
    // The pad is answered (by the new drawing worker once its copy is current, else the training worker).
    await poll(async () => (await readDefinitionList(page, 'Drawing figures'))?.['Encoded by'], { timeout: 60_000, what: 'the drawing to be encoded' });
  });
});

describe('hostile input', () => {
  it('a run file whose history holds ±1e308 is refused, naming the field, and the page answers', async () => {
    const s = await suite.start('?backend=webgl');
    const { page } = s;
    await openTab(page, 'Figures');
    await openTab(page, 'Runs');
    const bytes = encodeRunFile({
      name: 'hostile',
      savedAt: new Date().toISOString(),
      config: DEFAULT_CONFIG,
      dataset: { kind: 'builtin', name: DEFAULT_CONFIG.dataset },
      checkpoint: { step: 3, samplesSeen: 384, optimizer: DEFAULT_CONFIG.optimizer, weights: [{ shape: [1], values: new Float32Array([0]) }], optimizerState: [] },
      history: {
        points: [
          { step: 1, samples: 128, elbo: -1e308, recon: -1e308, kl: 1e308, loss: 1e308, gradNorm: 1 },
          { step: 2, samples: 256, elbo: 1e308, recon: 1e308, kl: -1e308, loss: -1e308, gradNorm: 1 },
        ],
        evals: [],
        divergences: [],
      },
    });
    await page.getByLabel('Load run file').setInputFiles({ name: 'hostile.vaerun', mimeType: 'application/octet-stream', buffer: Buffer.from(bytes) });
    const status = await poll(async () => (await readStatuses(page)).find((t) => /^Could not load "hostile\.vaerun"/.test(t)), { timeout: 30_000, what: 'the refusal' });
    expect(status).toMatch(/history\.points\.0\.elbo/);
    expect(status).toMatch(/The current model is unchanged\.$/);
    // The page answers: a step goes through and is shown.
    await button(page, 'Step').click();
    await waitForFigures(page, (f) => parseFigure(f.Step) === 1, { timeout: 60_000, what: 'a step after the refusal' });
    s.expectNoConsoleErrors();
  });

  it('a garbage address loads the defaults with notices naming what was ignored, and no CSP violation', async () => {
    const s = await suite.start(undefined, { name: 'garbage address' });
    await s.page.addInitScript(recordCspViolations);
    await s.page.goto(appUrl('?J=abc&J=3&zz%ZZ=1&lr=1e999&foo=bar'));
    await waitForDataReady(s.page);
    await openTab(s.page, 'Figures');
    const notices = await readStatuses(s.page);
    expect(notices.find((t) => /^Ignored J="abc"/.test(t))).toBeDefined();
    expect(notices.find((t) => /^Ignored lr="1e999"/.test(t))).toBeDefined();
    expect(notices.find((t) => /The address gives J 2 times \("abc", "3"\)/.test(t))).toBeDefined();
    expect(notices.find((t) => /^Ignored the address parameters "zz%ZZ", "foo"/.test(t))).toBeDefined();
    await s.page.getByRole('button', { name: 'Step', exact: true }).click();
    await waitForFigures(s.page, (f) => parseFigure(f.Step) === 1, { timeout: 60_000, what: 'a step' });
    expect(await s.page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)).toEqual([]);
    s.expectNoConsoleErrors();
  });
});
