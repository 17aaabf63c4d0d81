import { describe, expect, it } from 'vitest';
import { dimsFor, meanAndSe, sampleIndices } from './inferenceActions';

describe('posterior lab: plotted dimensions', () => {
  it('keeps valid dimensions, falls back to z1, z2 when they do not fit, and to [0, 0] for J = 1', () => {
    expect(dimsFor([3, 7], 20)).toEqual([3, 7]);
    expect(dimsFor([3, 7], 5)).toEqual([0, 1]);
    expect(dimsFor([2, 2], 5)).toEqual([0, 1]);
    expect(dimsFor([0, 1], 1)).toEqual([0, 0]);
  });
});

describe('posterior lab: the gaps averaged over test images', () => {
  it('mean and standard error by hand: 1, 2, 3, 6 → mean 3, sd √(14/3), se sd/2', () => {
    const r = meanAndSe([1, 2, 3, 6]);
    expect(r.mean).toBe(3);
    expect(r.se).toBeCloseTo(Math.sqrt(14 / 3) / 2, 12);
  });

  it('picks distinct test indices in range, the same for the same seed', () => {
    const a = sampleIndices(20, 10_000, 3);
    expect(new Set(a).size).toBe(20);
    expect(a.every((i) => Number.isInteger(i) && i >= 0 && i < 10_000)).toBe(true);
    expect(sampleIndices(20, 10_000, 3)).toEqual(a);
  });
});
