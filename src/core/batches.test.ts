import * as tf from './tf';
import { describe, expect, it } from 'vitest';
import { BatchSampler, PIXELS } from '../data/sampler';
import { binarizeDynamic } from './binarize';
import { DeviceBatches, fitsOnDevice, HostBatches, residentBytes, residentImages } from './batches';
import { binarizeKernel } from './deviceBinarize';

/** n images of distinct content: every byte depends on the image and the pixel. */
function images(n: number): Uint8Array {
  const out = new Uint8Array(n * PIXELS);
  for (let i = 0; i < out.length; i++) out[i] = (Math.floor(i / PIXELS) * 37 + (i % PIXELS) * 11) % 256;
  return out;
}

describe('DeviceBatches (training set resident on the device)', () => {
  it('draws exactly the images the host sampler draws for the same seed, across epochs', () => {
    const n = 23;
    const bytes = images(n);
    const resident = residentImages(bytes);
    const host = new HostBatches(new BatchSampler(bytes, 5));
    const device = new DeviceBatches(new BatchSampler(bytes, 5), resident);
    // 9 batches of 7: three passes over 23 images, with batches that straddle epoch boundaries.
    for (let b = 0; b < 9; b++) {
      const h = host.targets(7, 'gaussian', b);
      const d = device.targets(7, 'gaussian', b);
      expect(d.shape).toEqual([7, PIXELS]);
      expect(Array.from(d.dataSync())).toEqual(Array.from(h.dataSync()));
      tf.dispose([h, d]);
    }
    resident.dispose();
  });

  it('a different seed draws different images (the comparison above is not vacuous)', () => {
    const bytes = images(50);
    const resident = residentImages(bytes);
    const a = new DeviceBatches(new BatchSampler(bytes, 1), resident).targets(10, 'gaussian', 0);
    const b = new HostBatches(new BatchSampler(bytes, 2)).targets(10, 'gaussian', 0);
    expect(Array.from(a.dataSync())).not.toEqual(Array.from(b.dataSync()));
    tf.dispose([a, b, resident]);
  });

  it('keeps intensities in [0, 1] equal to byte / 255, and leaks no tensors per batch', () => {
    const bytes = images(4);
    const resident = residentImages(bytes);
    expect(resident.shape).toEqual([4, PIXELS]);
    const v = resident.dataSync();
    expect(v[PIXELS + 3]).toBe(Math.fround(bytes[PIXELS + 3]! / 255));
    const device = new DeviceBatches(new BatchSampler(bytes, 3), resident);
    device.targets(2, 'gaussian', 0).dispose(); // first call may allocate backend state
    device.targets(2, 'bernoulli', 0).dispose();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) device.targets(3, i % 2 ? 'gaussian' : 'bernoulli', i).dispose();
    expect(tf.memory().numTensors).toBe(before);
    resident.dispose();
  });

  it('binarized targets: the device draws the host bits for the same seed, the noise of binarizeDynamic', () => {
    const n = 40;
    const bytes = images(n);
    const resident = residentImages(bytes);
    const host = new HostBatches(new BatchSampler(bytes, 9));
    const device = new DeviceBatches(new BatchSampler(bytes, 9), resident);
    const ref = new BatchSampler(bytes, 9);
    for (let b = 0; b < 4; b++) {
      const seed = 1000 + b;
      const h = host.targets(16, 'bernoulli', seed);
      const d = device.targets(16, 'bernoulli', seed);
      // The same images (byte / 255), binarized with the element-indexed noise.
      const want = binarizeDynamic(ref.next(16).pixels, seed);
      const hv = Array.from(h.dataSync());
      expect(hv).toEqual(Array.from(want));
      expect(Array.from(d.dataSync())).toEqual(hv);
      expect(new Set(hv)).toEqual(new Set([0, 1]));
      tf.dispose([h, d]);
    }
    // The same batch under another step's seed is binarized afresh (dynamic binarization).
    const again = new HostBatches(new BatchSampler(bytes, 9));
    const x1 = again.targets(16, 'bernoulli', 1);
    const x2 = new HostBatches(new BatchSampler(bytes, 9)).targets(16, 'bernoulli', 2);
    expect(Array.from(x1.dataSync())).not.toEqual(Array.from(x2.dataSync()));
    tf.dispose([x1, x2, resident]);
    // On this (cpu) backend the resident path gathers and binarizes in JavaScript; the shaders
    // are checked against the same reference in a browser (e2e/kernels.e2e.ts).
    expect(binarizeKernel(16 * PIXELS)).toBeNull();
  });

  it('fits rule: MNIST stays on WebGL within one texture, on WebGPU within one storage binding; never on wasm or cpu', () => {
    const mnist = residentBytes(60000);
    expect(mnist).toBe(188_160_000);
    expect(fitsOnDevice(mnist, 'webgl')).toBe(true);
    expect(fitsOnDevice(mnist, 'webgpu', { maxBindingBytes: 2 ** 30 })).toBe(true);
    expect(fitsOnDevice(mnist, 'webgpu', { maxBindingBytes: 128 * 2 ** 20 })).toBe(false);
    expect(fitsOnDevice(mnist, 'webgl', { maxTextureSize: 8192 })).toBe(true);
    expect(fitsOnDevice(mnist, 'webgl', { maxTextureSize: 4096 })).toBe(false);
    expect(fitsOnDevice(mnist, 'wasm')).toBe(false);
    expect(fitsOnDevice(mnist, 'cpu')).toBe(false);
    expect(fitsOnDevice(residentBytes(100_000), 'webgl')).toBe(false);
  });
});
