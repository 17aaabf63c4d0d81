import { useId, useMemo, useRef, useState } from 'react';
import { useAppStore, type RunHistory } from '../../store/store';
import { thin } from '../../store/history';
import { describeDifferences } from '../../core/config';
import { SavePngButton } from '../SavePng';
import { useBoundedRate } from '../useBoundedRate';
import { LiveLineChart, type LineSeries, type Marker } from '../charts/LiveLineChart';
import type { XY } from '../charts/axes';

/** Points drawn per series: a path stays cheap to build and draw over long runs when series are thinned. */
export const MAX_DRAWN = 400;
/** The chart's height on the first screen, px (legend included). */
const CHART_HEIGHT = 290;

function series(run: RunHistory, pick: 'elbo' | 'recon' | 'kl', test = false): XY[] {
  const src = test ? run.evals : run.points;
  return thin(
    src.map((p) => ({ samples: p.samples, v: p[pick] })).filter((p) => Number.isFinite(p.v) && p.samples > 0),
    MAX_DRAWN,
  );
}

const COLORS = { elbo: '#1f5fbf', test: '#d9480f', recon: '#2b8a3e', kl: '#9c36b5' };
/** Colours of compared runs (distinct from the current run's). */
const COMPARE_COLORS = ['#495057', '#e8590c', '#0c8599', '#c2255c', '#5c940d'];

/** "run 3: β = 4" — a compared run, labelled by what differs from the current run. */
export function comparisonLabel(run: RunHistory, current: RunHistory | undefined): string {
  const diff = current ? describeDifferences(current.config, run.config) : run.label;
  return `run ${run.run}${run.label.startsWith('loaded') ? ` (${run.label.split(':')[0]})` : ''}: ${diff}`;
}

/**
 * ELBO on training minibatches and on the test set, with its two terms, against the number
 * of training images seen (the paper's Fig. 2 uses a log x-axis). Earlier runs stay dimmed.
 */
export function Curves() {
  // Recharts redraws every series: a bounded rate keeps the chart off the main thread's critical path.
  const runs = useBoundedRate((s) => s.runs);
  const current = useAppStore((s) => s.runState?.run);
  const [logX, setLogX] = useState(false);
  /** Earlier runs left off the chart (all are compared unless unticked). */
  const [hidden, setHidden] = useState<ReadonlySet<number>>(new Set());
  const figure = useRef<HTMLElement>(null);
  const id = useId();
  const cur = runs.find((r) => r.run === current);
  const earlier = useMemo(() => runs.filter((r) => r.run !== current && r.points.length > 0), [runs, current]);
  const previous = useMemo(() => earlier.filter((r) => !hidden.has(r.run)), [earlier, hidden]);
  const data = useMemo(
    () =>
      cur
        ? {
            elbo: series(cur, 'elbo'),
            recon: series(cur, 'recon'),
            kl: series(cur, 'kl'),
            test: series(cur, 'elbo', true),
          }
        : null,
    [cur],
  );
  const old = useMemo(
    () => previous.map((r) => ({ run: r, elbo: series(r, 'elbo'), color: COMPARE_COLORS[earlier.indexOf(r) % COMPARE_COLORS.length]! })),
    [previous, earlier],
  );
  const lines = useMemo((): LineSeries[] => {
    const out: LineSeries[] = old.map(({ run, elbo, color }) => ({
      key: `old${run.run}`,
      name: `ELBO (train), ${comparisonLabel(run, cur)}`,
      points: elbo,
      color,
      opacity: 0.6,
      dash: '2 2',
      legendType: 'plainline',
    }));
    if (data)
      out.push(
        { key: 'elbo', name: 'ELBO (train)', points: data.elbo, color: COLORS.elbo },
        { key: 'test', name: 'ELBO (test)', points: data.test, color: COLORS.test, width: 2, dots: true },
        { key: 'recon', name: 'Reconstruction (train)', points: data.recon, color: COLORS.recon, dash: '4 3', legendType: 'plainline' },
        { key: 'kl', name: 'KL (train, right axis)', points: data.kl, color: COLORS.kl, axis: 'right' },
      );
    return out;
  }, [old, data, cur]);
  const markers = useMemo(
    (): Marker[] => (cur?.divergences ?? []).map((d) => ({ key: `div${d.step}`, samples: d.samples, label: `diverged (step ${d.step})`, color: '#b42318' })),
    [cur],
  );
  const nPoints = cur?.points.length ?? 0;
  return (
    <section className="panel curves" aria-labelledby={`${id}-h`}>
      <div className="panel-head">
        <h2 id={`${id}-h`}>Learning curves</h2>
        <SavePngButton target={figure} what="the learning curves" fileName="learning-curves" />
      </div>
      <label className="inline">
        <input type="checkbox" checked={logX} onChange={(e) => setLogX(e.target.checked)} /> Log x-axis
      </label>
      {earlier.length > 0 && (
        <fieldset className="compare" aria-label="Compare with earlier runs">
          <legend>Compare with</legend>
          {earlier.map((r) => (
            <label key={r.run} className="inline">
              <input
                type="checkbox"
                checked={!hidden.has(r.run)}
                onChange={(e) =>
                  setHidden((h) => {
                    const next = new Set(h);
                    if (e.target.checked) next.delete(r.run);
                    else next.add(r.run);
                    return next;
                  })
                }
              />{' '}
              <span className="swatch" style={{ background: COMPARE_COLORS[earlier.indexOf(r) % COMPARE_COLORS.length] }} aria-hidden="true" />
              {comparisonLabel(r, cur)}
              {r.evals.length > 0 ? `; test ELBO ${r.evals.at(-1)!.elbo.toFixed(1)}` : ''}
            </label>
          ))}
        </fieldset>
      )}
      <figure aria-label="ELBO curves" data-points={nPoints} data-compared={old.length} className="chart" ref={figure}>
        <LiveLineChart
          series={lines}
          height={CHART_HEIGHT}
          logX={logX}
          xLabel="training images seen"
          yLabel="nats per image"
          rightLabel="KL"
          rightFromZero
          markers={markers}
          readoutLabel="Read the learning curves at a point"
          readoutAlong="elbo"
        />
        <figcaption>
          ELBO = reconstruction − KL, in nats per image; higher is better. Train: each minibatch. Test: periodic
          evaluations. {old.length > 0 ? 'Dotted: earlier runs, for comparison, labelled by the settings that differ from this run.' : ''}
          {cur && cur.divergences.length > 0 ? ' Red dashed line: training diverged there and was rolled back to the last finite checkpoint.' : ''}
        </figcaption>
      </figure>
    </section>
  );
}
