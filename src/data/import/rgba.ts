/**
 * Decoded RGBA pixels as grey levels: the luminance Y = 0.299 R + 0.587 G + 0.114 B (ITU-R
 * BT.601, as most grey conversions), composited over white by its alpha:
 *   g = a·Y + (1 − a)·255, a = A / 255.
 * A drawing with dark ink on a transparent background is then dark on white, which the
 * light-background check proposes to invert.
 */
export function grayFromRGBA(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number): Uint8Array {
  if (rgba.length !== width * height * 4) throw new Error(`expected ${width * height * 4} RGBA bytes, got ${rgba.length}`);
  const out = new Uint8Array(width * height);
  for (let i = 0; i < out.length; i++) {
    const y = 0.299 * rgba[4 * i]! + 0.587 * rgba[4 * i + 1]! + 0.114 * rgba[4 * i + 2]!;
    const a = rgba[4 * i + 3]! / 255;
    out[i] = Math.round(a * y + (1 - a) * 255);
  }
  return out;
}
