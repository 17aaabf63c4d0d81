import { gunzipSync } from 'fflate';
import { IdxFormatError, parseIdx } from '../idx';
import { ImportError, MAX_IMAGES, splitImages, type RawImage } from './types';

/** Bytes of an IDX file, gunzipped when they start with the gzip magic 1f 8b. */
export function maybeGunzip(bytes: Uint8Array, name: string): Uint8Array {
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  try {
    return gunzipSync(bytes);
  } catch (e) {
    throw new ImportError(`${name}: gzip decoding failed (${(e as Error).message}); the file is corrupt or truncated`);
  }
}

export type IdxContent = { kind: 'images'; images: RawImage[] } | { kind: 'labels'; labels: string[] };

/**
 * Reads an IDX file (gzipped or not): N×H×W unsigned bytes are images, N bytes are labels
 * (shown as their numbers), N×D with D a square is N images of √D × √D.
 */
export function readIdx(bytes: Uint8Array, name: string): IdxContent {
  let idx;
  try {
    idx = parseIdx(maybeGunzip(bytes, name), name);
  } catch (e) {
    if (e instanceof IdxFormatError) throw new ImportError(e.message);
    throw e;
  }
  const [n, a, b] = idx.dims as [number, number?, number?];
  if (idx.dims.length === 1) return { kind: 'labels', labels: Array.from(idx.data, (v) => String(v)) };
  if (n > MAX_IMAGES) throw new ImportError(`${name}: ${n} images is more than the ${MAX_IMAGES} a data set may hold`);
  if (idx.dims.length === 3) return { kind: 'images', images: splitImages(idx.data, n, a!, b!, name) };
  if (idx.dims.length === 2) {
    const side = Math.round(Math.sqrt(a!));
    if (side * side === a) return { kind: 'images', images: splitImages(idx.data, n, side, side, name) };
  }
  throw new ImportError(`${name}: shape ${idx.dims.join('×')} is not images (N×H×W or N×D with D a square) nor labels (N)`);
}
