import { describe, expect, it } from 'vitest';
import { tinyConfig } from '../test/fixtures';
import { decodeRunFile, encodeRunFile, RUN_FORMAT_VERSION, RunFileError, runFileProblem, type SavedRun } from './runFile';
import { encodeWeightsFile, WeightsFileError } from './weightsFile';

function sampleRun(): SavedRun {
  // Values that float16 or int8 could not keep: the round trip must be exact.
  const w0 = new Float32Array([0.1, -1e-7, 3.4028234e38, Math.PI, -0, 1 / 3]);
  const w1 = new Float32Array([1e-30, -2.5]);
  return {
    name: 'β = 4, J = 2',
    savedAt: '2026-11-22T10:00:00.000Z',
    config: tinyConfig({ latentDim: 2, optimizer: 'adam' }),
    dataset: { kind: 'user', name: 'shapes', n: 1200, hash: '0a1b2c3d' },
    checkpoint: {
      step: 1234,
      samplesSeen: 157952,
      optimizer: 'adam',
      weights: [
        { shape: [2, 3], values: w0 },
        { shape: [2], values: w1 },
      ],
      optimizerState: [
        { name: 'iter', shape: [], values: new Float32Array([1234]) },
        { name: 'v0/m', shape: [2, 3], values: new Float32Array([1, 2, 3, 4, 5, 6]) },
      ],
    },
    history: {
      points: [{ step: 3, samples: 384, elbo: -540.5, recon: -530, kl: 10.5, loss: 540.5, gradNorm: 12 }],
      evals: [{ step: 3, samples: 384, elbo: -300, recon: -290, kl: 10, klPerDim: [4, 6], activeUnits: 2, n: 1000, full: false }],
      divergences: [{ step: 900, samples: 115200, restoredStep: 850 }],
    },
  };
}

describe('run files', () => {
  it('round-trips weights and optimizer state bit for bit, with config, counters and history', () => {
    const run = sampleRun();
    const back = decodeRunFile(encodeRunFile(run));
    expect(back.name).toBe(run.name);
    expect(back.savedAt).toBe(run.savedAt);
    expect(back.config).toEqual(run.config);
    expect(back.history).toEqual(run.history);
    expect(back.checkpoint.step).toBe(1234);
    expect(back.checkpoint.samplesSeen).toBe(157952);
    expect(back.checkpoint.optimizer).toBe('adam');
    back.checkpoint.weights.forEach((w, i) => {
      expect(w.shape).toEqual(run.checkpoint.weights[i]!.shape);
      // Compare the bits, so −0 and every last binary digit count.
      expect(new Uint32Array(w.values.buffer.slice(w.values.byteOffset, w.values.byteOffset + w.values.byteLength))).toEqual(
        new Uint32Array(run.checkpoint.weights[i]!.values.slice().buffer),
      );
    });
    expect(back.checkpoint.optimizerState.map((s) => s.name)).toEqual(['iter', 'v0/m']);
    expect(back.checkpoint.optimizerState[0]!.shape).toEqual([]);
    expect(Array.from(back.checkpoint.optimizerState[1]!.values)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('records the data set the run trained on (name, count, hash), and reads a version 1 file as trained on its built-in set', () => {
    const run = sampleRun();
    expect(decodeRunFile(encodeRunFile(run)).dataset).toEqual({ kind: 'user', name: 'shapes', n: 1200, hash: '0a1b2c3d' });
    const fashion = { ...run, config: { ...run.config, dataset: 'fashion' as const }, dataset: { kind: 'builtin' as const, name: 'fashion' as const } };
    expect(decodeRunFile(encodeRunFile(fashion)).dataset).toEqual({ kind: 'builtin', name: 'fashion' });
    // A file written before data sets were recorded: version 1, no dataset field.
    const old = encodeWeightsFile([...run.checkpoint.weights.map((w) => w.values), ...run.checkpoint.optimizerState.map((s) => s.values)], {
      dtype: 'float32',
      config: { ...run.config, dataset: 'fashion' },
      names: ['weight0', 'weight1', 'optimizer/iter', 'optimizer/v0/m'],
      shapes: [[2, 3], [2], [], [2, 3]],
      run: { format: 'vae-playground-run', version: 1, name: 'old', savedAt: run.savedAt, step: 1, samplesSeen: 128, optimizer: 'adam', weightCount: 2, optimizerNames: ['iter', 'v0/m'], history: run.history },
    });
    const back = decodeRunFile(old);
    expect(back.name).toBe('old');
    expect(back.dataset).toEqual({ kind: 'builtin', name: 'fashion' });
  });

  it('refuses a data set record that is not valid, naming the field', () => {
    const run = sampleRun();
    const bad = { ...run, dataset: { kind: 'user', name: 'shapes', n: 1200, hash: 'not hex!' } } as unknown as SavedRun;
    expect(() => decodeRunFile(encodeRunFile(bad))).toThrow(/run record \(dataset\.hash\): must be 8 to 64 hexadecimal digits/);
    const zero = { ...run, dataset: { kind: 'user', name: 'shapes', n: 0, hash: '0a1b2c3d' } } as unknown as SavedRun;
    expect(() => decodeRunFile(encodeRunFile(zero))).toThrow(/dataset\.n/);
  });

  it('refuses a file with one byte changed (checksum)', () => {
    const bytes = encodeRunFile(sampleRun());
    bytes[bytes.length - 5] = bytes[bytes.length - 5]! ^ 0x40;
    expect(() => decodeRunFile(bytes)).toThrow(/checksum mismatch/);
  });

  it('refuses a truncated file and one that is not a run at all', () => {
    const bytes = encodeRunFile(sampleRun());
    expect(() => decodeRunFile(bytes.subarray(0, bytes.length - 8))).toThrow(/truncated/);
    expect(() => decodeRunFile(bytes.subarray(0, 6))).toThrow(/too short/);
    expect(() => decodeRunFile(new TextEncoder().encode('{"hello": "world", "padding": 1234567890}'))).toThrow(/not a weights file/);
  });

  it('refuses a weights-only file (no run record) and a quantized one', () => {
    const common = { config: tinyConfig(), names: ['w'], shapes: [[2]] };
    const plain = encodeWeightsFile([new Float32Array([1, 2])], { dtype: 'float32', ...common });
    expect(() => decodeRunFile(plain)).toThrow(/without a run record/);
    const int8 = encodeWeightsFile([new Float32Array([1, 2])], { dtype: 'int8', ...common, run: {} });
    expect(() => decodeRunFile(int8)).toThrow(/stores float32 values, this one int8/);
  });

  it('refuses a newer format version, naming both versions', () => {
    const run = sampleRun();
    const bytes = encodeRunFile(run);
    // Re-encode with a record claiming a future version.
    const header = readHeader(bytes) as { run: { version: number } };
    header.run.version = RUN_FORMAT_VERSION + 1;
    expect(() => decodeRunFile(reencode(run, header.run))).toThrow(new RegExp(`version ${RUN_FORMAT_VERSION + 1} is newer than this app reads \\(${RUN_FORMAT_VERSION}\\)`));
  });

  it('refuses an invalid config, naming the field', () => {
    const run = sampleRun();
    run.config = { ...run.config, learningRate: 50 };
    expect(() => decodeRunFile(encodeRunFile(run))).toThrow(/Learning rate must be at most 10/);
  });

  it('refuses a history with a malformed point, saying where', () => {
    const run = sampleRun();
    const bad = { ...run.history, points: [{ ...run.history.points[0]!, step: -1 }] };
    const bytes = encodeRunFile({ ...run, history: bad });
    expect(() => decodeRunFile(bytes)).toThrow(/run record \(history\.points\.0\.step\)/);
  });

  it('refuses a record whose tensor count does not add up', () => {
    const run = sampleRun();
    const header = readHeader(encodeRunFile(run)) as { run: { weightCount: number } };
    header.run.weightCount = 3;
    expect(() => decodeRunFile(reencode(run, header.run))).toThrow(/4 tensors, but the record names 3 weights and 2 optimizer variables/);
  });

  it('runFileProblem names the file, the reason, and says nothing changed', () => {
    expect(runFileProblem(new RunFileError('bad'), 'a.vaerun')).toBe('Could not load "a.vaerun": bad. The current model is unchanged.');
    expect(runFileProblem(new WeightsFileError('short'), 'b')).toMatch(/"b": short\./);
    expect(runFileProblem(new TypeError('boom'), 'c')).toMatch(/"c": unreadable \(boom\)/);
  });
});

function readHeader(bytes: Uint8Array): unknown {
  const len = new DataView(bytes.buffer, bytes.byteOffset).getUint32(8, true);
  return JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + len)));
}

function reencode(run: SavedRun, record: unknown): Uint8Array {
  const cp = run.checkpoint;
  return encodeWeightsFile([...cp.weights.map((w) => w.values), ...cp.optimizerState.map((s) => s.values)], {
    dtype: 'float32',
    config: run.config,
    names: [...cp.weights.map((_, i) => `weight${i}`), ...cp.optimizerState.map((s) => `optimizer/${s.name}`)],
    shapes: [...cp.weights.map((w) => w.shape), ...cp.optimizerState.map((s) => s.shape)],
    run: record,
  });
}
