// Screenshots of the built app's first screen, as a person sees it: `node scripts/screenshots.mjs [outDir] [?query]`
// (after `npm run build`). Writes desktop-1440x900.png, desktop-1280x800.png and phone-390x844.png,
// and prints each page's document size, so a change to the layout can be looked at, not guessed.
// TRAIN_MS=30000 presses Train and waits that long first (the README's picture: a model learning);
// ONLY=desktop-1440x900 takes one size; FULL=1 adds full-page pictures.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumLaunchOptions } from './browser-flags.mjs';
import { startPreview } from './preview-server.mjs';
import { waitForDataReady } from './ui-contract.mjs';

const outDir = process.argv[2] ?? 'screenshots';
const query = process.argv[3] ?? '';
mkdirSync(outDir, { recursive: true });
const sizes = [
  { name: 'desktop-1440x900', width: 1440, height: 900, mobile: false },
  { name: 'desktop-1280x800', width: 1280, height: 800, mobile: false },
  { name: 'phone-390x844', width: 390, height: 844, mobile: true },
];
const server = await startPreview();
const browser = await chromium.launch(chromiumLaunchOptions());
try {
  for (const s of sizes.filter((x) => !process.env.ONLY || x.name === process.env.ONLY)) {
    const context = await browser.newContext({
      viewport: { width: s.width, height: s.height },
      isMobile: s.mobile,
      hasTouch: s.mobile,
      deviceScaleFactor: 1,
    });
    const page = await context.newPage();
    await page.goto(server.url + query);
    await waitForDataReady(page, 120_000);
    await page.waitForTimeout(Number(process.env.SETTLE_MS ?? 4000));
    if (process.env.TRAIN_MS) {
      await page.getByRole('button', { name: 'Train', exact: true }).click();
      await page.waitForTimeout(Number(process.env.TRAIN_MS));
    }
    const size = await page.evaluate(() => ({ w: document.documentElement.scrollWidth, h: document.documentElement.scrollHeight }));
    await page.screenshot({ path: join(outDir, `${s.name}.png`) });
    if (process.env.FULL) await page.screenshot({ path: join(outDir, `${s.name}-full.png`), fullPage: true });
    console.log(`${s.name}: document ${size.w}×${size.h}`);
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
