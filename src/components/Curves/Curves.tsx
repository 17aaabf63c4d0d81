import { useId, useMemo, useRef, useState } from 'react';
import { useAppStore, type RunHistory } from '../../store/store';
import { thin } from '../../store/history';
import type { SettingChange } from '../../store/settingChanges';
import { SavePngButton } from '../SavePng';
import { useBoundedRate } from '../useBoundedRate';
import { comparisonLabel, describeChanges, iwaeCurveName } from './curveLabels';
import { LiveLineChart, type LineSeries, type Marker, type YRange } from '../charts/LiveLineChart';
import type { XY } from '../charts/axes';
import { emaSmooth } from '../charts/smooth';

/** Points drawn per series: a path stays cheap to build and draw over long runs when series are thinned. */
export const MAX_DRAWN = 400;
/** The chart's height on the first screen, px (legend included). */
const CHART_HEIGHT = 290;
/** Smoothing of the training curves at first: none, so that the chart and its readout show the figures themselves (the slider turns it on). */
export const DEFAULT_SMOOTHING = 0;

/** A run's curve of `pick`, smoothed with weight `smoothing` (emaSmooth) before it is thinned for drawing. */
function series(run: RunHistory, pick: 'elbo' | 'recon' | 'kl', test = false, smoothing = 0): XY[] {
  const src = test ? run.evals : run.points;
  const points = src.map((p) => ({ samples: p.samples, v: p[pick] })).filter((p) => Number.isFinite(p.v) && p.samples > 0);
  return thin(smoothing > 0 ? emaSmooth(points, smoothing) : points, MAX_DRAWN);
}

/** The test set's importance-weighted bound L_k of each evaluation that has one (runs trained with IWAE). */
function iwaeSeries(run: RunHistory): XY[] {
  return run.evals.flatMap((p) => (p.iwae && Number.isFinite(p.iwae.bound) && p.samples > 0 ? [{ samples: p.samples, v: p.iwae.bound }] : []));
}

const COLORS = { elbo: '#1f5fbf', test: '#d9480f', recon: '#2b8a3e', kl: '#9c36b5', iwae: '#a61e4d' };
/** Opacity of the unsmoothed curves behind the smoothed ones. */
const RAW_OPACITY = 0.2;
const CHANGE_COLOR = '#495057';
const NO_CHANGES: readonly SettingChange[] = [];

/** Colours of compared runs (distinct from the current run's). */
const COMPARE_COLORS = ['#495057', '#e8590c', '#0c8599', '#c2255c', '#5c940d'];


/**
 * ELBO on training minibatches and on the test set, with its two terms, against the number
 * of training images seen (the paper's Fig. 2 uses a log x-axis). Earlier runs stay dimmed.
 */
export function Curves() {
  // Recharts redraws every series: a bounded rate keeps the chart off the main thread's critical path.
  const runs = useBoundedRate((s) => s.runs);
  const current = useAppStore((s) => s.runState?.run);
  const [logX, setLogX] = useState(false);
  const [yRange, setYRange] = useState<YRange>('recent');
  const [smoothing, setSmoothing] = useState(DEFAULT_SMOOTHING);
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
            elbo: series(cur, 'elbo', false, smoothing),
            recon: series(cur, 'recon', false, smoothing),
            kl: series(cur, 'kl', false, smoothing),
            test: series(cur, 'elbo', true),
            iwae: thin(iwaeSeries(cur), MAX_DRAWN),
            iwaeName: iwaeCurveName(cur.evals),
            raw: smoothing > 0 ? { elbo: series(cur, 'elbo'), recon: series(cur, 'recon'), kl: series(cur, 'kl') } : null,
          }
        : null,
    [cur, smoothing],
  );
  const old = useMemo(
    () => previous.map((r) => ({ run: r, elbo: series(r, 'elbo', false, smoothing), color: COMPARE_COLORS[earlier.indexOf(r) % COMPARE_COLORS.length]! })),
    [previous, earlier, smoothing],
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
    if (data?.raw)
      // Faint, behind the smoothed curves; out of the legend and the readout.
      out.push(
        { key: 'elboRaw', name: 'ELBO (train, unsmoothed)', points: data.raw.elbo, color: COLORS.elbo, opacity: RAW_OPACITY, legendType: 'none', inReadout: false },
        { key: 'reconRaw', name: 'Reconstruction (train, unsmoothed)', points: data.raw.recon, color: COLORS.recon, opacity: RAW_OPACITY, legendType: 'none', inReadout: false },
        { key: 'klRaw', name: 'KL (train, unsmoothed)', points: data.raw.kl, color: COLORS.kl, axis: 'right', opacity: RAW_OPACITY, legendType: 'none', inReadout: false },
      );
    if (data)
      out.push(
        { key: 'elbo', name: 'ELBO (train)', points: data.elbo, color: COLORS.elbo },
        { key: 'test', name: 'ELBO (test)', points: data.test, color: COLORS.test, width: 2, dots: true },
        ...(data.iwaeName ? [{ key: 'iwae', name: data.iwaeName, points: data.iwae, color: COLORS.iwae, width: 2, dots: true, dash: '6 3' }] : []),
        { key: 'recon', name: 'Reconstruction (train)', points: data.recon, color: COLORS.recon, dash: '4 3', legendType: 'plainline' },
        { key: 'kl', name: 'KL (train, right axis)', points: data.kl, color: COLORS.kl, axis: 'right' },
      );
    return out;
  }, [old, data, cur]);
  const changes = cur?.settingChanges ?? NO_CHANGES;
  const markers = useMemo(
    (): Marker[] => [
      ...changes.map((c) => ({ key: `set${c.step}`, samples: c.samples, label: c.what, color: CHANGE_COLOR })),
      ...(cur?.divergences ?? []).map((d) => ({ key: `div${d.step}`, samples: d.samples, label: `diverged (step ${d.step})`, color: '#b42318' })),
    ],
    [cur, changes],
  );
  const nPoints = cur?.points.length ?? 0;
  return (
    <section className="panel curves" aria-labelledby={`${id}-h`}>
      <div className="panel-head">
        <h2 id={`${id}-h`}>Learning curves</h2>
        <SavePngButton target={figure} what="the learning curves" fileName="learning-curves" />
      </div>
      <div className="lv-controls">
        <label className="inline">
          <input type="checkbox" checked={logX} onChange={(e) => setLogX(e.target.checked)} /> Log x-axis
        </label>
        <label className="inline">
          Y-range{' '}
          <select value={yRange} onChange={(e) => setYRange(e.target.value as YRange)}>
            <option value="recent">recent</option>
            <option value="all">all points</option>
          </select>
        </label>
        <label className="inline">
          Smoothing{' '}
          <input
            type="range"
            min={0}
            max={0.99}
            step={0.01}
            value={smoothing}
            onChange={(e) => setSmoothing(Number(e.target.value))}
            aria-valuetext={smoothing === 0 ? 'off' : `weight ${smoothing.toFixed(2)}`}
          />{' '}
          <output>{smoothing === 0 ? 'off' : smoothing.toFixed(2)}</output>
        </label>
      </div>
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
          chartLabel={`Learning curves: ELBO on training batches${smoothing > 0 ? ' (smoothed)' : ''} and on the test set${data?.iwaeName ? `, the ${data.iwaeName.replace(' (test)', ' on the test set')}` : ''}, reconstruction and KL, in nats per image against training images seen${old.length > 0 ? `, with ${old.length} earlier run${old.length > 1 ? 's' : ''}` : ''}`}
          height={CHART_HEIGHT}
          logX={logX}
          yRange={yRange}
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
          evaluations.{data?.iwaeName ? ' IWAE bound: log (1/k) Σ p(x, z_i)/q(z_i|x) over k samples of q, a tighter bound on log p(x) than the ELBO.' : ''}{' '}
          {old.length > 0 ? 'Dotted: earlier runs, for comparison, labelled by the settings that differ from this run.' : ''}
          {smoothing > 0 ? ` Smoothed (weight ${smoothing.toFixed(2)}); faint: unsmoothed.` : ''}
          {yRange === 'recent' ? ' Y-range: the last 90 % of the x-span; points beyond it are marked at the edge.' : ''}
          {cur && cur.divergences.length > 0 ? ' Red dashed line: training diverged there and was rolled back to the last finite checkpoint.' : ''}
          {changes.length > 0 ? ` Grey dashed lines: settings changed during the run. ${describeChanges(changes)}` : ''}
        </figcaption>
      </figure>
    </section>
  );
}
