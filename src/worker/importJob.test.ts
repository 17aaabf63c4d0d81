import { describe, expect, it } from 'vitest';
import { zipSync } from 'fflate';
import type { DecodeImage } from '../data/import/collect';
import { encodeNpy } from '../data/import/npyReader';
import { splitIndices } from '../data/import/split';
import { ImportJob, SPLIT_SEED } from './importJob';

/** Stand-in decoder: an "image" is 1 byte v → a 4×4 light page (250) with a dark 2×2 square (v) inside. */
const decode: DecodeImage = async (e) => {
  const gray = new Uint8Array(16).fill(250);
  for (const i of [5, 6, 9, 10]) gray[i] = e.bytes[0]!;
  return { width: 4, height: 4, gray, label: null, source: e.name };
};

describe('ImportJob', () => {
  it('summarizes a zip of light images: inversion proposed, labels from folders, mixed sizes none', async () => {
    const zip = zipSync({ 'a/1.png': Uint8Array.of(0), 'a/2.png': Uint8Array.of(0), 'b/3.png': Uint8Array.of(0) });
    const job = new ImportJob();
    const phases: string[] = [];
    const s = await job.load([{ name: 'shapes.zip', bytes: zip }], 'shapes', decode, { invert: null, centre: false }, (p) => phases.push(p.phase));
    expect(phases).toContain('reading');
    expect(phases).toContain('preprocessing');
    expect([s.n, s.nTrain, s.nTest]).toEqual([3, 2, 1]);
    expect([s.proposedInvert, s.invert, s.lightShare]).toEqual([true, true, 1]);
    expect(s.classNames).toEqual(['a', 'b']);
    expect(s.classCounts).toEqual([2, 1]);
    expect([s.mixed, s.sizes]).toEqual([false, { '4×4': 3 }]);
    expect(s.valueRange).toEqual({ min: 0, max: 250 });
    expect(s.previewCount).toBe(3);
    // 4×4 scaled by 7 into 28×28, inverted: the square (rows/cols 1..2 → 7..20) is ink 1, the page 1 − 250/255 = 0.0196 → 5.
    expect(s.preview[14 * 28 + 14]).toBe(255);
    expect(s.preview[0]).toBe(5);
    // ink 255 and page 5 (≤ INK_LEVEL): all ink near-binary
    expect(s.decoder).toBe('bernoulli');
    expect(s.latent).toBe(2);
    // the kept set is the same as the summary's
    const set = job.take();
    expect(set.hash).toBe(s.hash);
    expect(Array.from(set.images.subarray(0, 784))).toEqual(Array.from(s.preview.subarray(0, 784)));
    expect(splitIndices(3, set.testShare, SPLIT_SEED).test.length).toBe(1);
  });
  it('reprocessing without inversion changes the images and the hash, not the proposal', async () => {
    const job = new ImportJob();
    const files = [{ name: 'x.npy', bytes: encodeNpy('|u1', [2, 28, 28], new Uint8Array(2 * 784).fill(9)) }];
    const a = await job.load(files, 'x', decode, { invert: null, centre: false }, () => {});
    expect(a.invert).toBe(false);
    const b = job.process({ invert: true, centre: false });
    expect([b.proposedInvert, b.invert, b.preview[0]]).toEqual([false, true, 246]);
    expect(b.hash).not.toBe(a.hash);
  });
  it('refuses a single image and a corrupt file, keeping what it had', async () => {
    const job = new ImportJob();
    const files = [{ name: 'x.npy', bytes: encodeNpy('|u1', [2, 28, 28], new Uint8Array(2 * 784)) }];
    const a = await job.load(files, 'x', decode, { invert: null, centre: false }, () => {});
    await expect(job.load([{ name: 'one.png', bytes: Uint8Array.of(1) }], 'one', decode, { invert: null, centre: false }, () => {})).rejects.toThrow(
      /at least 2 images/,
    );
    await expect(job.load([{ name: 'bad.zip', bytes: Uint8Array.of(1, 2) }], 'bad', decode, { invert: null, centre: false }, () => {})).rejects.toThrow(/bad\.zip/);
    expect(job.take().hash).toBe(a.hash);
  });
});
