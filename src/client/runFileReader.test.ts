import { describe, expect, it } from 'vitest';
import { runFileProblem, RunFileError } from '../core/runFile';
import { WeightsFileError } from '../core/weightsFile';
import { asFileError, readRunFile } from './runFileReader';

/** An error as Comlink hands it over from the worker: a plain Error with the original's name and message. */
const crossed = (name: string, message: string) => Object.assign(new Error(message), { name });

describe('reading a run file in its worker', () => {
  it("a file's problem keeps its class across the worker, so the page names it as the file's", () => {
    const run = asFileError(crossed('RunFileError', 'checks failed: history.points[3].elbo is out of range'));
    expect(run).toBeInstanceOf(RunFileError);
    expect(runFileProblem(run, 'bad.vaerun')).toBe('Could not load "bad.vaerun": checks failed: history.points[3].elbo is out of range. The current model is unchanged.');
    expect(asFileError(crossed('WeightsFileError', 'float16 weights are truncated'))).toBeInstanceOf(WeightsFileError);
    // Anything else stays a failure to read the file.
    const other = crossed('TypeError', 'x is undefined');
    expect(asFileError(other)).toBe(other);
    expect(runFileProblem(other, 'bad.vaerun')).toMatch(/^Could not load "bad\.vaerun": unreadable \(x is undefined\)/);
  });

  it('without workers (Node) it reads the file on this thread, with the same errors', async () => {
    await expect(readRunFile(new Uint8Array([1, 2, 3]))).rejects.toBeInstanceOf(WeightsFileError);
  });
});
