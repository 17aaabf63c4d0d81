import { describe, expect, it } from 'vitest';
import { binarizeFixed, TEST_BINARIZATION_SEED, toUnitFloat, binarizeDynamic, mix32, noiseKey, noiseUniform } from './binarize';

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

/** lowbias32 computed independently, with BigInt arithmetic modulo 2^32 (no Math.imul, no >>>). */
function mixBig(v: number): number {
  const M = 2n ** 32n;
  let x = BigInt(v) % M;
  if (x < 0n) x += M;
  x ^= x >> 16n;
  x = (x * 0x7feb352dn) % M;
  x ^= x >> 15n;
  x = (x * 0x846ca68bn) % M;
  x ^= x >> 16n;
  return Number(x);
}

describe('dynamic binarization noise (mix32, noiseUniform, binarizeDynamic)', () => {
  it('mix32 is lowbias32: equal to a BigInt computation of the same steps', () => {
    // Worked by hand for 1: 1 ^ 0 = 1; ·0x7feb352d = 0x7feb352d; ^ >>15 = 0x7feb352d ^ 0xffd6 = 0x7febcafb;
    // the rest is checked against the BigInt version below.
    expect(mix32(0)).toBe(0);
    const inputs = [1, 2, 3, 784, 100351, 0x7fffffff, 0x80000000, 0xffffffff, -1, 123456789];
    for (const v of inputs) expect(mix32(v)).toBe(mixBig(v));
    for (let i = 0; i < 2000; i++) expect(mix32(i * 2654435761)).toBe(mixBig(i * 2654435761));
  });

  it('the uniform is the top 24 bits of mix32(mix32(i) ^ key), in [0, 1)', () => {
    const key = noiseKey(42);
    expect(key).toBe(mixBig(42 ^ 0x9e3779b9));
    for (const i of [0, 1, 783, 784, 100351]) {
      const u = noiseUniform(key, i);
      expect(u).toBe(Math.floor(mixBig(mixBig(i) ^ key) / 256) / 2 ** 24);
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
      expect(Math.fround(u)).toBe(u); // exact in float32: the GPU kernels compare the same number
    }
  });

  it('is uniform: 16 bins over 160,000 draws pass a chi-square test, neighbours uncorrelated', () => {
    const key = noiseKey(7);
    const bins = new Array<number>(16).fill(0);
    let sxy = 0;
    let prev = noiseUniform(key, 0);
    const n = 160_000;
    for (let i = 0; i < n; i++) {
      const u = noiseUniform(key, i);
      bins[Math.floor(u * 16)]! += 1;
      if (i > 0) sxy += (u - 0.5) * (prev - 0.5);
      prev = u;
    }
    const expected = n / 16;
    const chi2 = bins.reduce((s, b) => s + (b - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(37.7); // 15 degrees of freedom, p = 0.001
    // Lag-1 correlation: standard error 1/√n ≈ 0.0025.
    expect(Math.abs(sxy / (n - 1) / (1 / 12))).toBeLessThan(0.01);
  });

  it('binarizes: ones with probability = intensity, 0 → 0 and 1 → 1, fresh noise per seed', () => {
    const n = 100_000;
    const ones = (p: number, seed: number) => binarizeDynamic(new Float32Array(n).fill(p), seed).reduce((s, v) => s + v, 0);
    expect(ones(0, 1)).toBe(0);
    expect(ones(1, 1)).toBe(n);
    const p = Math.fround(77 / 255);
    const se = Math.sqrt((p * (1 - p)) / n);
    expect(Math.abs(ones(p, 3) / n - p)).toBeLessThan(4 * se);
    const a = binarizeDynamic(new Float32Array(1000).fill(0.5), 11);
    const b = binarizeDynamic(new Float32Array(1000).fill(0.5), 11);
    const c = binarizeDynamic(new Float32Array(1000).fill(0.5), 12);
    expect(Array.from(a)).toEqual(Array.from(b));
    const same = a.reduce((s, v, i) => s + (v === c[i] ? 1 : 0), 0);
    expect(same).toBeGreaterThan(400); // independent draws agree about half the time
    expect(same).toBeLessThan(600);
  });
});
