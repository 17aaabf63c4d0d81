/**
 * A saved run: everything needed to come back to an experiment. It is a weights file (see
 * weightsFile.ts) with exact float32 values, whose tensors are the model's weights followed by
 * the optimizer's state, and whose header carries a `run` record: a format version, the run's
 * name and time of saving, its step counters, and its metric history (so the curves come back
 * too). The same bytes go to IndexedDB and to a downloaded `.vaerun` file, so one reader
 * checks both. Pure TypeScript: no tfjs, no DOM.
 */
import { z } from 'zod';
import { OPTIMIZERS, validateConfig, type Config } from './config';
import type { CheckpointArrays } from './serialize';
import { decodeWeightsFile, encodeWeightsFile, WeightsFileError } from './weightsFile';

export const RUN_FORMAT = 'vae-playground-run';
export const RUN_FORMAT_VERSION = 1;
/** File name extension of a downloaded run. */
export const RUN_FILE_EXTENSION = '.vaerun';

const finite = z.number().refine(Number.isFinite, 'must be finite');
/** NaN and ±∞ are written as null by JSON; a history keeps them as null. */
const figure = z.number().nullable();

const trainPoint = z.object({
  step: z.number().int().nonnegative(),
  samples: z.number().nonnegative(),
  elbo: figure,
  recon: figure,
  kl: figure,
  loss: figure,
  gradNorm: figure,
});
const evalPoint = z.object({
  step: z.number().int().nonnegative(),
  samples: z.number().nonnegative(),
  elbo: figure,
  recon: figure,
  kl: figure,
  klPerDim: z.array(figure),
  activeUnits: z.number().int().nonnegative(),
  n: z.number().int().positive(),
  full: z.boolean(),
});
const divergence = z.object({ step: z.number().int(), samples: z.number(), restoredStep: z.number().int() });

/** Metric history of a run, without run numbers (those belong to a session). */
export const runHistorySchema = z.object({
  points: z.array(trainPoint).max(100_000),
  evals: z.array(evalPoint).max(100_000),
  divergences: z.array(divergence).max(10_000),
});
export type SavedHistory = z.infer<typeof runHistorySchema>;

const runRecordSchema = z.object({
  format: z.literal(RUN_FORMAT, { error: `not a ${RUN_FORMAT} file` }),
  version: z.number().int(),
  name: z.string().min(1).max(200),
  savedAt: z.string().max(64),
  step: z.number().int().nonnegative(),
  samplesSeen: finite.pipe(z.number().nonnegative()),
  optimizer: z.enum(OPTIMIZERS),
  /** How many of the file's tensors are weights; the rest are the optimizer's state. */
  weightCount: z.number().int().positive(),
  /** The optimizer state's variable names, in order. */
  optimizerNames: z.array(z.string()),
  history: runHistorySchema,
});
export type RunRecord = z.infer<typeof runRecordSchema>;

export class RunFileError extends Error {
  override name = 'RunFileError';
}

export interface SavedRun {
  name: string;
  savedAt: string;
  config: Config;
  checkpoint: CheckpointArrays;
  history: SavedHistory;
}

/** Writes a run (weights and optimizer state exactly, as float32). */
export function encodeRunFile(run: SavedRun): Uint8Array {
  const cp = run.checkpoint;
  const record: RunRecord = {
    format: RUN_FORMAT,
    version: RUN_FORMAT_VERSION,
    name: run.name,
    savedAt: run.savedAt,
    step: cp.step,
    samplesSeen: cp.samplesSeen,
    optimizer: cp.optimizer,
    weightCount: cp.weights.length,
    optimizerNames: cp.optimizerState.map((s) => s.name),
    history: run.history,
  };
  return encodeWeightsFile([...cp.weights.map((w) => w.values), ...cp.optimizerState.map((s) => s.values)], {
    dtype: 'float32',
    config: run.config,
    names: [...cp.weights.map((_, i) => `weight${i}`), ...cp.optimizerState.map((s) => `optimizer/${s.name}`)],
    shapes: [...cp.weights.map((w) => w.shape), ...cp.optimizerState.map((s) => s.shape)],
    run: record,
  });
}

function describeIssues(e: z.ZodError, what: string): string {
  const i = e.issues[0];
  const at = i && i.path.length ? ` (${i.path.join('.')})` : '';
  return `${what}${at}: ${i?.message ?? 'invalid'}`;
}

/**
 * Reads a run file, checking everything that can be checked without a model: the container
 * (magic, version, sizes, checksum, finite values; see decodeWeightsFile), the run record's
 * format and version, the config against the settings table, and the history. Throws a
 * RunFileError or WeightsFileError that says what is wrong. The caller checks the shapes
 * against a model built from the config before replacing anything.
 */
export function decodeRunFile(bytes: Uint8Array): SavedRun {
  const { header, weights } = decodeWeightsFile(bytes);
  if (header.dtype !== 'float32') throw new RunFileError(`a run file stores float32 values, this one ${header.dtype} (a weights-only file?)`);
  if (header.run === undefined) throw new RunFileError('this is a weights file without a run record, not a saved run');
  const rec = runRecordSchema.safeParse(header.run);
  if (!rec.success) throw new RunFileError(describeIssues(rec.error, 'run record'));
  const r = rec.data;
  if (r.version > RUN_FORMAT_VERSION) {
    throw new RunFileError(`run format version ${r.version} is newer than this app reads (${RUN_FORMAT_VERSION}); update the app`);
  }
  if (r.version < 1) throw new RunFileError(`run format version ${r.version} is not valid`);
  const cfg = validateConfig(header.config);
  if (!cfg.ok) throw new RunFileError(`config: ${cfg.errors.map((e) => e.message).join('; ')}`);
  if (r.weightCount + r.optimizerNames.length !== weights.length) {
    throw new RunFileError(`${weights.length} tensors, but the record names ${r.weightCount} weights and ${r.optimizerNames.length} optimizer variables`);
  }
  const shapes = header.tensors.map((t) => t.shape);
  return {
    name: r.name,
    savedAt: r.savedAt,
    config: cfg.config,
    history: r.history,
    checkpoint: {
      step: r.step,
      samplesSeen: r.samplesSeen,
      optimizer: r.optimizer,
      weights: weights.slice(0, r.weightCount).map((values, i) => ({ shape: shapes[i]!, values })),
      optimizerState: weights.slice(r.weightCount).map((values, i) => ({
        name: r.optimizerNames[i]!,
        shape: shapes[r.weightCount + i]!,
        values,
      })),
    },
  };
}

/** A message for any error reading a run file, naming the file. */
export function runFileProblem(e: unknown, fileName: string): string {
  const why = e instanceof RunFileError || e instanceof WeightsFileError ? e.message : `unreadable (${(e as Error)?.message ?? String(e)})`;
  return `Could not load "${fileName}": ${why}. The current model is unchanged.`;
}
