import * as tf from '../core/tf';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { gridCoordinates, gridLatentOffsets, interpolationPath, projectPosterior } from '../core/latent';
import { VAE } from '../core/model';
import { mulberry32 } from '../shared/rng';
import { tinyConfig } from '../test/fixtures';
import {
  decodeGrid,
  encodeTestMap,
  getTestDigit,
  interpolate,
  interpolationPathOnDevice,
  MAP_ENCODE_CHUNK,
  samplePrior,
  tileImages,
  VIEW_CHUNK,
  type LatentViewSource,
} from './latentViews';

/** A model and a small fake test set (bytes, their binarization as input, labels i mod 10). */
function source(latentDim: number, nTest = 40, decoder: 'bernoulli' | 'gaussian' = 'bernoulli'): LatentViewSource {
  const rand = mulberry32(3);
  const testImages = new Uint8Array(nTest * 784);
  for (let i = 0; i < testImages.length; i++) testImages[i] = i % 28 < 14 ? Math.floor(rand() * 256) : 0;
  const testInputs = Float32Array.from(testImages, (v) => (v > 127 ? 1 : 0));
  const testLabels = Uint8Array.from({ length: nTest }, (_, i) => i % 10);
  return { model: new VAE(tinyConfig({ latentDim, decoder, seed: 4 })), testInputs, testImages, testLabels, nTest, step: 7 };
}

const disposers: VAE[] = [];
function withModel(s: LatentViewSource): LatentViewSource {
  disposers.push(s.model);
  return s;
}
afterEach(() => {
  disposers.splice(0).forEach((m) => m.dispose());
});

/** Bytes of the decoder's mean for codes z (rows of a [k, J] array), computed one image at a time. */
function decodeOneByOne(model: VAE, z: Float32Array, J: number): Uint8ClampedArray[] {
  const out: Uint8ClampedArray[] = [];
  for (let i = 0; i < z.length / J; i++) {
    const m = tf.tidy(() => tf.mul(tf.clipByValue(model.decodeMean(tf.tensor2d(z.subarray(i * J, (i + 1) * J), [1, J])), 0, 1), 255));
    out.push(new Uint8ClampedArray(m.dataSync()));
    m.dispose();
  }
  return out;
}

/** Tile k (row-major, `cols` per row) of a picture of 28 × 28 tiles, as 784 bytes. */
function tile(image: Uint8ClampedArray, width: number, cols: number, k: number): Uint8ClampedArray {
  const r = Math.floor(k / cols);
  const c = k % cols;
  const out = new Uint8ClampedArray(784);
  for (let y = 0; y < 28; y++) for (let x = 0; x < 28; x++) out[y * 28 + x] = image[(r * 28 + y) * width + c * 28 + x]!;
  return out;
}

/** Largest absolute difference between two byte arrays (GPU-free here, but matMul order may differ by one). */
function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

describe('tileImages', () => {
  it('puts image r·cols + c at tile (r, c) of one [28·rows, 28·cols] picture', () => {
    const rows = 2;
    const cols = 3;
    // Image k, pixel p has the value 1000k + p.
    const pixels = tf.tensor2d(Float32Array.from({ length: rows * cols * 784 }, (_, i) => 1000 * Math.floor(i / 784) + (i % 784)), [6, 784]);
    const t = tileImages(pixels, rows, cols);
    expect(t.shape).toEqual([56, 84]);
    const v = t.dataSync();
    expect(v[0]).toBe(0);
    expect(v[28]).toBe(1000); // row 0, first pixel of tile (0, 1)
    expect(v[28 * 84 + 2 * 28 + 5]).toBe(5000 + 5); // tile (1, 2) at (y 0, x 5)
    expect(v[(28 + 27) * 84 + 27]).toBe(3000 + 27 * 28 + 27); // tile (1, 0), last pixel
    tf.dispose([pixels, t]);
  });
});

describe('manifold grid', () => {
  it('decodes the whole grid as one [n², J] batch into a 28n × 28n picture that matches per-image decoding', async () => {
    const src = withModel(source(2));
    const spy = vi.spyOn(src.model, 'decodeMean');
    const r = await decodeGrid(src, { n: 8, dimX: 0, dimY: 1, hold: 'zero', selectedIndex: null });
    expect(spy).toHaveBeenCalledTimes(1);
    expect(spy.mock.calls[0]![0].shape).toEqual([64, 2]);
    spy.mockRestore();
    expect([r.width, r.height, r.rows, r.cols]).toEqual([224, 224, 8, 8]);
    expect(r.image).toBeInstanceOf(Uint8ClampedArray);
    expect(r.image.length).toBe(224 * 224);
    expect(r.coords).toEqual(gridCoordinates(8));
    expect(r.ms).toBeGreaterThan(0);
    expect(r.step).toBe(7);
    const { offsets } = gridLatentOffsets(8, 2, 0, 1);
    const expected = decodeOneByOne(src.model, offsets, 2);
    // The corners decode differently, so a tile in the wrong place would show.
    expect(maxDiff(expected[0]!, expected[63]!)).toBeGreaterThan(5);
    expect(maxDiff(expected[7]!, expected[56]!)).toBeGreaterThan(5);
    for (const k of [0, 7, 27, 63]) expect(maxDiff(tile(r.image, 224, 8, k), expected[k]!)).toBeLessThanOrEqual(1);
  });

  it('holds the other dimensions at the selected digit’s μ when asked (J > 2)', async () => {
    const src = withModel(source(4));
    const r = await decodeGrid(src, { n: 9, dimX: 2, dimY: 0, hold: 'selected', selectedIndex: 5 });
    expect(r.held).toBe('selected');
    const mu = tf.tidy(() => src.model.encode(tf.tensor2d(src.testInputs.subarray(5 * 784, 6 * 784), [1, 784])).mu);
    const m = mu.dataSync();
    mu.dispose();
    const g = gridCoordinates(9);
    // Tile (row 0, col 3): z = [g_8 (top), μ_1, g_3, μ_3].
    const z = Float32Array.from([g[8]!, m[1]!, g[3]!, m[3]!]);
    expect(maxDiff(tile(r.image, r.width, 9, 3), decodeOneByOne(src.model, z, 4)[0]!)).toBeLessThanOrEqual(1);
    // Without a selected digit it falls back to zero.
    const r0 = await decodeGrid(src, { n: 9, dimX: 2, dimY: 0, hold: 'selected', selectedIndex: null });
    expect(r0.held).toBe('zero');
  });

  it('is one row for J = 1, works for the Gaussian decoder, and refuses bad requests', async () => {
    const src1 = withModel(source(1));
    const r1 = await decodeGrid(src1, { n: 10, dimX: 0, dimY: 1, hold: 'zero', selectedIndex: null });
    expect([r1.width, r1.height, r1.dimY]).toEqual([280, 28, -1]);
    const srcG = withModel(source(3, 40, 'gaussian'));
    const rG = await decodeGrid(srcG, { n: 8, dimX: 0, dimY: 1, hold: 'zero', selectedIndex: null });
    expect(Math.max(...rG.image)).toBeGreaterThan(0);
    await expect(decodeGrid(srcG, { n: 5, dimX: 0, dimY: 1, hold: 'zero', selectedIndex: null })).rejects.toThrow(/grid size n must be a whole number in 8…30/);
    await expect(decodeGrid(srcG, { n: 8, dimX: 3, dimY: 1, hold: 'zero', selectedIndex: null })).rejects.toThrow(/horizontal dimension/);
    await expect(decodeGrid(srcG, { n: 8, dimX: 0, dimY: 1, hold: 'selected', selectedIndex: 40 })).rejects.toThrow(/0…39/);
  });

  it("doesn't leak", async () => {
    const src = withModel(source(3));
    await decodeGrid(src, { n: 8, dimX: 0, dimY: 1, hold: 'selected', selectedIndex: 1 }); // warm-up
    const before = tf.memory().numTensors;
    await decodeGrid(src, { n: 12, dimX: 1, dimY: 2, hold: 'selected', selectedIndex: 2 });
    await decodeGrid(src, { n: 8, dimX: 0, dimY: 1, hold: 'zero', selectedIndex: null });
    await expect(decodeGrid(src, { n: 8, dimX: 9, dimY: 1, hold: 'zero', selectedIndex: null })).rejects.toThrow();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('map of encoded test digits', () => {
  it('projects μ onto chosen dims, in chunks, with σ² on the diagonal of the projected covariance', async () => {
    const n = MAP_ENCODE_CHUNK + 100;
    const src = withModel(source(3, n));
    const r = await encodeTestMap(src, { count: n, projection: 'dims', dimX: 2, dimY: 0 });
    expect(r.count).toBe(n);
    expect(r.points.length).toBe(2 * n);
    expect(r.cov.length).toBe(3 * n);
    expect(Array.from(r.labels.subarray(0, 12))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]);
    expect([r.xLabel, r.yLabel, r.explained, r.yIsLabel]).toEqual(['z3', 'z1', null, false]);
    expect(Array.from(r.axes)).toEqual([0, 0, 1, 1, 0, 0]);
    // Points on both sides of the chunk boundary agree with a direct encoding.
    for (const i of [0, MAP_ENCODE_CHUNK - 1, MAP_ENCODE_CHUNK, n - 1]) {
      const [m, v] = tf.tidy(() => {
        const q = src.model.encode(tf.tensor2d(src.testInputs.subarray(i * 784, (i + 1) * 784), [1, 784]));
        return [q.mu.dataSync(), tf.exp(q.logVar).dataSync()];
      });
      expect(r.points[2 * i]).toBeCloseTo(m[2]!, 4);
      expect(r.points[2 * i + 1]).toBeCloseTo(m[0]!, 4);
      expect(r.cov[3 * i]).toBeCloseTo(v[2]!, 4);
      expect(r.cov[3 * i + 1]).toBe(0);
      expect(r.cov[3 * i + 2]).toBeCloseTo(v[0]!, 4);
    }
  });

  it('PCA: the variance of the points along PC1 and PC2 is the share of the variance it reports', async () => {
    const src = withModel(source(4, 300));
    const r = await encodeTestMap(src, { count: 300, projection: 'pca', dimX: 0, dimY: 0 });
    expect([r.xLabel, r.yLabel]).toEqual(['PC1', 'PC2']);
    const [e1, e2] = r.explained!;
    expect(e1).toBeGreaterThanOrEqual(e2);
    expect(e1 + e2).toBeLessThanOrEqual(1 + 1e-6);
    // Total variance of all μ's, and the variance of each projected coordinate.
    const mu = tf.tidy(() => src.model.encode(tf.tensor2d(src.testInputs.subarray(0, 300 * 784), [300, 784])).mu);
    const total = tf.tidy(() => tf.sum(tf.moments(mu, 0).variance).dataSync()[0]! * (300 / 299));
    mu.dispose();
    const variance = (k: number) => {
      const xs = Array.from({ length: 300 }, (_, i) => r.points[2 * i + k]!);
      const mean = xs.reduce((a, b) => a + b, 0) / 300;
      return xs.reduce((a, x) => a + (x - mean) ** 2, 0) / 299;
    };
    expect(variance(0) / total).toBeCloseTo(e1, 3);
    expect(variance(1) / total).toBeCloseTo(e2, 3);
    // The axes come with the map: any posterior (the drawing pad's) lands where its digit's point is.
    expect(r.axes.length).toBe(2 * 4);
    const q = tf.tidy(() => {
      const e = src.model.encode(tf.tensor2d(src.testInputs.subarray(7 * 784, 8 * 784), [1, 784]));
      return [Array.from(e.mu.dataSync()), Array.from(tf.exp(tf.mul(0.5, e.logVar)).dataSync())];
    });
    const placed = projectPosterior(q[0]!, q[1]!, r.axes);
    expect(placed.x).toBeCloseTo(r.points[14]!, 4);
    expect(placed.y).toBeCloseTo(r.points[15]!, 4);
    expect(placed.cov[0]).toBeCloseTo(r.cov[21]!, 4);
    expect(placed.cov[1]).toBeCloseTo(r.cov[22]!, 4);
    expect(placed.cov[2]).toBeCloseTo(r.cov[23]!, 4);
  });

  it('uses the label as the vertical axis for J = 1', async () => {
    const src = withModel(source(1, 20));
    const r = await encodeTestMap(src, { count: 20, projection: 'pca', dimX: 0, dimY: 0 });
    expect([r.yIsLabel, r.xLabel, r.yLabel]).toEqual([true, 'z1', 'digit label']);
    expect(r.axes.length).toBe(0);
    expect(r.points[2 * 13 + 1]).toBe(3);
  });

  it("doesn't leak, in chunks and with PCA", async () => {
    const src = withModel(source(3, MAP_ENCODE_CHUNK + 10));
    await encodeTestMap(src, { count: 50, projection: 'pca', dimX: 0, dimY: 1 });
    const before = tf.memory().numTensors;
    await encodeTestMap(src, { count: MAP_ENCODE_CHUNK + 10, projection: 'pca', dimX: 0, dimY: 1 });
    await encodeTestMap(src, { count: MAP_ENCODE_CHUNK + 10, projection: 'dims', dimX: 0, dimY: 1 });
    await expect(encodeTestMap(src, { count: 1, projection: 'dims', dimX: 0, dimY: 1 })).rejects.toThrow(/2…/);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('prior samples, interpolation and single digits', () => {
  it('prior samples are fixed by the seed and tile square-ish, padding with blank tiles', async () => {
    const src = withModel(source(2));
    const a = await samplePrior(src, { count: 10, seed: 1 });
    const b = await samplePrior(src, { count: 10, seed: 1 });
    const c = await samplePrior(src, { count: 10, seed: 2 });
    expect([a.cols, a.rows, a.width, a.height]).toEqual([4, 3, 112, 84]);
    expect(Array.from(a.image)).toEqual(Array.from(b.image));
    expect(maxDiff(a.image, c.image)).toBeGreaterThan(0);
    expect(Math.max(...tile(a.image, 112, 4, 11))).toBe(0);
    expect(Math.max(...tile(a.image, 112, 4, 9))).toBeGreaterThan(0);
  });

  it('the path on the device is core/latent\'s interpolationPath (lerp, slerp, and the parallel fallback)', () => {
    const cases: [number[], number[]][] = [
      [[1.5, -0.3, 0.8, 2], [-0.4, 1.1, 0.2, -0.7]],
      [[3, 0, 0, 0], [0, 0, 3, 0]],
      [[1, 1, 0, 0], [2, 2, 0, 0]],
      [[0, 0, 0, 0], [1, -1, 2, 0]],
    ];
    const before = tf.memory().numTensors;
    for (const [a, b] of cases) {
      for (const spherical of [false, true]) {
        const want = interpolationPath(a, b, 7, spherical);
        const ta = tf.tensor2d([a]);
        const tb = tf.tensor2d([b]);
        const got = interpolationPathOnDevice(ta, tb, 7, spherical);
        tf.dispose([ta, tb]);
        expect(got.shape).toEqual([7, 4]);
        const v = got.dataSync();
        want.forEach((w, i) => expect(v[i]!).toBeCloseTo(w, 4));
        got.dispose();
      }
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('the interpolation strip starts and ends with the two digits and decodes μ at both ends of the path', async () => {
    const src = withModel(source(3));
    const r = await interpolate(src, { from: 3, to: 8, steps: 6, spherical: true });
    expect([r.width, r.height, r.steps]).toEqual([8 * 28, 28, 6]);
    expect(Array.from(tile(r.image, r.width, 8, 0))).toEqual(Array.from(src.testImages.subarray(3 * 784, 4 * 784)));
    expect(Array.from(tile(r.image, r.width, 8, 7))).toEqual(Array.from(src.testImages.subarray(8 * 784, 9 * 784)));
    const mu = tf.tidy(() => src.model.encode(tf.tensor2d(src.testInputs.subarray(3 * 784, 4 * 784), [1, 784])).mu);
    const z = mu.dataSync() as Float32Array;
    mu.dispose();
    expect(maxDiff(tile(r.image, r.width, 8, 1), decodeOneByOne(src.model, z, 3)[0]!)).toBeLessThanOrEqual(1);
    await expect(interpolate(src, { from: 3, to: 99, steps: 6, spherical: false })).rejects.toThrow(/end digit/);
  });

  it('a test digit comes with its reconstruction and q(z|x)', async () => {
    const src = withModel(source(2));
    const r = await getTestDigit(src, 4);
    expect([r.width, r.height, r.index, r.label]).toEqual([56, 28, 4, 4]);
    expect(Array.from(tile(r.image, 56, 2, 0))).toEqual(Array.from(src.testImages.subarray(4 * 784, 5 * 784)));
    const q = src.model.encode(tf.tensor2d(src.testInputs.subarray(4 * 784, 5 * 784), [1, 784]));
    const mu = q.mu.dataSync();
    const sigma = tf.tidy(() => tf.exp(tf.mul(0.5, q.logVar)).dataSync());
    tf.dispose([q.mu, q.logVar]);
    r.mu.forEach((v, j) => expect(v).toBeCloseTo(mu[j]!, 5));
    r.sigma.forEach((v, j) => expect(v).toBeCloseTo(sigma[j]!, 5));
    expect(maxDiff(tile(r.image, 56, 2, 1), decodeOneByOne(src.model, Float32Array.from(mu), 2)[0]!)).toBeLessThanOrEqual(1);
  });

  it("prior, interpolation and single digits don't leak", async () => {
    const src = withModel(source(3));
    await samplePrior(src, { count: 4, seed: 1 });
    const before = tf.memory().numTensors;
    await samplePrior(src, { count: 10, seed: 3 });
    await interpolate(src, { from: 0, to: 1, steps: 5, spherical: false });
    await getTestDigit(src, 2);
    await expect(samplePrior(src, { count: 0, seed: 3 })).rejects.toThrow();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('views in chunks with a pause between them (wasm and cpu)', () => {
  it('the map and the grid call the hook between chunks, give the same result, and leave the pause out of ms', async () => {
    const n = 3 * VIEW_CHUNK + 20;
    const src = withModel(source(3, n));
    // A clock that only the pause advances: ms counts the view's own time only (0 here).
    let clock = 0;
    const spy = vi.spyOn(performance, 'now').mockImplementation(() => clock);
    let pauses = 0;
    const paused: LatentViewSource = {
      ...src,
      between: async () => {
        pauses++;
        clock += 1000;
      },
    };
    try {
      const whole = await encodeTestMap(src, { count: n, projection: 'pca', dimX: 0, dimY: 1 });
      const chunked = await encodeTestMap(paused, { count: n, projection: 'pca', dimX: 0, dimY: 1 });
      expect(pauses).toBe(3); // 4 chunks of at most VIEW_CHUNK images
      expect(chunked.ms).toBe(0);
      expect(maxDiff(chunked.points, whole.points)).toBeLessThan(1e-5);
      expect(maxDiff(chunked.cov, whole.cov)).toBeLessThan(1e-5);

      pauses = 0;
      const req = { n: 20, dimX: 0, dimY: 1, hold: 'zero' as const, selectedIndex: null };
      const grid = await decodeGrid(src, req);
      const gridChunked = await decodeGrid(paused, req);
      expect(pauses).toBe(Math.ceil(400 / VIEW_CHUNK) - 1); // 400 codes
      expect(gridChunked.ms).toBe(0);
      expect(maxDiff(gridChunked.image, grid.image)).toBeLessThanOrEqual(1);
    } finally {
      spy.mockRestore();
    }
  });

  it('a failure between chunks (the model disposed by a rebuild) leaves no tensor behind', async () => {
    const src = withModel(source(3, 2 * VIEW_CHUNK + 5));
    const before = tf.memory().numTensors;
    const failing: LatentViewSource = {
      ...src,
      between: () => Promise.reject(new Error('the model was replaced')),
    };
    await expect(encodeTestMap(failing, { count: 2 * VIEW_CHUNK + 5, projection: 'pca', dimX: 0, dimY: 1 })).rejects.toThrow('replaced');
    await expect(decodeGrid(failing, { n: 20, dimX: 0, dimY: 1, hold: 'zero', selectedIndex: null })).rejects.toThrow('replaced');
    expect(tf.memory().numTensors).toBe(before);
  });
});
