/**
 * Painting 28×28 images and heat maps onto canvases at their native resolution (one canvas
 * pixel per image pixel; CSS scales them up with image-rendering: pixelated). Ink is dark on
 * white, as on the pad: intensity 1 → black.
 */
export const SIDE = 28;

/**
 * Paints `count` images (784 intensities each, concatenated) in a grid of `cols` columns with
 * `gap` white pixels between them. Sizes the canvas to fit.
 */
export function paintImages(canvas: HTMLCanvasElement, images: ArrayLike<number>, count: number, cols = count, gap = 0): void {
  const rows = Math.ceil(count / cols);
  const w = cols * SIDE + (cols - 1) * gap;
  const h = rows * SIDE + (rows - 1) * gap;
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const img = ctx.createImageData(w, h);
  img.data.fill(255);
  for (let n = 0; n < count; n++) {
    const ox = (n % cols) * (SIDE + gap);
    const oy = Math.floor(n / cols) * (SIDE + gap);
    for (let v = 0; v < SIDE; v++) {
      for (let u = 0; u < SIDE; u++) {
        const a = Math.min(1, Math.max(0, images[n * 784 + v * SIDE + u]!));
        const g = Math.round(255 * (1 - a));
        const o = 4 * ((oy + v) * w + ox + u);
        img.data[o] = g;
        img.data[o + 1] = g;
        img.data[o + 2] = g;
      }
    }
  }
  ctx.putImageData(img, 0, 0);
}

/** A perceptually ordered colour ramp (dark blue → yellow, like viridis) for t in [0, 1]. */
export function ramp(t: number): [number, number, number] {
  const stops: [number, number, number][] = [
    [68, 1, 84],
    [59, 82, 139],
    [33, 145, 140],
    [94, 201, 98],
    [253, 231, 37],
  ];
  const x = Math.min(1, Math.max(0, t)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const f = x - i;
  const a = stops[i]!;
  const b = stops[i + 1]!;
  return [a[0] + f * (b[0] - a[0]), a[1] + f * (b[1] - a[1]), a[2] + f * (b[2] - a[2])];
}
