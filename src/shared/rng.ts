/**
 * Small seeded pseudo-random generators for data work that must be reproducible
 * (the fixed binarization of the test set, subset choice, shuffling).
 */

// The generator is plain JavaScript, shared with the data build step (scripts/build-data.mjs).
export { mulberry32 } from './mulberry32.mjs';

/** Fisher–Yates shuffle of 0..n-1 with the given generator. */
export function permutation(n: number, random: () => number): Uint32Array {
  const p = new Uint32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = p[i]!;
    p[i] = p[j]!;
    p[j] = t;
  }
  return p;
}
