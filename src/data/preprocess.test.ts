import { describe, expect, it } from 'vitest';
import {
  BINARIZE_THRESHOLD,
  binarizeThreshold,
  centerOfMass,
  inkBoundingBox,
  intensityFromRGBA,
  isBlank,
  MNIST_BOX,
  MNIST_CENTER,
  modelInput,
  preprocessDrawing,
  resampleArea,
  shiftImage,
} from './preprocess';

const W = 280;
const H = 280;

/** A filled ellipse of semi-axes (a, b) centred at (cx, cy) on a W×H pad: ink 1 inside, 0 outside. */
function ellipse(cx: number, cy: number, a: number, b: number, img: Float32Array = new Float32Array(W * H)): Float32Array {
  for (let v = 0; v < H; v++) {
    for (let u = 0; u < W; u++) {
      const dx = (u + 0.5 - cx) / a;
      const dy = (v + 0.5 - cy) / b;
      if (dx * dx + dy * dy <= 1) img[v * W + u] = 1;
    }
  }
  return img;
}

const sum = (a: ArrayLike<number>) => Array.from(a).reduce((s, v) => s + v, 0);

/** Mass-weighted standard deviation of the column (x) and row (y) coordinates. */
function spread(img: ArrayLike<number>, side: number): { sx: number; sy: number } {
  const c = centerOfMass(img, side)!;
  let vx = 0;
  let vy = 0;
  for (let v = 0; v < side; v++) {
    for (let u = 0; u < side; u++) {
      const m = img[v * side + u]!;
      vx += m * (u + 0.5 - c.cx) ** 2;
      vy += m * (v + 0.5 - c.cy) ** 2;
    }
  }
  return { sx: Math.sqrt(vx / c.mass), sy: Math.sqrt(vy / c.mass) };
}

describe('preprocessDrawing', () => {
  // An off-centre blob in the top-right of the pad, wider (80 px) than tall (50 px), with a
  // smaller blob below-left of it so that the centre of mass is not the box centre.
  const pad = ellipse(200, 60, 40, 25);
  ellipse(175, 95, 12, 12, pad);

  it('lands the centre of mass at (14, 14), pixel centres at i + 0.5', () => {
    const x = preprocessDrawing(pad, W, H)!;
    expect(x).toHaveLength(784);
    const c = centerOfMass(x)!;
    // Float32 image and float64 sums: exact to well below a thousandth of a pixel.
    expect(c.cx).toBeCloseTo(MNIST_CENTER, 4);
    expect(c.cy).toBeCloseTo(MNIST_CENTER, 4);
  });

  it('scales the ink so that its longer side fits the 20×20 box, keeping the aspect ratio', () => {
    const box = inkBoundingBox(pad, W, H)!;
    const bw = box.x1 - box.x0;
    const bh = box.y1 - box.y0;
    expect(bw).toBe(80);
    const scale = MNIST_BOX / Math.max(bw, bh);
    // Before the centring shift the ink lies inside a 20-pixel-wide box exactly.
    const placed = resampleArea(pad, W, box, scale, 4, 4);
    const inner = inkBoundingBox(placed, 28, 28)!;
    expect(inner.x1 - inner.x0).toBe(MNIST_BOX);
    expect(inner.y1 - inner.y0).toBe(Math.ceil(4 + bh * scale) - 4);
    // After the sub-pixel shift it may touch one more column or row, never more.
    const x = preprocessDrawing(pad, W, H)!;
    const after = inkBoundingBox(x, 28, 28)!;
    expect(after.x1 - after.x0).toBeGreaterThanOrEqual(MNIST_BOX);
    expect(after.x1 - after.x0).toBeLessThanOrEqual(MNIST_BOX + 1);
    expect(after.y1 - after.y0).toBeLessThanOrEqual(Math.ceil(bh * scale) + 1);
    // Aspect ratio: the spread in x over the spread in y is that of the pad's ink within 2 %
    // (resampling blurs by less than a pixel; the spreads are several pixels).
    const a = spread(pad, W);
    const b = spread(x, 28);
    expect(b.sx / b.sy).toBeGreaterThan((a.sx / a.sy) * 0.98);
    expect(b.sx / b.sy).toBeLessThan((a.sx / a.sy) * 1.02);
  });

  it('area-averages (anti-aliases): total ink scales by the area factor, values stay in [0, 1]', () => {
    const box = inkBoundingBox(pad, W, H)!;
    const scale = MNIST_BOX / Math.max(box.x1 - box.x0, box.y1 - box.y0);
    const x = preprocessDrawing(pad, W, H)!;
    // The shift keeps Σ I; area averaging multiplies Σ I by scale² (each output pixel is a mean
    // over 1/scale² source pixels). Nothing is clipped for this blob.
    expect(sum(x)).toBeCloseTo(sum(pad) * scale * scale, 2);
    expect(Math.min(...x)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...x)).toBeLessThanOrEqual(1);
    // Grey levels at the edges (anti-aliasing), full ink inside.
    const grey = Array.from(x).filter((v) => v > 0.05 && v < 0.95).length;
    expect(grey).toBeGreaterThan(10);
    expect(Math.max(...x)).toBeCloseTo(1, 5);
  });

  it('returns null for an empty pad, never NaN', () => {
    expect(preprocessDrawing(new Float32Array(W * H), W, H)).toBeNull();
    expect(inkBoundingBox(new Float32Array(9), 3, 3)).toBeNull();
    expect(centerOfMass(new Float32Array(784))).toBeNull();
  });

  it('a single pixel of ink becomes a 20×20 block centred in the frame', () => {
    const img = new Float32Array(W * H);
    img[10 * W + 250] = 1;
    const x = preprocessDrawing(img, W, H)!;
    expect(x.every(Number.isFinite)).toBe(true);
    const c = centerOfMass(x)!;
    expect(c.cx).toBeCloseTo(14, 5);
    expect(c.cy).toBeCloseTo(14, 5);
    expect(x[14 * 28 + 14]).toBeCloseTo(1, 5);
    expect(sum(x)).toBeCloseTo(400, 3);
  });

  it('refuses a buffer of the wrong size', () => {
    expect(() => preprocessDrawing(new Float32Array(10), W, H)).toThrow(/expected 78400/);
  });
});

describe('shiftImage', () => {
  it('moves the centre of mass by exactly the shift and keeps the total', () => {
    const img = new Float32Array(784);
    img[10 * 28 + 9] = 1;
    img[12 * 28 + 15] = 0.5;
    const before = centerOfMass(img)!;
    const out = shiftImage(img, 2.3, -1.75);
    const after = centerOfMass(out)!;
    expect(after.cx - before.cx).toBeCloseTo(2.3, 5);
    expect(after.cy - before.cy).toBeCloseTo(-1.75, 5);
    expect(after.mass).toBeCloseTo(before.mass, 5);
  });
});

describe('binarization for the Bernoulli decoder', () => {
  it(`thresholds at ${BINARIZE_THRESHOLD}: ≥ threshold → 1`, () => {
    expect(Array.from(binarizeThreshold([0, 0.49, 0.5, 0.51, 1]))).toEqual([0, 0, 1, 1, 1]);
    expect(Array.from(modelInput([0.2, 0.7], 'bernoulli'))).toEqual([0, 1]);
    expect(Array.from(modelInput([0.25, 0.75], 'gaussian'))).toEqual([0.25, 0.75]);
    expect(isBlank(binarizeThreshold([0.1, 0.2]))).toBe(true);
  });

  it('reads ink from the alpha channel of RGBA bytes', () => {
    const rgba = new Uint8ClampedArray([0, 0, 0, 255, 0, 0, 0, 0, 10, 20, 30, 51]);
    expect(Array.from(intensityFromRGBA(rgba, 3, 1))).toEqual([1, 0, Math.fround(0.2)]);
  });
});
