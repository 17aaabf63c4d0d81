import { describe, expect, it } from 'vitest';
import { centerOfMass, inkBoundingBox, MNIST_CENTER } from '../preprocess';
import { borderMean, proposeDecoder, proposeInvert, sizeReport, suggestLatent, valueRange } from './analysis';
import { frameBytes, toFrame } from './frame';
import { fnv1a } from './hash';
import { datasetHash, labelIndex, prepareImages, toTrainingData, type UserDataset } from './prepare';
import { splitIndices } from './split';
import type { RawImage } from './types';

function raw(width: number, height: number, f: (u: number, v: number) => number, label: string | null = null): RawImage {
  const gray = new Uint8Array(width * height);
  for (let v = 0; v < height; v++) for (let u = 0; u < width; u++) gray[v * width + u] = f(u, v);
  return { width, height, gray, label, source: 'test' };
}

describe('toFrame', () => {
  it('fits a 56×28 image into 28×28 keeping its aspect ratio: 28×14, centred vertically', () => {
    // scale 28/56 = 0.5: the image covers rows 7..20 (offset (28 − 14)/2 = 7) entirely.
    const f = toFrame(raw(56, 28, () => 255), { invert: false, centre: false });
    for (let v = 0; v < 28; v++) expect(f[v * 28 + 13]).toBe(v >= 7 && v < 21 ? 1 : 0);
  });
  it('takes a 28×28 image as it is, inverted when asked: v = 1 − g/255', () => {
    const im = raw(28, 28, (u) => (u === 3 ? 0 : 255));
    const f = toFrame(im, { invert: true, centre: false });
    expect([f[3], f[4], f[28 + 3]]).toEqual([1, 0, 1]);
  });
  it('centres by mass as MNIST: ink box scaled to 20, centre of mass at (14, 14)', () => {
    // dark ink block off-centre on a light 60×30 page, inverted
    const im = raw(60, 30, (u, v) => (u >= 5 && u < 25 && v >= 2 && v < 12 ? 0 : 255));
    const f = toFrame(im, { invert: true, centre: true });
    const com = centerOfMass(f)!;
    expect(com.cx).toBeCloseTo(MNIST_CENTER, 4);
    expect(com.cy).toBeCloseTo(MNIST_CENTER, 4);
    const box = inkBoundingBox(Array.from(f, (x) => (x > 1e-6 ? x : 0)), 28, 28)!;
    // 20×10 ink scaled by 20/20 = 1: 20 columns wide (up to a sub-pixel shift spreading into a 21st)
    expect(box.x1 - box.x0).toBeGreaterThanOrEqual(20);
    expect(box.x1 - box.x0).toBeLessThanOrEqual(21);
  });
  it('a blank image stays blank with centring; bytes are round(255·v)', () => {
    expect(toFrame(raw(10, 10, () => 0), { invert: false, centre: true }).every((x) => x === 0)).toBe(true);
    expect(Array.from(frameBytes(Float32Array.of(0, 0.5, 1, 1.2)))).toEqual([0, 128, 255, 255]);
  });
});

describe('proposals', () => {
  it('borderMean is the mean of the outer ring', () => {
    // 3×3: ring of 8 pixels at 255 except one at 0, centre 0 → 7·255/8/255 = 0.875
    expect(borderMean(raw(3, 3, (u, v) => (u === 1 && v === 1) || (u === 0 && v === 0) ? 0 : 255))).toBeCloseTo(0.875, 10);
  });
  it('proposes inversion when most images have a light border, not otherwise', () => {
    const light = raw(4, 4, () => 230);
    const dark = raw(4, 4, () => 10);
    expect(proposeInvert([light, light, dark])).toEqual({ invert: true, lightShare: 2 / 3 });
    expect(proposeInvert([light, dark, dark])).toEqual({ invert: false, lightShare: 1 / 3 });
  });
  it('Bernoulli for near-binary ink, Gaussian for grey levels', () => {
    // ink pixels 255, 128, 255, 255: one of four in [0.25, 0.75] → 0.25 < 0.35
    const binary = new Uint8Array(784);
    binary.set([255, 128, 255, 255, 0, 3]);
    expect(proposeDecoder(binary)).toEqual({ decoder: 'bernoulli', greyShare: 0.25 });
    const grey = new Uint8Array(784);
    grey.set([128, 100, 255]); // 100/255 = 0.39 and 128/255 = 0.50 are grey: 2/3
    expect(proposeDecoder(grey)).toEqual({ decoder: 'gaussian', greyShare: 2 / 3 });
  });
  it('latent size by the number of training images', () => {
    expect([suggestLatent(500), suggestLatent(1999), suggestLatent(2000), suggestLatent(60000)]).toEqual([2, 2, 10, 20]);
  });
  it('reports mixed sizes and the value range', () => {
    const ims = [raw(2, 2, () => 7), raw(2, 2, () => 200), raw(3, 1, () => 9)];
    expect(sizeReport(ims)).toEqual({ sizes: { '2×2': 2, '3×1': 1 }, mixed: true });
    expect(valueRange(ims)).toEqual({ min: 7, max: 200 });
  });
});

describe('splitIndices', () => {
  it('is seeded, disjoint, covers every image and keeps 10 % for test', () => {
    const a = splitIndices(95, 0.1, 7);
    expect(a.test.length).toBe(10); // round(9.5) = 10
    expect(a.train.length).toBe(85);
    const all = [...a.train, ...a.test].sort((x, y) => x - y);
    expect(all).toEqual(Array.from({ length: 95 }, (_, i) => i));
    expect(splitIndices(95, 0.1, 7)).toEqual(a);
    expect(Array.from(splitIndices(95, 0.1, 8).test)).not.toEqual(Array.from(a.test));
  });
  it('keeps one test image for tiny sets and refuses fewer than two images', () => {
    expect(splitIndices(3, 0.1, 1).test.length).toBe(1);
    expect(() => splitIndices(1)).toThrow(/at least 2 images/);
  });
});

describe('hash and labels', () => {
  it('FNV-1a 32-bit matches its published test vectors', () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(fnv1a([])).toBe('811c9dc5');
    expect(fnv1a([enc('a')])).toBe('e40c292c');
    expect(fnv1a([enc('foo'), enc('bar')])).toBe(fnv1a([enc('foobar')]));
    expect(fnv1a([enc('foobar')])).toBe('bf9cf968');
  });
  it('labels become sorted class indices, numbers numerically; missing ones are "(none)"', () => {
    expect(labelIndex(['10', '2', '2'])).toEqual({ classNames: ['2', '10'], indices: Uint8Array.of(1, 0, 0), note: null });
    expect(labelIndex(['b', null, 'a']).classNames).toEqual(['(none)', 'a', 'b']);
    expect(labelIndex([null, null]).classNames).toEqual([]);
  });
});

describe('prepareImages and toTrainingData', () => {
  it('refuses an empty set; gathers images and labels of the split', () => {
    expect(() => prepareImages([], { invert: false, centre: false })).toThrow(/empty/);
    const n = 20;
    const raws = Array.from({ length: n }, (_, i) => raw(28, 28, () => i, String(i % 3)));
    const images = prepareImages(raws, { invert: false, centre: false });
    const { classNames, indices } = labelIndex(raws.map((r) => r.label));
    const set: UserDataset = { name: 's', hash: datasetHash(images, indices, classNames), n, images, labels: indices, classNames, testShare: 0.1, seed: 3 };
    const d = toTrainingData(set);
    const { train, test } = splitIndices(n, 0.1, 3);
    expect([d.nTrain, d.nTest]).toEqual([18, 2]);
    train.forEach((j, k) => {
      expect(d.trainImages[k * 784 + 100]).toBe(j);
      expect(d.trainLabels[k]).toBe(j % 3);
    });
    test.forEach((j, k) => expect(d.testImages[k * 784]).toBe(j));
    expect(() => toTrainingData({ ...set, n: 21 })).toThrow(/do not make 21 images/);
  });
  it('the hash changes with one pixel or one label', () => {
    const im = new Uint8Array(784 * 2);
    const lb = Uint8Array.of(0, 1);
    const h = datasetHash(im, lb, ['a', 'b']);
    const im2 = im.slice();
    im2[500] = 1;
    expect(datasetHash(im2, lb, ['a', 'b'])).not.toBe(h);
    expect(datasetHash(im, Uint8Array.of(1, 1), ['a', 'b'])).not.toBe(h);
  });
});
