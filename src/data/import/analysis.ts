/**
 * What the import proposes from the data itself, each shown to the user before anything trains.
 */
import type { RawImage } from './types';

/** Mean grey level (0..1) of an image's outer ring of pixels (its first and last rows and columns). */
export function borderMean(img: RawImage): number {
  const { width: w, height: h, gray } = img;
  let s = 0;
  let n = 0;
  for (let v = 0; v < h; v++) {
    for (let u = 0; u < w; u++) {
      if (v === 0 || v === h - 1 || u === 0 || u === w - 1) {
        s += gray[v * w + u]!;
        n++;
      }
    }
  }
  return n ? s / n / 255 : 0;
}

/**
 * Light background: an image's border is light when its mean exceeds 0.5. Inversion is
 * proposed when more than half of the images have a light border (dark ink on light paper;
 * the model wants ink = 1 on background = 0, as MNIST).
 */
export function proposeInvert(images: readonly RawImage[]): { invert: boolean; lightShare: number } {
  if (images.length === 0) return { invert: false, lightShare: 0 };
  const light = images.filter((im) => borderMean(im) > 0.5).length;
  const lightShare = light / images.length;
  return { invert: lightShare > 0.5, lightShare };
}

/** Pixels above this are ink for the histogram (bytes > 5 of 255). */
export const INK_LEVEL = 5 / 255;
/** The grey band: intensities in [0.25, 0.75]. */
export const GREY_BAND = [0.25, 0.75] as const;
/**
 * Bernoulli when fewer than this share of the ink pixels are grey. MNIST's test set: 0.27 of
 * its ink is grey (anti-aliased edges of binary strokes); Fashion-MNIST's: 0.47.
 */
export const GREY_SHARE_LIMIT = 0.35;

/**
 * The decoder that suits the data, from the histogram of preprocessed intensities:
 * greyShare = #{ink pixels with v in [0.25, 0.75]} / #{pixels with v > INK_LEVEL};
 * Bernoulli (near-binary ink) when greyShare < 0.35, Gaussian (grey levels) otherwise.
 */
/**
 * The two decoder families, spelled out here (data/ does not import core/): a new family fails
 * to compile where the proposal is passed to the settings.
 */
export type ProposedDecoder = 'bernoulli' | 'gaussian';

export function proposeDecoder(frames: Uint8Array, count = frames.length / 784): { decoder: ProposedDecoder; greyShare: number } {
  let ink = 0;
  let grey = 0;
  const n = Math.min(frames.length, count * 784);
  for (let i = 0; i < n; i++) {
    const v = frames[i]! / 255;
    if (v > INK_LEVEL) {
      ink++;
      if (v >= GREY_BAND[0] && v <= GREY_BAND[1]) grey++;
    }
  }
  const greyShare = ink ? grey / ink : 0;
  return { decoder: greyShare < GREY_SHARE_LIMIT ? 'bernoulli' : 'gaussian', greyShare };
}

/**
 * A latent size for n training images: 2 below 2,000 (few images fill few dimensions, and the
 * latent plane is then drawn directly), 10 below 20,000, 20 from there (the playground's default
 * for MNIST's 60,000).
 */
export function suggestLatent(nTrain: number): number {
  if (nTrain < 2000) return 2;
  if (nTrain < 20000) return 10;
  return 20;
}

/** Counts of each image size, "W×H" → count, and whether they differ. */
export function sizeReport(images: readonly RawImage[]): { sizes: Record<string, number>; mixed: boolean } {
  const sizes: Record<string, number> = {};
  for (const im of images) sizes[`${im.width}×${im.height}`] = (sizes[`${im.width}×${im.height}`] ?? 0) + 1;
  return { sizes, mixed: Object.keys(sizes).length > 1 };
}

/** Smallest and largest grey level (0..255) over all images, as found in the files. */
export function valueRange(images: readonly RawImage[]): { min: number; max: number } {
  let min = 255;
  let max = 0;
  for (const im of images) {
    for (let i = 0; i < im.gray.length; i++) {
      const g = im.gray[i]!;
      if (g < min) min = g;
      if (g > max) max = g;
    }
  }
  return images.length ? { min, max } : { min: 0, max: 0 };
}
