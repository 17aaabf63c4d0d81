/**
 * Training with the importance-weighted bound (IWAE): a link with est=iwae and L = 5 trains
 * with it, and the test set's k-sample bound appears in the live figures, as its own line of
 * the learning curves with its legend name, in the chart's accessible name and in its text
 * readout, at or above the test ELBO of the same evaluation; a variational decoder is refused
 * while IWAE is chosen.
 */
import { describe, expect, it } from 'vitest';
import { browserSuite, openTab, parseFigure, waitForFigures } from './harness';

const suite = browserSuite();
const TERM = 'IWAE k=5 (test)';
const NAME = 'IWAE bound (test), k = 5';

describe('the IWAE bound as the training objective', () => {
  it('shows the test set\'s L_5 beside the ELBO: a figure, a line of the curves, the chart\'s name and readout', async () => {
    const session = await suite.start('/?est=iwae&L=5', { name: 'iwae' });
    const { page } = session;
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    const chart = page.getByRole('figure', { name: 'ELBO curves' });
    const f = await waitForFigures(page, (x) => parseFigure(x[TERM]) !== null && (parseFigure(x['Step']) ?? 0) >= 20, {
      timeout: 150_000,
      what: 'the IWAE bound of the test set after 20 steps',
      failOnAlert: true,
    });
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    // L_5 ≥ ELBO in expectation; over a subset of at least 500 test images the gap of a
    // young model (tens of nats) is far above the noise of the two means.
    expect(parseFigure(f[TERM])!).toBeGreaterThan(parseFigure(f['ELBO (test)'])!);

    // Its own line, named as in the legend; the chart's accessible name says it is there.
    await expect.poll(() => chart.locator(`path.series-line[name="${NAME}"]`).count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => chart.locator('.recharts-legend-wrapper').textContent(), { timeout: 10_000 }).toContain(NAME);
    const group = chart.locator('[role="group"][aria-label^="Learning curves"]');
    expect(await group.getAttribute('aria-label')).toContain('the IWAE bound on the test set, k = 5');
    expect(await chart.locator('figcaption').textContent()).toContain('IWAE bound: log (1/k)');
    // The readout reads the IWAE line like the others, as text, from the keyboard.
    const readout = chart.getByRole('slider', { name: 'Read the learning curves at a point' });
    await readout.focus();
    await page.keyboard.press('Home');
    const text = (await readout.getAttribute('aria-valuetext'))!;
    const shown = Number(text.match(/IWAE bound \(test\), k = 5: (−?-?[\d,.]+)/)?.[1]?.replace(/,/g, '').replace('−', '-'));
    expect(Number.isFinite(shown), text).toBe(true);
    expect(text).toContain('ELBO (test): ');

    // A variational decoder does not go with IWAE: refused with a message, and nothing changes.
    await openTab(page, 'Settings');
    const weights = page.getByRole('tabpanel').getByLabel('Decoder weights', { exact: true });
    await weights.selectOption('variational');
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'Estimator IWAE needs point-estimate decoder weights' }).count()).toBeGreaterThanOrEqual(1);
    expect(await weights.inputValue()).toBe('point');
    expect(await page.getByRole('tabpanel').getByLabel('Estimator', { exact: true }).inputValue()).toBe('iwae');
    session.expectNoConsoleErrors();
  });
});
