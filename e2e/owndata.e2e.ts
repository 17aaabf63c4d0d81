/**
 * The user's own data in a real browser: a zip of generated shapes (drawn by the page, zipped
 * here with fflate) is dropped in; the preview shows them after preprocessing; training on them
 * runs a few hundred steps; the pad's words follow the data set; a run saved on the shapes is
 * refused on MNIST, naming both sets, and loads after the offered switch; the data set is kept
 * across a reload; a corrupt file gives its message and the data set in use stays.
 */
import type { Page } from 'playwright-core';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { browserSuite, openTab, parseFigure, poll, readStatuses, waitForFigures } from './harness';

const suite = browserSuite();
// The J = 2 MNIST model at the start: its grid is the measure's control (digits, not shapes).
const APP = '?backend=wasm&tab=data&pretrained=mnist-j2';
const PER_CLASS = 40;

/** PNGs of dark squares and circles of varied size and place on a light 32×32 page, drawn in the page. */
async function shapePngs(page: Page): Promise<Record<string, Uint8Array>> {
  const b64 = await page.evaluate(async (n) => {
    const out: Record<string, string> = {};
    for (const kind of ['squares', 'circles']) {
      for (let i = 0; i < n; i++) {
        const c = new OffscreenCanvas(32, 32);
        const ctx = c.getContext('2d')!;
        ctx.fillStyle = '#fafafa';
        ctx.fillRect(0, 0, 32, 32);
        ctx.fillStyle = '#101010';
        const r = 6 + (i % 5);
        const x = 10 + ((i * 7) % 12);
        const y = 10 + ((i * 5) % 12);
        if (kind === 'squares') ctx.fillRect(x - r, y - r, 2 * r, 2 * r);
        else {
          ctx.beginPath();
          ctx.arc(x, y, r, 0, 2 * Math.PI);
          ctx.fill();
        }
        const bytes = new Uint8Array(await (await c.convertToBlob({ type: 'image/png' })).arrayBuffer());
        out[`${kind}/${i}.png`] = btoa(String.fromCharCode(...bytes));
      }
    }
    return out;
  }, PER_CLASS);
  return Object.fromEntries(Object.entries(b64).map(([k, v]) => [k, Uint8Array.from(Buffer.from(v, 'base64'))]));
}

const panel = (page: Page) => page.getByRole('region', { name: 'Your data' });
const fileInput = (page: Page) => panel(page).getByLabel('Files or a zip');

/** Mean ink of the preview's first image, and of its border ring (inverted: ink white on black). */
async function firstPreviewImage(page: Page): Promise<{ mean: number; border: number }> {
  return panel(page)
    .getByRole('img', { name: /after preprocessing/ })
    .evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext('2d')!.getImageData(0, 0, 28, 28).data;
      let s = 0;
      let b = 0;
      let nb = 0;
      for (let v = 0; v < 28; v++)
        for (let u = 0; u < 28; u++) {
          const g = d[4 * (v * 28 + u)]! / 255;
          s += g;
          if (u === 0 || v === 0 || u === 27 || v === 27) {
            b += g;
            nb++;
          }
        }
      return { mean: s / 784, border: b / nb };
    });
}

/**
 * How much of its ink box a decoded tile fills, median over the manifold grid's tiles: pixels
 * brighter than 128 over the area of their bounding box. A filled square is 1 and a disc π/4;
 * a digit's strokes fill far less of their box.
 */
async function gridFill(page: Page): Promise<{ step: number; fill: number; tiles: number }> {
  return page.locator('canvas[aria-label="Manifold grid"]').evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    const n = Math.round(c.width / 28);
    const fills: number[] = [];
    for (let r = 0; r < n; r++)
      for (let q = 0; q < n; q++) {
        let count = 0;
        let [x0, y0, x1, y1] = [28, 28, -1, -1];
        for (let y = 0; y < 28; y++)
          for (let x = 0; x < 28; x++) {
            if (d[4 * ((r * 28 + y) * c.width + q * 28 + x)]! > 128) {
              count++;
              [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
            }
          }
        if (count >= 10) fills.push(count / ((x1 - x0 + 1) * (y1 - y0 + 1)));
      }
    fills.sort((a, b) => a - b);
    return { step: Number(c.dataset.step), fill: fills[Math.floor(fills.length / 2)] ?? 0, tiles: fills.length };
  });
}

describe('your own data', () => {
  it('a zip of shapes previews, trains a few hundred steps, stays after a reload; a corrupt file changes nothing', async () => {
    const { page, expectNoConsoleErrors } = await suite.start(APP);
    // The measure tells digits from shapes: the pretrained MNIST model's grid fills far less.
    const digits = await poll(async () => ((await gridFill(page)).tiles > 4 ? gridFill(page) : null), { timeout: 120_000, what: 'the MNIST grid' });
    console.log(`median fill of the grid: MNIST ${digits.fill.toFixed(2)}`);
    expect(digits.fill).toBeLessThan(0.65);
    const zip = zipSync(await shapePngs(page));
    await fileInput(page).setInputFiles({ name: 'shapes.zip', mimeType: 'application/zip', buffer: Buffer.from(zip) });

    const preview = panel(page).getByRole('img', { name: /The first 64 of 80 images of shapes after preprocessing/ });
    await preview.waitFor({ timeout: 60_000 });
    const facts = await panel(page).locator('.dataset-facts').innerText();
    expect(facts).toMatch(/80: 72 to train on, 8 to test/);
    expect(facts).toMatch(/circles \(40\), squares \(40\)/);
    expect(facts).toMatch(/100 % of the images have a light border; inverting is proposed/);
    // Inverted as proposed: a white shape on a black border.
    const first = await firstPreviewImage(page);
    expect(first.border).toBeLessThan(0.05);
    expect(first.mean).toBeGreaterThan(0.1);

    await panel(page).getByRole('button', { name: 'Train on this data set', exact: true }).click();
    await poll(async () => (await panel(page).getByText(/Training on: your data set "shapes" \(80 images/).count()) > 0, { timeout: 60_000, what: 'the switch' });
    await waitForFigures(page, (f) => (parseFigure(f['Step']) ?? 0) >= 300, { timeout: 240_000, what: '300 steps on the shapes' });
    // The grid decodes shapes: filled blobs, not strokes.
    const grid = await poll(async () => ((await gridFill(page)).step >= 250 ? gridFill(page) : null), { timeout: 120_000, what: 'a grid picture at step ≥ 250' });
    expect(grid.tiles).toBeGreaterThan(4);
    console.log(`median fill of the grid: shapes ${grid.fill.toFixed(2)} at step ${grid.step}`);
    // The map's legend names the folders.
    await page.getByRole('tab', { name: /^Map of test/ }).click();
    await expect(page.getByRole('list', { name: 'Label colours' }).innerText()).resolves.toMatch(/circles[\s\S]*squares/);
    expect(grid.fill, `median fill of the grid's tiles at step ${grid.step}`).toBeGreaterThan(0.65);

    // A corrupt image: its name and reason, and the data set in use and the preview stay.
    await fileInput(page).setInputFiles({ name: 'broken.png', mimeType: 'image/png', buffer: Buffer.from('this is not a png at all') });
    await poll(async () => /broken\.png: not a readable image/.test(await panel(page).getByRole('alert').innerText()), { timeout: 30_000, what: 'the corrupt file message' });
    await expect(panel(page).getByText(/Training on: your data set "shapes"/).count()).resolves.toBe(1);
    // The address bar names only built-in sets, and the panel says so while the user's set is in use.
    await expect(panel(page).getByRole('note', { name: 'Shared links' }).innerText()).resolves.toContain('names MNIST, not your data set');
    await expect(preview.count()).resolves.toBe(1);

    // The pad says image, not digit, on the shapes.
    await expect(page.getByLabel('Test image index', { exact: true }).count()).resolves.toBe(1);
    await expect(page.getByLabel('Test digit index', { exact: true }).count()).resolves.toBe(0);
    // The test-image fields end at the shapes' 8 test images, with the message before any request.
    const index = page.getByLabel('Test image index', { exact: true });
    await expect(index.getAttribute('max')).resolves.toBe('7');
    await index.fill('9');
    await expect(page.getByText('Test image index: a whole number from 0 to 7.', { exact: true }).count()).resolves.toBe(1);
    await index.fill('7');
    await expect(page.getByText('Test image index: a whole number from 0 to 7.', { exact: true }).count()).resolves.toBe(0);
    await openTab(page, 'Figures');
    // (The tab's view loads lazily: wait for it.)
    await page.getByText('Every sixth evaluation covers all 8 test images; this one does so now.').waitFor({ timeout: 30_000 });

    // A run saved on the shapes records them: refused on MNIST (both named, nothing changed), loaded after the switch.
    const runs = page.getByRole('region', { name: 'Saved runs and exports' });
    const runsStatus = runs.locator('.runs-status');
    await openTab(page, 'Runs');
    await runs.getByLabel('Run name').fill('on shapes');
    await runs.getByRole('button', { name: 'Save in browser' }).click();
    await poll(async () => /Saved "on shapes"/.test(await runsStatus.innerText()), { timeout: 60_000, what: 'the run saved' });
    await openTab(page, 'Your data');
    await panel(page).getByRole('button', { name: 'Back to MNIST' }).click();
    await poll(async () => (await panel(page).getByText(/Training on: MNIST/).count()) > 0, { timeout: 60_000, what: 'back to MNIST' });
    await expect(panel(page).getByRole('note', { name: 'Shared links' }).count()).resolves.toBe(0);
    await openTab(page, 'Runs');
    await runs.getByRole('button', { name: 'Load on shapes', exact: true }).click();
    await poll(async () => /"on shapes" was trained on your data set "shapes" \(80 images, hash [0-9a-f]{8}\), but the data set loaded now is the built-in MNIST/.test(await runsStatus.innerText()), {
      timeout: 60_000,
      what: 'the refusal naming both data sets',
    });
    await runs.getByRole('button', { name: 'Switch to "shapes" and load the run' }).click();
    await poll(async () => /Loaded "on shapes"/.test(await runsStatus.innerText()), { timeout: 60_000, what: 'the run loaded on the shapes' });
    await openTab(page, 'Your data');
    await expect(panel(page).getByText(/Training on: your data set "shapes"/).count()).resolves.toBe(1);

    await page.reload();
    const kept = panel(page).getByRole('listitem', { name: 'Data set shapes' });
    await kept.waitFor({ timeout: 60_000 });
    expect(await kept.innerText()).toMatch(/80 images, 2 labels; 0\.06 MB/);
    expectNoConsoleErrors();
  }, 420_000);

  it('a worker that dies while training on the shapes comes back on the shapes, from a save, and trains on', async () => {
    const { page, expectNoConsoleErrors } = await suite.start('?backend=wasm&tab=data&testhooks=1');
    await fileInput(page).setInputFiles({ name: 'shapes.zip', mimeType: 'application/zip', buffer: Buffer.from(zipSync(await shapePngs(page))) });
    await panel(page).getByRole('button', { name: 'Train on this data set', exact: true }).click({ timeout: 60_000 });
    await poll(async () => (await panel(page).getByText(/Training on: your data set "shapes" \(80 images/).count()) > 0, { timeout: 60_000, what: 'the switch' });
    // Until a checkpoint of the shapes' run has reached the page (about 15 s of training).
    await poll(async () => page.evaluate(() => (window as unknown as { __vaeTest: { checkpointStep(): number | null } }).__vaeTest.checkpointStep()), {
      timeout: 120_000,
      what: 'a checkpoint sent to the page',
    });
    await page.evaluate(() => (window as unknown as { __vaeTest: { killWorker(): void } }).__vaeTest.killWorker());
    const notice = await poll(async () => (await readStatuses(page)).find((t) => /^Recovered/.test(t)), { timeout: 90_000, what: 'the recovery notice' });
    // The new worker has the shapes again, and a run of them at a saved step, not fresh weights.
    expect(notice).toMatch(/from its checkpoint at step [\d,]+, with its settings and curves, on your data set "shapes"/);
    const restored = Number(/at step ([\d,]+)/.exec(notice)![1]!.replace(/,/g, ''));
    expect(restored).toBeGreaterThan(0);
    await expect(panel(page).getByText(/Training on: your data set "shapes" \(80 images/).count()).resolves.toBe(1);
    await expect(page.getByLabel('Test image index', { exact: true }).getAttribute('max')).resolves.toBe('7');
    // Training goes on by itself in the new worker, from the restored step.
    await waitForFigures(page, (f) => (parseFigure(f['Step']) ?? 0) > restored + 20, { timeout: 120_000, what: 'training to go on after the recovery' });
    expectNoConsoleErrors();
  }, 420_000);
});
