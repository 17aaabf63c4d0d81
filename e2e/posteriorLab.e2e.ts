/**
 * Browser test of the posterior lab (issue #24): with the pretrained J = 2 model and a digit
 * drawn on the pad, the "Posterior lab" tab runs HMC chains of the true posterior in the
 * drawing worker and shows, as text, the acceptance rate, ESS and R̂
 * (`<dl aria-label="Chain figures">`), the gaps (`<dl aria-label="Gaps">`, value ± 2 s.e.) and
 * the three log p(x) estimates (`table[aria-label="Estimates of log p(x)"]`).
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, parseFigure, poll, readAlerts, readDefinitionList } from './harness';

const suite = browserSuite({ failureDetails: async (page) => ({ chains: await readDefinitionList(page, 'Chain figures'), gaps: await readDefinitionList(page, 'Gaps') }) });

async function stroke(page: Page, points: [number, number][]): Promise<void> {
  const pad = page.getByLabel('Drawing pad', { exact: true });
  await pad.scrollIntoViewIfNeeded();
  const b = (await pad.boundingBox())!;
  const at = ([x, y]: [number, number]) => [b.x + x * b.width, b.y + y * b.height] as const;
  await page.mouse.move(...at(points[0]!));
  await page.mouse.down();
  for (const p of points.slice(1)) await page.mouse.move(...at(p), { steps: 6 });
  await page.mouse.up();
}

/** "v ± e" (and a unit) → [v, e]. */
function plusMinus(text: string | undefined): [number, number] | null {
  const m = /^\s*([-−\d.,]+)\s*±\s*([\d.,]+)/.exec(text ?? '');
  if (!m) return null;
  const v = parseFigure(m[1]!);
  const e = parseFigure(m[2]!);
  return v === null || e === null ? null : [v, e];
}

describe('posterior lab', () => {
  it('J = 2, a drawn digit: HMC figures, the amortization gap ≥ 0 within its error bar, and log p(x) three ways', async () => {
    const s = await suite.start('/?pretrained=mnist-j2', { name: 'posterior-lab', viewport: { width: 1400, height: 1100 } });
    const { page } = s;
    // The J = 2 model is in use when the pad's figures include the grid quadrature (J = 2 only).
    await poll(
      async () => {
        const f = await readDefinitionList(page, 'Drawing figures');
        return parseFigure(f?.['log p(x) (grid quadrature)']) !== null ? true : null;
      },
      { timeout: 90_000, what: 'the pretrained J = 2 model in use' },
    );
    const padRegion = page.getByRole('region', { name: 'Draw a digit to encode' });
    await stroke(page, [
      [0.25, 0.2],
      [0.75, 0.2],
      [0.65, 0.45],
      [0.5, 0.8],
    ]);
    await poll(async () => (!(await padRegion.innerText()).includes('test #') ? true : null), { timeout: 30_000, what: 'the pad to hold the drawing' });
    await page.getByRole('tab', { name: 'Posterior lab' }).click();
    const lab = page.getByRole('region', { name: 'Posterior lab' });
    const chains = lab.getByRole('group', { name: 'Chains' });
    await chains.getByLabel('Warm-up', { exact: true }).fill('100');
    await chains.getByLabel('Draws per chain', { exact: true }).fill('200');
    await chains.getByLabel('Leapfrog steps', { exact: true }).fill('5');
    // A bad setting is refused with the reason and starts nothing.
    await chains.getByLabel('Chains', { exact: true }).fill('0');
    await chains.getByRole('button', { name: 'Run chains' }).click();
    await poll(async () => ((await readAlerts(page)).some((a) => a.includes('chains must be')) ? true : null), { timeout: 10_000, what: 'the refusal of 0 chains' });
    expect(await readDefinitionList(page, 'Chain figures')).toBeNull();
    await chains.getByLabel('Chains', { exact: true }).fill('4');
    await chains.getByRole('button', { name: 'Run chains' }).click();
    const f = await poll(
      async () => {
        const d = await readDefinitionList(page, 'Chain figures');
        return d && d.State === 'done' ? d : null;
      },
      { timeout: 120_000, what: 'the chains to finish', describe: async () => JSON.stringify(await readDefinitionList(page, 'Chain figures')) },
    );
    const accept = parseFigure(f['Acceptance rate']);
    const ess = parseFigure(f['ESS (smallest of 2)']);
    const rhat = parseFigure(f['Split-R̂ (largest of 2)']);
    console.log('posterior lab chains:', JSON.stringify(f));
    expect(accept).toBeGreaterThan(0.3);
    expect(accept).toBeLessThanOrEqual(1);
    expect(ess).toBeGreaterThan(50);
    expect(rhat).toBeLessThan(1.2);
    expect(parseFigure(f['Samples/s'])).toBeGreaterThan(0);
    const plot = await lab.locator('canvas.pl-canvas').getAttribute('aria-label');
    expect(plot).toContain('over the true posterior on a grid');

    await lab.getByLabel('Fit steps', { exact: true }).fill('150');
    await lab.getByRole('button', { name: 'Measure the gaps' }).click();
    const g = await poll(async () => readDefinitionList(page, 'Gaps'), { timeout: 120_000, what: 'the gaps' });
    console.log('posterior lab gaps:', JSON.stringify(g));
    const amort = plusMinus(g['Amortization gap']);
    const approx = plusMinus(g['Approximation gap']);
    expect(amort).not.toBeNull();
    expect(approx).not.toBeNull();
    // ≥ 0 within its error bar (± 2 s.e.).
    expect(amort![0]).toBeGreaterThanOrEqual(-amort![1]);
    expect(g['log p(x)']).toContain('quadrature');

    const ml = lab.getByRole('region', { name: "The paper's marginal likelihood" });
    await ml.getByLabel('Repetitions', { exact: true }).fill('2');
    await ml.getByLabel('Warm-up', { exact: true }).fill('50');
    await ml.getByLabel('Draws per chain', { exact: true }).fill('100');
    await ml.getByLabel('IS samples k', { exact: true }).fill('1000');
    await ml.getByRole('button', { name: 'Estimate log p(x)' }).click();
    const rows = await poll(
      async () => {
        const r = await page.evaluate(() =>
          [...document.querySelectorAll('table[aria-label="Estimates of log p(x)"] tbody tr')].map((tr) => [...tr.children].map((c) => (c.textContent ?? '').trim())),
        );
        return r.length === 3 ? r : null;
      },
      { timeout: 180_000, what: 'the three estimates of log p(x)' },
    );
    console.log('posterior lab log p(x):', JSON.stringify(rows));
    const [is, hm, quad] = rows.map((r) => parseFigure(r[1]));
    expect(is).not.toBeNull();
    expect(hm).not.toBeNull();
    expect(quad).not.toBeNull();
    // All three estimate the same log p(x) of a 784-pixel image (about −100 nats): within a few nats.
    expect(Math.abs(is! - quad!)).toBeLessThan(3);
    expect(Math.abs(hm! - quad!)).toBeLessThan(3);
    await s.screenshot('posterior-lab-done');
    s.expectNoConsoleErrors();
  });
});
