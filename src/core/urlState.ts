import { DEFAULT_CONFIG, SETTINGS, settingsConflict, validateSetting, type Config, type Setting, type SettingKey } from './config';

/**
 * The experiment in the URL: every setting of the table as a query parameter (only those
 * that differ from the defaults, so links stay short). Parsing never throws: a parameter
 * that fails validation is ignored, its default is kept, and a notice names the field.
 * Parameters that are not settings but that the page reads elsewhere (OTHER_URL_KEYS) are left
 * alone; any other parameter, and a setting given twice, is named in a notice saying what was done.
 */

/** Query-parameter name of each setting: short, stable, readable. */
export const URL_KEYS: Record<SettingKey, string> = {
  dataset: 'data',
  latentDim: 'J',
  hidden: 'hidden',
  activation: 'act',
  init: 'init',
  decoder: 'decoder',
  seed: 'seed',
  optimizer: 'opt',
  learningRate: 'lr',
  momentum: 'momentum',
  batchSize: 'M',
  samplesL: 'L',
  estimator: 'est',
  beta: 'beta',
  klWarmupSteps: 'warmup',
  lrDecaySteps: 'lrdecay',
  weightDecay: 'wd',
  decoderWeights: 'theta',
  weightPriorStd: 'alpha',
  weightInitStd: 's0',
};

/** Query parameters the page reads that are not settings (the backend, the drawing worker, the pretrained model, test hooks). */
export const OTHER_URL_KEYS: readonly string[] = [
  'backend',
  'drawworker',
  'pretrained',
  'testhooks',
  // the wasm thread count (worker/wasmThreads.ts), the open tab (app/DeepTabs.tsx), the Learn
  // path's stop (guide/), the posterior lab's chains (client/inferenceUrl.ts)
  'threads',
  'tab',
  'stop',
  'mcmc',
];

const KEYS = Object.keys(SETTINGS) as SettingKey[];

/** A parameter's name or value as a notice shows it: at most 24 characters. */
function shorten(raw: string): string {
  return raw.length > 24 ? `${raw.slice(0, 24)}…` : raw;
}

/** Notices for the parameters that were not used as they stand: unknown names, and names given more than once. */
function strayNotices(params: URLSearchParams): string[] {
  const known = new Set<string>([...Object.values(URL_KEYS), ...OTHER_URL_KEYS]);
  const counts = new Map<string, number>();
  params.forEach((_, k) => counts.set(k, (counts.get(k) ?? 0) + 1));
  const unknown = [...counts.keys()].filter((k) => !known.has(k));
  const notices: string[] = [];
  if (unknown.length > 0) {
    const shown = unknown.slice(0, 5).map((k) => JSON.stringify(shorten(k)));
    const more = unknown.length > 5 ? ` and ${unknown.length - 5} more` : '';
    notices.push(`Ignored ${unknown.length === 1 ? 'the address parameter' : 'the address parameters'} ${shown.join(', ')}${more}: not a setting or option of this page.`);
  }
  for (const [k, n] of counts) {
    if (n < 2 || !known.has(k)) continue;
    const values = params.getAll(k).map((v) => JSON.stringify(shorten(v)));
    notices.push(`The address gives ${k} ${n} times (${values.slice(0, 5).join(', ')}); only the first is used, the others are ignored.`);
  }
  return notices;
}

function encodeValue(v: Config[SettingKey]): string {
  return Array.isArray(v) ? v.join('-') : String(v);
}

function decodeValue(setting: Setting, raw: string): unknown {
  switch (setting.kind) {
    case 'number':
      // Number('') is 0 and Number(' 1') is 1: refuse anything that is not a plain number.
      return /^-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(raw) ? Number(raw) : Number.NaN;
    case 'intlist':
      return raw.split('-').map((t) => (/^\d+$/.test(t) ? Number(t) : Number.NaN));
    case 'enum':
      return raw;
  }
}

/** The config as URL query parameters (defaults omitted). */
export function configToParams(config: Config): URLSearchParams {
  const p = new URLSearchParams();
  for (const k of KEYS) {
    if (JSON.stringify(config[k]) !== JSON.stringify(DEFAULT_CONFIG[k])) p.set(URL_KEYS[k], encodeValue(config[k]));
  }
  return p;
}

/** Reads a config from a query string; invalid values are ignored with a notice each. */
export function configFromSearch(search: string, base: Config = DEFAULT_CONFIG): { config: Config; notices: string[] } {
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(search);
  } catch {
    return { config: base, notices: ['The address could not be read; using the default settings.'] };
  }
  const config = { ...base, hidden: [...base.hidden] } as Record<SettingKey, unknown>;
  const notices: string[] = [];
  for (const k of KEYS) {
    const raw = params.get(URL_KEYS[k]);
    if (raw === null) continue;
    const value = decodeValue(SETTINGS[k] as Setting, raw);
    const error = validateSetting(k, value);
    if (error) {
      notices.push(`Ignored ${URL_KEYS[k]}=${JSON.stringify(shorten(raw))} from the address (${error}); using ${encodeValue(base[k])}.`);
      continue;
    }
    config[k] = value;
  }
  // Valid one by one but not together (IWAE with a variational decoder): the estimator goes back to base's.
  const conflict = settingsConflict(config as unknown as Config);
  if (conflict) {
    const k = conflict.field as SettingKey;
    notices.push(`Ignored ${URL_KEYS[k]}=${JSON.stringify(shorten(params.get(URL_KEYS[k]) ?? ''))} from the address (${conflict.message}); using ${encodeValue(base[k])}.`);
    config[k] = base[k];
  }
  return { config: config as unknown as Config, notices: [...notices, ...strayNotices(params)] };
}
