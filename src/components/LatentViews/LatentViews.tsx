import { useEffect, useId, useState } from 'react';
import { useAppStore } from '../../store/store';
import { useDatasetWords } from '../useDatasetWords';
import { Interpolation } from './Interpolation';
import { LatentMap } from './LatentMap';
import { ManifoldGrid } from './ManifoldGrid';
import { PriorSamples } from './PriorSamples';
import { ViewPlacement } from './ViewShell';
import { MIN_REFRESH_MS, viewLane, SHARE_WINDOW_MS, VIS_TIME_SHARE } from '../../client/scheduler';

/** The latent views of the first screen, one at a time. */
const STAGE_TABS = [
  { view: 'grid', title: 'Grid', name: 'Manifold grid' },
  { view: 'map', title: 'Map', name: 'Map of' },
] as const;

/**
 * The latent space on the first screen: the manifold grid (what the decoder draws at each
 * point of the latent plane) or the map of encoded test digits (where the encoder puts the
 * data), one at a time. "Show latent views" turns every latent view off (they then cost the
 * worker nothing), to compare training speed.
 */
export function LatentStage() {
  const words = useDatasetWords();
  const shown = useAppStore((s) => s.latentViewsShown);
  const setShown = useAppStore((s) => s.setLatentViewsShown);
  const view = useAppStore((s) => s.stageLatent);
  const setView = useAppStore((s) => s.setStageLatent);
  const id = useId();
  const onKey = (e: React.KeyboardEvent) => {
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
    e.preventDefault();
    const next = view === 'grid' ? 'map' : 'grid';
    setView(next);
    document.getElementById(`${id}-tab-${next}`)?.focus();
  };
  return (
    <section className="panel latent-stage" aria-labelledby={`${id}-h`}>
      <div className="panel-head">
        <h2 id={`${id}-h`}>Latent space</h2>
        <div role="tablist" aria-label="Latent view" className="seg" onKeyDown={onKey}>
          {STAGE_TABS.map((t) => (
            <button
              key={t.view}
              id={`${id}-tab-${t.view}`}
              type="button"
              role="tab"
              aria-selected={view === t.view}
              aria-controls={`${id}-panel`}
              tabIndex={view === t.view ? 0 : -1}
              onClick={() => setView(t.view)}
              aria-label={t.view === 'map' ? `${t.name} ${words.testItems}` : t.name}
            >
              {t.title}
            </button>
          ))}
        </div>
        <label className="inline small-label">
          <input type="checkbox" checked={shown} onChange={(e) => setShown(e.target.checked)} /> Show latent views
        </label>
      </div>
      <div id={`${id}-panel`} role="tabpanel" aria-labelledby={`${id}-tab-${view}`}>
        {shown ? (
          <ViewPlacement.Provider value="stage">{view === 'grid' ? <ManifoldGrid /> : <LatentMap />}</ViewPlacement.Provider>
        ) : (
          <p className="note">
            Latent views are off: training runs without them. Tick &ldquo;Show latent views&rdquo; to see the latent space again.
          </p>
        )}
      </div>
    </section>
  );
}

/**
 * The Latent space tab: samples from the prior and an interpolation between two test digits,
 * and the share of the worker's time the views take while training.
 */
export function LatentViews() {
  const shown = useAppStore((s) => s.latentViewsShown);
  return (
    <section className="latent-views" aria-label="More latent views">
      <div className="panel lv-header">
        <p className="note">
          While training, the latent views together take at most {Math.round(100 * VIS_TIME_SHARE)}% of the drawing worker&apos;s time (each
          waits four times its own cost, and at least {MIN_REFRESH_MS} ms, before the next refresh). Turn them off with &ldquo;Show
          latent views&rdquo; beside the manifold grid to compare training speed.
        </p>
        {shown && <MeasuredShare />}
      </div>
      {shown && (
        <div className="lv-grid">
          <PriorSamples />
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
    viewLane.workShare.reset();
    if (!running) return;
    const id = setInterval(() => setShare(viewLane.workShare.share()), SHARE_UPDATE_MS);
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
      the drawing worker&apos;s time (it answers the views beside training).
    </p>
  );
}
