/// <reference lib="webworker" />
/**
 * Reads a run file off the page's thread: a run file holds megabytes of weights and optimizer
 * state and a history of thousands of points, and its checks (every field's size and range)
 * would otherwise be one long task on the page. One worker per file, ended after it.
 */
import * as Comlink from 'comlink';
import { decodeRunFile } from '../core/runFile';
import { checkpointBuffers } from '../core/serialize';

const api = {
  /** The run in `bytes`, checked completely; throws with the reason, as decodeRunFile does. */
  decode(bytes: Uint8Array) {
    const run = decodeRunFile(bytes);
    // Arrays may be views of one buffer: each buffer is transferred once.
    return Comlink.transfer(run, [...new Set(checkpointBuffers(run.checkpoint))]);
  },
};

export type RunFileWorkerApi = typeof api;

Comlink.expose(api);
