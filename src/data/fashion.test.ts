import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, validateConfig } from '../core/config';
import { parseIdx } from './idx';
import { datasetAssets, loadDataset } from './load';

// The files scripts/build-data.mjs wrote (npm install runs it).
const dir = join(__dirname, '..', '..', 'public', 'data');
const read = (file: string) => parseIdx(new Uint8Array(gunzipSync(readFileSync(join(dir, file)))), file);

describe('Fashion-MNIST assets', () => {
  it('have the fixed split: 6,000 training and 1,000 test images per class, classes mixed', () => {
    const a = datasetAssets('fashion');
    for (const [images, labels, perClass] of [
      [a.trainImages.file, a.trainLabels.file, 6000],
      [a.testImages.file, a.testLabels.file, 1000],
    ] as const) {
      const img = read(images);
      const lab = read(labels);
      expect(img.dims).toEqual([10 * perClass, 28, 28]);
      const counts = new Array<number>(10).fill(0);
      for (const l of lab.data) counts[l]! += 1;
      expect(counts).toEqual(new Array(10).fill(perClass));
      // Shuffled: the first 50 labels are not one class.
      expect(new Set(lab.data.subarray(0, 50)).size).toBeGreaterThan(5);
      // Images carry ink (not an empty entry of the source JSON).
      for (let i = 0; i < 20; i++) expect(img.data.subarray(i * 784, (i + 1) * 784).some((v) => v > 100)).toBe(true);
    }
  });

  it('no test image is also a training image', () => {
    const train = read(datasetAssets('fashion').trainImages.file).data;
    const test = read(datasetAssets('fashion').testImages.file).data;
    const key = (d: Uint8Array, i: number) => Buffer.from(d.subarray(i * 784, (i + 1) * 784)).toString('base64');
    const seen = new Set<string>();
    for (let i = 0; i < 60000; i++) seen.add(key(train, i));
    let shared = 0;
    for (let i = 0; i < 10000; i++) if (seen.has(key(test, i))) shared++;
    // Fashion-MNIST itself holds a handful of exact duplicates across classes' source images.
    expect(shared).toBeLessThan(20);
  });

  it('loads through the same loader as MNIST', async () => {
    const fetchFn = async (url: string) => new Response(readFileSync(join(dir, url.slice('base/'.length))));
    const d = await loadDataset('fashion', 'base/', () => {}, fetchFn);
    expect([d.nTrain, d.nTest]).toEqual([60000, 10000]);
    expect(d.testLabels.length).toBe(10000);
  });
});

describe('the data set setting', () => {
  it('defaults to MNIST for configs saved before it existed, and refuses an unknown one by name', () => {
    const old: Partial<typeof DEFAULT_CONFIG> = { ...DEFAULT_CONFIG };
    delete old.dataset;
    const v = validateConfig(old);
    expect(v.ok && v.config.dataset).toBe('mnist');
    const bad = validateConfig({ ...DEFAULT_CONFIG, dataset: 'cifar' });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.errors[0]!.message).toBe('Data set must be one of mnist, fashion');
  });
});
