/**
 * Fetching a pretrained model (public/pretrained/NAME.bin, the format of core/weightsFile.ts)
 * and checking it completely — format, checksum, finite values, a valid config, shapes that
 * match a model built from that config — before anything in the session is replaced.
 */
import { validateConfig, type Config } from '../core/config';
import { VAE } from '../core/model';
import { checkShapes, decodeWeightsFile } from '../core/weightsFile';
import { PRETRAINED, type PretrainedName } from '../protocol/drawing';

/** One test evaluation recorded while the model trained (1,000 test images, nats per image). */
export interface RecordedEval {
  samples: number;
  steps: number;
  elbo: number;
  recon: number;
  kl: number;
  activeUnits: number;
}

/** Points a recorded curve may hold (a longer one is refused, not drawn). */
export const MAX_RECORDED_POINTS = 2_000;

/**
 * The test curve recorded in a weights file as its model trained (`trainedOn.curve`), checked:
 * at most MAX_RECORDED_POINTS points, finite figures, samples and steps whole, non-negative and
 * in order. An absent curve is empty; a malformed one throws with what is wrong.
 */
export function recordedCurve(trainedOn: Record<string, unknown> | undefined): RecordedEval[] {
  const raw = trainedOn?.curve;
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw new Error('its recorded curve is not a list');
  if (raw.length > MAX_RECORDED_POINTS) throw new Error(`its recorded curve has ${raw.length} points (at most ${MAX_RECORDED_POINTS})`);
  let last = -1;
  return raw.map((p: unknown, i) => {
    const o = (p ?? {}) as Record<string, unknown>;
    const num = (k: string) => {
      const v = o[k];
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`point ${i} of its recorded curve has no finite ${k}`);
      return v;
    };
    const q = { samples: num('samples'), steps: num('steps'), elbo: num('elbo'), recon: num('recon'), kl: num('kl'), activeUnits: num('activeUnits') };
    if (!Number.isInteger(q.samples) || !Number.isInteger(q.steps) || q.samples < 0 || q.steps < 0 || q.samples < last) {
      throw new Error(`point ${i} of its recorded curve is out of order or not a whole count`);
    }
    last = q.samples;
    return q;
  });
}

export interface LoadedWeights {
  name: PretrainedName;
  config: Config;
  weights: Float32Array[];
  samples: number;
  /** Training steps the weights had when written. */
  steps: number;
  /** Its test curve as it trained (may be empty). */
  curve: RecordedEval[];
  testElbo: number | null;
  dtype: string;
  bytes: number;
}

/** URL of a pretrained model, beside the data directory: <base>/pretrained/NAME.bin. */
export function pretrainedUrl(dataUrl: string, name: PretrainedName): string {
  return new URL(`../pretrained/${name}.bin`, dataUrl).href;
}

/** Decodes and checks a weights file's bytes; throws with what is wrong. */
export function checkPretrained(name: PretrainedName, bytes: Uint8Array): LoadedWeights {
  const { header, weights } = decodeWeightsFile(bytes);
  const v = validateConfig(header.config);
  if (!v.ok) throw new Error(`its config is invalid: ${v.errors.map((e) => e.message).join('; ')}`);
  // The shapes a model of this config has (a throwaway model: shapes only, disposed at once).
  const probe = new VAE(v.config);
  try {
    checkShapes(header, probe.variables.map((t) => t.shape));
  } finally {
    probe.dispose();
  }
  const elbo = header.test?.elbo;
  return {
    name,
    config: v.config,
    weights,
    samples: wholeCount(header.trainedOn?.samples),
    steps: wholeCount(header.trainedOn?.steps),
    curve: recordedCurve(header.trainedOn),
    testElbo: typeof elbo === 'number' && Number.isFinite(elbo) ? elbo : null,
    dtype: header.dtype,
    bytes: bytes.length,
  };
}

/** A recorded count of samples or steps: a whole non-negative number, else 0. */
function wholeCount(v: unknown): number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : 0;
}

/** Fetches and checks a pretrained model. */
export async function fetchPretrained(dataUrl: string, name: string): Promise<LoadedWeights> {
  if (!Object.hasOwn(PRETRAINED, name)) throw new Error(`unknown pretrained model "${name}"; one of ${Object.keys(PRETRAINED).join(', ')}`);
  const key = name as PretrainedName;
  const url = pretrainedUrl(dataUrl, key);
  const res = await fetch(url);
  if (!res.ok) throw new Error(`pretrained model ${key} is missing (HTTP ${res.status} for ${url})`);
  try {
    return checkPretrained(key, new Uint8Array(await res.arrayBuffer()));
  } catch (e) {
    throw new Error(`pretrained model ${key} was refused: ${(e as Error).message}`);
  }
}
