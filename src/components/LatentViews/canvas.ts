/**
 * Drawing for the latent views: every view paints its canvas with one putImageData of a
 * buffer built here (no canvas per digit, no per-point draw calls).
 */

/** Ten colours for the digit labels 0–9 (Tableau 10: distinct, and readable on white). */
export const DIGIT_COLOURS = [
  '#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#5f5f5f',
] as const;

const RGB = DIGIT_COLOURS.map((h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)) as [number, number, number]);

function context(canvas: HTMLCanvasElement, width: number, height: number): CanvasRenderingContext2D | null {
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  return canvas.getContext('2d');
}

/** Paints a greyscale picture (one byte per pixel, white = 255) onto the canvas at its own size. */
export function putGreyImage(canvas: HTMLCanvasElement, grey: Uint8ClampedArray, width: number, height: number): void {
  const ctx = context(canvas, width, height);
  if (!ctx) return;
  const img = ctx.createImageData(width, height);
  const d = img.data;
  for (let i = 0; i < width * height; i++) {
    const v = grey[i]!;
    d[4 * i] = v;
    d[4 * i + 1] = v;
    d[4 * i + 2] = v;
    d[4 * i + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
}

/** A linear map from a data interval to pixels. */
export interface Scale {
  min: number;
  max: number;
}

export interface MapPicture {
  /** Canvas side in pixels (the map is square). */
  size: number;
  x: Scale;
  y: Scale;
  /** Points [x, y] per image (count × 2), their labels, and the projected covariance [xx, xy, yy]. */
  points: Float32Array;
  labels: Uint8Array;
  cov: Float32Array;
  count: number;
  ellipses: boolean;
  /** Vertical offset added per point (J = 1: spreads the points of one label into a band). */
  jitterY?: (i: number) => number;
  selected: number | null;
  hovered: number | null;
  /** The drawing pad's posterior in the same axes: a cross at its μ and its one-σ ellipse. */
  drawing?: { x: number; y: number; cov: readonly [number, number, number] } | null;
}

/** Half-width of a drawn point, in pixels (points are (2r + 1)² squares). */
export const POINT_RADIUS = 1;

/** Pixel position of point i (may fall outside the canvas). */
export function pointPixel(p: MapPicture, i: number): [number, number] {
  const x = p.points[2 * i]!;
  const y = p.points[2 * i + 1]! + (p.jitterY ? p.jitterY(i) : 0);
  const s = p.size - 1;
  return [((x - p.x.min) / (p.x.max - p.x.min)) * s, (1 - (y - p.y.min) / (p.y.max - p.y.min)) * s];
}

/** Index of the point nearest to (px, py) within `radius` pixels, or null. */
export function nearestPoint(p: MapPicture, px: number, py: number, radius: number): number | null {
  let best: number | null = null;
  let bestD = radius * radius;
  for (let i = 0; i < p.count; i++) {
    const [x, y] = pointPixel(p, i);
    const d = (x - px) ** 2 + (y - py) ** 2;
    if (d <= bestD) {
      bestD = d;
      best = i;
    }
  }
  return best;
}

/** The Cholesky factor [l11, l21, l22] of the 2 × 2 covariance [[xx, xy], [xy, yy]] (clamped at 0). */
function cholesky2([xx, xy, yy]: readonly [number, number, number]): [number, number, number] {
  const l11 = Math.sqrt(Math.max(xx, 0));
  const l21 = l11 > 0 ? xy / l11 : 0;
  return [l11, l21, Math.sqrt(Math.max(yy - l21 * l21, 0))];
}

/**
 * Paints the map of encoded digits: white ground, the axes through 0, one small square per
 * point in its label's colour, optional one-σ ellipses, and rings at the selected and hovered
 * points; all into one buffer and one putImageData.
 */
export function putMap(canvas: HTMLCanvasElement, p: MapPicture): void {
  const n = p.size;
  const ctx = context(canvas, n, n);
  if (!ctx) return;
  const img = ctx.createImageData(n, n);
  const d = img.data;
  d.fill(255);
  const plot = (x: number, y: number, [r, g, b]: readonly number[], alpha = 1) => {
    const xi = Math.round(x);
    const yi = Math.round(y);
    if (xi < 0 || yi < 0 || xi >= n || yi >= n) return;
    const o = 4 * (yi * n + xi);
    d[o] = d[o]! * (1 - alpha) + r! * alpha;
    d[o + 1] = d[o + 1]! * (1 - alpha) + g! * alpha;
    d[o + 2] = d[o + 2]! * (1 - alpha) + b! * alpha;
  };
  // Axes through the origin of the latent space.
  const [ox, oy] = pointPixel({ ...p, points: new Float32Array(2), jitterY: undefined }, 0);
  for (let t = 0; t < n; t++) {
    if (p.x.min < 0 && p.x.max > 0) plot(ox, t, [200, 200, 200]);
    if (p.y.min < 0 && p.y.max > 0) plot(t, oy, [200, 200, 200]);
  }
  const sx = (n - 1) / (p.x.max - p.x.min);
  const sy = (n - 1) / (p.y.max - p.y.min);
  if (p.ellipses) {
    for (let i = 0; i < p.count; i++) {
      // One-σ ellipse of the projected q(z|x): centre + L (cos θ, sin θ), L the Cholesky factor of [[xx, xy], [xy, yy]].
      const [l11, l21, l22] = cholesky2([p.cov[3 * i]!, p.cov[3 * i + 1]!, p.cov[3 * i + 2]!]);
      const [cx, cy] = pointPixel(p, i);
      const steps = Math.min(96, Math.max(12, Math.ceil(2 * Math.PI * Math.max(l11 * sx, l22 * sy))));
      for (let k = 0; k < steps; k++) {
        const th = (2 * Math.PI * k) / steps;
        const ex = l11 * Math.cos(th);
        const ey = l21 * Math.cos(th) + l22 * Math.sin(th);
        plot(cx + ex * sx, cy - ey * sy, RGB[p.labels[i]! % 10]!, 0.25);
      }
    }
  }
  for (let i = 0; i < p.count; i++) {
    const [x, y] = pointPixel(p, i);
    const c = RGB[p.labels[i]! % 10]!;
    for (let dy = -POINT_RADIUS; dy <= POINT_RADIUS; dy++) for (let dx = -POINT_RADIUS; dx <= POINT_RADIUS; dx++) plot(x + dx, y + dy, c, 0.85);
  }
  const ring = (i: number | null, radius: number, colour: readonly number[]) => {
    if (i === null || i < 0 || i >= p.count) return;
    const [x, y] = pointPixel(p, i);
    const steps = Math.ceil(2 * Math.PI * radius * 2);
    for (let w = 0; w < 2; w++) {
      for (let k = 0; k < steps; k++) {
        const th = (2 * Math.PI * k) / steps;
        plot(x + (radius + w) * Math.cos(th), y + (radius + w) * Math.sin(th), colour);
      }
    }
  };
  ring(p.hovered, 5, [120, 120, 120]);
  ring(p.selected, 6, [0, 0, 0]);
  if (p.drawing) {
    const m = p.drawing;
    const [cx, cy] = pointPixel({ ...p, points: Float32Array.of(m.x, m.y), jitterY: undefined }, 0);
    // One-σ ellipse of q(z|x) for the drawing, drawn twice as thick as the digits' ones, black.
    const [l11, l21, l22] = cholesky2(m.cov);
    const steps = Math.min(360, Math.max(24, Math.ceil(4 * Math.PI * Math.max(l11 * sx, l22 * sy))));
    for (let k = 0; k < steps; k++) {
      const th = (2 * Math.PI * k) / steps;
      const ex = cx + l11 * Math.cos(th) * sx;
      const ey = cy - (l21 * Math.cos(th) + l22 * Math.sin(th)) * sy;
      plot(ex, ey, [0, 0, 0]);
      plot(ex + 1, ey, [0, 0, 0]);
    }
    // A cross at μ: black, 9 pixels wide and 3 thick, on a white halo so it reads over any colour.
    for (let t = -5; t <= 5; t++) for (let w = -2; w <= 2; w++) {
      plot(cx + t, cy + w, [255, 255, 255]);
      plot(cx + w, cy + t, [255, 255, 255]);
    }
    for (let t = -4; t <= 4; t++) for (let w = -1; w <= 1; w++) {
      plot(cx + t, cy + w, [0, 0, 0]);
      plot(cx + w, cy + t, [0, 0, 0]);
    }
  }
  ctx.putImageData(img, 0, 0);
}

/**
 * A symmetric range [−R, R] holding all but the most extreme 0.5% of the values, rounded up to
 * half units (at least 1), so that outliers don't squeeze the map and the range moves in steps.
 */
export function robustSymmetricRange(values: ArrayLike<number>, stride: number, offset: number, count: number): number {
  const abs = new Float32Array(count);
  for (let i = 0; i < count; i++) abs[i] = Math.abs(values[i * stride + offset]!);
  abs.sort();
  const q = count > 0 ? abs[Math.min(count - 1, Math.floor(0.995 * count))]! : 1;
  return Math.max(1, Math.ceil((Number.isFinite(q) ? q : 1) * 1.05 * 2) / 2);
}
