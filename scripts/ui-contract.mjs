// Reading the app's UI contract from a Playwright page; shared by the browser tests
// (e2e/) and the benchmark (scripts/bench.mjs) so both read the figures the same way.
//
// Contract (see e2e/app.e2e.ts): `<dl aria-label="Live figures">` holds <dt>/<dd> pairs;
// values are numbers as text (thousands separators allowed) or "—" when not known yet.

/** The terms of the "Live figures" list, in order. */
export const LIVE_FIGURE_TERMS = Object.freeze([
  'Backend',
  'Step',
  'Epoch',
  'Samples/s',
  'ELBO (train)',
  'ELBO (test)',
  'Reconstruction',
  'KL',
  'Active units',
  'Tensors in memory',
]);

/**
 * A figure's text as a number: strips thousands separators and spaces, accepts a Unicode
 * minus sign; null for "—", "", or anything that is not a finite number.
 * @param {string | null | undefined} text
 * @returns {number | null}
 */
export function parseFigure(text) {
  if (text == null) return null;
  const t = text.replace(/[,\s\u00a0\u2009\u202f]/g, '').replace(/\u2212/g, '-');
  if (t === '' || t === '—' || t === '-') return null;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t)) return null;
  const v = Number(t);
  return Number.isFinite(v) ? v : null;
}

/**
 * The <dt> → <dd> text pairs of `<dl aria-label="...">`, or null when there is no such list.
 * Does not wait for the list to appear.
 * @param {import('playwright-core').Page} page
 * @param {string} label
 * @returns {Promise<Record<string, string> | null>}
 */
export async function readDefinitionList(page, label) {
  return page.evaluate((lbl) => {
    const dl = [...document.querySelectorAll('dl')].find((d) => d.getAttribute('aria-label') === lbl);
    if (!dl) return null;
    /** @type {Record<string, string>} */
    const out = {};
    for (const dt of dl.querySelectorAll('dt')) {
      let n = dt.nextElementSibling;
      while (n && n.tagName !== 'DT' && n.tagName !== 'DD') n = n.nextElementSibling;
      if (n && n.tagName === 'DD') out[(dt.textContent ?? '').trim()] = (n.textContent ?? '').trim();
    }
    return out;
  }, label);
}

/** @param {import('playwright-core').Page} page */
export function readLiveFigures(page) {
  return readDefinitionList(page, 'Live figures');
}

/**
 * Texts of every role="alert" element on the page (errors the app shows).
 * @param {import('playwright-core').Page} page
 * @returns {Promise<string[]>}
 */
export async function readAlerts(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('[role="alert"]')].map((e) => (e.textContent ?? '').trim()).filter((t) => t !== ''),
  );
}

/**
 * Texts of every role="status" element on the page (notices such as "Recovered: …").
 * @param {import('playwright-core').Page} page
 * @returns {Promise<string[]>}
 */
export async function readStatuses(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('[role="status"]')].map((e) => (e.textContent ?? '').trim()).filter((t) => t !== ''),
  );
}

/**
 * Polls the live figures until `predicate(figures)` is true; throws with the last figures and
 * any alert text on timeout. Returns the figures that satisfied the predicate. With
 * `failOnAlert: true`, an error shown by the app (role="alert") ends the wait at once.
 * @param {import('playwright-core').Page} page
 * @param {(figures: Record<string, string>) => boolean} predicate
 * @param {{ timeout?: number, interval?: number, what?: string, failOnAlert?: boolean }} [options]
 * @returns {Promise<Record<string, string>>}
 */
export async function waitForFigures(page, predicate, options = {}) {
  const timeout = options.timeout ?? 60_000;
  const interval = options.interval ?? 250;
  const failOnAlert = options.failOnAlert ?? false;
  const what = options.what ?? 'the live figures';
  const deadline = Date.now() + timeout;
  /** @type {Record<string, string> | null} */
  let last = null;
  for (;;) {
    last = await readLiveFigures(page);
    if (last && predicate(last)) return last;
    if (failOnAlert) {
      const alerts = await readAlerts(page);
      if (alerts.length > 0) {
        throw new Error(`the app shows an error while waiting for ${what}: ${JSON.stringify(alerts)}; figures: ${JSON.stringify(last)}`);
      }
    }
    if (Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, interval));
  }
  const alerts = await readAlerts(page).catch(() => []);
  throw new Error(
    `timed out after ${timeout} ms waiting for ${what}; ` +
      `last figures: ${JSON.stringify(last)}` +
      (alerts.length ? `; alerts on the page: ${JSON.stringify(alerts)}` : ''),
  );
}

/**
 * Waits until the "Data status" element says MNIST is ready.
 * @param {import('playwright-core').Page} page
 * @param {number} [timeout]
 */
export async function waitForDataReady(page, timeout = 90_000) {
  const status = page.getByRole('status', { name: 'Data status' });
  try {
    await status.filter({ hasText: 'MNIST ready' }).waitFor({ state: 'visible', timeout });
  } catch (e) {
    const alerts = await readAlerts(page).catch(() => []);
    const text = await status.textContent({ timeout: 1000 }).catch(() => null);
    throw new Error(
      `data not ready within ${timeout} ms (Data status: ${JSON.stringify(text)}` +
        (alerts.length ? `; alerts: ${JSON.stringify(alerts)}` : '') +
        `): ${/** @type {Error} */ (e).message.split('\n')[0]}`,
    );
  }
}

/**
 * Init script (pass to `page.addInitScript` before navigating) that records main-thread long
 * tasks in `window.__longTasks` as { start, duration } in ms (performance.now() time base).
 */
export function installLongTaskObserver() {
  /** @type {{ start: number, duration: number }[]} */
  const tasks = [];
  const w = /** @type {Record<string, unknown>} */ (/** @type {unknown} */ (window));
  w.__longTasks = tasks;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) tasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    w.__longTasksUnsupported = true;
  }
}

/**
 * Long tasks recorded by installLongTaskObserver that started at or after `since` (page's
 * performance.now() time). Returns count and max duration in ms.
 * @param {import('playwright-core').Page} page
 * @param {number} since
 * @returns {Promise<{ supported: boolean, count: number, maxMs: number, tasks: { start: number, duration: number }[] }>}
 */
export async function readLongTasks(page, since) {
  return page.evaluate((t0) => {
    const w = /** @type {Record<string, unknown>} */ (/** @type {unknown} */ (window));
    const all = /** @type {{ start: number, duration: number }[] | undefined} */ (w.__longTasks);
    const supported = Array.isArray(all) && !w.__longTasksUnsupported;
    const tasks = (all ?? []).filter((t) => t.start >= t0);
    return { supported, count: tasks.length, maxMs: tasks.reduce((m, t) => Math.max(m, t.duration), 0), tasks };
  }, since);
}

/**
 * The page's performance.now().
 * @param {import('playwright-core').Page} page
 * @returns {Promise<number>}
 */
export function pageNow(page) {
  return page.evaluate(() => performance.now());
}
