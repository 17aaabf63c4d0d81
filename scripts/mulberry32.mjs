// The generator of src/data/rng.ts, for scripts that run in plain Node and cannot import
// TypeScript (build-data.mjs shuffles Fashion-MNIST with it at install time). Kept apart from
// build-data.mjs so it can be imported without side effects: src/data/rng.test.ts checks that
// the two copies give the same sequences, so change both together.

/**
 * mulberry32: a 32-bit state generator; returns [0, 1).
 * @param {number} seed
 * @returns {() => number}
 */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
