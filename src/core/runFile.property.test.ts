import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tinyConfig } from '../test/fixtures';
import { COUNT_LIMIT, decodeRunFile, encodeRunFile, FIGURE_LIMIT, MAX_LATENT, MAX_TEST_IMAGES, runHistorySchema, type SavedRun } from './runFile';

/**
 * Property-based tests of run-file validation: every field of the record set to a value out of
 * its range (a figure beyond the largest float32, a negative or fractional or huge count, a list
 * too long) is refused, and the message names that field.
 */

function validRun(): SavedRun {
  return {
    name: 'run',
    savedAt: '2026-12-03T07:00:00.000Z',
    config: tinyConfig({ latentDim: 2, optimizer: 'adam' }),
    dataset: { kind: 'builtin', name: 'mnist' },
    checkpoint: { step: 10, samplesSeen: 1280, optimizer: 'adam', weights: [{ shape: [2], values: new Float32Array([1, 2]) }], optimizerState: [] },
    history: {
      points: [{ step: 3, samples: 384, elbo: -540.5, recon: -530, kl: 10.5, loss: 540.5, gradNorm: 12 }],
      evals: [{ step: 3, samples: 384, elbo: -300, recon: -290, kl: 10, klPerDim: [4, 6], activeUnits: 2, n: 1000, full: false }],
      divergences: [{ step: 9, samples: 1152, restoredStep: 5 }],
    },
  };
}

/** A finite value beyond ±FIGURE_LIMIT, e.g. ±1e308. */
const hugeFigure = fc.oneof(fc.double({ min: FIGURE_LIMIT * 1.0000001, noNaN: true, noDefaultInfinity: true }), fc.double({ max: -FIGURE_LIMIT * 1.0000001, noNaN: true, noDefaultInfinity: true }), fc.constantFrom(1e308, -1e308, 1.7e308, -Number.MAX_VALUE));
/** A count out of range: negative, not whole, or beyond exact integers. */
const badCount = fc.oneof(fc.integer({ max: -1 }), fc.double({ min: 0.001, max: 1e6, noNaN: true }).filter((v) => !Number.isInteger(v)), fc.double({ min: COUNT_LIMIT * 2, noNaN: true, noDefaultInfinity: true }));
const badSamples = fc.oneof(fc.double({ max: -Number.MIN_VALUE, noNaN: true, noDefaultInfinity: true }), fc.double({ min: COUNT_LIMIT * 2, noNaN: true, noDefaultInfinity: true }));

type Edit = (r: SavedRun, v: number) => void;
const h = (r: SavedRun) => r.history as unknown as { points: Record<string, number>[]; evals: Record<string, unknown>[]; divergences: Record<string, number>[] };

const FIGURE_FIELDS: [string, Edit][] = [
  ...(['elbo', 'recon', 'kl', 'loss', 'gradNorm'] as const).map((k): [string, Edit] => [`history.points.0.${k}`, (r, v) => (h(r).points[0]![k] = v)]),
  ...(['elbo', 'recon', 'kl'] as const).map((k): [string, Edit] => [`history.evals.0.${k}`, (r, v) => (h(r).evals[0]![k] = v)]),
  ['history.evals.0.klPerDim.1', (r, v) => ((h(r).evals[0]!.klPerDim as number[])[1] = v)],
];
const COUNT_FIELDS: [string, Edit][] = [
  ['step', (r, v) => (r.checkpoint.step = v)],
  ['history.points.0.step', (r, v) => (h(r).points[0]!.step = v)],
  ['history.evals.0.step', (r, v) => (h(r).evals[0]!.step = v)],
  ['history.evals.0.activeUnits', (r, v) => (h(r).evals[0]!.activeUnits = v)],
  ['history.evals.0.n', (r, v) => (h(r).evals[0]!.n = v)],
  ['history.divergences.0.step', (r, v) => (h(r).divergences[0]!.step = v)],
  ['history.divergences.0.restoredStep', (r, v) => (h(r).divergences[0]!.restoredStep = v)],
];
const SAMPLE_FIELDS: [string, Edit][] = [
  ['samplesSeen', (r, v) => (r.checkpoint.samplesSeen = v)],
  ['history.points.0.samples', (r, v) => (h(r).points[0]!.samples = v)],
  ['history.evals.0.samples', (r, v) => (h(r).evals[0]!.samples = v)],
  ['history.divergences.0.samples', (r, v) => (h(r).divergences[0]!.samples = v)],
];

function expectRefusedNaming(edit: Edit, path: string, v: number) {
  const run = validRun();
  edit(run, v);
  const escaped = path.replace(/\./g, '\\.');
  expect(() => decodeRunFile(encodeRunFile(run))).toThrow(new RegExp(`\\(${escaped}\\)`));
}

describe('run-file validation over out-of-range fields', () => {
  it('reads the valid run it starts from (so each refusal below is the edit’s doing)', () => {
    expect(decodeRunFile(encodeRunFile(validRun())).history).toEqual(validRun().history);
  });
  it('refuses every figure beyond ±3.4e38 (±1e308 included), naming the field', () => {
    fc.assert(fc.property(fc.constantFrom(...FIGURE_FIELDS), hugeFigure, ([path, edit], v) => expectRefusedNaming(edit, path, v)), { numRuns: 300 });
  });
  it('keeps figures up to the largest float32 and null (a NaN written by JSON)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...FIGURE_FIELDS), fc.oneof(fc.double({ min: -FIGURE_LIMIT, max: FIGURE_LIMIT, noNaN: true }), fc.constant(Number.NaN)), ([, edit], v) => {
        const run = validRun();
        edit(run, v);
        expect(() => decodeRunFile(encodeRunFile(run))).not.toThrow();
      }),
      { numRuns: 200 },
    );
  });
  it('refuses every step and count that is negative, fractional or beyond exact integers, naming the field', () => {
    fc.assert(fc.property(fc.constantFrom(...COUNT_FIELDS), badCount, ([path, edit], v) => expectRefusedNaming(edit, path, v)), { numRuns: 300 });
  });
  it('refuses images-seen counts that are negative or beyond exact integers, naming the field', () => {
    fc.assert(fc.property(fc.constantFrom(...SAMPLE_FIELDS), badSamples, ([path, edit], v) => expectRefusedNaming(edit, path, v)), { numRuns: 200 });
  });
  it('refuses more KL dimensions than J can have, more active units than that and more test images than the test set', () => {
    expectRefusedNaming((r) => (h(r).evals[0]!.klPerDim = Array.from({ length: MAX_LATENT + 1 }, () => 1)), 'history.evals.0.klPerDim', 0);
    expectRefusedNaming((r) => (h(r).evals[0]!.activeUnits = MAX_LATENT + 1), 'history.evals.0.activeUnits', 0);
    expectRefusedNaming((r) => (h(r).evals[0]!.n = MAX_TEST_IMAGES + 1), 'history.evals.0.n', 0);
  });
  it('refuses a history longer than its limit, naming the list', () => {
    const point = validRun().history.points[0]!;
    const long = { ...validRun().history, points: Array.from({ length: 100_001 }, () => point) };
    const parsed = runHistorySchema.safeParse(long);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['points']);
    expect(parsed.error?.issues[0]?.message).toMatch(/at most 100000 points/);
  });
});
