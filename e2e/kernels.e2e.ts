/**
 * The device kernels of the training loop, in a real browser: on WebGL and on WebGPU
 * (software adapter) a batch is gathered from the resident training set and binarized in one
 * shader (src/core/deviceBinarize.ts), and every element must equal the JavaScript reference
 * (binarizeDynamic of the same rows under the same seed), which the unit tests check by hand.
 * Runs the benchmark page's check mode (src/bench/bench.html?mode=check), a second entry of
 * the same build.
 */
import { describe, expect, it } from 'vitest';
import { browserSuite, poll } from './harness';
import type { CheckBench } from '../src/bench/protocol';

const suite = browserSuite();

async function check(backend: 'webgl' | 'webgpu'): Promise<CheckBench> {
  const { page, expectNoConsoleErrors } = await suite.start(`src/bench/bench.html?mode=check&backend=${backend}`, {
    name: `kernels-${backend}`,
    waitForData: false,
  });
  const state = await poll(
    () =>
      page.evaluate(() => {
        const b = (window as unknown as { __bench?: { done: boolean; result: unknown; error: string | null } }).__bench;
        return b?.done ? { result: b.result, error: b.error } : null;
      }),
    { timeout: 150_000, what: `the ${backend} kernel check` },
  );
  expect(state.error).toBeNull();
  // The benchmark page links no icon (the app's page does), so the browser asks for /favicon.ico.
  expectNoConsoleErrors([/favicon\.ico/]);
  return state.result as CheckBench;
}

describe('gather and binarize on the device', () => {
  for (const backend of ['webgl', 'webgpu'] as const) {
    it(`${backend}: the shader draws the reference's bits, small set and one over a square texture`, async () => {
      const r = await check(backend);
      expect(r.backend).toBe(backend);
      expect(r.checks.map((c) => c.images)).toEqual([300, 20000]);
      for (const c of r.checks) {
        // The shader ran (not the JavaScript fallback), and agreed everywhere.
        expect(c.kernel).toBe(backend);
        expect(c.elements).toBe(4 * 128 * 784);
        expect(c.mismatches).toBe(0);
        // Ones in proportion to the intensities (about 0.5 for these bytes): not all 0 or all 1.
        expect(Math.abs(c.onesShare - c.meanIntensity)).toBeLessThan(0.01);
        expect(c.meanIntensity).toBeGreaterThan(0.4);
        expect(c.tensorsLeaked).toBe(0);
      }
    });
  }
});
