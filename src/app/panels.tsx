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
    id: 'reparam',
    title: 'Estimators',
    summary: 'The reparameterization trick, the estimator lab, gradient variance and ELBO noise',
    component: lazy(() => import('../components/Reparam/ReparamPanel').then((m) => ({ default: m.ReparamPanel }))),
  },
];
