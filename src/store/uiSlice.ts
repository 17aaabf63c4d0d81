import type { StateCreator } from 'zustand';
import type { AppState } from './store';

/** The latent view shown on the first screen. */
export type StageLatentView = 'grid' | 'map';

/**
 * Where the person is looking: the deeper panel open in the tabs (null: none opened yet), the
 * latent view on the first screen, and the view a guide or a link has pointed at (highlighted).
 */
export interface UiSlice {
  activeTab: string | null;
  /** Tabs opened at least once: their panels stay mounted (state kept) while hidden. */
  visitedTabs: string[];
  stageLatent: StageLatentView;
  highlightedView: string | null;
  /** A quiet line beside the data status (the app became usable offline), not an alert. */
  statusNote: string | null;
  setStatusNote: (note: string | null) => void;
  setActiveTab: (id: string) => void;
  setStageLatent: (view: StageLatentView) => void;
  setHighlightedView: (id: string | null) => void;
}

export const createUiSlice: StateCreator<AppState, [], [], UiSlice> = (set) => ({
  activeTab: null,
  visitedTabs: [],
  stageLatent: 'grid',
  highlightedView: null,
  statusNote: null,
  setStatusNote: (statusNote) => set({ statusNote }),
  setActiveTab: (id) => set((s) => ({ activeTab: id, visitedTabs: s.visitedTabs.includes(id) ? s.visitedTabs : [...s.visitedTabs, id] })),
  setStageLatent: (stageLatent) => set({ stageLatent }),
  setHighlightedView: (highlightedView) => set({ highlightedView }),
});
