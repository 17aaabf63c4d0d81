// How the browser tests (e2e/harness.ts) and the benchmark (scripts/bench.mjs) launch Chromium.
// One definition, so the tests and the benchmark measure the same browser configuration.
// See /work/shared/ENVIRONMENT.md: WebGPU in headless Chromium needs --enable-unsafe-webgpu
// (otherwise requestAdapter() returns null); it then gets a software (SwiftShader) adapter.

/** Command-line switches for Chromium (in addition to Playwright's own defaults). */
export const CHROMIUM_ARGS = Object.freeze([
  '--headless=new',
  '--no-sandbox',
  '--enable-unsafe-webgpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
]);

/** The system Chromium (Debian package `chromium`); set CHROME_PATH to use another browser binary. */
export const DEFAULT_CHROME_PATH = '/usr/bin/chromium';

/** @returns {string} */
export function chromiumExecutablePath() {
  return process.env.CHROME_PATH || DEFAULT_CHROME_PATH;
}

/**
 * Options for playwright-core's `chromium.launch()`.
 * @returns {{ executablePath: string, args: string[] }}
 */
export function chromiumLaunchOptions() {
  return { executablePath: chromiumExecutablePath(), args: [...CHROMIUM_ARGS] };
}
