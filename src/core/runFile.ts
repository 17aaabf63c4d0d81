/**
 * A saved run: everything needed to come back to an experiment. It is a weights file (see
 * weightsFile.ts) with exact float32 values, whose tensors are the model's weights followed by
 * the optimizer's state, and whose header carries a `run` record: a format version, the run's
 * name and time of saving, its step counters, and its metric history (so the curves come back
 * too). The same bytes go to IndexedDB and to a downloaded `.vaerun` file, so one reader
 * checks both. A variational decoder's ρ's (s = softplus(ρ) of q(θ) = N(m, s²)) follow the
 * weights as further weight tensors, in the order of VAE.variables, so a run carries the means
 * and the standard deviations exactly. Version 2 adds the data set the run trained on (see
 * runDataset.ts); a version 1 file trained on the built-in set its settings name.
 * Pure TypeScript: no tfjs, no DOM.
 */
import './zodJitless';
import { z } from 'zod';
import { OPTIMIZERS, SETTINGS, validateConfig, type Config } from './config';
import type { CheckpointArrays } from './serialize';
import { builtinDataset, runDatasetSchema, type RunDataset } from './runDataset';
import { decodeWeightsFile, encodeWeightsFile, WeightsFileError } from './weightsFile';

export const RUN_FORMAT = 'vae-playground-run';
export const RUN_FORMAT_VERSION = 2;
/** File name extension of a downloaded run. */
export const RUN_FILE_EXTENSION = '.vaerun';

/**
 * The largest figure a run can hold: the largest float32, 3.4028234663852886e38. The model
 * computes in float32, so no figure it reports is larger in magnitude; a file that holds one
 * was not written by it, and the charts are not asked to draw it.
 */
export const FIGURE_LIMIT = 3.4028234663852886e38;
/** Largest step or count of training images: counts stay exact integers in a double. */
export const COUNT_LIMIT = Number.MAX_SAFE_INTEGER;
/** Most points of each kind in a history, and most divergences. */
export const HISTORY_LIMITS = { points: 100_000, evals: 100_000, divergences: 10_000 } as const;
/** Most latent dimensions (the settings table's maximum of J) and most test images of an evaluation. */
export const MAX_LATENT = 200;
export const MAX_TEST_IMAGES = 10_000;

const finite = z.number().refine(Number.isFinite, 'must be finite');
const count = z.number().int('must be a whole number').min(0, 'must be 0 or more').max(COUNT_LIMIT, `must be at most ${COUNT_LIMIT}`);
const samples = z.number().min(0, 'must be 0 or more').max(COUNT_LIMIT, `must be at most ${COUNT_LIMIT}`);
/** NaN and ±∞ are written as null by JSON; a history keeps them as null. */
const figure = z
  .number()
  .min(-FIGURE_LIMIT, 'is beyond the largest float32 (±3.4e38), which no run reaches and no chart draws')
  .max(FIGURE_LIMIT, 'is beyond the largest float32 (±3.4e38), which no run reaches and no chart draws')
  .nullable();

const trainPoint = z.object({
  step: count,
  samples,
  elbo: figure,
  recon: figure,
  kl: figure,
  loss: figure,
  gradNorm: figure,
  /** Variational decoder: KL(q(θ) ‖ p_α(θ)) / N, per image. */
  weightKl: figure.optional(),
});
const evalPoint = z.object({
  step: count,
  samples,
  elbo: figure,
  recon: figure,
  kl: figure,
  klPerDim: z.array(figure).max(MAX_LATENT, `must have at most ${MAX_LATENT} dimensions`),
  activeUnits: count.max(MAX_LATENT, `must be at most ${MAX_LATENT}`),
  n: count.min(1, 'must be at least 1').max(MAX_TEST_IMAGES, `must be at most ${MAX_TEST_IMAGES}`),
  full: z.boolean(),
  /** Variational decoder: KL(q(θ) ‖ p_α(θ)) / N, per image. */
  weightKl: figure.optional(),
  /** Runs trained with IWAE: the test set's k-sample bound, and k (1 to the largest L). */
  iwae: z.object({ k: count.min(1, 'must be at least 1').max(SETTINGS.samplesL.max, `must be at most ${SETTINGS.samplesL.max}`), bound: figure }).optional(),
});
const divergence = z.object({ step: count, samples, restoredStep: count });

/** Metric history of a run, without run numbers (those belong to a session). */
export const runHistorySchema = z.object({
  points: z.array(trainPoint).max(HISTORY_LIMITS.points, `must have at most ${HISTORY_LIMITS.points} points`),
  evals: z.array(evalPoint).max(HISTORY_LIMITS.evals, `must have at most ${HISTORY_LIMITS.evals} evaluations`),
  divergences: z.array(divergence).max(HISTORY_LIMITS.divergences, `must have at most ${HISTORY_LIMITS.divergences} divergences`),
});
export type SavedHistory = z.infer<typeof runHistorySchema>;

const runRecordSchema = z.object({
  format: z.literal(RUN_FORMAT, { error: `not a ${RUN_FORMAT} file` }),
  version: z.number().int(),
  name: z.string().min(1).max(200),
  savedAt: z.string().max(64),
  step: count,
  samplesSeen: finite.pipe(samples),
  optimizer: z.enum(OPTIMIZERS),
  /** How many of the file's tensors are weights; the rest are the optimizer's state. */
  weightCount: count.min(1, 'must be at least 1').max(1_000, 'must be at most 1000'),
  /** The optimizer state's variable names, in order. */
  optimizerNames: z.array(z.string().max(200, 'must be at most 200 characters')).max(1_000, 'must have at most 1000 names'),
  history: runHistorySchema,
  /** The data set the run trained on (absent in version 1: the built-in config.dataset). */
  dataset: runDatasetSchema.optional(),
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
  /** The data set the run trained on. */
  dataset: RunDataset;
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
    dataset: run.dataset,
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
    dataset: r.dataset ?? builtinDataset(cfg.config.dataset),
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
