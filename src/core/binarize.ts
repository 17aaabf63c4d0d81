import { mulberry32 } from '../shared/rng';

/** Seed of the one-time binarization of the test set (docs/architecture.md: fixed, so figures compare across runs). */
export const TEST_BINARIZATION_SEED = 20131220;

/**
 * Stochastic binarization x_i ~ Bernoulli(intensity_i / 255), with a seeded generator.
 * Used once for the test set. Training batches are binarized afresh on every batch
 * (on the device, see core/batches.ts), which is the "dynamic" convention.
 */
export function binarizeFixed(pixels: Uint8Array, seed = TEST_BINARIZATION_SEED): Uint8Array {
  const random = mulberry32(seed);
  const out = new Uint8Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) out[i] = random() * 255 < pixels[i]! ? 1 : 0;
  return out;
}

/** Intensities in [0, 1] as float32 (for the Gaussian decoder and for display). */
export function toUnitFloat(pixels: Uint8Array): Float32Array {
  const out = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) out[i] = pixels[i]! / 255;
  return out;
}

/**
 * Images as fixed decoder targets (the test set in evaluation, docs/architecture.md): the fixed-seed
 * binarization for the Bernoulli decoder, intensities in [0, 1] for the Gaussian one. Both
 * workers derive them from the same bytes, so the training worker's evaluation and the
 * drawing worker's views see the same inputs.
 */
export function fixedTargets(pixels: Uint8Array, decoder: 'bernoulli' | 'gaussian'): Float32Array {
  return decoder === 'bernoulli' ? Float32Array.from(binarizeFixed(pixels)) : toUnitFloat(pixels);
}

/**
 * Counter-based noise of the dynamic binarization: the uniform for element `i` of a batch
 * (row-major, i = row · 784 + pixel) under key `key` is hash(hash(i) ^ key) >> 8, scaled by
 * 2^-24, where hash is Wellons's "lowbias32" integer mixer. Only 32-bit integer multiplies,
 * xors and shifts: GLSL ES 3.00 and WGSL compute the same bits, so the GPU kernels
 * (core/deviceBinarize.ts) draw exactly the noise this reference draws, with nothing uploaded.
 */
export function mix32(v: number): number {
  let x = v >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** The key of one batch's noise: mixed from the step's seed, so nearby seeds give unrelated noise. */
export function noiseKey(seed: number): number {
  return mix32(seed ^ 0x9e3779b9);
}

/** The uniform in [0, 1) for element `i` under `key`: 24 bits, exact in float32. */
export function noiseUniform(key: number, i: number): number {
  return (mix32(mix32(i) ^ key) >>> 8) / 16777216;
}

/**
 * Dynamic binarization on the host: intensities in [0, 1] (float32) become 1 where the
 * element's uniform is below the intensity, else 0. In place; returns `pixels`.
 */
export function binarizeDynamic(pixels: Float32Array, seed: number): Float32Array {
  const key = noiseKey(seed);
  for (let i = 0; i < pixels.length; i++) pixels[i] = noiseUniform(key, i) < pixels[i]! ? 1 : 0;
  return pixels;
}
