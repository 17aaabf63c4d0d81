/**
 * The development server (`npm run dev`), the README's first command: the other browser tests
 * run the production build, and the dev server bundles differently. It pre-bundles
 * dependencies on the fly and runs each in import order, so an order that the production
 * bundle forgives can break it (tfjs-core's gradients registered before its flags: "Cannot
 * evaluate flag 'DEBUG'" in both workers). Started here with an empty pre-bundle cache, as on
 * a fresh clone.
 */
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSuite, openTab, parseFigure, waitForDataReady, waitForFigures } from './harness';

const suite = browserSuite();
let server: ViteDevServer | undefined;
let url = '';

beforeAll(async () => {
  server = await createServer({ logLevel: 'error', server: { port: 0, host: '127.0.0.1' }, optimizeDeps: { force: true } });
  await server.listen();
  url = server.resolvedUrls?.local[0] ?? '';
  if (!url) throw new Error('the dev server has no local URL');
});

afterAll(async () => {
  await server?.close();
});

describe('the development server', () => {
  it('serves the playground: both workers start, it trains and the drawing worker takes the model', async () => {
    const { page, expectNoConsoleErrors } = await suite.start(undefined);
    await page.goto(`${url}?backend=wasm`);
    await waitForDataReady(page, 120_000);
    await page.getByText(/Running on wasm/).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await waitForFigures(page, (f) => (parseFigure(f['Step']) ?? 0) >= 3, { timeout: 60_000, what: 'step 3' });
    await openTab(page, 'Drawing');
    await page.getByText(/Drawings are encoded by the drawing worker/).waitFor({ timeout: 60_000 });
    expect(await page.getByText(/worker failed/).count()).toBe(0);
    expectNoConsoleErrors();
  });
});
