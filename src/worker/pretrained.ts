/**
 * Fetching a pretrained model (public/pretrained/NAME.bin, the format of core/weightsFile.ts)
 * and checking it completely — format, checksum, finite values, a valid config, shapes that
 * match a model built from that config — before anything in the session is replaced.
 */
import { validateConfig, type Config } from '../core/config';
import { VAE } from '../core/model';
import { checkShapes, decodeWeightsFile } from '../core/weightsFile';
import { PRETRAINED, type PretrainedName } from '../protocol/drawing';

export interface LoadedWeights {
  name: PretrainedName;
  config: Config;
  weights: Float32Array[];
  samples: number;
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
    samples: Number(header.trainedOn?.samples ?? 0),
    testElbo: typeof elbo === 'number' && Number.isFinite(elbo) ? elbo : null,
    dtype: header.dtype,
    bytes: bytes.length,
  };
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
