import { describe, expect, it } from 'vitest';
import { zipSync } from 'fflate';
import { encodeIdx } from '../idx';
import { collectImages, type DecodeImage } from './collect';
import { encodeNpy } from './npyReader';

/** A stand-in for the browser's decoder: the "image" bytes are its grey levels, 2×2; "BAD" fails. */
const decode: DecodeImage = async (e) => {
  if (e.bytes.length !== 4) throw new Error('unknown image format');
  return { width: 2, height: 2, gray: e.bytes, label: null, source: '' };
};
const px = (v: number) => Uint8Array.of(v, v, v, v);

describe('collectImages', () => {
  it('labels loose image files by folder and zip entries by sub-folder', async () => {
    const zip = zipSync({ 'sq/1.png': px(1), 'ci/2.png': px(2) });
    const r = await collectImages(
      [
        { name: 'mine/a/x.png', bytes: px(3) },
        { name: 'mine/b/y.png', bytes: px(4) },
        { name: 'z.zip', bytes: zip },
      ],
      decode,
    );
    expect(r.map((i) => [i.source, i.label, i.gray[0]])).toEqual([
      ['mine/a/x.png', 'a', 3],
      ['mine/b/y.png', 'b', 4],
      ['z.zip/ci/2.png', 'ci', 2],
      ['z.zip/sq/1.png', 'sq', 1],
    ]);
  });
  it('pairs an IDX image file with its labels file', async () => {
    const r = await collectImages(
      [
        { name: 'train-labels.idx', bytes: encodeIdx([2], Uint8Array.of(5, 9)) },
        { name: 'train-images.idx', bytes: encodeIdx([2, 2, 2], new Uint8Array(8)) },
      ],
      decode,
    );
    expect(r.map((i) => i.label)).toEqual(['5', '9']);
  });
  it('refuses a count mismatch, an unknown file and a corrupt image, naming the file', async () => {
    await expect(
      collectImages(
        [
          { name: 'y.npy', bytes: encodeNpy('|u1', [3], Uint8Array.of(1, 2, 3)) },
          { name: 'x.npy', bytes: encodeNpy('|u1', [2, 2, 2], new Uint8Array(8)) },
        ],
        decode,
      ),
    ).rejects.toThrow(/y\.npy: 3 labels for 2 images/);
    await expect(collectImages([{ name: 'notes.docx', bytes: px(1) }], decode)).rejects.toThrow(/notes\.docx: not an image/);
    await expect(collectImages([{ name: 'a.png', bytes: px(1) }, { name: 'b.png', bytes: Uint8Array.of(66, 65, 68) }], decode)).rejects.toThrow(
      /b\.png: not a readable image \(unknown image format\)/,
    );
    await expect(collectImages([], decode)).rejects.toThrow(/no files/);
  });
  it('stops when cancelled', async () => {
    await expect(collectImages([{ name: 'a.png', bytes: px(1) }], decode, undefined, () => true)).rejects.toThrow(/cancelled/);
  });
});
