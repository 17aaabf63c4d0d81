/**
 * One raw image as the model's input: 28×28 intensities in [0, 1] (0 = background, 1 = ink).
 *   1. grey bytes to [0, 1]: v = g / 255, inverted (v = 1 − g / 255) when chosen;
 *   2. either fitted into the frame keeping the aspect ratio (the longer side becomes 28, the
 *      image centred, area averaging: preprocess.ts's resampleArea), or, with "centre by mass",
 *      made as MNIST was: cropped to the ink, its longer side scaled to 20, its centre of mass
 *      placed at (14, 14) (preprocess.ts's preprocessDrawing, the drawing pad's own path).
 * A 28×28 image without centring is taken as it is.
 */
import { MNIST_SIDE, preprocessDrawing, resampleArea } from '../preprocess';
import type { RawImage } from './types';

export interface FrameOptions {
  invert: boolean;
  centre: boolean;
}

export function toIntensities(img: RawImage, invert: boolean): Float32Array {
  const v = new Float32Array(img.gray.length);
  for (let i = 0; i < v.length; i++) v[i] = invert ? 1 - img.gray[i]! / 255 : img.gray[i]! / 255;
  return v;
}

export function toFrame(img: RawImage, opts: FrameOptions): Float32Array {
  const { width: w, height: h } = img;
  const v = toIntensities(img, opts.invert);
  // An image without any ink stays blank (there is no mass to centre).
  if (opts.centre) return preprocessDrawing(v, w, h) ?? new Float32Array(MNIST_SIDE * MNIST_SIDE);
  if (w === MNIST_SIDE && h === MNIST_SIDE) return v;
  const scale = MNIST_SIDE / Math.max(w, h);
  return resampleArea(v, w, { x0: 0, y0: 0, x1: w, y1: h }, scale, (MNIST_SIDE - w * scale) / 2, (MNIST_SIDE - h * scale) / 2);
}

/** Intensities [0, 1] as bytes: round(255 · v), the form data sets are kept and trained in. */
export function frameBytes(frame: Float32Array): Uint8Array {
  const out = new Uint8Array(frame.length);
  for (let i = 0; i < frame.length; i++) out[i] = Math.round(255 * Math.min(1, Math.max(0, frame[i]!)));
  return out;
}
