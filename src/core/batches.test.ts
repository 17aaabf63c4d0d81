import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { BatchSampler, PIXELS } from '../data/sampler';
import { DeviceBatches, fitsOnDevice, HostBatches, residentBytes, residentImages } from './batches';

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
      const h = host.next(7);
      const d = device.next(7);
      expect(d.shape).toEqual([7, PIXELS]);
      expect(Array.from(d.dataSync())).toEqual(Array.from(h.dataSync()));
      tf.dispose([h, d]);
    }
    resident.dispose();
  });

  it('a different seed draws different images (the comparison above is not vacuous)', () => {
    const bytes = images(50);
    const resident = residentImages(bytes);
    const a = new DeviceBatches(new BatchSampler(bytes, 1), resident).next(10);
    const b = new HostBatches(new BatchSampler(bytes, 2)).next(10);
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
    device.next(2).dispose(); // first call may allocate backend state
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) device.next(3).dispose();
    expect(tf.memory().numTensors).toBe(before);
    resident.dispose();
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
