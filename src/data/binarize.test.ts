import { describe, expect, it } from 'vitest';
import { binarizeFixed, TEST_BINARIZATION_SEED, toUnitFloat } from './binarize';

const ramp = Uint8Array.from({ length: 4096 }, (_, i) => i % 256);

describe('binarizeFixed', () => {
  it('is deterministic for a seed', () => {
    expect(binarizeFixed(ramp, 7)).toEqual(binarizeFixed(ramp, 7));
    expect(binarizeFixed(ramp)).toEqual(binarizeFixed(ramp, TEST_BINARIZATION_SEED));
  });

  it('differs for another seed', () => {
    const a = binarizeFixed(ramp, 1);
    const b = binarizeFixed(ramp, 2);
    let differing = 0;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) differing++;
    expect(differing).toBeGreaterThan(100);
  });

  it('outputs only 0 and 1, with the input length', () => {
    const out = binarizeFixed(ramp, 3);
    expect(out.length).toBe(ramp.length);
    expect(out.every((v) => v === 0 || v === 1)).toBe(true);
  });

  it('maps 0 to 0 and 255 to 1 always', () => {
    const n = 100_000;
    for (const seed of [1, 2, TEST_BINARIZATION_SEED]) {
      expect(binarizeFixed(new Uint8Array(n), seed).every((v) => v === 0)).toBe(true);
      expect(binarizeFixed(new Uint8Array(n).fill(255), seed).every((v) => v === 1)).toBe(true);
    }
  });

  it('gives ones with probability intensity/255 (128: within 4 standard errors over 100k pixels)', () => {
    const n = 100_000;
    const p = 128 / 255;
    const out = binarizeFixed(new Uint8Array(n).fill(128), 12345);
    let ones = 0;
    for (const v of out) ones += v;
    const se = Math.sqrt((p * (1 - p)) / n);
    expect(Math.abs(ones / n - p)).toBeLessThan(4 * se);
  });
});

describe('toUnitFloat', () => {
  it('divides by 255', () => {
    expect(Array.from(toUnitFloat(Uint8Array.from([0, 51, 255])))).toEqual([0, Math.fround(0.2), 1]);
  });
});
