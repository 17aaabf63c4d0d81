import { describe, expect, it } from 'vitest';
import { mulberry32 } from './rng';
import { mulberry32 as scriptMulberry32 } from '../../scripts/mulberry32.mjs';

// build-data.mjs shuffles Fashion-MNIST at install time with its own copy of the generator
// (plain Node cannot import this TypeScript): the two copies must give the same sequences.
describe('mulberry32', () => {
  it.each([0, 1, 42, 2013, 2 ** 31 - 1, 2 ** 32 - 1])('the script copy gives the same first 1000 values for seed %i', (seed) => {
    const a = mulberry32(seed);
    const b = scriptMulberry32(seed);
    const ours = Array.from({ length: 1000 }, () => a());
    const theirs = Array.from({ length: 1000 }, () => b());
    expect(theirs).toEqual(ours);
    expect(ours.every((v) => v >= 0 && v < 1)).toBe(true);
    expect(new Set(ours).size).toBeGreaterThan(990);
  });
});
