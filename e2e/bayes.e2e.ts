/**
 * Browser test of the Bayesian-decoder panel (tab "Bayesian decoder", region "Bayesian decoder:
 * a distribution over the decoder's weights"): the decoder-weights choice asks before it
 * discards a trained model; after a few steps with variational weights the bound's terms show,
 * the weight KL among them, and one z is decoded by several decoders drawn from q(θ).
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, parseFigure, poll } from './harness';

const suite = browserSuite();

const panelOf = (page: Page) => page.getByRole('region', { name: /Bayesian decoder: a distribution over the decoder/ });

/** One training step, waited for: the panel's status names the step in effect. */
async function stepOnce(page: Page): Promise<void> {
  const status = panelOf(page).getByRole('status', { name: 'Decoder weights in effect' });
  const stepOf = async () => Number(/step ([0-9,]+)/.exec(await status.innerText())?.[1]?.replace(/,/g, '') ?? NaN);
  const before = await stepOf();
  const step = page.getByRole('group', { name: 'Training' }).getByRole('button', { name: 'Step', exact: true });
  await poll(async () => ((await step.isEnabled()) ? true : null), { timeout: 60_000, what: 'the Step button enabled' });
  await step.click();
  await poll(async () => ((await stepOf()) > before ? true : null), { timeout: 60_000, what: `a step after step ${before}` });
}

/** A figure that follows `label` in the text, e.g. "weight KL 12.34". */
function figureAfter(text: string, label: string): number | null {
  const m = new RegExp(`${label} (-?[0-9.e+-]+)`).exec(text);
  return m ? parseFigure(m[1]!) : null;
}

describe('Bayesian decoder panel', () => {
  it('switches to variational decoder weights (asking first), shows the weight KL and decoders drawn from q(θ)', async () => {
    const s = await suite.start('/?backend=wasm&tab=bayes&hidden=64', { name: 'bayes', viewport: { width: 1400, height: 1100 } });
    const { page } = s;
    const panel = panelOf(page);
    await panel.waitFor({ timeout: 60_000 });
    const point = panel.getByRole('radio', { name: 'Point estimate' });
    await poll(async () => ((await point.isChecked()) ? true : null), { timeout: 60_000, what: 'the point-estimate model in effect' });
    expect(await panel.getByText('The bound, term by term').count()).toBe(0);

    // A trained model: the choice asks first, and "Keep" changes nothing.
    await stepOnce(page);
    await panel.getByRole('radio', { name: 'Variational q(θ)' }).click();
    const ask = panel.getByRole('alertdialog');
    await expect(ask.innerText()).resolves.toMatch(/discards the trained model/);
    await ask.getByRole('button', { name: 'Keep the current model' }).click();
    expect(await point.isChecked()).toBe(true);
    await panel.getByRole('radio', { name: 'Variational q(θ)' }).click();
    await panel.getByRole('alertdialog').getByRole('button', { name: 'Build the new network' }).click();
    await panel.getByText('The bound, term by term').waitFor({ timeout: 60_000 });

    for (let i = 0; i < 3; i++) await stepOnce(page);
    const summary = await poll(
      async () => {
        const t = await panel.locator('.bayes-curves .bayes-figures').innerText().catch(() => '');
        return /Step 3,/.test(t) ? t : null;
      },
      { timeout: 60_000, what: 'the figures of step 3' },
    );
    const weightKl = figureAfter(summary, 'weight KL');
    const elbo = figureAfter(summary, '\\(ELBO\\)');
    const bound = figureAfter(summary, 'full-VB bound');
    expect(weightKl).not.toBeNull();
    expect(weightKl!).toBeGreaterThan(0);
    expect(Number.isFinite(weightKl!)).toBe(true);
    // bound = data term − weight KL, to the precision shown (0.1 and 0.01 nats).
    expect(Math.abs(bound! - (elbo! - weightKl!))).toBeLessThanOrEqual(0.06 + 0.005 + 1e-9);

    // One z, several decoders drawn from q(θ): a canvas of 8 and a non-zero spread.
    const strip = panel.locator('canvas[aria-label^="8 decoders drawn from q(θ)"]');
    await strip.waitFor({ timeout: 60_000 });
    const spreadText = await poll(
      async () => {
        const t = await panel.locator('.bayes-samples .bayes-figures').innerText().catch(() => '');
        return t.includes('per-pixel standard deviation over 8 decoders') ? t : null;
      },
      { timeout: 60_000, what: 'the spread of the drawn decoders' },
    );
    expect(figureAfter(spreadText, 'mean')!).toBeGreaterThan(0);
    const painted = await strip.evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      const firstTile: number[] = [];
      const secondTile: number[] = [];
      for (let y = 0; y < 28; y++) {
        for (let x = 0; x < 28; x++) {
          firstTile.push(d[4 * (y * c.width + x)]!);
          secondTile.push(d[4 * (y * c.width + 29 + x)]!);
        }
      }
      return { width: c.width, differ: firstTile.some((v, i) => v !== secondTile[i]) };
    });
    expect(painted.width).toBe(8 * 29 - 1);
    expect(painted.differ).toBe(true); // two decoders from q(θ) draw different images
    expect(await panel.innerText()).not.toMatch(/NaN/);
    s.expectNoConsoleErrors();
  });
});
