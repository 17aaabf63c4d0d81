/**
 * The page's offer to switch to a run's own data set, after loading the run was refused because
 * another data set is loaded (client/datasetSwitch.ts). Plain data; a small store of its own.
 */
import { create } from 'zustand';

export interface DatasetOffer {
  /** Where the refused load started: the offer is shown there. */
  source: 'runs' | 'autosave';
  /** The button's words, e.g. 'Switch to "shapes" and load the run'. */
  label: string;
  /** Why the run was not loaded, naming both data sets. */
  text: string;
}

export interface DatasetOfferState {
  offer: DatasetOffer | null;
  /** Switching and loading: the offer's buttons wait. */
  busy: boolean;
}

export const useDatasetOfferStore = create<DatasetOfferState>()(() => ({ offer: null, busy: false }));
