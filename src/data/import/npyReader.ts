import { ImportError, MAX_IMAGES, splitImages, toGrayBytes, type RawImage } from './types';

/**
 * NumPy .npy files (format versions 1-3): the magic "\x93NUMPY", two version bytes, the header
 * length (uint16 little-endian for version 1, uint32 for 2 and 3), a Python dict literal
 * {'descr': …, 'fortran_order': …, 'shape': (…)}, then the data in C order.
 */
export interface NpyArray {
  dtype: 'u1' | 'f4' | 'f8';
  shape: number[];
  data: Uint8Array | Float32Array | Float64Array;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];
const DTYPES: Record<string, NpyArray['dtype']> = { '|u1': 'u1', '<u1': 'u1', u1: 'u1', '|b1': 'u1', '<f4': 'f4', '<f8': 'f8' };
const ITEM_BYTES = { u1: 1, f4: 4, f8: 8 } as const;

export function parseNpy(bytes: Uint8Array, name: string): NpyArray {
  if (bytes.length < 10 || MAGIC.some((m, i) => bytes[i] !== m)) throw new ImportError(`${name}: not a NumPy .npy file (bad magic)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const major = bytes[6]!;
  if (major < 1 || major > 3) throw new ImportError(`${name}: .npy format version ${major} is not supported`);
  const headerLen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = major === 1 ? 10 : 12;
  if (start + headerLen > bytes.length) throw new ImportError(`${name}: truncated .npy header`);
  const header = new TextDecoder('latin1').decode(bytes.subarray(start, start + headerLen));
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) throw new ImportError(`${name}: unreadable .npy header`);
  const dtype = DTYPES[descr];
  if (!dtype) throw new ImportError(`${name}: dtype '${descr}' is not supported; save as uint8, float32 or float64 (little-endian)`);
  if (fortran === 'True') throw new ImportError(`${name}: Fortran-ordered arrays are not supported; save np.ascontiguousarray(a)`);
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map(Number);
  if (shape.some((d) => !Number.isInteger(d) || d < 0)) throw new ImportError(`${name}: bad shape (${shapeText})`);
  const count = shape.reduce((a, b) => a * b, 1);
  const offset = start + headerLen;
  const expected = count * ITEM_BYTES[dtype];
  if (bytes.length - offset !== expected) {
    throw new ImportError(`${name}: shape (${shape.join(', ')}) needs ${expected} bytes of data but the file has ${bytes.length - offset}`);
  }
  // Copy to an aligned buffer: the data may start at any offset.
  const raw = bytes.slice(offset, offset + expected).buffer;
  const data = dtype === 'u1' ? new Uint8Array(raw) : dtype === 'f4' ? new Float32Array(raw) : new Float64Array(raw);
  return { dtype, shape, data };
}

export type NpyContent = { kind: 'images'; images: RawImage[] } | { kind: 'labels'; labels: string[] };

/**
 * An .npy of images: N×H×W (N×H×W×1 too), or N×D with D a square (N×784 is N 28×28 images).
 * A 1-D array is labels. Values 0..1 or 0..255.
 */
export function readNpy(bytes: Uint8Array, name: string): NpyContent {
  const a = parseNpy(bytes, name);
  const s = a.shape;
  if (s.length === 1) return { kind: 'labels', labels: Array.from(a.data, (v) => String(v)) };
  const n = s[0]!;
  if (n > MAX_IMAGES) throw new ImportError(`${name}: ${n} images is more than the ${MAX_IMAGES} a data set may hold`);
  let h: number | null = null;
  let w: number | null = null;
  if (s.length === 3 || (s.length === 4 && s[3] === 1)) [h, w] = [s[1]!, s[2]!];
  else if (s.length === 2) {
    const side = Math.round(Math.sqrt(s[1]!));
    if (side * side === s[1]) [h, w] = [side, side];
  }
  if (h === null || w === null || h === 0 || w === 0) {
    throw new ImportError(`${name}: shape (${s.join(', ')}) is not supported; expected N×28×28, N×784 or N×H×W`);
  }
  return { kind: 'images', images: splitImages(toGrayBytes(a.data, name), n, h, w, name) };
}

/** Builds an .npy (version 1) file; for tests. */
export function encodeNpy(descr: string, shape: number[], data: Uint8Array | Float32Array | Float64Array): Uint8Array {
  const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const pad = 64 - ((10 + dict.length + 1) % 64);
  const header = dict + ' '.repeat(pad % 64) + '\n';
  const out = new Uint8Array(10 + header.length + data.byteLength);
  out.set(MAGIC, 0);
  out[6] = 1;
  new DataView(out.buffer).setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), 10 + header.length);
  return out;
}
