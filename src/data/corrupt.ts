import { mulberry32 } from '../shared/rng';

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

/**
 * Why `mask` cannot be an erase mask (784 values, each 0 = keep or 1 = erase, at least one
 * erased), or null if it can.
 */
export function maskProblem(mask: unknown): string | null {
  if (!(mask instanceof Uint8Array)) return `the erase mask must be a Uint8Array of 784 values`;
  if (mask.length !== 784) return `the erase mask must have 784 values, got ${mask.length}`;
  let erased = 0;
  for (let i = 0; i < 784; i++) {
    const m = mask[i]!;
    if (m !== 0 && m !== 1) return `erase mask[${i}] = ${m}: each value must be 0 (keep) or 1 (erase)`;
    erased += m;
  }
  return erased === 0 ? 'the erase mask is empty: paint the pixels to erase first' : null;
}

/**
 * Erases the pixels where mask is 1 (a region painted by hand): they become blank and
 * unknown; the rest is known and kept.
 */
export function eraseMask(x: ArrayLike<number>, mask: Uint8Array): { observed: Float32Array; known: Float32Array } {
  if (x.length !== 784) throw new Error(`expected 784 pixels, got ${x.length}`);
  const problem = maskProblem(mask);
  if (problem) throw new Error(problem);
  const observed = Float32Array.from(x);
  const known = new Float32Array(784);
  for (let i = 0; i < 784; i++) {
    if (mask[i] === 1) observed[i] = 0;
    else known[i] = 1;
  }
  return { observed, known };
}

/**
 * Sets the pixels of a round brush of `radius` image pixels centred at (u, v) (in pixel
 * units, 0…28) to `value` in `mask`, in place. Returns how many pixels changed.
 */
export function paintMask(mask: Uint8Array, u: number, v: number, radius: number, value: 0 | 1): number {
  let changed = 0;
  const r2 = radius * radius;
  for (let row = Math.max(0, Math.floor(v - radius)); row <= Math.min(27, Math.ceil(v + radius)); row++) {
    for (let col = Math.max(0, Math.floor(u - radius)); col <= Math.min(27, Math.ceil(u + radius)); col++) {
      // Distance from the brush centre to the pixel's centre.
      const du = col + 0.5 - u;
      const dv = row + 0.5 - v;
      if (du * du + dv * dv <= r2 && mask[row * 28 + col] !== value) {
        mask[row * 28 + col] = value;
        changed++;
      }
    }
  }
  return changed;
}
