import { TEST_IMAGES, TRAIN_IMAGES } from '../../shared/datasets';
import { useAppStore } from '../../store/store';
import { fmtInt } from '../format';

const NAMES = { mnist: 'MNIST', fashion: 'Fashion-MNIST' } as const;

/** Loading progress of the data set, then its readiness, or what went wrong. */
export function DataStatus() {
  const progress = useAppStore((s) => s.progress);
  const ready = useAppStore((s) => s.dataReady);
  const error = useAppStore((s) => s.dataError);
  const backend = useAppStore((s) => s.backend);
  const loaded = useAppStore((s) => s.datasetName);
  // While another data set loads (a switch), the one asked for is named.
  const wanted = useAppStore((s) => (s.progress ? s.config.dataset : s.datasetName));
  const user = useAppStore((s) => s.userDataset);
  const nTrain = useAppStore((s) => s.nTrain);
  const mine = user && ready && !progress;
  const name = mine ? `Your data set "${user.name}"` : NAMES[ready && !progress ? loaded : wanted];
  let text: string;
  if (error) text = `${name} could not be loaded: ${error}`;
  else if (progress) text = `Loading ${name}… ${Math.round((100 * progress.loaded) / Math.max(1, progress.total))}%`;
  else if (mine) text = `${name} ready: ${nTrain.toLocaleString('en-US')} training and ${(user.n - nTrain).toLocaleString('en-US')} test images.`;
  else if (ready) text = `${name} ready: ${fmtInt(TRAIN_IMAGES)} training and ${fmtInt(TEST_IMAGES)} test images.`;
  else text = backend ? `Loading ${name}…` : 'Starting the training worker and choosing a backend…';
  return (
    <div className="data-status">
      <p role="status" aria-label="Data status" aria-live="polite">
        {text}
      </p>
      {(!ready || progress) && !error && (
        <progress
          aria-label={`Loading ${name}`}
          max={progress?.total || 1}
          value={progress ? progress.loaded : undefined}
        />
      )}
    </div>
  );
}
