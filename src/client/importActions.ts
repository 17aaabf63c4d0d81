/**
 * The page's side of an import: starts the import worker on demand, passes the files, reports
 * progress, and cancels by terminating the worker (a fresh one starts next time).
 */
import * as Comlink from 'comlink';
import type { UserDataset } from '../data/import/prepare';
import type { ImportFile, ImportOptions, ImportProgress, ImportSummary, ImportWorkerApi } from '../protocol/import';

export class ImportCancelled extends Error {
  override name = 'ImportCancelled';
  constructor() {
    super('Import cancelled; nothing changed.');
  }
}

let current: { worker: Worker; api: Comlink.Remote<ImportWorkerApi>; cancel: () => void } | null = null;
let cancelled: Promise<never> = new Promise(() => {});

function start() {
  if (current) return current;
  const worker = new Worker(new URL('../worker/importWorker.ts', import.meta.url), { type: 'module', name: 'vae-import' });
  let reject: (e: Error) => void = () => {};
  cancelled = new Promise<never>((_, r) => (reject = r));
  cancelled.catch(() => {});
  current = { worker, api: Comlink.wrap<ImportWorkerApi>(worker), cancel: () => reject(new ImportCancelled()) };
  return current;
}

/** Resolves with the worker's answer, or rejects with ImportCancelled when Cancel comes first. */
function orCancel<T>(p: Promise<T>): Promise<T> {
  return Promise.race([p, cancelled]);
}

/** A name for a data set from its files: a zip's or folder's name, else the first file's. */
export function datasetName(paths: readonly string[]): string {
  const first = paths[0] ?? 'my images';
  const top = first.includes('/') ? first.split('/')[0]! : first;
  const base = top.replace(/\.(zip|npy|csv|txt|gz|idx|png|jpe?g|webp|gif|bmp)$/i, '').replace(/\.idx$/i, '');
  return paths.length > 1 && !first.includes('/') && !/\.zip$/i.test(first) ? `${base} and ${paths.length - 1} more` : base;
}

export function loadImport(files: ImportFile[], opts: ImportOptions, onProgress: (p: ImportProgress) => void): Promise<ImportSummary> {
  const w = start();
  return orCancel(w.api.load(files, datasetName(files.map((f) => f.path)), opts, Comlink.proxy(onProgress)));
}

export function reprocessImport(opts: ImportOptions): Promise<ImportSummary> {
  return orCancel(start().api.reprocess(opts));
}

export function takeImport(): Promise<UserDataset> {
  return orCancel(start().api.take());
}

/** Stops the import under way at once (the worker and what it read go). */
export function cancelImport(): void {
  if (!current) return;
  current.cancel();
  current.worker.terminate();
  current = null;
}
