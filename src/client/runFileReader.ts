/**
 * Reads a run file in a worker of its own (worker/runFileWorker.ts), so that a large file's
 * checks never block the page; where there are no workers (unit tests in Node) it reads it here.
 */
import * as Comlink from 'comlink';
import { decodeRunFile, RunFileError, type SavedRun } from '../core/runFile';
import { WeightsFileError } from '../core/weightsFile';
import type { RunFileWorkerApi } from '../worker/runFileWorker';

export async function readRunFile(bytes: Uint8Array): Promise<SavedRun> {
  if (typeof Worker === 'undefined') return decodeRunFile(bytes);
  const worker = new Worker(new URL('../worker/runFileWorker.ts', import.meta.url), { type: 'module', name: 'vae-run-file' });
  try {
    const api = Comlink.wrap<RunFileWorkerApi>(worker);
    // A copy goes across (the caller keeps its bytes).
    const copy = bytes.slice();
    return await api.decode(Comlink.transfer(copy, [copy.buffer]));
  } catch (e) {
    throw asFileError(e);
  } finally {
    worker.terminate();
  }
}

/**
 * The file's own error again: an error crosses from the worker as a plain Error with its name
 * (Comlink keeps name and message), and the page tells a file's problem (RunFileError,
 * WeightsFileError: "checks …") from a failure to read it by its class.
 */
export function asFileError(e: unknown): unknown {
  const err = e as Error;
  if (err?.name === 'RunFileError' && !(err instanceof RunFileError)) return new RunFileError(err.message);
  if (err?.name === 'WeightsFileError' && !(err instanceof WeightsFileError)) return new WeightsFileError(err.message);
  return e;
}
