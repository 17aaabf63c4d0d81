import { useEffect, useId, useState } from 'react';
import { useAppStore } from '../../store/store';
import { Interpolation } from './Interpolation';
import { LatentMap } from './LatentMap';
import { ManifoldGrid } from './ManifoldGrid';
import { PriorSamples } from './PriorSamples';
import { MIN_REFRESH_MS, refreshGate, SHARE_WINDOW_MS, VIS_TIME_SHARE } from './useAdaptiveRefresh';

/**
 * The latent space while the model trains: the manifold grid, the map of encoded test
 * digits, samples from the prior, and an interpolation. Closed views cost the worker nothing.
 */
export function LatentViews() {
  const shown = useAppStore((s) => s.latentViewsShown);
  const setShown = useAppStore((s) => s.setLatentViewsShown);
  const id = useId();
  return (
    <section className="latent-views" aria-labelledby={`${id}-h`}>
      <div className="panel lv-header">
        <h2 id={`${id}-h`}>Latent space</h2>
        <label className="inline">
          <input type="checkbox" checked={shown} onChange={(e) => setShown(e.target.checked)} /> Show latent views
        </label>
        <p className="note">
          While training, the views together take at most {Math.round(100 * VIS_TIME_SHARE)}% of the worker&apos;s time (each
          waits four times its own cost, and at least {MIN_REFRESH_MS} ms, before the next refresh). Close them to compare
          training speed.
        </p>
        {shown && <MeasuredShare />}
      </div>
      {shown && (
        <div className="lv-grid">
          <ManifoldGrid />
          <PriorSamples />
          <LatentMap />
          <Interpolation />
        </div>
      )}
    </section>
  );
}

/** How often the measured share is shown afresh, ms. */
const SHARE_UPDATE_MS = 2_000;

/**
 * The views' measured share of the worker's time while training: the worker's own time for
 * each request, summed over the last SHARE_WINDOW_MS. Starts afresh whenever training does.
 */
function MeasuredShare() {
  const running = useAppStore((s) => s.runState?.running ?? false);
  const [share, setShare] = useState<number | null>(null);
  useEffect(() => {
    refreshGate.workShare.reset();
    if (!running) return;
    const id = setInterval(() => setShare(refreshGate.workShare.share()), SHARE_UPDATE_MS);
    return () => {
      clearInterval(id);
      setShare(null);
    };
  }, [running]);
  if (!running) return null;
  return (
    <p className="note">
      Measured (last {SHARE_WINDOW_MS / 1000} s of training): the views took{' '}
      <output aria-label="Latent views' share of worker time">{share === null ? '—' : `${(100 * share).toFixed(1)} %`}</output> of
      the worker&apos;s time.
    </p>
  );
}
