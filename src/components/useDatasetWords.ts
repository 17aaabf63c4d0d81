import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../store/store';
import { classPhrase, datasetWords, shortNoun, type DatasetWords } from './datasetWords';

/**
 * The words for the data set in use (the user's own when one is loaded, see datasetWords.ts),
 * the short noun of labels ("digit" or "image"), and its class labels with their articles.
 */
export function useDatasetWords(): DatasetWords & { noun: 'digit' | 'image'; classPhrase: (label: number | null) => string } {
  const { dataset, classNames } = useAppStore(useShallow((s) => ({ dataset: s.datasetName, classNames: s.userDataset?.classNames ?? null })));
  const own = classNames !== null;
  return {
    ...datasetWords(dataset, own),
    noun: shortNoun(dataset, own),
    classPhrase: (label) => classPhrase(dataset, label, classNames),
  };
}
