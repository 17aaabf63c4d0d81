/**
 * Reads a run file in a worker of its own (worker/runFileWorker.ts), so that a large file's
 * checks never block the page; where there are no workers (unit tests in Node) it reads it here.
 */
import * as Comlink from 'comlink';
import { decodeRunFile, type SavedRun } from '../core/runFile';
import type { RunFileWorkerApi } from '../worker/runFileWorker';

export async function readRunFile(bytes: Uint8Array): Promise<SavedRun> {
  if (typeof Worker === 'undefined') return decodeRunFile(bytes);
  const worker = new Worker(new URL('../worker/runFileWorker.ts', import.meta.url), { type: 'module', name: 'vae-run-file' });
  try {
    const api = Comlink.wrap<RunFileWorkerApi>(worker);
    // A copy goes across (the caller keeps its bytes).
    const copy = bytes.slice();
    return await api.decode(Comlink.transfer(copy, [copy.buffer]));
  } finally {
    worker.terminate();
  }
}
