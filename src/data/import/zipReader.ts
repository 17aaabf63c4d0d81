import { unzipSync } from 'fflate';
import { folderLabels, ImportError, isImageName, type EncodedImage } from './types';

/** Entries that are not the user's images: folders, macOS resource forks, hidden files. */
function ignored(path: string): boolean {
  return path.endsWith('/') || path.split('/').some((p) => p === '__MACOSX' || p.startsWith('.'));
}

/**
 * The image files of a zip (fflate's unzip; no hand-written zip parser). When the images sit in
 * different folders, each image's label is the name of the folder holding it (folderLabels).
 */
export function readZip(bytes: Uint8Array, name: string): EncodedImage[] {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes, { filter: (f) => !ignored(f.name) && isImageName(f.name) });
  } catch (e) {
    throw new ImportError(`${name}: not a readable zip file (${(e as Error).message})`);
  }
  const paths = Object.keys(entries).sort();
  if (paths.length === 0) throw new ImportError(`${name}: the zip holds no images (PNG, JPEG, WebP, GIF or BMP)`);
  const labels = folderLabels(paths);
  return paths.map((p, i) => ({ name: `${name}/${p}`, bytes: entries[p]!, label: labels[i]! }));
}
