// How soon a first visit sees learning: from the click on Train to the first test ELBO above
// a threshold (−160 nats), on the default backend, for the first-visit model (a fresh J = 2)
// and for a fresh J = 20 model. Reported, never asserted (the machine's load moves it).
import { parseFigure, readLiveFigures, waitForDataReady } from './ui-contract.mjs';

export const LEARNING_THRESHOLD = -160;

/**
 * Opens the app at `query` with fresh weights, clicks Train and polls the live figures until
 * the test ELBO exceeds the threshold or `capS` seconds pass.
 * @returns {Promise<{ query: string, reachedS: number | null, firstTestElbo: number | null, lastTestElbo: number | null, step: number | null, capS: number }>}
 */
export async function timeToLearn(browser, baseUrl, query, capS) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  try {
    const page = await context.newPage();
    await page.goto(new URL(query, baseUrl).toString());
    await waitForDataReady(page, 120_000);
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    const t0 = Date.now();
    let first = null;
    let last = null;
    let step = null;
    while (Date.now() - t0 < capS * 1000) {
      const f = await readLiveFigures(page);
      const e = parseFigure(f?.['ELBO (test)']);
      step = parseFigure(f?.Step);
      if (e !== null) {
        first ??= e;
        last = e;
        if (e > LEARNING_THRESHOLD) return { query, reachedS: (Date.now() - t0) / 1000, firstTestElbo: first, lastTestElbo: last, step, capS };
      }
      await page.waitForTimeout(250);
    }
    return { query, reachedS: null, firstTestElbo: first, lastTestElbo: last, step, capS };
  } finally {
    await context.close();
  }
}

/** @param {Awaited<ReturnType<typeof timeToLearn>>[]} rows */
export function printLearning(rows) {
  console.log(`\nTrain → test ELBO above ${LEARNING_THRESHOLD} nats (default backend, fresh weights)`);
  for (const r of rows) {
    const when = r.reachedS === null ? `not within ${r.capS} s (last ${r.lastTestElbo ?? '—'} at step ${r.step ?? '—'})` : `${r.reachedS.toFixed(1)} s (step ${r.step})`;
    console.log(`  ${r.query.padEnd(10)} first test ELBO ${r.firstTestElbo ?? '—'}, ${when}`);
  }
}
