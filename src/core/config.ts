import './zodJitless';
import { z } from 'zod';
import { labelPair, shortList, shortNumber } from './labels';

/**
 * One declarative table of every setting of an experiment: its type, range, default, a
 * one-line description, and whether changing it rebuilds the network ("rebuild") or takes
 * effect at the next training step ("live"). Controls, validation and serialization are all
 * derived from this table.
 */
interface Base {
  label: string;
  description: string;
  /** 'live': takes effect at the next step. 'rebuild': changes the network; needs a new model. */
  effect: 'live' | 'rebuild';
}
export interface NumberSetting extends Base {
  kind: 'number';
  default: number;
  min: number;
  max: number;
  integer?: boolean;
  /** Suggests a logarithmic slider (learning rate, weight decay). */
  log?: boolean;
  /** A scale that must be > 0 (a standard deviation): a value ≤ 0 is refused as "must be positive". */
  positive?: boolean;
}
export interface EnumSetting<T extends string = string> extends Base {
  kind: 'enum';
  default: T;
  options: readonly T[];
  optionLabels?: Partial<Record<T, string>>;
}
export interface ListSetting extends Base {
  kind: 'intlist';
  default: number[];
  min: number;
  max: number;
  minLength: number;
  maxLength: number;
}
export type Setting = NumberSetting | EnumSetting | ListSetting;

export const ACTIVATIONS = ['relu', 'tanh', 'sigmoid', 'elu', 'softplus'] as const;
export const INITS = ['lecun-uniform', 'glorot', 'he', 'normal-0.01'] as const;
export const DECODERS = ['bernoulli', 'gaussian'] as const;
export const OPTIMIZERS = ['adam', 'adagrad', 'rmsprop', 'sgd'] as const;
export const ESTIMATORS = ['B', 'A', 'iwae'] as const;
export const DATASETS = ['mnist', 'fashion'] as const;
export const DECODER_WEIGHTS = ['point', 'variational'] as const;

export const SETTINGS = {
  dataset: {
    kind: 'enum', options: DATASETS, default: 'mnist', effect: 'rebuild',
    label: 'Data set',
    description: 'Handwritten digits, or Fashion-MNIST clothing (28×28 too; fixed split of 6,000 training and 1,000 test images per class).',
    optionLabels: { mnist: 'MNIST digits', fashion: 'Fashion-MNIST' },
  },
  latentDim: {
    kind: 'number', integer: true, min: 1, max: 200, default: 2, effect: 'rebuild',
    label: 'Latent size J', description: 'Dimensions of z. With 2 (the default) the latent plane is the whole latent space, drawn directly; 20 fits the data better.',
  },
  hidden: {
    kind: 'intlist', min: 1, max: 2048, minLength: 1, maxLength: 4, default: [512], effect: 'rebuild',
    label: 'Hidden layers', description: 'Widths of the hidden layers of the encoder (the decoder mirrors them), comma-separated.',
  },
  activation: {
    kind: 'enum', options: ACTIVATIONS, default: 'relu', effect: 'rebuild',
    label: 'Activation', description: 'Non-linearity of the hidden layers (the paper used tanh).',
  },
  init: {
    kind: 'enum', options: INITS, default: 'lecun-uniform', effect: 'rebuild',
    label: 'Weight init',
    description: 'U(±1/√fan_in) (PyTorch default), Glorot uniform, He normal, or the paper\'s N(0, 0.01) (variance 0.01).',
    optionLabels: { 'lecun-uniform': 'U(±1/√fan_in)', glorot: 'Glorot uniform', he: 'He normal', 'normal-0.01': 'N(0, 0.01)' },
  },
  decoder: {
    kind: 'enum', options: DECODERS, default: 'bernoulli', effect: 'rebuild',
    label: 'Decoder', description: 'p(x|z): Bernoulli on binarized pixels, or Gaussian on intensities.',
    optionLabels: { bernoulli: 'Bernoulli', gaussian: 'Gaussian' },
  },
  decoderWeights: {
    kind: 'enum', options: DECODER_WEIGHTS, default: 'point', effect: 'rebuild',
    label: 'Decoder weights',
    description: 'A point estimate of θ, or full variational Bayes: q(θ) = N(m, s²) per decoder weight and bias, with a N(0, α²) prior.',
    optionLabels: { point: 'Point estimate', variational: 'Variational q(θ)' },
  },
  weightInitStd: {
    kind: 'number', min: 1e-6, max: 1, default: 0.01, log: true, positive: true, effect: 'rebuild',
    label: 'Initial weight std s₀',
    description: 'Variational decoder only: the standard deviation s of every q(θ) at initialization (must be positive).',
  },
  seed: {
    kind: 'number', integer: true, min: 0, max: 2 ** 31 - 1, default: 1, effect: 'rebuild',
    label: 'Seed', description: 'Seeds the weight initialisation, the batch order and the noise ε.',
  },
  optimizer: {
    kind: 'enum', options: OPTIMIZERS, default: 'adam', effect: 'live',
    label: 'Optimizer', description: 'Adam, Adagrad (the paper\'s), RMSProp, or SGD with momentum.',
    optionLabels: { adam: 'Adam', adagrad: 'Adagrad', rmsprop: 'RMSProp', sgd: 'SGD + momentum' },
  },
  learningRate: {
    kind: 'number', min: 1e-6, max: 10, default: 1e-3, log: true, effect: 'live',
    label: 'Learning rate', description: 'Step size of the optimizer.',
  },
  momentum: {
    kind: 'number', min: 0, max: 0.999, default: 0.9, effect: 'live',
    label: 'Momentum', description: 'Momentum of SGD (ignored by the other optimizers).',
  },
  batchSize: {
    kind: 'number', integer: true, min: 1, max: 1024, default: 128, effect: 'live',
    label: 'Batch size M', description: 'Images per minibatch.',
  },
  samplesL: {
    kind: 'number', integer: true, min: 1, max: 64, default: 1, effect: 'live',
    label: 'Samples L', description: 'Samples of ε per image in the SGVB estimator; with IWAE, the k of the importance-weighted bound.',
  },
  estimator: {
    kind: 'enum', options: ESTIMATORS, default: 'B', effect: 'live',
    label: 'Estimator',
    description:
      'B: analytic KL (eq. 7). A: Monte-Carlo log p(z) − log q(z|x) (eq. 6). IWAE: the importance-weighted bound log (1/k) Σ w_i over k = L samples (Burda et al., 2015); k = 1 is A.',
    optionLabels: { B: 'B (analytic KL)', A: 'A (Monte-Carlo KL)', iwae: 'IWAE (k = L)' },
  },
  beta: {
    kind: 'number', min: 0, max: 20, default: 1, effect: 'live',
    label: 'β (KL weight)', description: 'Weight of the KL term in the training objective; the reported ELBO always uses β = 1.',
  },
  klWarmupSteps: {
    kind: 'number', integer: true, min: 0, max: 100000, default: 0, effect: 'live',
    label: 'KL warm-up steps', description: 'β rises linearly from 0 over this many steps (0: no warm-up).',
  },
  lrDecaySteps: {
    kind: 'number', integer: true, min: 0, max: 1000000, default: 0, effect: 'live',
    label: 'LR decay steps',
    description: 'The learning rate falls along a half cosine from its set value to 1 % of it over this many steps, then stays there (0: constant).',
  },
  weightDecay: {
    kind: 'number', min: 0, max: 1, default: 0, effect: 'live',
    label: 'Weight decay λ', description: 'Adds λ·½‖θ‖² per image: a N(0, 1/λ) prior on the weights (1/N is the paper\'s N(0, I)).',
  },
  weightPriorStd: {
    kind: 'number', min: 1e-4, max: 100, default: 1, log: true, positive: true, effect: 'live',
    label: 'Weight prior std α',
    description: 'Variational decoder only: the prior p_α(θ) = N(0, α²) of every decoder weight and bias (must be positive; 1 is the notes\' N(0, I)).',
  },
} as const satisfies Record<string, Setting>;

export type SettingKey = keyof typeof SETTINGS;

export interface Config {
  dataset: (typeof DATASETS)[number];
  latentDim: number;
  hidden: number[];
  activation: (typeof ACTIVATIONS)[number];
  init: (typeof INITS)[number];
  decoder: (typeof DECODERS)[number];
  seed: number;
  optimizer: (typeof OPTIMIZERS)[number];
  learningRate: number;
  momentum: number;
  batchSize: number;
  samplesL: number;
  estimator: (typeof ESTIMATORS)[number];
  beta: number;
  klWarmupSteps: number;
  lrDecaySteps: number;
  weightDecay: number;
  decoderWeights: (typeof DECODER_WEIGHTS)[number];
  weightPriorStd: number;
  weightInitStd: number;
}

export type Activation = Config['activation'];
export type Init = Config['init'];
export type DecoderFamily = Config['decoder'];
export type OptimizerName = Config['optimizer'];
export type Estimator = Config['estimator'];
export type DatasetName = Config['dataset'];
export type DecoderWeights = Config['decoderWeights'];

/**
 * Settings added after configs were first saved (pretrained models, run files, links), with
 * the value an older config meant by leaving them out. Only these may be missing.
 */
export const ADDED_SETTINGS: Partial<Config> = { dataset: 'mnist', decoderWeights: 'point', weightPriorStd: 1, weightInitStd: 0.01, lrDecaySteps: 0 };

function schemaFor(key: SettingKey, s: Setting): z.ZodType {
  const label = s.label;
  switch (s.kind) {
    case 'number': {
      // zod 4's number() already refuses NaN and ±Infinity.
      let n = z.number({ error: `${label} must be a number` });
      if (s.integer) n = n.int(`${label} must be a whole number`);
      if (s.positive) n = n.positive(`${label} must be positive (greater than 0)`);
      return n.min(s.min, `${label} must be at least ${s.min}`).max(s.max, `${label} must be at most ${s.max}`);
    }
    case 'enum':
      return z.enum(s.options as [string, ...string[]], { error: `${label} must be one of ${s.options.join(', ')}` });
    case 'intlist':
      return z
        .array(
          z
            .number({ error: `${label}: each width must be a number` })
            .int(`${label}: each width must be a whole number`)
            .min(s.min, `${label}: each width must be at least ${s.min}`)
            .max(s.max, `${label}: each width must be at most ${s.max}`),
          { error: `${label} must be a list of widths` },
        )
        .min(s.minLength, `${label}: at least ${s.minLength} layer`)
        .max(s.maxLength, `${label}: at most ${s.maxLength} layers`);
    default:
      throw new Error(`unknown setting kind for ${key}`);
  }
}

const SHAPE = Object.fromEntries(
  (Object.keys(SETTINGS) as SettingKey[]).map((k) => {
    const schema = schemaFor(k, SETTINGS[k] as Setting);
    return [k, k in ADDED_SETTINGS ? schema.optional().transform((v) => v ?? ADDED_SETTINGS[k]) : schema];
  }),
) as Record<SettingKey, z.ZodType>;

export const configSchema = z.object(SHAPE).strict() as unknown as z.ZodType<Config>;

export const DEFAULT_CONFIG: Config = Object.fromEntries(
  (Object.keys(SETTINGS) as SettingKey[]).map((k) => {
    const d = SETTINGS[k].default;
    return [k, Array.isArray(d) ? [...d] : d];
  }),
) as unknown as Config;

export interface FieldError {
  field: SettingKey | string;
  message: string;
}

/** Validates one setting's value; returns a message naming the field, or null when valid. */
export function validateSetting(key: SettingKey, value: unknown): string | null {
  const r = SHAPE[key].safeParse(value);
  return r.success ? null : (r.error.issues[0]?.message ?? `${SETTINGS[key].label} is invalid`);
}

/** Most rows M·L a training step decodes: the largest batch with L = 32, as before L could reach 64. */
export const MAX_DECODER_ROWS = 1024 * 32;

/**
 * Combinations of valid settings that do not go together, as a message naming the fields
 * (null when there is none). The importance-weighted bound needs one decoder for the k samples
 * of an image: a variational decoder draws θ afresh for each row (local reparameterization),
 * and log (1/k) Σ w_i over different θ is no longer a lower bound of the full-VB objective. And
 * a step decodes M·L images: at most MAX_DECODER_ROWS, so that k (= L) stays within memory.
 */
export function settingsConflict(config: Pick<Config, 'estimator' | 'decoderWeights' | 'batchSize' | 'samplesL'>): FieldError | null {
  if (config.estimator === 'iwae' && config.decoderWeights === 'variational')
    return { field: 'estimator', message: 'Estimator IWAE needs point-estimate decoder weights (a variational decoder draws θ per sample, which breaks the bound)' };
  if (config.batchSize * config.samplesL > MAX_DECODER_ROWS)
    return {
      field: 'samplesL',
      message: `Batch size M × samples L must be at most ${MAX_DECODER_ROWS.toLocaleString('en-US')} (decoded images per step, for memory); ${config.batchSize} × ${config.samplesL} is ${(config.batchSize * config.samplesL).toLocaleString('en-US')}`,
    };
  return null;
}

/** Validates a whole config: each setting against the table, then settingsConflict(). */
export function validateConfig(value: unknown): { ok: true; config: Config } | { ok: false; errors: FieldError[] } {
  const r = configSchema.safeParse(value);
  if (r.success) {
    const conflict = settingsConflict(r.data);
    return conflict ? { ok: false, errors: [conflict] } : { ok: true, config: r.data };
  }
  return {
    ok: false,
    errors: r.error.issues.map((i) => ({ field: String(i.path[0] ?? ''), message: i.message })),
  };
}

/** Keys whose change between a and b needs a new network. */
export function rebuildKeysChanged(a: Config, b: Config): SettingKey[] {
  return (Object.keys(SETTINGS) as SettingKey[]).filter(
    (k) => SETTINGS[k].effect === 'rebuild' && JSON.stringify(a[k]) !== JSON.stringify(b[k]),
  );
}

/** The training-time β after warm-up: β · min(1, step / warm-up steps). */
export function effectiveBeta(config: Pick<Config, 'beta' | 'klWarmupSteps'>, step: number): number {
  if (config.klWarmupSteps <= 0) return config.beta;
  return config.beta * Math.min(1, step / config.klWarmupSteps);
}

/** Where the cosine learning-rate decay ends, as a fraction of the set learning rate. */
export const LR_DECAY_FLOOR = 0.01;

/**
 * The learning rate at `step`: with T = lrDecaySteps > 0,
 * η_t = η · (f + (1 − f) · ½ (1 + cos(π · min(1, t / T)))), f = LR_DECAY_FLOOR; η when T = 0.
 */
export function effectiveLearningRate(config: Pick<Config, 'learningRate' | 'lrDecaySteps'>, step: number): number {
  const T = config.lrDecaySteps;
  if (T <= 0) return config.learningRate;
  const cos = 0.5 * (1 + Math.cos(Math.PI * Math.min(1, Math.max(0, step) / T)));
  return config.learningRate * (LR_DECAY_FLOOR + (1 - LR_DECAY_FLOOR) * cos);
}

/** A setting's value for a label: numbers short (labels.ts: "1.67e−5"), options by their label. */
export function formatSetting(key: SettingKey, value: Config[SettingKey]): string {
  const s = SETTINGS[key] as Setting;
  if (Array.isArray(value)) return shortList(value);
  if (s.kind === 'enum') return (s.optionLabels as Record<string, string> | undefined)?.[value as string] ?? String(value);
  return typeof value === 'number' ? shortNumber(value) : String(value);
}

/** Short names of the settings for labels ("β", "J", "lr", …). */
const SHORT: Partial<Record<SettingKey, string>> = {
  latentDim: 'J',
  hidden: 'hidden',
  learningRate: 'lr',
  batchSize: 'M',
  samplesL: 'L',
  beta: 'β',
  klWarmupSteps: 'warm-up',
  lrDecaySteps: 'lr decay',
  weightDecay: 'λ',
  decoderWeights: 'θ',
  weightPriorStd: 'α',
  weightInitStd: 's₀',
};

/** "β = 1.67e−5": a setting by its short name and its value as `formatSetting` writes it. */
export function settingLabel<K extends SettingKey>(key: K, value: Config[K]): string {
  return labelPair(SHORT[key] ?? SETTINGS[key].label.toLowerCase(), formatSetting(key, value));
}

/**
 * What distinguishes `other` from `base`, e.g. "J = 2, β = 4" (settings in table order); "same
 * settings" when nothing does. Labels compared runs by their difference, not by everything.
 */
export function describeDifferences(base: Config, other: Config): string {
  const parts = (Object.keys(SETTINGS) as SettingKey[])
    .filter((k) => JSON.stringify(base[k]) !== JSON.stringify(other[k]))
    .map((k) => settingLabel(k, other[k]));
  return parts.length ? parts.join(', ') : 'same settings';
}
