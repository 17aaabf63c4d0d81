import { describe, expect, it } from 'vitest';
import { BatchSampler, PIXELS } from './sampler';

/** n images whose every pixel holds a value identifying the image (and a position ramp in pixel 1). */
function images(n: number): Uint8Array {
  const out = new Uint8Array(n * PIXELS);
  for (let k = 0; k < n; k++) {
    out.fill(k, k * PIXELS, (k + 1) * PIXELS);
    out[k * PIXELS + 1] = 255;
  }
  return out;
}

function draw(s: BatchSampler, count: number, m: number): number[] {
  const seen: number[] = [];
  while (seen.length < count) seen.push(...s.next(m).indices);
  return seen.slice(0, count);
}

describe('BatchSampler', () => {
  it('visits every index exactly once per epoch', () => {
    const n = 50;
    const s = new BatchSampler(images(n), 1);
    expect(s.size).toBe(n);
    for (let e = 0; e < 3; e++) {
      const seen = draw(s, n, 10);
      expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
    }
  });

  it('visits every index exactly once per epoch when the batch size does not divide n', () => {
    const n = 23;
    const s = new BatchSampler(images(n), 9);
    const seen: number[] = [];
    for (let b = 0; b < 7; b++) seen.push(...s.next(7).indices); // 49 draws: 2 epochs + 3
    for (const epoch of [seen.slice(0, n), seen.slice(n, 2 * n)]) {
      expect(new Set(epoch).size).toBe(n);
    }
  });

  it('advances the epoch counter', () => {
    const n = 30;
    const s = new BatchSampler(images(n), 2);
    expect(s.epoch).toBe(0);
    s.next(10);
    s.next(10);
    expect(s.epoch).toBe(0);
    s.next(10);
    s.next(10); // the fourth batch starts the second pass
    expect(s.epoch).toBe(1);
    for (let i = 0; i < 3; i++) s.next(10);
    expect(s.epoch).toBe(2);
  });

  it('shuffles: the order is not the identity and changes between epochs', () => {
    const n = 100;
    const s = new BatchSampler(images(n), 3);
    const first = draw(s, n, 25);
    const second = draw(s, n, 25);
    expect(first).not.toEqual(Array.from({ length: n }, (_, i) => i));
    expect(second).not.toEqual(first);
  });

  it('returns intensity/255 for the drawn images', () => {
    const n = 20;
    const s = new BatchSampler(images(n), 4);
    const { pixels, indices } = s.next(5);
    expect(pixels.length).toBe(5 * PIXELS);
    expect(indices.length).toBe(5);
    for (let r = 0; r < 5; r++) {
      const k = indices[r]!;
      expect(pixels[r * PIXELS]).toBeCloseTo(k / 255, 7);
      expect(pixels[r * PIXELS + 1]).toBe(1);
      expect(pixels[r * PIXELS + PIXELS - 1]).toBeCloseTo(k / 255, 7);
    }
  });

  it('gives the same order for the same seed and another for another seed', () => {
    const n = 64;
    const a = draw(new BatchSampler(images(n), 42), 3 * n, 16);
    const b = draw(new BatchSampler(images(n), 42), 3 * n, 16);
    const c = draw(new BatchSampler(images(n), 43), 3 * n, 16);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('refuses a buffer that is not whole images, or empty', () => {
    expect(() => new BatchSampler(new Uint8Array(PIXELS + 1), 1)).toThrow(/not a multiple of 784/);
    expect(() => new BatchSampler(new Uint8Array(0), 1)).toThrow(/no images/);
  });
});
