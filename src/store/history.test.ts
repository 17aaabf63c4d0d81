import { describe, expect, it } from 'vitest';
import { appendBounded, halve, thin } from './history';

describe('bounded histories', () => {
  it('keep the first and last points and stay within the cap', () => {
    let h: number[] = [];
    for (let i = 0; i < 10_000; i++) h = appendBounded(h, [i], 100);
    expect(h.length).toBeLessThanOrEqual(100);
    expect(h.length).toBeGreaterThan(50);
    expect(h[0]).toBe(0);
    expect(h.at(-1)).toBe(9999);
    // Still ordered: downsampled, not shuffled.
    for (let i = 1; i < h.length; i++) expect(h[i]!).toBeGreaterThan(h[i - 1]!);
  });

  it('halve keeps even indices and the last point', () => {
    expect(halve([0, 1, 2, 3, 4, 5])).toEqual([0, 2, 4, 5]);
    expect(halve([0, 1])).toEqual([0, 1]);
  });

  it('thin spreads points evenly, first and last kept', () => {
    const t = thin(Array.from({ length: 1001 }, (_, i) => i), 11);
    expect(t).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);
    expect(thin([1, 2, 3], 10)).toEqual([1, 2, 3]);
  });
});
