import * as tf from './tf';
import { binarizeDynamic, toUnitFloat } from './binarize';
import type { DecoderFamily } from './config';
import { gatherBinarized } from './deviceBinarize';

/** Bytes of a resident training set: float32 intensities, 784 per image. */
export function residentBytes(nImages: number, pixels = 784): number {
  return nImages * pixels * 4;
}

/** Largest resident training set per backend, in bytes (see fitsOnDevice). */
export const RESIDENT_BUDGET_BYTES: Readonly<Record<string, number>> = {
  webgl: 256 * 2 ** 20,
  webgpu: 256 * 2 ** 20,
  wasm: 0,
  cpu: 0,
};

/**
 * Whether the training set is kept on the device as one resident tensor (per step only the
 * M batch indices are uploaded, and the batch is drawn with tf.gather) or uploaded batch by
 * batch from the page-side bytes. The rule:
 * - WebGL and WebGPU: when the float32 set (MNIST: 60,000 × 784 × 4 B = 188 MB) fits in
 *   256 MiB, and on WebGPU also in one storage buffer binding (the device's
 *   maxStorageBufferBindingSize; tfjs asks for the adapter's maximum, the default is 128 MiB).
 *   On WebGL also when it fits one texture (MAX_TEXTURE_SIZE², one value per texel).
 *   The per-step upload (400 kB for M = 128) and its float conversion leave the step, and
 *   GPU memory is normally the larger pool. 256 MiB stays well inside what integrated GPUs
 *   give a tab; a bigger data set falls back to per-batch uploads.
 * - wasm and cpu: never. Their "device" is the worker's own memory: a resident float32 copy
 *   quadruples the 47 MB of bytes already held, and a gather costs what the upload costs
 *   (a copy of M rows); the bench measured no gain (docs/performance.md).
 */
export function fitsOnDevice(bytes: number, backend: string, limits: DeviceLimits = {}): boolean {
  const budget = RESIDENT_BUDGET_BYTES[backend] ?? 0;
  if (bytes > budget) return false;
  if (backend === 'webgpu' && limits.maxBindingBytes != null && bytes > limits.maxBindingBytes) return false;
  // WebGL keeps an unpacked float32 tensor as one value per texel of one texture.
  if (backend === 'webgl' && limits.maxTextureSize != null && bytes / 4 > limits.maxTextureSize ** 2) return false;
  return true;
}

/** What bounds one tensor on a GPU backend. */
export interface DeviceLimits {
  /** WebGPU: the device's maxStorageBufferBindingSize. */
  maxBindingBytes?: number;
  /** WebGL: MAX_TEXTURE_SIZE (texels per side). */
  maxTextureSize?: number;
}

/** The training images as float32 intensities in [0, 1] on the device: [n, 784]. */
export function residentImages(images: Uint8Array, pixels = 784): tf.Tensor2D {
  // The same arithmetic as BatchSampler.next (byte / 255 rounded to float32), so that a
  // gathered batch equals the uploaded one bit for bit.
  return tf.tensor2d(toUnitFloat(images), [images.length / pixels, pixels]);
}

/**
 * Where training batches come from: the decoder's targets for the next M images [M, 784];
 * the caller disposes them. Bernoulli decoder: dynamic binarization, x ~ Bernoulli(intensity),
 * drawn afresh for every batch with the counter-based noise of core/binarize.ts under `seed`
 * (docs/architecture.md). Gaussian decoder: the intensities themselves.
 */
export interface BatchSource {
  targets(m: number, decoder: DecoderFamily, seed: number): tf.Tensor2D;
  /** True when the images are gathered from a resident tensor on the device. */
  readonly resident: boolean;
}

/** Minimal index stream (BatchSampler): indices of the next M images, and their bytes on the host. */
export interface IndexStream {
  nextIndices(m: number): Uint32Array;
  next(m: number): { pixels: Float32Array; indices: Uint32Array };
}

/**
 * Batches uploaded from the host for every step (BatchSampler's pixels), binarized here
 * before the upload: one upload of the targets, nothing else crosses.
 */
export class HostBatches implements BatchSource {
  readonly resident = false;
  constructor(private readonly sampler: IndexStream) {}
  targets(m: number, decoder: DecoderFamily, seed: number): tf.Tensor2D {
    const { pixels } = this.sampler.next(m);
    if (decoder === 'bernoulli') binarizeDynamic(pixels, seed);
    return tf.tensor2d(pixels, [m, pixels.length / m]);
  }
}

/**
 * Batches gathered on the device from a resident tensor: per step only the M indices are
 * uploaded, and on WebGL/WebGPU one kernel gathers and binarizes (gatherBinarized). The same
 * index stream and noise as HostBatches, so the same seed draws the same targets bit for
 * bit. Does not own `images` (the caller disposes it).
 */
export class DeviceBatches implements BatchSource {
  readonly resident = true;
  constructor(
    private readonly sampler: IndexStream,
    private readonly images: tf.Tensor2D,
  ) {}
  targets(m: number, decoder: DecoderFamily, seed: number): tf.Tensor2D {
    const indices = Int32Array.from(this.sampler.nextIndices(m));
    if (decoder === 'bernoulli') return gatherBinarized(this.images, indices, seed);
    return tf.tidy(() => tf.gather(this.images, tf.tensor1d(indices, 'int32')));
  }
}
