/**
 * Browser test harness: serves the built app with `vite preview`, launches the system Chromium
 * through playwright-core, and opens pages that record console errors, page errors and requests.
 * The Chromium flags and the preview server are shared with scripts/bench.mjs.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type ConsoleMessage, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, inject } from 'vitest';
import { CHROMIUM_ARGS, chromiumExecutablePath, chromiumLaunchOptions } from '../scripts/browser-flags.mjs';
import { PROJECT_ROOT, startPreview as startPreviewServer } from '../scripts/preview-server.mjs';
import { installLongTaskObserver, readAlerts, waitForDataReady } from '../scripts/ui-contract.mjs';
import { traceMainThreadTasks as traceTasks } from '../scripts/mainThreadTrace.mjs';

export { CHROMIUM_ARGS, chromiumExecutablePath };
export {
  LIVE_FIGURE_TERMS,
  pageNow,
  parseFigure,
  readAlerts,
  readDefinitionList,
  readStatuses,
  readLiveFigures,
  readLongTasks,
  waitForDataReady,
  waitForFigures,
} from '../scripts/ui-contract.mjs';

// ---------------------------------------------------------------- preview server

export interface PreviewServer {
  /** Base URL with a trailing slash, e.g. http://127.0.0.1:41234/ */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Starts `vite preview` of the already-built dist/ on a free port on 127.0.0.1. */
export async function startPreview(root: string = PROJECT_ROOT): Promise<PreviewServer> {
  return startPreviewServer({ root });
}

export async function stopPreview(server: PreviewServer): Promise<void> {
  await server.close();
}

/** URL of the app under test: E2E_BASE_URL if set, else the server the global setup started. */
export function baseUrl(): string {
  const url = process.env.E2E_BASE_URL || inject('baseURL');
  if (!url) throw new Error('no base URL: run through vitest.e2e.config.ts (global setup) or set E2E_BASE_URL');
  return url.endsWith('/') ? url : url + '/';
}

/** Absolute URL of a path (such as "/?backend=webgl") on the app under test. */
export function appUrl(path = '/'): string {
  return new URL(path.replace(/^\//, ''), baseUrl()).toString();
}

// ---------------------------------------------------------------- browser

/** Launches Chromium (CHROME_PATH or /usr/bin/chromium) with the shared flags. */
export async function launchBrowser(): Promise<Browser> {
  const options = chromiumLaunchOptions();
  try {
    return await chromium.launch(options);
  } catch (e) {
    throw new Error(
      `could not launch Chromium at ${options.executablePath} (set CHROME_PATH, or apt-get install chromium): ${(e as Error).message}`,
    );
  }
}

// ---------------------------------------------------------------- pages

export interface PageSession {
  page: Page;
  context: BrowserContext;
  /** console.error messages (page and its workers), as "text (url:line)". */
  consoleErrors: string[];
  /** console.warn messages, for diagnostics only. */
  consoleWarnings: string[];
  /** Uncaught exceptions and unhandled rejections in the page. */
  pageErrors: string[];
  /** Every request URL, in order (page, workers, fetches). */
  requests: string[];
  /** Requests that failed at the network level, as "url: reason". */
  failedRequests: string[];
  /** Throws if any console error or page error was recorded (except those matching `allow`). */
  expectNoConsoleErrors(allow?: RegExp[]): void;
  /** Saves a full-page screenshot under e2e/artifacts/; returns its path (or null if it failed). */
  screenshot(name: string): Promise<string | null>;
  close(): Promise<void>;
}

export interface OpenPageOptions {
  /** Record main-thread long tasks from the start (read them with readLongTasks). */
  longTasks?: boolean;
  /** Functions to run in every page before its own scripts (page.addInitScript). */
  initScripts?: Array<() => void>;
  /** Navigate to this path after setting up the listeners (default: don't navigate). */
  path?: string;
  viewport?: { width: number; height: number };
}

function describeConsole(msg: ConsoleMessage): string {
  const loc = msg.location();
  const where = loc.url ? ` (${loc.url}:${loc.lineNumber})` : '';
  return `${msg.text()}${where}`;
}

/** Opens a page in a fresh context that records console errors, page errors and requests. */
export async function openPage(browser: Browser, options: OpenPageOptions = {}): Promise<PageSession> {
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 1000 } });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  const consoleWarnings: string[] = [];
  const pageErrors: string[] = [];
  const requests: string[] = [];
  const failedRequests: string[] = [];

  // Console messages of dedicated workers are delivered to the page's 'console' event too.
  page.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push(describeConsole(msg));
    else if (msg.type() === 'warning') consoleWarnings.push(describeConsole(msg));
  });
  page.on('pageerror', (err) => pageErrors.push(err.stack ?? String(err)));
  page.on('request', (req) => requests.push(req.url()));
  page.on('requestfailed', (req) => failedRequests.push(`${req.url()}: ${req.failure()?.errorText ?? 'failed'}`));
  page.on('crash', () => pageErrors.push('the page crashed'));

  if (options.longTasks) await page.addInitScript(installLongTaskObserver);
  for (const script of options.initScripts ?? []) await page.addInitScript(script);
  if (options.path !== undefined) await page.goto(appUrl(options.path));

  return {
    page,
    context,
    consoleErrors,
    consoleWarnings,
    pageErrors,
    requests,
    failedRequests,
    expectNoConsoleErrors(allow: RegExp[] = []) {
      const bad = [...consoleErrors, ...pageErrors].filter((m) => !allow.some((re) => re.test(m)));
      if (bad.length > 0) {
        throw new Error(`${bad.length} console/page error(s):\n  ${bad.join('\n  ')}`);
      }
    },
    async screenshot(name: string) {
      const dir = join(PROJECT_ROOT, 'e2e', 'artifacts');
      const file = join(dir, `${name.replace(/[^\w.-]+/g, '_')}.png`);
      try {
        mkdirSync(dir, { recursive: true });
        await page.screenshot({ path: file, fullPage: true, timeout: 10_000 });
        return file;
      } catch {
        return null;
      }
    },
    async close() {
      await context.close().catch(() => {});
    },
  };
}

/** Opens a tab of the deeper views ("Drawing", "Settings", "Estimators", …) below the first screen. */
export async function openTab(page: Page, title: string): Promise<void> {
  const tab = page.getByRole('tablist', { name: 'More views' }).getByRole('tab', { name: title, exact: true });
  await tab.click();
  await page.locator(`[role="tabpanel"][aria-labelledby="${await tab.getAttribute('id')}"]`).waitFor({ state: 'visible' });
}

/** Milliseconds to sleep. */
export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * Polls `fn` until it returns a value other than undefined/null/false; throws after `timeout` ms
 * with `what` and the last value seen (`describe()` may add page state to the message).
 */
export async function poll<T>(
  fn: () => Promise<T | undefined | null | false>,
  options: { timeout?: number; interval?: number; what: string; describe?: () => Promise<string> },
): Promise<T> {
  const timeout = options.timeout ?? 30_000;
  const deadline = Date.now() + timeout;
  let last: unknown;
  for (;;) {
    last = await fn();
    if (last !== undefined && last !== null && last !== false) return last as T;
    if (Date.now() > deadline) break;
    await sleep(options.interval ?? 250);
  }
  const extra = options.describe ? `; ${await options.describe().catch((e: Error) => e.message)}` : '';
  throw new Error(`timed out after ${timeout} ms waiting for ${options.what} (last: ${JSON.stringify(last)})${extra}`);
}

// ---------------------------------------------------------------- main-thread trace

export interface MainThreadTask {
  /** Start, in ms since the trace began. */
  startMs: number;
  /** Wall-clock duration (what a 'longtask' PerformanceObserver reports). */
  wallMs: number;
  /** CPU time the main thread actually ran during the task. */
  cpuMs: number;
}

/** Records a Chrome trace while `during()` runs (see scripts/mainThreadTrace.mjs). */
export const traceMainThreadTasks: <T>(
  browser: Browser,
  page: Page,
  during: () => Promise<T>,
  minWallMs?: number,
) => Promise<{ result: T; tasks: MainThreadTask[] }> = traceTasks;

// ---------------------------------------------------------------- suite set-up

export interface BrowserSuite {
  /** The suite's browser (launched in beforeAll). */
  browser(): Browser;
  /**
   * Opens the app at `path` in a fresh context and waits for the data set (no navigation and
   * no wait when `path` is undefined); the page is closed after the test, with a screenshot and
   * its alerts and errors printed if the test failed.
   */
  start(path: string | undefined, options?: Omit<OpenPageOptions, 'path'> & { name?: string; waitForData?: boolean }): Promise<PageSession>;
}

/**
 * Registers the hooks of a browser test file: one browser, pages closed (and reported on
 * failure) after each test. `failureDetails` adds what else a failed test's page shows;
 * `withLogs` adds its console warnings and failed requests.
 */
export function browserSuite(
  options: { failureDetails?: (page: Page) => Promise<Record<string, unknown>>; withLogs?: boolean } = {},
): BrowserSuite {
  let browser: Browser | undefined;
  const sessions: { session: PageSession; name: string }[] = [];
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterEach(async (ctx) => {
    const failed = ctx.task.result?.state === 'fail';
    while (sessions.length) {
      const { session: s, name } = sessions.pop()!;
      if (failed) {
        const shot = await s.screenshot(name);
        const extra = options.failureDetails ? await options.failureDetails(s.page).catch((e: unknown) => ({ failureDetails: String(e) })) : {};
        console.error(
          [
            `--- ${name}: page state at failure`,
            `screenshot: ${shot ?? '(failed)'}`,
            ...Object.entries(extra).map(([k, v]) => `${k}: ${JSON.stringify(v)}`),
            `alerts: ${JSON.stringify(await readAlerts(s.page).catch(() => []))}`,
            `console errors: ${JSON.stringify(s.consoleErrors)}`,
            `page errors: ${JSON.stringify(s.pageErrors)}`,
            ...(options.withLogs
              ? [`console warnings: ${JSON.stringify(s.consoleWarnings.slice(0, 20))}`, `failed requests: ${JSON.stringify(s.failedRequests)}`]
              : []),
          ].join('\n'),
        );
      }
      await s.close();
    }
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    browser: () => {
      if (!browser) throw new Error('the browser is not launched yet');
      return browser;
    },
    async start(path, options = {}) {
      if (!browser) throw new Error('the browser is not launched yet');
      const s = await openPage(browser, { ...options, path });
      sessions.push({ session: s, name: options.name ?? path ?? 'blank page' });
      if (path !== undefined && options.waitForData !== false) await waitForDataReady(s.page);
      return s;
    },
  };
}
