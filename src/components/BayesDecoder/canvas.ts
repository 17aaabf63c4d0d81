/**
 * Paints 28×28 images (values in [0, 1], 784 per image) tiled on a canvas with one putImageData:
 * grey for decoder means, or a heat ramp (white → dark red) for spreads and standard
 * deviations, scaled by `max` so the largest value is the darkest.
 */
const SIDE = 28;
const GAP = 1;

export function tiledSize(count: number, cols: number): { width: number; height: number } {
  const rows = Math.ceil(count / cols);
  return { width: cols * (SIDE + GAP) - GAP, height: rows * (SIDE + GAP) - GAP };
}

export function paintImages(
  canvas: HTMLCanvasElement,
  pixels: Float32Array,
  count: number,
  cols: number,
  mode: { kind: 'grey' } | { kind: 'heat'; max: number },
): void {
  const { width, height } = tiledSize(count, cols);
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const img = ctx.createImageData(width, height);
  const d = img.data;
  d.fill(255);
  const scale = mode.kind === 'heat' && mode.max > 0 ? 1 / mode.max : 1;
  for (let k = 0; k < count; k++) {
    const x0 = (k % cols) * (SIDE + GAP);
    const y0 = Math.floor(k / cols) * (SIDE + GAP);
    for (let p = 0; p < SIDE * SIDE; p++) {
      const v = Math.max(0, Math.min(1, pixels[k * SIDE * SIDE + p]! * scale));
      const o = 4 * ((y0 + Math.floor(p / SIDE)) * width + x0 + (p % SIDE));
      if (mode.kind === 'grey') {
        // White digits on black, as the other latent views draw them.
        d[o] = d[o + 1] = d[o + 2] = Math.round(255 * v);
      } else {
        d[o] = Math.round(255 - 115 * v);
        d[o + 1] = d[o + 2] = Math.round(255 * (1 - v));
      }
      d[o + 3] = 255;
    }
  }
  ctx.putImageData(img, 0, 0);
}
