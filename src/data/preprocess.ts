/**
 * Turning a drawing into a model input the way MNIST digits were made (LeCun et al., the
 * MNIST page): the ink is cropped to its bounding box, scaled so that its longer side is
 * MNIST_BOX = 20 pixels (aspect ratio kept) with anti-aliasing, and placed in the 28×28
 * frame so that its centre of mass sits at the centre.
 *
 * Conventions, shared by the code and its tests:
 * - Images are row-major, one intensity in [0, 1] per pixel (0 = paper, 1 = ink).
 * - Pixel (col u, row v) covers the unit square [u, u+1] × [v, v+1]; its centre is (u+0.5, v+0.5).
 * - Centre of mass: c = Σ I(u,v)·(u+0.5, v+0.5) / Σ I(u,v). After centring, c = (14.0, 14.0),
 *   the centre of the 28×28 frame (exactly, up to float rounding, unless ink would leave the
 *   frame: ink shifted past an edge is dropped, as MNIST's own integer shift would).
 * - Resampling is area averaging: an output pixel is the mean of the source intensity over
 *   the region of the source it covers (a box filter), which keeps Σ I·area and never
 *   rings.
 * - The centring shift is a sub-pixel translation by area averaging too: shifting by
 *   t = n + f (n integer, 0 ≤ f < 1) gives out[k] = (1−f)·a[k−n] + f·a[k−n−1]; it keeps the
 *   total intensity and moves the centre of mass by exactly t.
 */

export const MNIST_SIDE = 28;
/** The longer side of the ink's bounding box after scaling, in pixels. */
export const MNIST_BOX = 20;
/** The centre of mass of every preprocessed image, in pixel coordinates (centres at i + 0.5). */
export const MNIST_CENTER = MNIST_SIDE / 2;
/**
 * Bernoulli decoder: p(x|z) is a distribution over binary images, so a drawing's intensities
 * are binarized before it is scored: x_i = 1 when intensity_i ≥ BINARIZE_THRESHOLD, else 0.
 * A deterministic threshold gives the same x for the same drawing every time (a random
 * binarization would change the figures on every stroke), and log p(x) is then the log
 * probability of an actual binary image.
 */
export const BINARIZE_THRESHOLD = 0.5;

export interface InkBox {
  /** First column with ink. */
  x0: number;
  /** First row with ink. */
  y0: number;
  /** One past the last column with ink. */
  x1: number;
  /** One past the last row with ink. */
  y1: number;
}

/** Intensity of a canvas's pixels: the alpha channel of RGBA bytes (ink is drawn opaque on a transparent pad). */
export function intensityFromRGBA(rgba: Uint8ClampedArray | Uint8Array, width: number, height: number): Float32Array {
  if (rgba.length !== width * height * 4) throw new Error(`expected ${width * height * 4} RGBA bytes, got ${rgba.length}`);
  const out = new Float32Array(width * height);
  for (let i = 0; i < out.length; i++) out[i] = rgba[4 * i + 3]! / 255;
  return out;
}

/** The smallest box holding every pixel with intensity > 0; null for an empty image. */
export function inkBoundingBox(img: ArrayLike<number>, width: number, height: number): InkBox | null {
  let x0 = width;
  let y0 = height;
  let x1 = -1;
  let y1 = -1;
  for (let v = 0; v < height; v++) {
    for (let u = 0; u < width; u++) {
      if (img[v * width + u]! > 0) {
        if (u < x0) x0 = u;
        if (u > x1) x1 = u;
        if (v < y0) y0 = v;
        if (v > y1) y1 = v;
      }
    }
  }
  return x1 < 0 ? null : { x0, y0, x1: x1 + 1, y1: y1 + 1 };
}

/**
 * Area-averaging weights of one axis: W[k][i] = (length of source pixel i inside the
 * footprint of output pixel k) / (footprint length). Output pixel k covers [k, k+1] in the
 * output; it maps to the source interval [(k − offset)/scale, (k + 1 − offset)/scale] (source
 * coordinates relative to the crop, which spans [0, n)).
 */
function areaWeights(n: number, outSize: number, scale: number, offset: number): Float64Array {
  const w = new Float64Array(outSize * n);
  const footprint = 1 / scale;
  for (let k = 0; k < outSize; k++) {
    const a = (k - offset) / scale;
    const b = a + footprint;
    const i0 = Math.max(0, Math.floor(a));
    const i1 = Math.min(n, Math.ceil(b));
    for (let i = i0; i < i1; i++) {
      const overlap = Math.min(b, i + 1) - Math.max(a, i);
      if (overlap > 0) w[k * n + i] = overlap / footprint;
    }
  }
  return w;
}

/**
 * Crops `img` to `box`, scales the crop by `scale` with area averaging and places its
 * top-left corner at (ox, oy) in an outSize × outSize frame.
 */
export function resampleArea(
  img: ArrayLike<number>,
  width: number,
  box: InkBox,
  scale: number,
  ox: number,
  oy: number,
  outSize = MNIST_SIDE,
): Float32Array {
  const bw = box.x1 - box.x0;
  const bh = box.y1 - box.y0;
  const wx = areaWeights(bw, outSize, scale, ox);
  const wy = areaWeights(bh, outSize, scale, oy);
  // Separable: first along rows (crop rows × output columns), then along columns.
  const tmp = new Float64Array(bh * outSize);
  for (let r = 0; r < bh; r++) {
    const row = (box.y0 + r) * width + box.x0;
    for (let k = 0; k < outSize; k++) {
      let s = 0;
      const wk = k * bw;
      for (let i = 0; i < bw; i++) {
        const weight = wx[wk + i]!;
        if (weight !== 0) s += weight * img[row + i]!;
      }
      tmp[r * outSize + k] = s;
    }
  }
  const out = new Float32Array(outSize * outSize);
  for (let k = 0; k < outSize; k++) {
    for (let r = 0; r < bh; r++) {
      const weight = wy[k * bh + r]!;
      if (weight === 0) continue;
      for (let c = 0; c < outSize; c++) out[k * outSize + c]! += weight * tmp[r * outSize + c]!;
    }
  }
  for (let i = 0; i < out.length; i++) out[i] = Math.min(1, Math.max(0, out[i]!));
  return out;
}

/** Centre of mass (cx, cy) with pixel centres at i + 0.5; null when the image has no ink. */
export function centerOfMass(img: ArrayLike<number>, side = MNIST_SIDE): { cx: number; cy: number; mass: number } | null {
  let m = 0;
  let sx = 0;
  let sy = 0;
  for (let v = 0; v < side; v++) {
    for (let u = 0; u < side; u++) {
      const a = img[v * side + u]!;
      m += a;
      sx += a * (u + 0.5);
      sy += a * (v + 0.5);
    }
  }
  return m > 0 ? { cx: sx / m, cy: sy / m, mass: m } : null;
}

/** One axis of the sub-pixel shift: out[k] = (1−f)·a[k−n] + f·a[k−n−1], t = n + f. */
function shiftWeights(t: number): { n: number; f: number } {
  const n = Math.floor(t);
  return { n, f: t - n };
}

/** Translates a side × side image by (tx, ty) pixels with area averaging; ink leaving the frame is dropped. */
export function shiftImage(img: ArrayLike<number>, tx: number, ty: number, side = MNIST_SIDE): Float32Array {
  const sx = shiftWeights(tx);
  const sy = shiftWeights(ty);
  const at = (u: number, v: number) => (u >= 0 && u < side && v >= 0 && v < side ? img[v * side + u]! : 0);
  const out = new Float32Array(side * side);
  for (let v = 0; v < side; v++) {
    for (let u = 0; u < side; u++) {
      const u0 = u - sx.n;
      const v0 = v - sy.n;
      out[v * side + u] =
        (1 - sy.f) * ((1 - sx.f) * at(u0, v0) + sx.f * at(u0 - 1, v0)) +
        sy.f * ((1 - sx.f) * at(u0, v0 - 1) + sx.f * at(u0 - 1, v0 - 1));
    }
  }
  return out;
}

/**
 * A drawing (width × height intensities) as a 28×28 MNIST-style image: crop to the ink,
 * scale the longer side to 20 pixels (area averaging), centre the centre of mass at
 * (14, 14). Returns null when there is no ink at all.
 */
export function preprocessDrawing(img: ArrayLike<number>, width: number, height: number): Float32Array | null {
  if (img.length !== width * height) throw new Error(`expected ${width * height} intensities, got ${img.length}`);
  const box = inkBoundingBox(img, width, height);
  if (!box) return null;
  const bw = box.x1 - box.x0;
  const bh = box.y1 - box.y0;
  const scale = MNIST_BOX / Math.max(bw, bh);
  // Place the scaled box in the middle of the frame, then move its centre of mass to the centre.
  const placed = resampleArea(img, width, box, scale, (MNIST_SIDE - bw * scale) / 2, (MNIST_SIDE - bh * scale) / 2);
  const com = centerOfMass(placed);
  if (!com) return null;
  return shiftImage(placed, MNIST_CENTER - com.cx, MNIST_CENTER - com.cy);
}

/** x_i = 1 when intensity_i ≥ BINARIZE_THRESHOLD (the Bernoulli decoder's input for a drawing). */
export function binarizeThreshold(intensities: ArrayLike<number>, threshold = BINARIZE_THRESHOLD): Float32Array {
  const out = new Float32Array(intensities.length);
  for (let i = 0; i < out.length; i++) out[i] = intensities[i]! >= threshold ? 1 : 0;
  return out;
}

/**
 * The decoder families of the settings table (core/config's DecoderFamily), spelled out here so
 * that data/ needs nothing of core/: a family added there fails to compile where it is passed in.
 */
export type PixelDecoder = 'bernoulli' | 'gaussian';

/**
 * What the model sees for a drawing: binarized at BINARIZE_THRESHOLD for the Bernoulli decoder,
 * the intensities themselves for the Gaussian decoder (as in training, docs/architecture.md).
 */
export function modelInput(intensities: ArrayLike<number>, decoder: PixelDecoder): Float32Array {
  return decoder === 'bernoulli' ? binarizeThreshold(intensities) : Float32Array.from(intensities);
}

/** True when every pixel of x is 0 (an empty drawing has nothing to encode). */
export function isBlank(x: ArrayLike<number>): boolean {
  for (let i = 0; i < x.length; i++) if (x[i]! !== 0) return false;
  return true;
}
