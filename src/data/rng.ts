/**
 * Small seeded pseudo-random generators for data work that must be reproducible
 * (the fixed binarization of the test set, subset choice, shuffling).
 */

/**
 * mulberry32: a 32-bit state generator with good statistical quality for this use; returns [0, 1).
 * scripts/mulberry32.mjs holds a copy for the data build step (plain Node); rng.test.ts checks
 * that the two agree, so change both together.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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
