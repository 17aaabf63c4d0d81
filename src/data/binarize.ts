import { mulberry32 } from './rng';

/** Seed of the one-time binarization of the test set (DESIGN.md: fixed, so figures compare across runs). */
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
