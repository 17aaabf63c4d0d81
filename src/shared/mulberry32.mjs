// The one generator of the project's reproducible data work, in plain JavaScript so that both
// the app (through src/shared/rng.ts) and the data build step (scripts/build-data.mjs, plain
// Node at install time, which cannot import TypeScript) use this same code. Types:
// mulberry32.d.mts.

/**
 * mulberry32: a 32-bit state generator with good statistical quality for this use; returns [0, 1).
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
