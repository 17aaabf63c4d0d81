/**
 * The playground at a glance (docs/layout.md): the first screen holds the experiment at
 * 1440×900 and on a 390×844 phone; a first visit trains a fresh model that visibly learns; the
 * pad draws from the keyboard and by touch; every chart, canvas and image is named, and no
 * focusable element lacks a name.
 */
import type { CDPSession, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { appUrl, browserSuite, openTab, parseFigure, poll, readDefinitionList, readLiveFigures, waitForDataReady, waitForFigures } from './harness';

const suite = browserSuite();

/** The element's box lies inside the viewport (no scrolling needed to see it whole). */
async function inFirstViewport(page: Page, selector: string): Promise<{ top: number; bottom: number; left: number; right: number }> {
  const box = await page.evaluate((sel) => {
    const el = document.querySelector(sel);
    if (!el) return null;
    const r = el.getBoundingClientRect();
    return { top: r.top + window.scrollY, bottom: r.bottom + window.scrollY, left: r.left, right: r.right };
  }, selector);
  if (!box) throw new Error(`no element ${selector}`);
  return box;
}

async function expectInside(page: Page, selector: string, w: number, h: number): Promise<void> {
  const b = await inFirstViewport(page, selector);
  expect(b.top, `${selector} top`).toBeGreaterThanOrEqual(0);
  expect(b.bottom, `${selector} bottom (viewport ${h})`).toBeLessThanOrEqual(h);
  expect(b.left, `${selector} left`).toBeGreaterThanOrEqual(0);
  expect(b.right, `${selector} right (viewport ${w})`).toBeLessThanOrEqual(w);
}

/** The pad's model input once it holds ink from a stroke (not the first test image). */
async function waitForDrawnInput(page: Page): Promise<Record<string, string>> {
  return poll(
    async () => {
      const f = await readDefinitionList(page, 'Drawing figures');
      const caption = await page.locator('.draw-stage figcaption').first().textContent();
      return f && parseFigure(f.ELBO) !== null && caption && !caption.includes('test #') ? f : null;
    },
    { timeout: 60_000, what: 'the figures of a drawn input' },
  );
}

interface AxNode {
  ignored: boolean;
  role?: { value: string };
  name?: { value: string };
  properties?: { name: string; value: { value: unknown } }[];
  backendDOMNodeId?: number;
}

/** Chromium's own accessibility tree (names as assistive technology computes them). */
async function axTree(cdp: CDPSession): Promise<AxNode[]> {
  const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: AxNode[] };
  return nodes.filter((n) => !n.ignored);
}

describe('the playground at a glance', () => {
  it('at 1440×900 the controls, the curves, the latent view and the pad are on the first screen', async () => {
    const s = await suite.start('/?backend=wasm', { name: 'glance-desktop', viewport: { width: 1440, height: 900 } });
    const { page } = s;
    await page.getByRole('button', { name: 'Train', exact: true }).waitFor();
    await page.locator('figure[aria-label="ELBO curves"] svg').first().waitFor();
    await page.getByLabel('Manifold grid', { exact: true }).first().waitFor();
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    for (const sel of [
      'button.primary',
      'figure[aria-label="ELBO curves"]',
      '[data-view="grid"] canvas',
      'canvas[aria-label="Drawing pad"]',
      'canvas[aria-label="Reconstruction"]',
      '[data-view="pipeline"]',
      '[role="tablist"][aria-label="More views"]',
    ]) {
      await expectInside(page, sel, 1440, 900);
    }
    // The five main settings are in the toolbar.
    await expectInside(page, '[aria-label="Main settings"]', 1440, 900);
    for (const label of ['Learning rate', 'β (KL weight)', 'Batch size M', 'Latent size J', 'Estimator']) {
      expect(await page.getByRole('group', { name: 'Main settings' }).getByLabel(label, { exact: true }).count()).toBe(1);
    }
    s.expectNoConsoleErrors();
  });

  it('on a 390×844 phone nothing scrolls sideways, Train is on the first screen, and a finger stroke encodes', async () => {
    const context = await suite.browser().newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(appUrl('/?backend=wasm'));
      await waitForDataReady(page);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(390);
      await expectInside(page, 'button.primary', 390, 844);
      // The first screen: the pad's first test image is encoded before we draw.
      await poll(async () => parseFigure((await readDefinitionList(page, 'Drawing figures'))?.ELBO) !== null, { timeout: 60_000, what: 'the first encoding' });
      const pad = page.getByLabel('Drawing pad', { exact: true });
      await pad.scrollIntoViewIfNeeded();
      const b = (await pad.boundingBox())!;
      // A touch stroke through the DevTools protocol: touchStart, moves, touchEnd.
      const cdp = await context.newCDPSession(page);
      const pt = (x: number, y: number) => [{ x: b.x + x * b.width, y: b.y + y * b.height }];
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: pt(0.3, 0.2) });
      for (const [x, y] of [[0.5, 0.3], [0.6, 0.5], [0.55, 0.8]] as const) {
        await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: pt(x, y) });
      }
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
      await waitForDrawnInput(page);
      // Every tab of the deeper views fits the phone's width too (a wide table or formula
      // scrolls inside its own box, the tab strip inside its strip).
      for (const title of await page.getByRole('tablist', { name: 'More views' }).getByRole('tab').allInnerTexts()) {
        await openTab(page, title.trim());
        await page.waitForTimeout(1_000); // the tab's views laid out and drawn once
        expect(await page.evaluate(() => document.documentElement.scrollWidth), `page width with the ${title} tab open`).toBeLessThanOrEqual(390);
      }
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a first visit trains a fresh model: the test ELBO rises by at least 50 nats', async () => {
    const s = await suite.start('/?backend=wasm', { name: 'glance-learning' });
    const { page } = s;
    await expect(page.getByRole('status', { name: 'Model origin' }).textContent()).resolves.toMatch(/fresh weights/);
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    const first = await waitForFigures(page, (f) => parseFigure(f['ELBO (test)']) !== null, { timeout: 120_000, what: 'a first test ELBO', failOnAlert: true });
    const firstElbo = parseFigure(first['ELBO (test)'])!;
    // Counted work, not time: 64,000 training images (500 steps of 128).
    const STEPS = 500;
    await waitForFigures(page, (f) => (parseFigure(f.Step) ?? 0) >= STEPS, { timeout: 280_000, what: `${STEPS} steps`, failOnAlert: true });
    const later = await waitForFigures(page, (f) => {
      const e = parseFigure(f['ELBO (test)']);
      return e !== null && e !== firstElbo;
    }, { timeout: 60_000, what: 'a later test ELBO' });
    const laterElbo = parseFigure(later['ELBO (test)'])!;
    expect(laterElbo - firstElbo, `first ${firstElbo}, after ${STEPS} steps ${laterElbo}`).toBeGreaterThanOrEqual(50);
    s.expectNoConsoleErrors();
  }, 480_000);

  it('the pad draws from the keyboard; every chart, canvas and image is named; no focusable element lacks a name', async () => {
    const s = await suite.start('/?backend=wasm', { name: 'glance-a11y', viewport: { width: 1440, height: 900 } });
    const { page, context } = s;
    await poll(async () => parseFigure((await readDefinitionList(page, 'Drawing figures'))?.ELBO) !== null, { timeout: 60_000, what: 'the first encoding' });
    const pad = page.getByLabel('Drawing pad', { exact: true });
    await pad.focus();
    await page.keyboard.press('Space');
    for (let i = 0; i < 8; i++) await page.keyboard.press('ArrowDown');
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Space');
    await waitForDrawnInput(page);

    // Open every tab once, so that the deeper panels' controls are in the tree too.
    const tabs = page.getByRole('tablist', { name: 'More views' }).getByRole('tab');
    for (let i = 0; i < (await tabs.count()); i++) await tabs.nth(i).click();
    await page.waitForTimeout(1500);

    const cdp = await context.newCDPSession(page);
    const nodes = await axTree(cdp);
    const graphic = nodes.filter((n) => ['image', 'img', 'Canvas', 'figure', 'application', 'graphics-document'].includes(n.role?.value ?? ''));
    expect(graphic.length).toBeGreaterThan(5);
    const unnamedGraphics = graphic.filter((n) => !(n.name?.value ?? '').trim()).map((n) => n.role?.value);
    expect(unnamedGraphics).toEqual([]);
    const focusable = nodes.filter((n) => n.properties?.some((p) => p.name === 'focusable' && p.value.value === true));
    expect(focusable.length).toBeGreaterThan(20);
    const unnamed = focusable
      .filter((n) => !['RootWebArea', 'WebArea'].includes(n.role?.value ?? '') && !(n.name?.value ?? '').trim())
      .map((n) => `${n.role?.value} #${n.backendDOMNodeId}`);
    if (unnamed.length > 0) {
      const html = await Promise.all(
        unnamed.slice(0, 5).map(async (u) => {
          const id = Number(u.split('#')[1]);
          const { node } = (await cdp.send('DOM.describeNode', { backendNodeId: id })) as { node: { nodeName: string; attributes?: string[] } };
          return `${node.nodeName} ${JSON.stringify(node.attributes ?? [])}`;
        }),
      );
      throw new Error(`${unnamed.length} focusable element(s) without a name: ${unnamed.join(', ')}\n${html.join('\n')}`);
    }
    expect(await readLiveFigures(page)).not.toBeNull();
    s.expectNoConsoleErrors();
  });
});
