import { mulberry32 } from './rng';

/** Damage applied before inpainting or denoising (see core/inpaint.ts). Pure: no tfjs. */
export const CORRUPTIONS = ['top', 'bottom', 'left', 'right', 'noise'] as const;
export type Corruption = (typeof CORRUPTIONS)[number];
/** Share of pixels flipped by the 'noise' corruption. */
export const NOISE_FLIP = 0.1;

/**
 * Damages x (784 values in [0, 1]): erases a half of the 28×28 frame (the erased half is
 * unknown, the rest known), or flips NOISE_FLIP of the pixels at random (x → 1 − x; which
 * pixels is not known to the model, so nothing is marked known).
 */
export function corrupt(x: ArrayLike<number>, kind: Corruption, seed = 1): { observed: Float32Array; known: Float32Array } {
  if (x.length !== 784) throw new Error(`expected 784 pixels, got ${x.length}`);
  const observed = Float32Array.from(x);
  const known = new Float32Array(784).fill(1);
  if (kind === 'noise') {
    const random = mulberry32(seed);
    for (let i = 0; i < 784; i++) if (random() < NOISE_FLIP) observed[i] = 1 - observed[i]!;
    known.fill(0);
    return { observed, known };
  }
  for (let v = 0; v < 28; v++) {
    for (let u = 0; u < 28; u++) {
      const erase =
        (kind === 'top' && v < 14) || (kind === 'bottom' && v >= 14) || (kind === 'left' && u < 14) || (kind === 'right' && u >= 14);
      if (erase) {
        observed[v * 28 + u] = 0;
        known[v * 28 + u] = 0;
      }
    }
  }
  return { observed, known };
}
