/**
 * Browser tests of the guided path (issue 23), against the built app on wasm:
 * - walking every stop by Next lands on the stop's view (an element [data-view=id] in the
 *   viewport whose accessible name is the view's name, app/views.ts) with the stop's settings
 *   in effect (read from the address, which follows the settings in effect), no page errors;
 * - a link to stop k opens at stop k, set up; Back returns to the previous stop's set-up; the
 *   path remembers the stop across a reload;
 * - on the ELBO stop, the numbers typeset in the equation change while training runs and are
 *   the Live figures' numbers.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { validateConfig, type Config, type SettingKey } from '../src/core/config';
import { configFromSearch } from '../src/core/urlState';
import { viewName } from '../src/app/views';
import { STOPS, type StopSetup } from '../src/guide/stops';
import { browserSuite, parseFigure, poll, readAlerts, type PageSession } from './harness';

const suite = browserSuite({
  failureDetails: async (page) => ({ guide: await page.locator('.guide-panel').innerText().catch(() => null), url: page.url() }),
});

function pretrainedConfig(name: string): Config {
  const json = JSON.parse(readFileSync(join(__dirname, '../public/pretrained', `${name}.json`), 'utf8')) as { config: unknown };
  const v = validateConfig(json.config);
  if (!v.ok) throw new Error(`pretrained ${name} has an invalid config`);
  return v.config;
}

/** The settings a set-up promises: its own, its data set's, and a pretrained model's network. */
function promised(setup: StopSetup): Partial<Config> {
  const p: Partial<Config> = {};
  if (setup.pretrained) {
    const c = pretrainedConfig(setup.pretrained);
    Object.assign(p, { latentDim: c.latentDim, hidden: c.hidden, activation: c.activation, decoder: c.decoder });
  }
  return { ...p, ...setup.settings, ...(setup.dataset ? { dataset: setup.dataset } : {}) };
}

/** The config in effect, as the address says. */
const configInUrl = (page: Page) => configFromSearch(new URL(page.url()).search).config;

/** Waits until stop k (1-based) is shown and its set-up is done; fails if the set-up failed. */
async function waitForStop(page: Page, k: number): Promise<void> {
  const stop = STOPS[k - 1]!;
  await poll(
    async () => {
      const status = await page.locator(`.guide-stop[data-stop="${stop.id}"] .guide-status`).getAttribute('data-status', { timeout: 1000 }).catch(() => null);
      if (status === 'failed') throw new Error(`the set-up of stop ${k} failed: ${JSON.stringify(await readAlerts(page))}`);
      return status === 'ready';
    },
    { timeout: 150_000, interval: 300, what: `stop ${k} (${stop.id}) set up`, describe: async () => `alerts ${JSON.stringify(await readAlerts(page))}` },
  );
  await expect.poll(() => page.locator('.guide-progress').innerText()).toBe(`Stop ${k} of ${STOPS.length}`);
}

/** The view a stop points at: in the viewport, named as app/views.ts names it. */
async function expectOnView(page: Page, target: string): Promise<void> {
  const el = page.locator(`[data-view="${target}"]`).first();
  await el.waitFor({ state: 'visible', timeout: 20_000 });
  await expect.poll(() => el.evaluate((e) => {
    const r = e.getBoundingClientRect();
    return r.bottom > 0 && r.top < window.innerHeight && r.right > 0 && r.left < window.innerWidth;
  }), { timeout: 10_000 }).toBe(true);
  const name = await el.evaluate((e) => {
    const label = e.getAttribute('aria-label');
    if (label) return label;
    const ids = e.getAttribute('aria-labelledby')?.split(/\s+/) ?? [];
    return ids.map((id) => document.getElementById(id)?.textContent?.trim() ?? '').join(' ');
  });
  expect(name.trim().toLowerCase(), `accessible name of [data-view="${target}"]`).toBe(viewName(target)!.toLowerCase());
}

function expectSettings(page: Page, k: number): void {
  const want = promised(STOPS[k - 1]!.setup);
  const got = configInUrl(page);
  for (const key of Object.keys(want) as SettingKey[]) expect(got[key], `stop ${k}: ${key}`).toEqual(want[key]);
}

async function open(path: string, name: string): Promise<PageSession> {
  return suite.start(path, { name, viewport: { width: 1440, height: 900 } });
}

const button = (page: Page, name: string) => page.locator('.guide-panel').getByRole('button', { name, exact: true });

describe('the guided path', () => {
  it('walks every stop by Next: each lands on its view with its settings in effect', async () => {
    const s = await open('/?backend=wasm&stop=1', 'guide-walk');
    for (let k = 1; k <= STOPS.length; k++) {
      await waitForStop(s.page, k);
      await expectOnView(s.page, STOPS[k - 1]!.target);
      expectSettings(s.page, k);
      if (k < STOPS.length) await button(s.page, 'Next').click();
    }
    await expect.poll(() => button(s.page, 'Next').isDisabled()).toBe(true);
    s.expectNoConsoleErrors();
    expect(s.pageErrors).toEqual([]);
  }, 900_000);

  it('opens a link at its stop, set up; Back returns to the previous stop and its state; the stop is remembered', async () => {
    const k = STOPS.findIndex((st) => st.setup.pretrained === 'mnist-j20') + 1;
    expect(k).toBeGreaterThan(1);
    const s = await open(`/?backend=wasm&stop=${k}`, 'guide-link');
    await waitForStop(s.page, k);
    expectSettings(s.page, k);
    expect(configInUrl(s.page).latentDim).toBe(20);
    await button(s.page, 'Back').click();
    await waitForStop(s.page, k - 1);
    expectSettings(s.page, k - 1);
    expect(configInUrl(s.page).latentDim).toBe(promised(STOPS[k - 2]!.setup).latentDim);
    expect(new URL(s.page.url()).searchParams.get('stop')).toBe(String(k - 1));
    // Escape leaves the path (the playground keeps the set-up); Learn opens it where it was left.
    await s.page.locator('.guide-panel').press('Escape');
    await s.page.locator('.guide-panel').waitFor({ state: 'detached' });
    await expect.poll(() => s.page.evaluate(() => document.activeElement?.textContent)).toBe('Learn');
    expectSettings(s.page, k - 1);
    await s.page.reload();
    await s.page.getByRole('button', { name: 'Learn', exact: true }).click();
    await expect.poll(() => s.page.locator('.guide-progress').innerText()).toBe(`Stop ${k - 1} of ${STOPS.length}`);
    s.expectNoConsoleErrors();
  }, 600_000);

  it('on a phone, the stop is a bottom sheet and its view is scrolled into sight above it, the page no wider than the screen', async () => {
    const k = STOPS.findIndex((st) => st.target === 'pipeline') + 1;
    const s = await suite.start(`/?backend=wasm&stop=${k}`, { name: 'guide-phone', viewport: { width: 390, height: 844 }});
    await waitForStop(s.page, k);
    const seen = await poll(
      () =>
        s.page.evaluate(() => {
          const view = document.querySelector('[data-view="pipeline"]')!.getBoundingClientRect();
          const sheet = document.querySelector('.guide-panel')!.getBoundingClientRect();
          const wide = document.documentElement.scrollWidth;
          return view.bottom > 0 && view.top < sheet.top - 40 ? { sheetTop: sheet.top, sheetBottom: sheet.bottom, wide } : null;
        }),
      { timeout: 20_000, what: 'the pipeline above the sheet' },
    );
    expect(seen.sheetBottom).toBeLessThanOrEqual(844);
    expect(seen.sheetTop).toBeGreaterThan(844 / 3);
    expect(seen.wide).toBeLessThanOrEqual(390);
    s.expectNoConsoleErrors();
  }, 300_000);

  it('on the ELBO stop, the typeset numbers change while training and equal the Live figures', async () => {
    const k = STOPS.findIndex((st) => st.id === 'bound') + 1;
    const s = await open(`/?backend=wasm&stop=${k}`, 'guide-elbo');
    await waitForStop(s.page, k);
    /** The equation's numbers (ELBO, reconstruction, KL) and the Live figures', read at one moment. */
    const read = () =>
      s.page.evaluate(() => {
        const eq = document.querySelector('.guide-live .katex-html')?.textContent ?? '';
        const numbers = [...eq.replace(/\u2212/g, '-').matchAll(/-?\d[\d,]*\.\d+/g)].map((m) => m[0]);
        const dl = document.querySelector('dl[aria-label="Live figures"]');
        const fig: Record<string, string> = {};
        for (const dt of dl?.querySelectorAll('dt') ?? []) fig[dt.textContent!.trim()] = dt.nextElementSibling?.textContent?.trim() ?? '';
        return { numbers, figures: [fig['ELBO (train)'], fig['Reconstruction'], fig['KL']], step: fig['Step'] };
      });
    const first = await poll(async () => {
      const r = await read();
      return r.numbers.length === 3 ? r : null;
    }, { timeout: 120_000, what: 'three numbers in the ELBO equation' });
    expect(first.numbers).toEqual(first.figures);
    const later = await poll(async () => {
      const r = await read();
      return r.numbers.length === 3 && r.numbers.join() !== first.numbers.join() ? r : null;
    }, { timeout: 120_000, what: 'the equation to change while training' });
    expect(later.numbers).toEqual(later.figures);
    expect(parseFigure(later.step)!).toBeGreaterThan(parseFigure(first.step)!);
    // ELBO = reconstruction − KL, up to the rounding of each shown figure.
    const [elbo, recon, kl] = later.numbers.map((n) => Number(n.replace(/,/g, '')));
    expect(Math.abs(elbo! - (recon! - kl!))).toBeLessThanOrEqual(0.11);
    s.expectNoConsoleErrors();
  }, 400_000);
});
