/**
 * Browser tests of cross-origin isolation, wasm threads and offline use (the built app through
 * `vite preview`, which sends COOP/COEP and the CSP):
 * - the page is cross-origin isolated; on wasm the threaded build runs the thread count its
 *   trial shows to be fastest (the line beside the backend gives the count, why, and the
 *   trial's times), a pool of 2 threads really runs when asked for (more than tfjs's default
 *   of half the cores on a 2-core machine), and training advances on both;
 * - after one visit the service worker has cached the app: with the browser context offline a
 *   reload loads the page, the MNIST data and the pretrained model, and training advances.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, openTab, parseFigure, poll, readLiveFigures, waitForDataReady, waitForFigures } from './harness';
import { chooseThreads, trialCounts, type ThreadTrial } from '../src/worker/threads';

const suite = browserSuite({
  failureDetails: async (page) => ({
    'live figures': await readLiveFigures(page).catch(() => null),
    backend: await page.getByLabel('Backend choice').innerText().catch(() => null),
  }),
  withLogs: true,
});

const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true });

/** The threads line beside the backend, once the worker has reported it. */
async function threadsLine(page: Page): Promise<string> {
  return poll(async () => (await page.getByTestId('wasm-threads').innerText().catch(() => '')) || null, {
    timeout: 90_000,
    what: 'the wasm threads line beside the backend',
  });
}

/** Clicks Train and waits until the Step figure passes `beyond`. */
async function trainPast(page: Page, beyond: number): Promise<number> {
  await button(page, 'Train').click();
  const f = await waitForFigures(page, (x) => (parseFigure(x.Step) ?? -1) > beyond, {
    timeout: 120_000,
    what: `Step > ${beyond}`,
    failOnAlert: true,
  });
  await button(page, 'Pause').click();
  return parseFigure(f.Step)!;
}

/** The "Model in use" line (in the Drawing tab) once it names the pretrained J = 20 model. */
async function pretrainedInUse(page: Page): Promise<string> {
  await openTab(page, 'Drawing');
  return poll(
    async () => {
      const t = await page.getByRole('status', { name: 'Model in use' }).innerText().catch(() => '');
      return t.includes('J = 20,') && t.includes('pretrained') ? t : null;
    },
    { timeout: 60_000, what: 'the pretrained J = 20 model in use' },
  );
}

/** The trial's times in the threads line: "1 thread 20.3 ms, 2 threads 12.1 ms (1.68×)". */
function trialTimes(line: string): ThreadTrial[] {
  return [...line.matchAll(/(\d+) threads? ([\d.]+) ms/g)].map((m) => ({ threads: Number(m[1]), ms: Number(m[2]) }));
}

describe('cross-origin isolation and wasm threads', () => {
  it('the page is isolated; wasm runs its threaded build on the count its trial shows to be fastest; training advances', async () => {
    const { page, pageErrors } = await suite.start('/?backend=wasm', { name: 'isolated-wasm' });
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    const line = await threadsLine(page);
    expect(line).toContain('threaded SIMD build');
    // One trial time per count 1, 2, 4, … up to the cores; the count in use is the one the
    // shown times pick (which count wins depends on the machine's load, so no count is assumed).
    const trials = trialTimes(line);
    expect(trials.map((t) => t.threads)).toEqual(trialCounts(cores));
    const count = Number(/^Threads: (\d+) thread/.exec(line)?.[1]);
    expect(count).toBe(chooseThreads(trials, null).threads);
    expect(await trainPast(page, 3)).toBeGreaterThan(3);
    expect(pageErrors).toEqual([]);
  });

  it('?threads=2 runs a pool of two threads (tfjs alone would cap it at half the cores) and training advances on it', async () => {
    const { page, pageErrors } = await suite.start('/?backend=wasm&threads=2', { name: 'threads-2' });
    expect(await page.evaluate(() => navigator.hardwareConcurrency)).toBeGreaterThanOrEqual(2);
    // The count shown is what XNNPACK's pool reports (getThreadsCount), not the request.
    const line = await threadsLine(page);
    expect(line).toBe('Threads: 2 threads (threaded SIMD build): set by ?threads=2.');
    expect(await trainPast(page, 3)).toBeGreaterThan(3);
    expect(pageErrors).toEqual([]);
  });
});

describe('offline after one visit', () => {
  it('a reload with the network off loads the app, the data and the pretrained model, and training advances', async () => {
    const { page, context, pageErrors } = await suite.start('/?backend=wasm&pretrained=mnist-j20', { name: 'offline' });
    await pretrainedInUse(page);
    // The service worker has installed (every file of the build cached) and controls the page.
    await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller) {
        await new Promise<void>((resolve) => navigator.serviceWorker.addEventListener('controllerchange', () => resolve(), { once: true }));
      }
      return reg.active?.state;
    });
    await context.setOffline(true);
    try {
      await page.reload();
      expect(await page.evaluate(() => navigator.onLine)).toBe(false);
      await waitForDataReady(page);
      await pretrainedInUse(page);
      expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
      expect(await trainPast(page, 3)).toBeGreaterThan(3);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.setOffline(false);
    }
  });
});
