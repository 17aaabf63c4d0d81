/**
 * Browser tests of the reparameterization panel and the estimator lab, against the UI contract:
 * - region "Reparameterization and the estimator lab"; select "Digit to encode" (drawing pad,
 *   map selection, test digit by number) with the number input "Test digit number";
 * - `table[aria-label="Reparameterization per dimension"]`: a row per shown dimension with
 *   cells data-term = mu, sigma, eps, z; range inputs "ε for zj"; buttons "Resample ε",
 *   "Animate ε …", "Set ε = 0"; canvas "Decoded image of z";
 * - `table[aria-label="Gradient estimates"]` of the 1-D lab;
 * - "Measure gradient variance" → figure "Gradient variance against L" and table
 *   "Gradient variance figures".
 * The app starts with the pretrained J = 20 model, so encoding works before any training.
 */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, openTab, parseFigure, poll, type PageSession } from './harness';

const suite = browserSuite();

/** Opens the app (J = 20: more dimensions than the table shows) with the Estimators tab open. */
async function openApp(path: string, name: string): Promise<PageSession> {
  const s = await suite.start(`${path}${path.includes('?') ? '&' : '?'}J=20`, { name, viewport: { width: 1400, height: 1100 } });
  await openTab(s.page, 'Estimators');
  return s;
}

const panelOf = (page: Page) => page.getByRole('region', { name: 'Reparameterization and the estimator lab' });

interface Row {
  dim: string;
  mu: number | null;
  sigma: number | null;
  eps: number | null;
  z: number | null;
}

/** The rows of the reparameterization table, as text parsed to numbers. */
async function readRows(page: Page): Promise<Row[]> {
  const raw = await page.evaluate(() =>
    [...document.querySelectorAll('table[aria-label="Reparameterization per dimension"] tbody tr')].map((tr) => {
      const cell = (t: string) => (tr.querySelector(`td[data-term="${t}"]`)?.textContent ?? '').trim();
      return { dim: (tr.querySelector('th')?.textContent ?? '').trim(), mu: cell('mu'), sigma: cell('sigma'), eps: cell('eps'), z: cell('z') };
    }),
  );
  return raw.map((r) => ({ dim: r.dim, mu: parseFigure(r.mu), sigma: parseFigure(r.sigma), eps: parseFigure(r.eps), z: parseFigure(r.z) }));
}

/**
 * z = μ + σ·ε to display precision: each shown value is within 0.0005 of the true one, so
 * |z̃ − (μ̃ + σ̃ ε̃)| ≤ 0.0005 (1 + 1 + |ε| + σ) plus a little float slack.
 */
function expectTrickHolds(rows: Row[]): void {
  expect(rows.length).toBeGreaterThan(0);
  for (const r of rows) {
    for (const v of [r.mu, r.sigma, r.eps, r.z]) expect(v !== null && Number.isFinite(v)).toBe(true);
    expect(r.sigma!).toBeGreaterThan(0);
    const tol = 0.0005 * (2 + Math.abs(r.eps!) + r.sigma!) + 1e-6;
    expect(Math.abs(r.z! - (r.mu! + r.sigma! * r.eps!)), `${r.dim}: z = ${r.z} vs μ + σε = ${r.mu! + r.sigma! * r.eps!}`).toBeLessThanOrEqual(tol);
  }
}

async function chooseTestDigit(panel: Locator, index: number): Promise<void> {
  await panel.getByLabel('Digit to encode').selectOption('index');
  await panel.getByLabel('Test digit number').fill(String(index));
}

async function waitForRows(page: Page, pred: (rows: Row[]) => boolean, what: string): Promise<Row[]> {
  return poll(
    async () => {
      const rows = await readRows(page);
      return rows.length > 0 && pred(rows) ? rows : null;
    },
    { timeout: 60_000, what, describe: async () => JSON.stringify(await readRows(page)) },
  );
}

describe('reparameterization panel', () => {
  it('asks for a digit, then shows μ, σ, ε, z per dimension with z = μ + σ·ε; Resample changes ε and z, not μ and σ; a slider sets ε', async () => {
    const s = await openApp('/?backend=wasm', 'lab-trick');
    const { page } = s;
    const panel = panelOf(page);
    await panel.scrollIntoViewIfNeeded();
    // An empty drawing pad (cleared of the first visit's test image): a clear request instead of numbers.
    const clear = page.getByRole('region', { name: 'Draw a digit to encode' }).getByRole('button', { name: 'Clear', exact: true });
    await poll(async () => (await clear.isEnabled()) || null, { timeout: 60_000, what: 'the first test image on the pad' });
    await clear.click();
    const empty = await poll(async () => {
      const t = await panel.getByRole('status', { name: 'Reparameterization input' }).innerText().catch(() => '');
      return t.includes('Pick or draw a digit') ? t : null;
    }, { timeout: 60_000, what: 'the "pick or draw a digit" state' });
    expect(empty).not.toMatch(/NaN/);
    expect(await panel.getByRole('table', { name: 'Reparameterization per dimension' }).count()).toBe(0);

    await chooseTestDigit(panel, 3);
    const rows = await waitForRows(page, () => true, 'the reparameterization table');
    // J = 20 > 8: the six dimensions with the largest KL are shown, each with all four values.
    expect(rows).toHaveLength(6);
    expectTrickHolds(rows);
    await expect(panel.getByRole('status', { name: 'Reparameterization input' }).innerText()).resolves.toMatch(/Test digit 3/);
    expect(await page.locator('canvas[aria-label="Decoded image of z"]').count()).toBe(1);

    await panel.getByRole('button', { name: 'Resample ε' }).click();
    const after = await waitForRows(page, (r) => r.some((x, i) => x.eps !== rows[i]!.eps), 'a fresh ε after Resample');
    expectTrickHolds(after);
    expect(after.map((r) => r.dim)).toEqual(rows.map((r) => r.dim));
    expect(after.map((r) => [r.mu, r.sigma])).toEqual(rows.map((r) => [r.mu, r.sigma]));
    expect(after.filter((r, i) => r.eps !== rows[i]!.eps).length).toBeGreaterThanOrEqual(after.length - 1);
    expect(after.some((r, i) => r.z !== rows[i]!.z)).toBe(true);

    // A slider sets ε by hand.
    const dim = after[0]!.dim;
    await panel.getByLabel(`ε for ${dim}`, { exact: true }).fill('1.5');
    const set = await waitForRows(page, (r) => r[0]!.eps === 1.5, `ε of ${dim} set to 1.5`);
    expectTrickHolds(set);
    expect(set[0]!.mu).toBe(after[0]!.mu);

    // ε = 0 puts z at μ.
    await panel.getByRole('button', { name: 'Set ε = 0' }).click();
    const zero = await waitForRows(page, (r) => r.every((x) => x.eps === 0), 'ε = 0');
    for (const r of zero) expect(r.z).toBe(r.mu);
    expect(await panel.innerText()).not.toMatch(/NaN/);
    s.expectNoConsoleErrors();
  });

  it('the 1-D lab shows the exact gradient of E[z²] and both estimators near it', async () => {
    const s = await openApp('/?backend=wasm', 'lab-1d');
    const table = panelOf(s.page).getByRole('table', { name: 'Gradient estimates' });
    await table.scrollIntoViewIfNeeded();
    const cells = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => (c.textContent ?? '').trim())));
    // Defaults μ = 1, σ = 1: exact ∂μ = 2μ = 2, ∂σ = 2σ = 2.
    expect(cells[0]!.slice(1)).toEqual(['2', '0', '2', '0']);
    for (const row of cells.slice(1)) {
      const [mean, se] = row[1]!.split('±').map((t) => Number(t.trim()));
      expect(Math.abs(mean! - 2)).toBeLessThanOrEqual(4 * se!);
    }
    s.expectNoConsoleErrors();
  });

  it('measures the gradient variance on the real model: the chart appears when the job completes', async () => {
    const s = await openApp('/?backend=wasm', 'lab-variance');
    const panel = panelOf(s.page);
    await panel.getByLabel('Minibatch images').selectOption('8');
    await panel.getByLabel('Repetitions R').selectOption('5');
    await panel.getByLabel('L values measured').selectOption('1, 2, 5');
    await panel.getByRole('button', { name: 'Measure gradient variance' }).click();
    const figure = panel.getByRole('figure', { name: 'Gradient variance against L' });
    await figure.waitFor({ state: 'visible', timeout: 150_000 });
    expect(await figure.getAttribute('data-cells')).toBe('9');
    // Three lines drawn (one per estimator).
    await poll(async () => ((await figure.locator('path.recharts-curve').count()) >= 3 ? true : null), { timeout: 10_000, what: 'three lines in the chart' });
    const rows = await panel
      .getByRole('table', { name: 'Gradient variance figures' })
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => (c.textContent ?? '').trim())));
    expect(rows).toHaveLength(9);
    const variance = (est: string, L: string) => Number(rows.find((r) => r[0] === est && r[1] === L)![2]);
    for (const r of rows) expect(Number(r[2])).toBeGreaterThan(0);
    // The score function is far noisier than the pathwise gradient at L = 1.
    expect(variance('score function', '1')).toBeGreaterThan(10 * variance('reparam B', '1'));
    const ratio = await panel.getByLabel('Gradient variance ratios').innerText();
    expect(ratio).toMatch(/At L = 1: the score function's variance is [\d.e+]+× that of the reparameterization with estimator B/);
    // The button is back: the job is over.
    await panel.getByRole('button', { name: 'Measure gradient variance' }).waitFor({ timeout: 5_000 });
    s.expectNoConsoleErrors();
  });

  it('on the default backend the trick holds too', async () => {
    const s = await openApp('/', 'lab-default');
    const panel = panelOf(s.page);
    await chooseTestDigit(panel, 7);
    expectTrickHolds(await waitForRows(s.page, () => true, 'the reparameterization table'));
    s.expectNoConsoleErrors();
  });
});
