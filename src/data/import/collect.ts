/**
 * The files the user dropped or picked, read into raw images: zips are unpacked, IDX, .npy and
 * CSV files read here, image files decoded by `decode` (the browser's decoders, in the import
 * worker). Any file that cannot be read stops the import with its message, so a bad file never
 * half-replaces a data set.
 */
import { readCsv } from './csvReader';
import { readIdx } from './idxReader';
import { readNpy } from './npyReader';
import { readZip } from './zipReader';
import { extensionOf, folderLabels, ImportError, isImageName, MAX_IMAGES, type EncodedImage, type RawImage } from './types';

export interface InputFile {
  /** The file's name, with its folder path when a folder was picked ("shapes/circle/1.png"). */
  name: string;
  bytes: Uint8Array;
}

export type DecodeImage = (img: EncodedImage) => Promise<RawImage>;

const ARRAY_EXT = ['idx', 'gz', 'ubyte', 'idx1-ubyte', 'idx3-ubyte', 'npy', 'csv', 'txt'];

function kindOf(name: string): 'zip' | 'image' | 'idx' | 'npy' | 'csv' | null {
  const ext = extensionOf(name);
  if (ext === 'zip') return 'zip';
  if (isImageName(name)) return 'image';
  if (ext === 'npy') return 'npy';
  if (ext === 'csv' || ext === 'txt') return 'csv';
  if (ARRAY_EXT.includes(ext) || /ubyte/.test(name)) return 'idx';
  return null;
}

/**
 * Reads every file. Arrays of labels (a 1-D IDX or .npy) label the images of the array files,
 * in name order, when their counts agree.
 */
export async function collectImages(
  files: readonly InputFile[],
  decode: DecodeImage,
  onProgress: (done: number, total: number) => void = () => {},
  cancelled: () => boolean = () => false,
): Promise<RawImage[]> {
  if (files.length === 0) throw new ImportError('no files were given');
  const sorted = [...files].sort((a, b) => a.name.localeCompare(b.name));
  const encoded: EncodedImage[] = [];
  const arrays: RawImage[] = [];
  const labelSets: { name: string; labels: string[] }[] = [];
  const loose = sorted.filter((f) => kindOf(f.name) === 'image');
  const looseLabels = folderLabels(loose.map((f) => f.name));
  loose.forEach((f, i) => encoded.push({ name: f.name, bytes: f.bytes, label: looseLabels[i]! }));
  for (const f of sorted) {
    const kind = kindOf(f.name);
    if (kind === null) throw new ImportError(`${f.name}: not an image (PNG, JPEG, WebP, GIF, BMP), zip, IDX, .npy or CSV file`);
    if (kind === 'zip') encoded.push(...readZip(f.bytes, f.name));
    else if (kind === 'csv') arrays.push(...readCsv(new TextDecoder().decode(f.bytes), f.name));
    else if (kind === 'idx' || kind === 'npy') {
      const r = kind === 'idx' ? readIdx(f.bytes, f.name) : readNpy(f.bytes, f.name);
      if (r.kind === 'labels') labelSets.push({ name: f.name, labels: r.labels });
      else arrays.push(...r.images);
    }
    if (encoded.length + arrays.length > MAX_IMAGES) {
      throw new ImportError(`more than ${MAX_IMAGES} images: a data set may hold at most ${MAX_IMAGES}`);
    }
  }
  if (labelSets.length > 1) throw new ImportError(`${labelSets.map((l) => l.name).join(', ')}: more than one file of labels; give one`);
  if (labelSets.length === 1) {
    const { name, labels } = labelSets[0]!;
    if (labels.length !== arrays.length) {
      throw new ImportError(`${name}: ${labels.length} labels for ${arrays.length} images in the array files`);
    }
    arrays.forEach((im, i) => (im.label = labels[i]!));
  }
  const total = encoded.length + arrays.length;
  const images: RawImage[] = [...arrays];
  onProgress(images.length, total);
  for (const e of encoded) {
    if (cancelled()) throw new ImportError('cancelled');
    let im: RawImage;
    try {
      im = await decode(e);
    } catch (err) {
      if (err instanceof ImportError) throw err;
      throw new ImportError(`${e.name}: not a readable image (${(err as Error).message || 'the browser could not decode it'})`);
    }
    images.push({ ...im, label: e.label, source: e.name });
    if (images.length % 100 === 0) onProgress(images.length, total);
  }
  onProgress(images.length, total);
  if (images.length === 0) throw new ImportError('no images: the files hold no images');
  return images;
}
