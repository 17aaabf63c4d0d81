import { describe, expect, it } from 'vitest';
import { mulberry32 } from './rng';
import { mulberry32 as sharedMulberry32 } from './mulberry32.mjs';

// build-data.mjs shuffles Fashion-MNIST at install time with the generator of mulberry32.mjs
// (plain Node cannot import TypeScript); the app must use that very function, not a copy.
describe('mulberry32', () => {
  it('is the one function the data build step imports', () => {
    expect(mulberry32).toBe(sharedMulberry32);
    // The data split and order depend on this exact sequence: a change to the generator
    // rebuilds the data with another one.
    const r = mulberry32(42);
    expect([r(), r(), r()]).toEqual([0.6011037519201636, 0.44829055899754167, 0.8524657934904099]);
  });

  it.each([0, 1, 42, 2013, 2 ** 31 - 1, 2 ** 32 - 1])('gives 1000 distinct values in [0, 1) for seed %i, the same for the same seed', (seed) => {
    const a = mulberry32(seed);
    const b = mulberry32(seed);
    const ours = Array.from({ length: 1000 }, () => a());
    const theirs = Array.from({ length: 1000 }, () => b());
    expect(theirs).toEqual(ours);
    expect(ours.every((v) => v >= 0 && v < 1)).toBe(true);
    expect(new Set(ours).size).toBeGreaterThan(990);
  });
});
