import { useAppStore } from '../../store/store';

/** Loading progress of MNIST, then its readiness, or what went wrong. */
export function DataStatus() {
  const progress = useAppStore((s) => s.progress);
  const ready = useAppStore((s) => s.dataReady);
  const error = useAppStore((s) => s.dataError);
  const backend = useAppStore((s) => s.backend);
  let text: string;
  if (error) text = `MNIST could not be loaded: ${error}`;
  else if (ready) text = 'MNIST ready: 60,000 training and 10,000 test images.';
  else if (progress) text = `Loading MNIST… ${Math.round((100 * progress.loaded) / Math.max(1, progress.total))}%`;
  else text = backend ? 'Loading MNIST…' : 'Starting the training worker and choosing a backend…';
  return (
    <div className="data-status">
      <p role="status" aria-label="Data status" aria-live="polite">
        {text}
      </p>
      {!ready && !error && (
        <progress
          aria-label="Loading MNIST"
          max={progress?.total || 1}
          value={progress ? progress.loaded : undefined}
        />
      )}
    </div>
  );
}
