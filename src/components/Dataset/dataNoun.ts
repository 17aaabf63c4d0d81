import { useAppStore } from '../../store/store';

/** What one example of the data set in use is called in texts: a digit (MNIST), else an image. */
export function useDataNoun(): 'digit' | 'image' {
  const user = useAppStore((s) => s.userDataset);
  const builtin = useAppStore((s) => s.datasetName);
  return user || builtin === 'fashion' ? 'image' : 'digit';
}
