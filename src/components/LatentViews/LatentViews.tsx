import { useId } from 'react';
import { useAppStore } from '../../store/store';
import { Interpolation } from './Interpolation';
import { LatentMap } from './LatentMap';
import { ManifoldGrid } from './ManifoldGrid';
import { PriorSamples } from './PriorSamples';
import { MIN_REFRESH_MS, VIS_TIME_SHARE } from './useAdaptiveRefresh';

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
