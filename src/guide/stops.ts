import type { Config, DatasetName } from '../core/config';
import type { PretrainedName } from '../protocol/drawing';

/**
 * The guided path through the paper: each stop is a text (its own Markdown file under
 * stops/, editable without touching code; loaded with the panel's text, stopTexts.ts), the
 * view it talks about, and the set-up it needs, declared as data and applied through the
 * controls' own actions (client/guideActions.ts).
 */

/** What a stop sets up. Fields left out are left as they are. */
export interface StopSetup {
  /** Settings merged into the config in effect; a network setting rebuilds the model. */
  settings?: Partial<Config>;
  /** The data set (a network setting: a new model on it). */
  dataset?: DatasetName;
  /** A pretrained model to load (not reloaded when the run in effect is that model already). */
  pretrained?: PretrainedName;
  /** Fresh weights (a new run; the earlier curves stay), unless the settings rebuilt anyway. */
  fresh?: boolean;
  /** Test digit (index in the test set) for the drawing pad and the pipeline. */
  testDigit?: number;
  /** true: start training; false: pause; left out: as it is. */
  train?: boolean;
}

/** One click that sets up an experiment (the last stop's list). */
export interface Experiment {
  label: string;
  setup: StopSetup;
}

export interface Stop {
  /** Stable id (the stop's text file is named after it). */
  id: string;
  /** Its text: a file under src/guide/stops/ (title line first). */
  file: string;
  /** The view the stop talks about: a stage view or a deeper panel of app/views.ts. */
  target: string;
  setup: StopSetup;
  experiments?: Experiment[];
}

const J2 = { pretrained: 'mnist-j2' } as const;

/** The path's stops, in order (at most ten). */
export const STOPS: Stop[] = [
  { id: 'problem', file: '01-problem.md', target: 'grid', setup: { ...J2 } },
  { id: 'bound', file: '02-bound.md', target: 'curves', setup: { ...J2, testDigit: 0, train: true } },
  { id: 'reparam', file: '03-reparam.md', target: 'pipeline', setup: { ...J2, testDigit: 0 } },
  { id: 'estimators', file: '04-estimators.md', target: 'reparam', setup: { ...J2, settings: { estimator: 'B', samplesL: 1 }, train: false } },
  {
    id: 'training',
    file: '05-training.md',
    target: 'curves',
    setup: {
      dataset: 'mnist',
      settings: { latentDim: 2, hidden: [512], activation: 'relu', decoder: 'bernoulli', optimizer: 'adam', learningRate: 1e-3, batchSize: 128, samplesL: 1, estimator: 'B', beta: 1, klWarmupSteps: 0, weightDecay: 0 },
      fresh: true,
      train: true,
    },
  },
  { id: 'latent', file: '06-latent.md', target: 'map', setup: { ...J2 } },
  { id: 'amortized', file: '07-amortized.md', target: 'drawing', setup: { ...J2, testDigit: 4, train: false } },
  { id: 'marginal', file: '08-marginal.md', target: 'drawing', setup: { ...J2, testDigit: 1, train: false } },
  { id: 'dimensions', file: '09-dimensions.md', target: 'figures', setup: { pretrained: 'mnist-j20', settings: { beta: 1, klWarmupSteps: 0 }, train: true } },
  {
    id: 'next',
    file: '10-next.md',
    target: 'controls',
    setup: {},
    experiments: [
      { label: 'β = 4 on J = 20', setup: { pretrained: 'mnist-j20', settings: { beta: 4, klWarmupSteps: 0 }, train: true } },
      {
        label: 'KL warm-up from scratch',
        setup: { dataset: 'mnist', settings: { latentDim: 20, beta: 1, klWarmupSteps: 2000 }, fresh: true, train: true },
      },
      { label: 'Estimator A', setup: { settings: { estimator: 'A', samplesL: 1 }, train: true } },
      { label: 'IWAE, k = 5', setup: { settings: { estimator: 'iwae', samplesL: 5 }, train: true } },
      {
        label: "The paper's set-up",
        setup: {
          dataset: 'mnist',
          settings: { latentDim: 20, hidden: [500], activation: 'tanh', init: 'normal-0.01', optimizer: 'adagrad', learningRate: 0.02, batchSize: 100, samplesL: 1, estimator: 'B', beta: 1, klWarmupSteps: 0, weightDecay: 1 / 60000 },
          fresh: true,
          train: true,
        },
      },
      { label: 'Fashion-MNIST', setup: { dataset: 'fashion', settings: { latentDim: 2 }, fresh: true, train: true } },
    ],
  },
];

/** The stop number (1-based) a URL asks for: ?stop=k or #learn/k; null when none or out of range. */
export function stopFromUrl(search: string, hash: string): number | null {
  const raw = new URLSearchParams(search).get('stop') ?? hash.match(/^#learn\/(\d+)$/)?.[1] ?? null;
  if (raw === null || !/^\d+$/.test(raw)) return null;
  const k = Number(raw);
  return k >= 1 && k <= STOPS.length ? k : null;
}
