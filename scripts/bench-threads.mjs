// Training throughput of the default model on the wasm backend at each thread count, and the
// speed-up over one thread: the built app (vite preview, cross-origin isolated) in headless
// Chromium, `?backend=wasm&threads=N` for N = 1, 2, 4, … up to the browser's cores.
//
//   npm run build && node scripts/bench-threads.mjs [--seconds=20] [--rounds=2]
//
// Rounds are interleaved (1, 2, 4, 1, 2, 4, …) so that load from other work on the machine
// falls on every count alike; each figure is the median over rounds of the app's own
// Samples/s after a warm-up of 5 training steps. Prints a table; asserts nothing.
import { chromium } from 'playwright-core';
import { chromiumLaunchOptions } from './browser-flags.mjs';
import { startPreview } from './preview-server.mjs';
import { parseFigure, readLiveFigures, waitForDataReady } from './ui-contract.mjs';

const arg = (name, fallback) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const seconds = arg('seconds', 20);
const rounds = arg('rounds', 2);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** 1, 2, 4, … up to `cores` (at most 8, the threaded build's pool), and `cores` itself. */
function counts(cores) {
  const top = Math.max(1, Math.min(cores, 8));
  const out = [];
  for (let n = 1; n <= top; n *= 2) out.push(n);
  if (out.at(-1) !== top) out.push(top);
  return out;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Opens the app on wasm with `threads` threads, trains, and returns the Samples/s it shows. */
async function measure(browser, url, threads) {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    // ?pretrained=none: fresh weights, so every count trains the same model from the same start.
    await page.goto(`${url}?backend=wasm&threads=${threads}&pretrained=none`);
    await waitForDataReady(page);
    const line = await page.getByTestId('wasm-threads').innerText({ timeout: 60_000 });
    if (!line.startsWith(`Threads: ${threads} thread`)) throw new Error(`asked for ${threads} threads, the page says: ${line}`);
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    const stepAbove = async (n) => {
      for (;;) {
        const f = await readLiveFigures(page);
        if ((parseFigure(f.Step) ?? -1) > n) return f;
        await sleep(250);
      }
    };
    await stepAbove(5);
    await sleep(seconds * 1000);
    const f = await readLiveFigures(page);
    return parseFigure(f['Samples/s']);
  } finally {
    await context.close();
  }
}

const server = await startPreview();
const browser = await chromium.launch(chromiumLaunchOptions());
try {
  const probe = await browser.newPage();
  await probe.goto(server.url);
  const cores = await probe.evaluate(() => navigator.hardwareConcurrency);
  const isolated = await probe.evaluate(() => globalThis.crossOriginIsolated);
  await probe.close();
  if (!isolated) throw new Error('the preview page is not cross-origin isolated: no threads to measure');
  const list = counts(cores);
  const rates = new Map(list.map((n) => [n, []]));
  for (let r = 0; r < rounds; r++) {
    for (const n of list) {
      const rate = await measure(browser, server.url, n);
      rates.get(n).push(rate);
      console.log(`round ${r + 1}: ${n} thread(s): ${rate} samples/s`);
    }
  }
  const one = median(rates.get(1));
  console.log(`\nwasm, default model (784-512-20, M = 128), ${cores} cores reported, ${rounds} interleaved rounds of ${seconds} s`);
  console.log('| threads | samples/s (median) | speed-up over 1 thread |');
  console.log('|---|---|---|');
  for (const n of list) {
    const m = median(rates.get(n));
    console.log(`| ${n} | ${Math.round(m)} | ${(m / one).toFixed(2)}× |`);
  }
} finally {
  await browser.close();
  await server.close();
}
