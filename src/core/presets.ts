import { TRAIN_IMAGES } from '../shared/datasets';
import { DEFAULT_CONFIG, type Config } from './config';

export interface Preset {
  name: string;
  description: string;
  config: Config;
}

/** The Best preset's batch size, and its schedule: 5 epochs of MNIST's 60,000 training images at that size. */
const BEST_BATCH_SIZE = 32;
export const BEST_DECAY_STEPS = (5 * TRAIN_IMAGES) / BEST_BATCH_SIZE;

/** Presets (docs/architecture.md). N = 60,000 training images; λ = 1/N is the paper's N(0, I) weight prior. */
export const PRESETS: Preset[] = [
  {
    name: 'Modern',
    description: 'ReLU MLP 784-512-20, Adam 1e-3, M = 128, estimator B.',
    config: { ...DEFAULT_CONFIG, latentDim: 20, hidden: [512], activation: 'relu', init: 'lecun-uniform', optimizer: 'adam', learningRate: 1e-3, batchSize: 128 },
  },
  {
    name: 'AEVB 2013',
    description: 'The paper: 500 tanh units each side, N(0, 0.01) init, Adagrad 0.02, M = 100, L = 1, weight prior.',
    config: {
      ...DEFAULT_CONFIG,
      hidden: [500],
      activation: 'tanh',
      init: 'normal-0.01',
      optimizer: 'adagrad',
      learningRate: 0.02,
      batchSize: 100,
      samplesL: 1,
      weightDecay: 1 / TRAIN_IMAGES,
    },
  },
  {
    name: 'Best',
    description:
      'The Modern network with M = 32 and Adam 2e-3 falling along a cosine to 1 % over 9,375 steps (5 epochs): test ELBO −100.7 after those 5 epochs, against the reference\'s −104.5 (M = 128, Adam 1e-3).',
    config: {
      ...DEFAULT_CONFIG,
      latentDim: 20,
      hidden: [512],
      activation: 'relu',
      init: 'lecun-uniform',
      optimizer: 'adam',
      learningRate: 2e-3,
      batchSize: BEST_BATCH_SIZE,
      lrDecaySteps: BEST_DECAY_STEPS,
    },
  },
  {
    name: '2-D latent',
    description: 'The default: J = 2, so the latent plane is the whole latent space, drawn by the manifold grid and the map.',
    config: { ...DEFAULT_CONFIG, latentDim: 2 },
  },
  {
    name: 'Posterior collapse',
    description: 'A strong decoder (two wide layers) and β = 4: the KL term wins, most latent dimensions fall back to the prior (watch the KL bars and active units).',
    config: { ...DEFAULT_CONFIG, latentDim: 20, hidden: [1024, 512], beta: 4 },
  },
  {
    name: 'Estimator A',
    description: 'The Monte-Carlo KL of eq. 6 instead of the analytic one (eq. 7), everything else as Modern: compare the noise of the curves with estimator B.',
    config: { ...DEFAULT_CONFIG, latentDim: 20, estimator: 'A' },
  },
  {
    name: 'Fashion-MNIST',
    description: 'The Modern network on Fashion-MNIST clothing instead of digits.',
    config: { ...DEFAULT_CONFIG, latentDim: 20, dataset: 'fashion' },
  },
];
