/**
 * From raw images to the data set the worker trains on: labels as class indices, every image
 * as 28×28 bytes (frame.ts), the seeded split (split.ts) and a content hash (hash.ts).
 */
import type { Dataset } from '../load';
import { fnv1a } from './hash';
import { frameBytes, toFrame, type FrameOptions } from './frame';
import { splitIndices } from './split';
import { ImportError, MAX_IMAGES, type RawImage } from './types';

export const PIXELS = 784;
/** Label bytes hold class indices 0..255. */
export const MAX_CLASSES = 256;
/** Images without a folder or label when others have one. */
export const NO_LABEL = '(none)';

/** A data set the user brought, as kept in the browser and given to the training worker. */
export interface UserDataset {
  name: string;
  /** fnv1a of images, labels and class names: identifies the content. */
  hash: string;
  n: number;
  /** n × 784 bytes, 255 = ink. */
  images: Uint8Array;
  /** n class indices into classNames (all 0 when there are no labels). */
  labels: Uint8Array;
  /** Sorted label names; empty when the images have no labels. */
  classNames: string[];
  testShare: number;
  seed: number;
}

/** Numbers sort as numbers ("2" before "10"), other names alphabetically. */
function compareLabels(a: string, b: string): number {
  const x = Number(a);
  const y = Number(b);
  if (a !== '' && b !== '' && Number.isFinite(x) && Number.isFinite(y)) return x - y;
  return a.localeCompare(b);
}

/**
 * Class indices for string labels: the distinct labels sorted, index i for the i-th. Images
 * without a label get NO_LABEL when some have one. No labels at all, or more than 256 classes,
 * give no classes (with a note for the latter).
 */
export function labelIndex(labels: readonly (string | null)[]): { classNames: string[]; indices: Uint8Array; note: string | null } {
  const indices = new Uint8Array(labels.length);
  if (labels.every((l) => l === null)) return { classNames: [], indices, note: null };
  const names = [...new Set(labels.map((l) => l ?? NO_LABEL))].sort(compareLabels);
  if (names.length > MAX_CLASSES) return { classNames: [], indices, note: `${names.length} distinct labels is more than ${MAX_CLASSES}; labels are left out` };
  const at = new Map(names.map((n, i) => [n, i]));
  labels.forEach((l, i) => (indices[i] = at.get(l ?? NO_LABEL)!));
  return { classNames: names, indices, note: null };
}

/** Every image as 28×28 bytes, one after another; `onProgress(done)` every 1,000 images. */
export function prepareImages(images: readonly RawImage[], opts: FrameOptions, onProgress: (done: number) => void = () => {}): Uint8Array {
  if (images.length === 0) throw new ImportError('no images: the data set is empty');
  if (images.length > MAX_IMAGES) throw new ImportError(`${images.length} images is more than the ${MAX_IMAGES} a data set may hold`);
  const out = new Uint8Array(images.length * PIXELS);
  images.forEach((im, i) => {
    out.set(frameBytes(toFrame(im, opts)), i * PIXELS);
    if ((i + 1) % 1000 === 0) onProgress(i + 1);
  });
  onProgress(images.length);
  return out;
}

/** The content hash of a data set: images, then labels, then the class names joined by newlines. */
export function datasetHash(images: Uint8Array, labels: Uint8Array, classNames: readonly string[]): string {
  return fnv1a([images, labels, new TextEncoder().encode(classNames.join('\n'))]);
}

/** Copies the images and labels at `idx` into new arrays. */
function gather(set: UserDataset, idx: Uint32Array): { images: Uint8Array; labels: Uint8Array } {
  const images = new Uint8Array(idx.length * PIXELS);
  const labels = new Uint8Array(idx.length);
  idx.forEach((j, k) => {
    images.set(set.images.subarray(j * PIXELS, (j + 1) * PIXELS), k * PIXELS);
    labels[k] = set.labels[j]!;
  });
  return { images, labels };
}

/** The training worker's form of a user data set: its seeded split into train and test. */
export function toTrainingData(set: UserDataset): Dataset {
  if (set.images.length !== set.n * PIXELS || set.labels.length !== set.n) {
    throw new ImportError(`${set.name}: ${set.images.length} image bytes and ${set.labels.length} labels do not make ${set.n} images of 28×28`);
  }
  const { train, test } = splitIndices(set.n, set.testShare, set.seed);
  const tr = gather(set, train);
  const te = gather(set, test);
  return { trainImages: tr.images, trainLabels: tr.labels, testImages: te.images, testLabels: te.labels, nTrain: train.length, nTest: test.length };
}
