/**
 * The user's own data set on its way in: what each reader returns, and the errors it gives.
 * Conventions shared by every reader and the preprocessing:
 * - A RawImage is one grey level per pixel, row-major, as bytes 0..255 in the source's own
 *   polarity (255 = white for a photo or a PNG; 255 = ink for MNIST-style arrays). Whether to
 *   invert is decided later, from the data, and shown to the user (never silently).
 * - Labels are strings (a folder name, a CSV cell, an IDX label byte); a data set turns them
 *   into class indices in sorted order.
 */
export interface RawImage {
  width: number;
  height: number;
  /** width × height grey levels 0..255. */
  gray: Uint8Array;
  label: string | null;
  /** The file (and entry or row) it came from, for messages. */
  source: string;
}

/** An input file that is not an image itself: a zip entry or an image file still to be decoded. */
export interface EncodedImage {
  name: string;
  bytes: Uint8Array;
  label: string | null;
}

/** A problem with the user's input: the message names the file and says why. */
export class ImportError extends Error {
  override name = 'ImportError';
}

/** The most images one data set may hold (about 78 MB as 28×28 bytes). */
export const MAX_IMAGES = 100_000;

/** File name endings of the image formats the browser decodes for us. */
export const IMAGE_EXTENSIONS = ['png', 'jpg', 'jpeg', 'webp', 'gif', 'bmp'] as const;

/** The lower-case extension of a file name ('' when none). */
export function extensionOf(name: string): string {
  const base = name.split('/').pop() ?? name;
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? '' : base.slice(dot + 1).toLowerCase();
}

export function isImageName(name: string): boolean {
  return (IMAGE_EXTENSIONS as readonly string[]).includes(extensionOf(name));
}

/**
 * Values of a numeric array as grey bytes: values in [0, 1] are scaled by 255, values in
 * [0, 255] are taken as they are (rounded); anything else is refused, naming the range found.
 */
export function toGrayBytes(values: ArrayLike<number>, what: string): Uint8Array {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) throw new ImportError(`${what}: value ${i} is ${v}, not a finite number`);
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (values.length > 0 && (min < 0 || max > 255)) {
    throw new ImportError(`${what}: values range from ${min} to ${max}; expected 0..1 or 0..255`);
  }
  const scale = max <= 1 ? 255 : 1;
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = Math.round(values[i]! * scale);
  return out;
}

/** Splits N images of h × w stored one after another into RawImages. */
export function splitImages(
  gray: Uint8Array,
  n: number,
  height: number,
  width: number,
  source: string,
  labels: readonly (string | null)[] | null = null,
): RawImage[] {
  const size = height * width;
  const out: RawImage[] = [];
  for (let i = 0; i < n; i++) {
    out.push({ width, height, gray: gray.slice(i * size, (i + 1) * size), label: labels?.[i] ?? null, source: `${source} #${i + 1}` });
  }
  return out;
}

/**
 * Labels from folders: when the paths sit in two or more different folders, each path's label
 * is the name of the folder holding it ("cats/01.png" → "cats", a top-level file → null);
 * otherwise (one folder, or none) there are no labels.
 */
export function folderLabels(paths: readonly string[]): (string | null)[] {
  const parent = (p: string) => {
    const parts = p.split('/');
    return parts.length > 1 ? parts.slice(0, -1).join('/') : '';
  };
  const dirs = new Set(paths.map(parent));
  if (dirs.size < 2) return paths.map(() => null);
  return paths.map((p) => {
    const parts = p.split('/');
    return parts.length > 1 ? parts[parts.length - 2]! : null;
  });
}
