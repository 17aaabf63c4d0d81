/**
 * IDX file parsing (the format MNIST is distributed in, http-free description):
 *   bytes 0-1: zero, byte 2: element type (0x08 = unsigned byte), byte 3: number of dimensions d,
 *   then d big-endian uint32 sizes, then the data, row-major.
 * The parser checks the header and that the payload has exactly the declared size, so a
 * truncated or padded file is refused with a message instead of producing garbage digits.
 */
export interface IdxArray {
  /** Sizes of each dimension, e.g. [60000, 28, 28]. */
  dims: number[];
  /** The unsigned-byte payload (a view into the input buffer). */
  data: Uint8Array;
}

export class IdxFormatError extends Error {
  override name = 'IdxFormatError';
}

const UBYTE = 0x08;

export function parseIdx(buffer: ArrayBuffer | Uint8Array, what = 'IDX file'): IdxArray {
  const bytes = buffer instanceof Uint8Array ? buffer : new Uint8Array(buffer);
  if (bytes.length < 4) throw new IdxFormatError(`${what}: ${bytes.length} bytes is too short for an IDX header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint16(0) !== 0) throw new IdxFormatError(`${what}: bad magic number (not an IDX file)`);
  const type = view.getUint8(2);
  if (type !== UBYTE) throw new IdxFormatError(`${what}: element type 0x${type.toString(16)} is not unsigned byte`);
  const ndim = view.getUint8(3);
  if (ndim < 1 || ndim > 4) throw new IdxFormatError(`${what}: ${ndim} dimensions is not supported`);
  const headerBytes = 4 + 4 * ndim;
  if (bytes.length < headerBytes) throw new IdxFormatError(`${what}: truncated header`);
  const dims: number[] = [];
  for (let i = 0; i < ndim; i++) dims.push(view.getUint32(4 + 4 * i));
  const expected = dims.reduce((a, b) => a * b, 1);
  const actual = bytes.length - headerBytes;
  if (actual !== expected) {
    throw new IdxFormatError(
      `${what}: header declares ${dims.join('×')} = ${expected} bytes of data but the file has ${actual}` +
        (actual < expected ? ' (truncated download or corrupt file)' : ''),
    );
  }
  return { dims, data: bytes.subarray(headerBytes) };
}

/** Builds an IDX unsigned-byte file; used by tests and by the data build step's checks. */
export function encodeIdx(dims: number[], data: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + data.length);
  const view = new DataView(out.buffer);
  view.setUint8(2, UBYTE);
  view.setUint8(3, dims.length);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d));
  out.set(data, 4 + 4 * dims.length);
  return out;
}
