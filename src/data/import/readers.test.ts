import { describe, expect, it } from 'vitest';
import { gzipSync, zipSync } from 'fflate';
import { encodeIdx } from '../idx';
import { readIdx } from './idxReader';
import { encodeNpy, readNpy } from './npyReader';
import { readCsv } from './csvReader';
import { readZip } from './zipReader';
import { grayFromRGBA } from './rgba';
import { ImportError } from './types';

const bytes = (n: number, f: (i: number) => number) => Uint8Array.from({ length: n }, (_, i) => f(i));

describe('IDX reader', () => {
  const data = bytes(2 * 3 * 4, (i) => i * 10);
  it('reads N×H×W images, plain and gzipped, image by image', () => {
    for (const file of [encodeIdx([2, 3, 4], data), gzipSync(encodeIdx([2, 3, 4], data))]) {
      const r = readIdx(file, 'a.idx');
      expect(r.kind).toBe('images');
      if (r.kind !== 'images') return;
      expect(r.images.map((im) => [im.width, im.height])).toEqual([[4, 3], [4, 3]]);
      expect(Array.from(r.images[1]!.gray)).toEqual(Array.from(data.subarray(12)));
    }
  });
  it('reads N×D with D square as √D×√D images, and a 1-D file as labels', () => {
    const r = readIdx(encodeIdx([1, 9], bytes(9, (i) => i)), 'b.idx');
    expect(r.kind === 'images' && [r.images[0]!.width, r.images[0]!.height]).toEqual([3, 3]);
    expect(readIdx(encodeIdx([3], Uint8Array.of(7, 0, 2)), 'l.idx')).toEqual({ kind: 'labels', labels: ['7', '0', '2'] });
  });
  it('refuses a truncated file, a corrupt gzip and a non-image shape, naming the file', () => {
    const good = encodeIdx([2, 3, 4], data);
    expect(() => readIdx(good.subarray(0, good.length - 1), 'cut.idx')).toThrow(/cut\.idx.*truncated/);
    const gz = gzipSync(good);
    gz[12] = gz[12]! ^ 0xff;
    gz[13] = gz[13]! ^ 0xff;
    expect(() => readIdx(gz.subarray(0, 20), 'bad.idx.gz')).toThrow(/bad\.idx\.gz: gzip decoding failed/);
    expect(() => readIdx(encodeIdx([2, 5], bytes(10, () => 0)), 'odd.idx')).toThrow(/odd\.idx: shape 2×5/);
  });
});

describe('NumPy reader', () => {
  it('reads uint8 N×H×W, float32 N×784 in [0,1] and float64 in [0,255]', () => {
    const u8 = readNpy(encodeNpy('|u1', [2, 2, 3], bytes(12, (i) => i * 20)), 'u.npy');
    expect(u8.kind === 'images' && Array.from(u8.images[1]!.gray)).toEqual([120, 140, 160, 180, 200, 220]);
    const f32 = Float32Array.from({ length: 784 }, (_, i) => (i === 5 ? 1 : i === 6 ? 0.5 : 0));
    const r = readNpy(encodeNpy('<f4', [1, 784], f32), 'f.npy');
    if (r.kind !== 'images') throw new Error('expected images');
    expect([r.images[0]!.width, r.images[0]!.height, r.images[0]!.gray[5], r.images[0]!.gray[6]]).toEqual([28, 28, 255, 128]);
    const f64 = readNpy(encodeNpy('<f8', [1, 2, 2], Float64Array.of(0, 10, 200, 255)), 'd.npy');
    expect(f64.kind === 'images' && Array.from(f64.images[0]!.gray)).toEqual([0, 10, 200, 255]);
    expect(readNpy(encodeNpy('<f8', [2], Float64Array.of(3, 1)), 'y.npy')).toEqual({ kind: 'labels', labels: ['3', '1'] });
  });
  it('says which dtype or shape it cannot take', () => {
    expect(() => readNpy(encodeNpy('<i8', [1, 2, 2], new Float64Array(4)), 'i.npy')).toThrow(/i\.npy: dtype '<i8' is not supported/);
    expect(() => readNpy(encodeNpy('|u1', [2, 5], new Uint8Array(10)), 's.npy')).toThrow(/s\.npy: shape \(2, 5\) is not supported/);
    expect(() => readNpy(encodeNpy('<f4', [1, 2, 2], Float32Array.of(0, 1, 300, 2)), 'r.npy')).toThrow(/values range from 0 to 300/);
    expect(() => readNpy(Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11), 'x.npy')).toThrow(/x\.npy: not a NumPy/);
    const cut = encodeNpy('|u1', [2, 2, 2], new Uint8Array(8));
    expect(() => readNpy(cut.subarray(0, cut.length - 3), 'c.npy')).toThrow(/needs 8 bytes of data but the file has 5/);
  });
});

describe('CSV reader', () => {
  const row = (label: string | null, px: number[]) => [...(label === null ? [] : [label]), ...px].join(',');
  it('detects a first label column (D + 1 cells) and values 0..255', () => {
    const text = [row('cat', [0, 255, 0, 255]), row('dog', [255, 0, 0, 0])].join('\n');
    const imgs = readCsv(text, 'a.csv');
    expect(imgs.map((i) => i.label)).toEqual(['cat', 'dog']);
    expect(Array.from(imgs[0]!.gray)).toEqual([0, 255, 0, 255]);
    expect([imgs[0]!.width, imgs[0]!.height]).toEqual([2, 2]);
  });
  it('takes a header naming the label column wherever it is, and 0..1 values', () => {
    const text = 'p0,p1,p2,p3,label\n0,1,0.5,0,7\n1,1,1,1,3\n';
    const imgs = readCsv(text, 'h.csv');
    expect(imgs.map((i) => i.label)).toEqual(['7', '3']);
    expect(Array.from(imgs[0]!.gray)).toEqual([0, 255, 128, 0]);
  });
  it('rows of a square number of cells have no label', () => {
    expect(readCsv('1,2,3,4\n5,6,7,8', 'n.csv').map((i) => i.label)).toEqual([null, null]);
  });
  it('names the line of a ragged row or a bad cell', () => {
    expect(() => readCsv('1,2,3,4\n5,6,7', 'r.csv')).toThrow(/r\.csv: line 2 has 3 cells/);
    expect(() => readCsv('1,2,3,4\n5,x,7,8', 'x.csv')).toThrow(/x\.csv: line 2, column 2: "x" is not a number/);
    expect(() => readCsv('1,2,3', 'three.csv')).toThrow(/3 columns per row is not a square image/);
    expect(() => readCsv('\n\n', 'e.csv')).toThrow(/e\.csv: the file is empty/);
  });
});

describe('zip reader', () => {
  const png = Uint8Array.of(0x89, 0x50, 0x4e, 0x47);
  it('labels images by their folder and skips other files', () => {
    const zip = zipSync({ 'set/cats/a.png': png, 'set/dogs/b.JPG': png, 'set/readme.txt': Uint8Array.of(1), '__MACOSX/set/cats/._a.png': png });
    const r = readZip(zip, 'pets.zip');
    expect(r.map((e) => [e.name, e.label])).toEqual([
      ['pets.zip/set/cats/a.png', 'cats'],
      ['pets.zip/set/dogs/b.JPG', 'dogs'],
    ]);
  });
  it('gives no labels without sub-folders', () => {
    expect(readZip(zipSync({ 'a.png': png, 'b.webp': png }), 'z.zip').map((e) => e.label)).toEqual([null, null]);
  });
  it('refuses a zip without images and a file that is no zip', () => {
    expect(() => readZip(zipSync({ 'a.txt': png }), 'docs.zip')).toThrow(/docs\.zip: the zip holds no images/);
    expect(() => readZip(Uint8Array.of(1, 2, 3, 4, 5), 'junk.zip')).toThrow(ImportError);
    expect(() => readZip(Uint8Array.of(1, 2, 3, 4, 5), 'junk.zip')).toThrow(/junk\.zip: not a readable zip/);
  });
});

describe('grayFromRGBA', () => {
  it('is BT.601 luminance composited over white by alpha', () => {
    // red opaque: 0.299·255 = 76.2 → 76; green at alpha 51 (0.2): 0.2·0.587·255 + 0.8·255 = 233.9 → 234; transparent: 255
    const g = grayFromRGBA(Uint8Array.of(255, 0, 0, 255, 0, 255, 0, 51, 0, 0, 0, 0), 3, 1);
    expect(Array.from(g)).toEqual([76, 234, 255]);
  });
});
