/**
 * The checks every worker request runs on what the page sent, before anything changes: each
 * throws an Error that names the field and the accepted range.
 */
import { IMAGE_SIZE } from '../core/model';

/** Refuses anything but a whole number in lo…hi. */
export function checkInt(v: unknown, lo: number, hi: number, what: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) throw new Error(`${what} must be a whole number in ${lo}…${hi}, got ${String(v)}`);
  return v;
}

/** Refuses anything but 784 finite values in [0, 1]. */
export function checkImage(x: unknown, what = 'x'): Float32Array {
  if (!(x instanceof Float32Array)) throw new Error(`${what} must be a Float32Array of ${IMAGE_SIZE} values`);
  if (x.length !== IMAGE_SIZE) throw new Error(`${what} must have ${IMAGE_SIZE} values, got ${x.length}`);
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (!(v >= 0 && v <= 1)) throw new Error(`${what}[${i}] = ${v}: pixel values must lie in [0, 1]`);
  }
  return x;
}
