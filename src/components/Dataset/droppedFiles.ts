/**
 * The files of a drop, folders included: a dropped folder is walked (FileSystemDirectoryEntry)
 * and its files keep their path inside it ("shapes/circles/1.png"), so that sub-folders become
 * labels as with the folder picker.
 */
export interface DroppedFile {
  path: string;
  file: File;
}

function readEntries(dir: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = dir.createReader();
  const all: FileSystemEntry[] = [];
  return new Promise((resolve, reject) => {
    // readEntries answers in batches until an empty one.
    const next = () =>
      reader.readEntries((batch) => {
        if (batch.length === 0) return resolve(all);
        all.push(...batch);
        next();
      }, reject);
    next();
  });
}

async function walk(entry: FileSystemEntry, prefix: string, out: DroppedFile[]): Promise<void> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    out.push({ path: prefix + entry.name, file });
  } else if (entry.isDirectory) {
    for (const child of await readEntries(entry as FileSystemDirectoryEntry)) await walk(child, `${prefix}${entry.name}/`, out);
  }
}

export async function droppedFiles(data: DataTransfer): Promise<DroppedFile[]> {
  const entries = Array.from(data.items)
    .map((i) => (i.kind === 'file' ? i.webkitGetAsEntry() : null))
    .filter((e): e is FileSystemEntry => e !== null);
  if (entries.length === 0) return Array.from(data.files, (file) => ({ path: file.name, file }));
  const out: DroppedFile[] = [];
  for (const e of entries) await walk(e, '', out);
  return out;
}
