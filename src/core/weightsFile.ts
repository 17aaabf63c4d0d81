/**
 * A compact binary file for a trained VAE's weights (the pretrained models under
 * public/pretrained/). Layout, all integers little-endian:
 *
 *   offset 0   4 bytes   magic "VAEW"
 *   offset 4   uint32    format version (WEIGHTS_FILE_VERSION)
 *   offset 8   uint32    H, byte length of the header
 *   offset 12  H bytes   header: UTF-8 JSON, a WeightsHeader (config, training record,
 *                        tensors with name, shape and, for int8, their scale)
 *   then       zero padding to a multiple of 4 bytes
 *   then       the tensors' values, in header order, with no gaps:
 *              - dtype "float32": IEEE 754 binary32, 4 bytes per value (exact: saved runs);
 *              - dtype "float16": IEEE 754 binary16, 2 bytes per value (round to nearest even);
 *              - dtype "int8": signed bytes q with value = q · scale, per tensor
 *                scale = max|w| / 127 (symmetric, q ∈ [−127, 127]).
 *
 * The header's `dataBytes` and `crc32` (CRC-32/ISO-HDLC of the value bytes) let a reader refuse a
 * truncated or altered file before anything is replaced. Pure TypeScript: no tfjs, no DOM.
 */
import type { Config } from './config';

export const WEIGHTS_FILE_MAGIC = 'VAEW';
export const WEIGHTS_FILE_VERSION = 1;
export type WeightsDtype = 'float32' | 'float16' | 'int8';

export interface TensorEntry {
  name: string;
  shape: number[];
  /** int8 only: value = q · scale. */
  scale?: number;
}

export interface WeightsHeader {
  dtype: WeightsDtype;
  /** The full training config; the network's shape is read from it. */
  config: Config;
  /** How the weights were obtained (samples seen, steps, backend, command). */
  trainedOn?: Record<string, unknown>;
  /** Test-set figures measured on the weights as stored (after quantization). */
  test?: Record<string, unknown>;
  tensors: TensorEntry[];
  /** Byte length of the value section. */
  dataBytes: number;
  /** CRC-32 of the value section. */
  crc32: number;
  /** A saved run's record (see runFile.ts): steps, optimizer, name, metric history. */
  run?: unknown;
}

export class WeightsFileError extends Error {
  override name = 'WeightsFileError';
}

// ------------------------------------------------------------------ float16

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** IEEE 754 binary32 → binary16 bits, rounding to nearest even; overflow gives ±Infinity. */
export function toFloat16Bits(value: number): number {
  f32[0] = value;
  const x = u32[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0); // Inf or NaN
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00; // overflow
  if (e <= 0) {
    // Subnormal half (or zero): shift the implicit 1 in, round to nearest even.
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    const half = 1 << (shift - 1);
    const rest = mant & ((1 << shift) - 1);
    let m = mant >>> shift;
    if (rest > half || (rest === half && (m & 1))) m++;
    return sign | m;
  }
  let h = sign | (e << 10) | (mant >>> 13);
  const rest = mant & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && (h & 1))) h++; // may carry into the exponent: correct
  return h;
}

/** binary16 bits → number. */
export function fromFloat16Bits(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >>> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 0x1f) return mant ? NaN : sign * Infinity;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

// ------------------------------------------------------------------ CRC-32

let crcTable: Uint32Array | null = null;

/** CRC-32 (ISO-HDLC, the zip/PNG polynomial 0xEDB88320). */
export function crc32(bytes: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = crcTable[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

// ------------------------------------------------------------------ encode / decode

const bytesPer = (dtype: WeightsDtype) => (dtype === 'float32' ? 4 : dtype === 'float16' ? 2 : 1);
const sizeOf = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

export interface EncodeOptions {
  dtype: WeightsDtype;
  config: Config;
  names: string[];
  shapes: number[][];
  trainedOn?: Record<string, unknown>;
  test?: Record<string, unknown>;
  run?: unknown;
}

/** Writes weights (one Float32Array per tensor, in the model's variable order) as a weights file. */
export function encodeWeightsFile(weights: Float32Array[], opts: EncodeOptions): Uint8Array {
  if (weights.length !== opts.shapes.length || weights.length !== opts.names.length) {
    throw new WeightsFileError(`${weights.length} tensors but ${opts.shapes.length} shapes and ${opts.names.length} names`);
  }
  const per = bytesPer(opts.dtype);
  const total = weights.reduce((n, w) => n + w.length, 0);
  const data = new Uint8Array(total * per);
  const view = new DataView(data.buffer);
  const tensors: TensorEntry[] = [];
  let o = 0;
  weights.forEach((w, t) => {
    const shape = opts.shapes[t]!;
    if (sizeOf(shape) !== w.length) throw new WeightsFileError(`tensor ${opts.names[t]}: shape ${shape} but ${w.length} values`);
    const entry: TensorEntry = { name: opts.names[t]!, shape: [...shape] };
    if (opts.dtype === 'float32') {
      for (let i = 0; i < w.length; i++, o += 4) view.setFloat32(o, w[i]!, true);
    } else if (opts.dtype === 'float16') {
      for (let i = 0; i < w.length; i++, o += 2) view.setUint16(o, toFloat16Bits(w[i]!), true);
    } else {
      let max = 0;
      for (let i = 0; i < w.length; i++) max = Math.max(max, Math.abs(w[i]!));
      const scale = max > 0 ? max / 127 : 1;
      entry.scale = scale;
      for (let i = 0; i < w.length; i++, o++) view.setInt8(o, Math.max(-127, Math.min(127, Math.round(w[i]! / scale))));
    }
    tensors.push(entry);
  });
  const header: WeightsHeader = {
    dtype: opts.dtype,
    config: opts.config,
    ...(opts.trainedOn ? { trainedOn: opts.trainedOn } : {}),
    ...(opts.test ? { test: opts.test } : {}),
    ...(opts.run !== undefined ? { run: opts.run } : {}),
    tensors,
    dataBytes: data.length,
    crc32: crc32(data),
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const start = Math.ceil((12 + json.length) / 4) * 4;
  const out = new Uint8Array(start + data.length);
  out.set(new TextEncoder().encode(WEIGHTS_FILE_MAGIC), 0);
  const dv = new DataView(out.buffer);
  dv.setUint32(4, WEIGHTS_FILE_VERSION, true);
  dv.setUint32(8, json.length, true);
  out.set(json, 12);
  out.set(data, start);
  return out;
}

export interface DecodedWeights {
  header: WeightsHeader;
  /** One Float32Array per tensor, in header order. */
  weights: Float32Array[];
}

/**
 * Reads a weights file. Refuses (WeightsFileError, saying what was expected) a wrong magic or
 * version, a header that is not valid JSON or lacks fields, a size or checksum mismatch, and
 * any value that is not finite. Does not check the shapes against a model (see checkShapes).
 */
export function decodeWeightsFile(bytes: Uint8Array): DecodedWeights {
  if (bytes.length < 12) throw new WeightsFileError(`file too short (${bytes.length} bytes)`);
  const magic = new TextDecoder().decode(bytes.subarray(0, 4));
  if (magic !== WEIGHTS_FILE_MAGIC) throw new WeightsFileError(`not a weights file (magic "${magic}", expected "${WEIGHTS_FILE_MAGIC}")`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = dv.getUint32(4, true);
  if (version !== WEIGHTS_FILE_VERSION) throw new WeightsFileError(`format version ${version}, expected ${WEIGHTS_FILE_VERSION}`);
  const h = dv.getUint32(8, true);
  if (12 + h > bytes.length) throw new WeightsFileError(`header of ${h} bytes runs past the end of the file`);
  let header: WeightsHeader;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(12, 12 + h))) as WeightsHeader;
  } catch (e) {
    throw new WeightsFileError(`header is not valid JSON: ${(e as Error).message}`);
  }
  if (!header || (header.dtype !== 'float32' && header.dtype !== 'float16' && header.dtype !== 'int8')) {
    throw new WeightsFileError(`header dtype ${JSON.stringify(header?.dtype)}, expected "float32", "float16" or "int8"`);
  }
  if (!Array.isArray(header.tensors) || !header.config || typeof header.config !== 'object') {
    throw new WeightsFileError('header lacks tensors or config');
  }
  const per = bytesPer(header.dtype);
  let count = 0;
  for (const t of header.tensors) {
    if (!Array.isArray(t.shape) || !t.shape.every((d) => Number.isInteger(d) && d > 0)) {
      throw new WeightsFileError(`tensor ${t.name}: invalid shape ${JSON.stringify(t.shape)}`);
    }
    if (header.dtype === 'int8' && !(typeof t.scale === 'number' && Number.isFinite(t.scale) && t.scale > 0)) {
      throw new WeightsFileError(`tensor ${t.name}: invalid int8 scale ${JSON.stringify(t.scale)}`);
    }
    count += sizeOf(t.shape);
  }
  const start = Math.ceil((12 + h) / 4) * 4;
  const dataBytes = count * per;
  if (header.dataBytes !== dataBytes) throw new WeightsFileError(`header says ${header.dataBytes} value bytes, the shapes need ${dataBytes}`);
  if (bytes.length !== start + dataBytes) {
    throw new WeightsFileError(`file has ${bytes.length} bytes, expected ${start + dataBytes} (truncated or padded)`);
  }
  const data = bytes.subarray(start);
  const crc = crc32(data);
  if (crc !== header.crc32) throw new WeightsFileError(`checksum mismatch (CRC-32 ${crc}, header says ${header.crc32}): the file is corrupt`);
  const weights: Float32Array[] = [];
  let o = start;
  for (const t of header.tensors) {
    const n = sizeOf(t.shape);
    const w = new Float32Array(n);
    if (header.dtype === 'float32') {
      for (let i = 0; i < n; i++, o += 4) w[i] = dv.getFloat32(o, true);
    } else if (header.dtype === 'float16') {
      for (let i = 0; i < n; i++, o += 2) w[i] = fromFloat16Bits(dv.getUint16(o, true));
    } else {
      for (let i = 0; i < n; i++, o++) w[i] = dv.getInt8(o) * t.scale!;
    }
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(w[i]!)) throw new WeightsFileError(`tensor ${t.name}: value ${i} is not finite`);
    }
    weights.push(w);
  }
  return { header, weights };
}

/** Refuses a file whose tensor shapes are not `expected` (the shapes of a model built from its config). */
export function checkShapes(header: WeightsHeader, expected: number[][]): void {
  if (header.tensors.length !== expected.length) {
    throw new WeightsFileError(`file has ${header.tensors.length} tensors, the model has ${expected.length}`);
  }
  header.tensors.forEach((t, i) => {
    const want = expected[i]!;
    if (t.shape.length !== want.length || t.shape.some((d, j) => d !== want[j])) {
      throw new WeightsFileError(`tensor ${i} (${t.name}) has shape [${t.shape}], the model expects [${want}]`);
    }
  });
}
