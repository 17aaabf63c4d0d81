import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

/**
 * The deeper panels: everything beyond the first screen, one click away as tabs. Each entry is
 * a lazy chunk (its component loads when its tab is first opened) and its state is kept while
 * another tab is shown. A feature adds its panel here, one entry, and nowhere else in the app.
 */
export interface DeepPanel {
  /** Stable id: the tab's URL key and the guided path's target. */
  id: string;
  /** The tab's text (short). */
  title: string;
  /** What the panel teaches, one line (the tab's description for screen readers). */
  summary: string;
  component: LazyExoticComponent<ComponentType>;
}

export const DEEP_PANELS: DeepPanel[] = [
  {
    id: 'settings',
    title: 'Settings',
    summary: 'Every setting of the model and its training, and the presets',
    component: lazy(() => import('../components/Controls/Controls').then((m) => ({ default: m.Controls }))),
  },
  {
    id: 'drawing',
    title: 'Drawing',
    summary: 'The drawing in detail: posterior samples, μ and σ per dimension, the true posterior, inpainting',
    component: lazy(() => import('../components/DrawPad/DrawPad').then((m) => ({ default: m.DrawingPanel }))),
  },
  {
    id: 'latent',
    title: 'Latent space',
    summary: 'Samples from the prior and interpolation between two test images',
    component: lazy(() => import('../components/LatentViews/LatentViews').then((m) => ({ default: m.LatentViews }))),
  },
  {
    id: 'reparam',
    title: 'Estimators',
    summary: 'The reparameterization trick, the estimator lab, gradient variance and ELBO noise',
    component: lazy(() => import('../components/Reparam/ReparamPanel').then((m) => ({ default: m.ReparamPanel }))),
  },
  {
    id: 'runs',
    title: 'Runs',
    summary: 'Save, load and compare runs; export the model and the metrics',
    component: lazy(() => import('../components/Runs/RunsPanel').then((m) => ({ default: m.RunsPanel }))),
  },
  {
    id: 'figures',
    title: 'Figures',
    summary: 'The settings in effect, the KL per latent dimension, a full test evaluation',
    component: lazy(() => import('../components/Figures/FiguresTab').then((m) => ({ default: m.FiguresTab }))),
  },
  {
    id: 'posterior',
    title: 'Posterior lab',
    summary: 'MCMC samples of the true posterior, the amortization gap, and the paper’s marginal-likelihood estimator',
    component: lazy(() => import('../components/PosteriorLab/PosteriorLab').then((m) => ({ default: m.PosteriorLab }))),
  },
  {
    id: 'data',
    title: 'Your data',
    summary: 'Train the VAE on images you bring: preview, preprocessing, kept in this browser, nothing uploaded',
    component: lazy(() => import('../components/Dataset/DatasetPanel').then((m) => ({ default: m.DatasetPanel }))),
  },
  {
    id: 'bayes',
    title: 'Bayesian decoder',
    summary: 'Full variational Bayes: a distribution q(θ) over the decoder’s weights, the weight KL, decoders drawn from q(θ) and a small-data experiment',
    component: lazy(() => import('../components/BayesDecoder/BayesDecoderPanel').then((m) => ({ default: m.BayesDecoderPanel }))),
  },
];
