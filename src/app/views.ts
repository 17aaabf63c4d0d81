import { useAppStore } from '../store/store';
import type { StageLatentView } from '../store/uiSlice';
import { DEEP_PANELS } from './panels';

/**
 * Every view a guide, a link or another view can point at, by id. A view on the first screen
 * (the stage) carries `data-view="<id>"` on its outermost element; a deeper panel is a tab of
 * src/app/panels.tsx whose id is the view's id. `showView` makes a view visible (switching the
 * tab or the stage's latent view), scrolls it into view and highlights it briefly.
 */
export const STAGE_VIEWS = {
  controls: 'Training controls',
  pipeline: 'The model as a pipeline',
  pad: 'Drawing pad',
  curves: 'Learning curves',
  grid: 'Manifold grid',
  map: 'Latent map of test digits',
} as const;
export type StageViewId = keyof typeof STAGE_VIEWS;

/** How long a pointed-at view stays highlighted, ms. */
export const HIGHLIGHT_MS = 2500;

export function isViewId(id: string): boolean {
  return Object.hasOwn(STAGE_VIEWS, id) || DEEP_PANELS.some((p) => p.id === id);
}

/** The accessible name of a view (the stage's label, or the deeper panel's tab title). */
export function viewName(id: string): string | null {
  if (Object.hasOwn(STAGE_VIEWS, id)) return STAGE_VIEWS[id as StageViewId];
  return DEEP_PANELS.find((p) => p.id === id)?.title ?? null;
}

let clearTimer: number | undefined;

/** How long a smooth scroll to a view is given before showView looks again. */
const SCROLL_SETTLE_MS = 900;

/** Whether any part of `el` is inside the window. */
function inViewport(el: Element): boolean {
  const r = el.getBoundingClientRect();
  return r.bottom > 0 && r.top < window.innerHeight && r.right > 0 && r.left < window.innerWidth;
}

/** Shows a view: opens its tab (or the stage's latent view), scrolls to it, highlights it. */
export function showView(id: string, options: { highlight?: boolean; scroll?: boolean } = {}): void {
  if (!isViewId(id)) throw new Error(`unknown view "${id}"`);
  const s = useAppStore.getState();
  if (id === 'grid' || id === 'map') s.setStageLatent(id as StageLatentView);
  else if (!Object.hasOwn(STAGE_VIEWS, id)) s.setActiveTab(id);
  if (options.highlight !== false) {
    s.setHighlightedView(id);
    window.clearTimeout(clearTimer);
    clearTimer = window.setTimeout(() => useAppStore.getState().setHighlightedView(null), HIGHLIGHT_MS);
  }
  if (options.scroll !== false) {
    // After React has rendered the switch: the element exists and is visible.
    requestAnimationFrame(() => {
      const el = document.querySelector(`[data-view="${id}"]`);
      el?.scrollIntoView({ behavior: 'smooth', block: 'nearest' });
      // The content above it may still be growing (a test digit's figures, the true posterior
      // arriving), which stops or misplaces a smooth scroll: once it has had time to end, a view
      // still out of sight is scrolled to at once.
      window.setTimeout(() => {
        const now = document.querySelector(`[data-view="${id}"]`);
        if (now && !inViewport(now)) now.scrollIntoView({ block: 'nearest' });
      }, SCROLL_SETTLE_MS);
    });
  }
}
