import { describe, expect, it } from 'vitest';
import { histogram } from './histogram';

describe('histogram', () => {
  it('counts by hand: cells [0, 1) [1, 2) [2, 3) and the rest outside', () => {
    const h = histogram([0, 0.5, 1, 2.9, 3, -0.1, NaN], 0, 3, 3);
    expect(Array.from(h.counts)).toEqual([2, 1, 1]);
    expect(h.outside).toBe(3);
    expect(() => histogram([1], 1, 1, 3)).toThrow(/lo < hi/);
  });
});
