/**
 * Runs that last, in a real browser (wasm backend: the fastest here; the backend plays no
 * part in saving): a run saved in IndexedDB survives a reload and loads with its step and
 * curves; a downloaded run file loads back; a corrupt file or a broken storage gives a clear
 * message and training goes on; earlier runs overlay the current curves; the model, metrics
 * and charts export as files; slow motion shows one step at a time.
 */
import { readFile } from 'node:fs/promises';
import type { Download, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, openTab, parseFigure, poll, readLiveFigures, waitForFigures, type PageSession } from './harness';

/** Points drawn per series at most (MAX_DRAWN in src/components/Curves/Curves.tsx). */
const MAX_DRAWN = 400;

const suite = browserSuite();
// J = 20: the checks of the KL bars and the exported shapes are of the 784-512-20 network.
const APP = '?backend=wasm&J=20';

const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true });

/** Opens the app with the Figures tab mounted (the settings in effect) and the Runs tab shown. */
async function start(path: string, options?: Parameters<typeof suite.start>[1]): Promise<PageSession> {
  const s = await suite.start(path, options);
  await openTab(s.page, 'Figures');
  await openTab(s.page, 'Runs');
  return s;
}
const figure = async (page: Page, term: string) => parseFigure((await readLiveFigures(page))?.[term]);
const runsStatus = (page: Page) => page.locator('.runs [role="status"]');

async function steps(page: Page, n: number): Promise<number> {
  const start = (await figure(page, 'Step')) ?? 0;
  for (let i = 0; i < n; i++) {
    await button(page, 'Step').click();
    await waitForFigures(page, (f) => (parseFigure(f['Step']) ?? 0) >= start + i + 1, { timeout: 60_000, what: `step ${start + i + 1}` });
  }
  return start + n;
}

async function downloadOf(page: Page, click: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const [d] = (await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), click()])) as [Download, void];
  return { name: d.suggestedFilename(), bytes: await readFile((await d.path())!) };
}

/** Width and height of a PNG (its IHDR chunk). */
const pngSize = (png: Buffer) => ({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) });

/**
 * Decodes `png` in the page and counts, for each of `colours` (CSS rgb()), its pixels from row
 * `bandTop` down; also the first row with any ink (a pixel darker than light grey).
 */
async function coloursInBand(page: Page, png: Buffer, colours: string[], bandTop: number) {
  return page.evaluate(
    async ({ b64, colours, bandTop }) => {
      // (decoded here: the page's content security policy does not fetch data: URLs)
      const bmp = await createImageBitmap(new Blob([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], { type: 'image/png' }));
      const ctx = new OffscreenCanvas(bmp.width, bmp.height).getContext('2d')!;
      ctx.drawImage(bmp, 0, 0);
      const px = ctx.getImageData(0, 0, bmp.width, bmp.height).data;
      const rgb = colours.map((c) => c.match(/\d+/g)!.slice(0, 3).map(Number));
      const inBand = rgb.map(() => 0);
      let firstInkRow = -1;
      for (let y = 0; y < bmp.height; y++)
        for (let x = 0; x < bmp.width; x++) {
          const i = 4 * (y * bmp.width + x);
          const [r, g, b] = [px[i]!, px[i + 1]!, px[i + 2]!];
          if (firstInkRow < 0 && r + g + b < 600) firstInkRow = y;
          if (y >= bandTop) rgb.forEach((c, k) => Math.abs(c[0]! - r) + Math.abs(c[1]! - g) + Math.abs(c[2]! - b) < 30 && inBand[k]!++);
        }
      return { height: bmp.height, firstInkRow, inBand };
    },
    { b64: png.toString('base64'), colours, bandTop },
  );
}

describe('saved runs', () => {
  it('a run saved in the browser is listed after a reload and loads with its step, settings and curves', async () => {
    const { page, expectNoConsoleErrors } = await start(`${APP}&beta=2`);
    const step = await steps(page, 3);
    // The chart re-renders at a bounded rate (useBoundedRate): its point count may lag a moment.
    const chartPoints = async () => Number(await page.locator('figure[aria-label="ELBO curves"]').getAttribute('data-points'));
    await expect.poll(chartPoints, { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
    const points = await chartPoints();
    await page.getByLabel('Run name', { exact: true }).fill('beta two');
    await button(page, 'Save in browser').click();
    await expect.poll(() => runsStatus(page).textContent(), { timeout: 60_000 }).toMatch(/^Saved "beta two" in this browser \(\d+\.\d MB, step 3\)/);
    await page.getByRole('listitem', { name: 'Saved run beta two' }).waitFor();

    // A reload starts afresh (a fresh model, step 0), but the saved run is still there.
    await page.reload();
    await waitForFigures(page, (f) => parseFigure(f['Step']) === 0, { what: 'a fresh page at step 0' });
    await openTab(page, 'Figures');
    await openTab(page, 'Runs');
    const item = page.getByRole('listitem', { name: 'Saved run beta two' });
    await item.waitFor({ timeout: 30_000 });
    expect(await item.textContent()).toMatch(/step 3;/);
    await item.getByRole('button', { name: 'Load beta two' }).click();
    await expect.poll(() => runsStatus(page).textContent(), { timeout: 60_000 }).toMatch(/^Loaded "beta two" \(step 3,/);
    await waitForFigures(page, (f) => parseFigure(f['Step']) === step, { what: `step ${step} after loading` });
    // Its settings are in effect and in the controls, and its curve came back with it.
    expect(await page.locator('dl[aria-label="Active settings"]').textContent()).toMatch(/β\s*2/);
    expect(await page.getByLabel('β (KL weight)', { exact: true }).inputValue()).toBe('2');
    await expect.poll(chartPoints, { timeout: 10_000 }).toBe(points);
    // It goes on from there.
    await steps(page, 1);
    expect(await figure(page, 'Step')).toBe(step + 1);

    // Rename, then delete (with a confirmation).
    await item.getByRole('button', { name: 'Rename beta two' }).click();
    await page.getByLabel('New name for beta two').fill('β = 2 run');
    await button(page, 'Save name').click();
    const renamed = page.getByRole('listitem', { name: 'Saved run β = 2 run' });
    await renamed.waitFor();
    await renamed.getByRole('button', { name: 'Delete β = 2 run' }).click();
    await renamed.getByRole('button', { name: 'Really delete β = 2 run' }).click();
    await renamed.waitFor({ state: 'detached' });
    expect(await page.locator('.runs').textContent()).toMatch(/No saved runs yet/);
    expectNoConsoleErrors();
  });

  it('a downloaded run file loads back; a corrupt one is refused with a message while training goes on', async () => {
    const { page, expectNoConsoleErrors } = await start(APP);
    await steps(page, 2);
    await page.getByLabel('Run name', { exact: true }).fill('two steps');
    const file = await downloadOf(page, () => button(page, 'Download run file').click());
    expect(file.name).toBe('two_steps.vaerun');
    expect(file.bytes.subarray(0, 4).toString('latin1')).toBe('VAEW');

    // Corrupt copy: one value byte changed near the end.
    const bad = Buffer.from(file.bytes);
    bad[bad.length - 10] = bad[bad.length - 10]! ^ 0xff;
    await button(page, 'Train').click();
    await waitForFigures(page, (f) => (parseFigure(f['Step']) ?? 0) >= 4, { timeout: 60_000, what: 'training' });
    const input = page.getByLabel('Load run file');
    await input.setInputFiles({ name: 'bad.vaerun', mimeType: 'application/octet-stream', buffer: bad });
    await expect.poll(() => runsStatus(page).textContent(), { timeout: 30_000 }).toMatch(/^Could not load "bad\.vaerun": checksum mismatch .* The current model is unchanged\.$/);
    await input.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a model at all, just some text') });
    await expect.poll(() => runsStatus(page).textContent(), { timeout: 30_000 }).toMatch(/^Could not load "notes\.txt": not a weights file/);
    // Still training the same run.
    const s1 = (await figure(page, 'Step'))!;
    await waitForFigures(page, (f) => (parseFigure(f['Step']) ?? 0) > s1 + 3, { timeout: 60_000, what: 'training to go on' });
    await button(page, 'Pause').click();

    await input.setInputFiles({ name: file.name, mimeType: 'application/octet-stream', buffer: file.bytes });
    await expect.poll(() => runsStatus(page).textContent(), { timeout: 60_000 }).toMatch(/^Loaded "two steps" \(step 2,/);
    await waitForFigures(page, (f) => parseFigure(f['Step']) === 2, { what: 'step 2 after loading the file' });
    expectNoConsoleErrors();
  });

  it('broken browser storage says so; training, downloads and the rest go on', async () => {
    const { page, expectNoConsoleErrors } = await start(APP, {
      initScripts: [
        () => {
          // As in a private window that refuses storage.
          IDBFactory.prototype.open = () => {
            throw new DOMException('The user denied permission to access the database.', 'SecurityError');
          };
        },
      ],
    });
    await expect.poll(() => page.locator('.runs-problem').textContent(), { timeout: 30_000 }).toMatch(/browser storage is not available here/);
    await steps(page, 1);
    await button(page, 'Save in browser').click();
    await expect.poll(() => runsStatus(page).textContent(), { timeout: 60_000 }).toMatch(/^Could not save the run: browser storage is not available here .*Training goes on\./);
    await button(page, 'Train').click();
    await waitForFigures(page, (f) => (parseFigure(f['Step']) ?? 0) >= 4, { timeout: 60_000, what: 'training after the storage failure' });
    await button(page, 'Pause').click();
    const file = await downloadOf(page, () => button(page, 'Download run file').click());
    expect(file.bytes.length).toBeGreaterThan(1_000_000);
    expectNoConsoleErrors();
  });

  it('a full storage (quota) says so and keeps the run', async () => {
    const { page, expectNoConsoleErrors } = await start(APP, {
      initScripts: [
        () => {
          IDBObjectStore.prototype.put = () => {
            throw new DOMException('quota', 'QuotaExceededError');
          };
        },
      ],
    });
    await steps(page, 1);
    await button(page, 'Save in browser').click();
    await expect.poll(() => runsStatus(page).textContent(), { timeout: 60_000 }).toMatch(/^Could not save the run: the browser's storage for this site is full/);
    expect(await page.locator('.runs').textContent()).toMatch(/No saved runs yet/);
    expect(await figure(page, 'Step')).toBe(1);
    expectNoConsoleErrors();
  });
});

describe('comparison and exports', () => {
  it('an earlier run overlays the current curves, labelled by what differs, and can be hidden', async () => {
    const { page, expectNoConsoleErrors } = await start(APP);
    await steps(page, 2);
    // A new run with another β (a live setting) after a reset.
    await button(page, 'Reset').click();
    const beta = page.getByLabel('β (KL weight)', { exact: true });
    await beta.fill('3');
    await beta.press('Enter');
    await poll(async () => /β\s*3/.test((await page.locator('dl[aria-label="Active settings"]').textContent()) ?? ''), { what: 'β = 3 in effect' });
    await steps(page, 2);
    const chart = page.locator('figure[aria-label="ELBO curves"]');
    const compare = page.getByRole('group', { name: 'Compare with earlier runs' });
    const box = compare.getByRole('checkbox');
    expect(await box.count()).toBe(1);
    // The earlier run had β = 1: that is what the label names.
    expect(await compare.textContent()).toMatch(/run \d+.*β = 1/);
    expect(await chart.getAttribute('data-compared')).toBe('1');
    expect(await chart.locator('.recharts-legend-item').allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/^ELBO \(train\), run \d+.*β = 1/)]));
    await box.uncheck();
    expect(await chart.getAttribute('data-compared')).toBe('0');
    await box.check();
    expect(await chart.getAttribute('data-compared')).toBe('1');
    expectNoConsoleErrors();
  });

  it('the live charts: each curve is drawn through its points and read out by pointer and keys; the ELBO-noise chart draws its segment; the KL bars show each dimension', async () => {
    const { page, expectNoConsoleErrors } = await start(APP);
    await button(page, 'Train').click();
    await waitForFigures(page, (f) => (parseFigure(f['Step']) ?? 0) >= 40 && parseFigure(f['ELBO (test)']) !== null, { timeout: 90_000, what: 'step 40 and an ELBO (test)' });
    await button(page, 'Pause').click();
    const chart = page.locator('figure[aria-label="ELBO curves"]');
    // Paused, the chart settles on every point of the run (fewer than the 400 drawn at most):
    // each train series a path through all of them (read at one instant: late figures may still come).
    const settled = await poll(
      async () => {
        const read = await chart.evaluate((fig) => ({
          points: Number(fig.getAttribute('data-points')),
          vertices: ['ELBO (train)', 'Reconstruction (train)', 'KL (train, right axis)'].map(
            (name) => fig.querySelector(`path.series-line[name="${name}"]`)?.getAttribute('d')?.match(/[ML]/g)?.length ?? 0,
          ),
        }));
        return read.points >= 10 && read.vertices.every((v) => v === read.points) ? read : null;
      },
      { timeout: 10_000, what: 'the train paths through every point of the run' },
    );
    expect(settled.vertices).toHaveLength(3);
    // The paths are clipped to the plot area, by a clip path that exists.
    const clipped = await chart.evaluate((fig) => {
      const id = fig.querySelector('.series-layer g[clip-path]')?.getAttribute('clip-path')?.match(/^url\(#(.+)\)$/)?.[1];
      return id !== undefined && fig.querySelector(`clipPath#${id} rect`) !== null;
    });
    expect(clipped).toBe(true);
    expect(await chart.locator('circle.series-dot').count()).toBeGreaterThanOrEqual(1); // the test evaluations

    // Keys: End reads the last point, Home the first; the values are the run's, as its CSV has them.
    const readout = chart.getByRole('slider', { name: 'Read the learning curves at a point' });
    await readout.focus();
    await page.keyboard.press('End');
    const last = Number(await readout.getAttribute('aria-valuenow'));
    const lastText = (await readout.getAttribute('aria-valuetext'))!;
    await page.keyboard.press('Home');
    const first = Number(await readout.getAttribute('aria-valuenow'));
    expect(first).toBeLessThan(last);
    await page.keyboard.press('ArrowRight');
    expect(Number(await readout.getAttribute('aria-valuenow'))).toBeGreaterThan(first);
    const csv = await downloadOf(page, () => button(page, 'Download metrics (CSV)').click());
    const row = csv.bytes
      .toString()
      .split('\n')
      .map((l) => l.split(','))
      .find((c) => c.at(-12) === 'train' && Number(c.at(-10)) === last)!; // from the end: a label may hold commas
    expect(row, `a train row at ${last} images`).toBeDefined();
    const shown = (term: string) => Number(lastText.match(new RegExp(`${term.replace(/[()]/g, '\\$&')}: (-?[\\d,.]+)`))?.[1]?.replace(/,/g, ''));
    expect(lastText.startsWith(`${last.toLocaleString('en-US')} images`)).toBe(true);
    expect(shown('ELBO (train)')).toBeCloseTo(Number(row.at(-9)), 2);
    expect(shown('KL (train, right axis)')).toBeCloseTo(Number(row.at(-7)), 2);
    // Pointer: a quarter of the way along the plot shows the readout there, leaving hides it.
    await readout.scrollIntoViewIfNeeded(); // the CSV button's click may have scrolled it away
    const box = (await readout.boundingBox())!;
    await page.mouse.move(box.x + box.width / 4, box.y + box.height / 2);
    const heading = chart.locator('.chart-readout text tspan').first();
    await heading.waitFor({ timeout: 5_000 });
    const at = Number((await heading.textContent())!.replace(/[^\d]/g, ''));
    expect(at).toBeGreaterThan(0);
    expect(at).toBeLessThan(last / 2);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height + 60);
    await poll(async () => (await chart.locator('.chart-readout text').count()) === 0 || null, { timeout: 5_000, what: 'the readout hidden' });

    // The running s.d. of the minibatch ELBO (estimator lab): a path per segment, named in the legend.
    await openTab(page, 'Estimators');
    const noise = page.locator('figure[aria-label="Running standard deviation of the minibatch ELBO"]');
    await noise.scrollIntoViewIfNeeded();
    await poll(async () => ((await noise.locator('path.series-line').first().getAttribute('d'))?.match(/L/g)?.length ?? 0) >= 2 || null, {
      timeout: 10_000,
      what: 'the running s.d. drawn',
    });
    expect(await noise.locator('.recharts-legend-item-text').allTextContents()).toEqual([expect.stringMatching(/^estimator B, L = 1, M = 128 \(from step \d+\)$/)]);

    // KL bars: one per latent dimension, each as tall as its value on the axis, titled with it.
    await openTab(page, 'Figures');
    const kl = page.locator('figure[aria-label="Per-dimension KL"]');
    const bars = await kl.locator('rect.kl-bar').evaluateAll((rects) =>
      rects.map((r) => ({ height: Number(r.getAttribute('height')), title: r.querySelector('title')?.textContent ?? '' })),
    );
    expect(bars).toHaveLength(20);
    const summary = [...((await kl.locator('.sr-only').textContent()) ?? '').matchAll(/z(\d+) (-?\d+(?:\.\d+)?)/g)].map((m) => Number(m[2]));
    expect(summary).toHaveLength(20);
    const values = bars.map((b, j) => {
      const m = b.title.match(/^z(\d+): (-?[\d.]+) nats$/)!;
      expect(Number(m[1])).toBe(j + 1);
      return Number(m[2]);
    });
    values.forEach((v, j) => expect(Math.abs(v - summary[j]!), `z${j + 1}: ${bars[j]!.title} vs ${summary[j]}`).toBeLessThanOrEqual(0.005 + 1e-9));
    const tallest = values.indexOf(Math.max(...values));
    const pxPerNat = bars[tallest]!.height / values[tallest]!;
    bars.forEach((b, j) => expect(Math.abs(b.height - values[j]! * pxPerNat)).toBeLessThan(1));

    // While training, the readout stays at the x it was moved to, also once the run has more
    // points than are drawn and the series is thinned (an index into it would drift right);
    // after End it follows the newest point.
    await button(page, 'Train').click();
    await poll(async () => Number(await chart.getAttribute('data-points')) >= MAX_DRAWN || null, { timeout: 120_000, what: `${MAX_DRAWN} points drawn (thinning)` });
    await readout.scrollIntoViewIfNeeded();
    await readout.focus();
    await page.keyboard.press('Home');
    for (let i = 0; i < 5; i++) await page.keyboard.press('PageUp'); // about the middle of the run
    const read = () => readout.evaluate((r) => ({ now: Number(r.getAttribute('aria-valuenow')), max: Number(r.getAttribute('aria-valuemax')) }));
    const held = await read();
    expect(held.now).toBeLessThan(0.7 * held.max);
    await poll(async () => (await read()).max >= 1.3 * held.max || null, { timeout: 60_000, what: 'the run 30 % longer' });
    const later = await read();
    expect(Math.abs(later.now - held.now), `held at ${held.now}, now ${later.now} of ${later.max}`).toBeLessThanOrEqual(0.05 * held.now);
    await page.keyboard.press('End');
    const newest = (await read()).now;
    await poll(
      async () => {
        const r = await read();
        return (r.now > newest && r.now === r.max) || null;
      },
      { timeout: 30_000, what: 'the readout at the newest point as points arrive' },
    );
    expect(await readout.getAttribute('aria-valuetext')).toMatch(/^[\d,]+ images; ELBO \(train\): /);
    await button(page, 'Pause').click();
    expectNoConsoleErrors();
  });

  it('exports the model as LayersModel files, the metrics as CSV, and a chart and the latent map as PNG', async () => {
    const { page, expectNoConsoleErrors } = await start(APP);
    await steps(page, 2);
    const files: { name: string; bytes: Buffer }[] = [];
    const collect = (d: Download) => void d.path().then(async (p) => files.push({ name: d.suggestedFilename(), bytes: await readFile(p!) }));
    page.on('download', collect);
    await button(page, 'Export model (TensorFlow.js)').click();
    await poll(async () => files.length >= 4 || null, { timeout: 60_000, what: 'four model files' });
    page.off('download', collect);
    const by = (n: string) => files.find((f) => f.name === n)!.bytes;
    const enc = JSON.parse(by('encoder.json').toString()) as { format: string; weightsManifest: { paths: string[]; weights: { shape: number[] }[] }[] };
    expect(enc.format).toBe('layers-model');
    expect(enc.weightsManifest[0]!.paths).toEqual(['encoder.weights.bin']);
    // Default network 784-512-20: [784,512], [512], [512,40], [40] float32 values.
    expect(enc.weightsManifest[0]!.weights.map((w) => w.shape)).toEqual([[784, 512], [512], [512, 40], [40]]);
    expect(by('encoder.weights.bin').length).toBe(4 * (784 * 512 + 512 + 512 * 40 + 40));
    expect(by('decoder.weights.bin').length).toBe(4 * (20 * 512 + 512 + 512 * 784 + 784));

    const csv = await downloadOf(page, () => button(page, 'Download metrics (CSV)').click());
    const lines = csv.bytes.toString().trim().split('\n');
    expect(lines[0]).toBe('run,label,set,step,samples,elbo,recon,kl,loss,grad_norm,active_units,test_images,iwae_bound,iwae_k');
    const train = lines.filter((l) => l.includes(',train,'));
    expect(train.length).toBeGreaterThanOrEqual(2);
    // ELBO = reconstruction − KL on every row.
    for (const l of train) {
      const c = l.split(',');
      const [elbo, recon, kl] = [Number(c.at(-9)), Number(c.at(-8)), Number(c.at(-7))];
      expect(elbo).toBeCloseTo(recon - kl, 3);
    }

    const png = await downloadOf(page, () => page.getByRole('button', { name: 'Save the learning curves as PNG' }).click());
    expect(png.name).toBe('learning-curves.png');
    expect(png.bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.bytes.length).toBeGreaterThan(5_000);
    // The picture reads on its own: the legend's series colours (as the page shows them) are
    // drawn in a band below the chart, and no empty band is left above it.
    const legendColours = await page
      .locator('figure[aria-label="ELBO curves"] .recharts-legend-item')
      .evaluateAll((items) => items.map((i) => getComputedStyle(i.querySelector('.recharts-legend-icon')!).getPropertyValue('stroke')).filter((c) => c && c !== 'none'));
    expect(legendColours.length).toBeGreaterThanOrEqual(3);
    // The band: the legend's rows under the chart; on the first screen's narrower chart the
    // legend takes two rows, about the bottom sixth of the picture (the plot area ends above it).
    const picture = await coloursInBand(page, png.bytes, legendColours, Math.floor(pngSize(png.bytes).height * 0.8));
    for (const n of picture.inBand) expect(n).toBeGreaterThan(20); // each series' icon and name
    expect(picture.firstInkRow).toBeLessThan(picture.height * 0.05);
    const grid = await downloadOf(page, () => page.getByRole('button', { name: 'Save Manifold grid as PNG' }).click());
    expect(grid.name).toBe('manifold-grid.png');
    expect(grid.bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    // The latent map's PNG carries its colour legend: every class colour the page shows, in a
    // band below the map (the map itself keeps its size).
    await page.getByRole('tab', { name: 'Map of test digits' }).click();
    const mapCanvas = page.locator('canvas[aria-label="Latent map"]');
    await poll(async () => Number(await mapCanvas.getAttribute('data-points')) > 0, { timeout: 60_000, what: 'the latent map' });
    const mapSize = await mapCanvas.evaluate((c: HTMLCanvasElement) => ({ width: c.width, height: c.height }));
    const classColours = await page.locator('.lv-legend .lv-swatch').evaluateAll((swatches) => swatches.map((s) => getComputedStyle(s).backgroundColor));
    expect(classColours).toHaveLength(10);
    const map = await downloadOf(page, () => page.getByRole('button', { name: 'Save Latent map of test digits as PNG' }).click());
    expect(map.name).toBe('latent-map.png');
    expect(pngSize(map.bytes).width).toBe(mapSize.width);
    expect(pngSize(map.bytes).height).toBeGreaterThan(mapSize.height);
    const mapLegend = await coloursInBand(page, map.bytes, classColours, mapSize.height);
    for (const n of mapLegend.inBand) expect(n).toBeGreaterThan(20); // each class's swatch
    expectNoConsoleErrors();
  });

  it('slow motion shows every step as it ends, one at a time', async () => {
    const { page, expectNoConsoleErrors } = await start(APP);
    await page.getByLabel('Speed').selectOption({ label: '2 steps per second' });
    await button(page, 'Train').click();
    const seen = new Set<number>();
    const t0 = Date.now();
    while (seen.size < 4 && Date.now() - t0 < 60_000) {
      const s = await figure(page, 'Step');
      if (s !== null && s > 0) seen.add(s);
      await page.waitForTimeout(100);
    }
    const elapsed = (Date.now() - t0) / 1000;
    await button(page, 'Pause').click();
    // Every step was on screen on its own (sampled every 100 ms, steps 500 ms apart)…
    expect([...seen].sort((a, b) => a - b).slice(0, 4)).toEqual([1, 2, 3, 4]);
    // …and no faster than the pace allows (a loaded machine only makes it slower).
    expect((await figure(page, 'Step'))!).toBeLessThanOrEqual(2 * elapsed + 2);
    expectNoConsoleErrors();
  });
});

describe('data sets', () => {
  it('switching to Fashion-MNIST loads it, builds a new network and labels the map with its classes; a link opens it directly', async () => {
    const { page, expectNoConsoleErrors } = await start(APP);
    await openTab(page, 'Settings');
    await page.getByLabel('Data set', { exact: true }).selectOption({ label: 'Fashion-MNIST' });
    await button(page, 'Build new network').click();
    const status = page.getByRole('status', { name: 'Data status' });
    await expect.poll(() => status.textContent(), { timeout: 120_000 }).toBe('Fashion-MNIST ready: 60,000 training and 10,000 test images.');
    expect(await page.locator('dl[aria-label="Active settings"]').textContent()).toBeTruthy();
    await page.getByRole('tab', { name: 'Map of test images' }).click();
    await expect.poll(() => page.getByRole('list', { name: 'Label colours' }).textContent(), { timeout: 60_000 }).toMatch(/T-shirt\/top.*Trouser.*Ankle boot/);
    await steps(page, 2);
    // The address bar carries it: a new page opened on that address trains on Fashion-MNIST too.
    const url = page.url();
    expect(new URL(url).searchParams.get('data')).toBe('fashion');
    const second = await start(new URL(url).search);
    await expect.poll(() => second.page.getByRole('status', { name: 'Data status' }).textContent(), { timeout: 120_000 }).toMatch(/^Fashion-MNIST ready/);
    expectNoConsoleErrors();
    second.expectNoConsoleErrors();
  });
});
