import { useEffect, useId, useRef, useState } from 'react';
import { requestSpreadGrid } from '../../client/bayesActions';
import type { SpreadGridResult } from '../../protocol/bayes';
import { paintImages } from './canvas';
import { fmt, spreadFigures } from './figures';
import { useModelRefresh } from './useModelRefresh';

const SIZES = [5, 7, 9, 11] as const;

/** The manifold grid over z₁, z₂ drawn with the mean decoder, beside its per-pixel spread under q(θ). */
export function SpreadGridView() {
  const id = useId();
  const [n, setN] = useState<number>(7);
  const [r, setR] = useState<SpreadGridResult | null>(null);
  const { variational, refresh, busy } = useModelRefresh(async () => {
    const res = await requestSpreadGrid({ n, draws: 8, seed: 3 });
    if (res) setR(res);
  }, [n]);
  const mean = useRef<HTMLCanvasElement>(null);
  const spread = useRef<HTMLCanvasElement>(null);
  const fig = r ? spreadFigures(r.spread) : null;
  useEffect(() => {
    if (!r || !fig) return;
    if (mean.current) paintImages(mean.current, r.mean, r.rows * r.cols, r.cols, { kind: 'grey' });
    if (spread.current) paintImages(spread.current, r.spread, r.rows * r.cols, r.cols, { kind: 'heat', max: fig.max });
  }, [r, fig]);
  if (!variational) return null;
  const range = r ? `z₁ and z₂ from ${fmt(r.coords[0]!, 2)} to ${fmt(r.coords.at(-1)!, 2)}, other dimensions 0` : '';
  return (
    <div className="subpanel bayes-grid">
      <h3>The manifold with the mean decoder, and its spread</h3>
      <p className="lv-explain">
        Left: the mean decoder (θ = m) over a grid of z₁, z₂ at the prior&apos;s quantiles. Right: each pixel&apos;s standard deviation
        over 8 draws of θ from q(θ) (darker: the decoders disagree more).
      </p>
      <label htmlFor={`${id}-n`}>Grid</label>{' '}
      <select id={`${id}-n`} value={n} onChange={(e) => setN(Number(e.target.value))}>
        {SIZES.map((k) => (
          <option key={k} value={k}>
            {k} × {k}
          </option>
        ))}
      </select>{' '}
      <button type="button" onClick={refresh} disabled={busy}>
        Refresh
      </button>
      <div className="bayes-pair">
        <canvas ref={mean} className="img28 bayes-gridimg" role="img" aria-label={r ? `Mean decoder on a ${r.rows} by ${r.cols} grid, ${range}` : 'Mean decoder on the grid'} />
        <canvas
          ref={spread}
          className="img28 bayes-gridimg"
          role="img"
          aria-label={r && fig ? `Per-pixel spread under q(θ) on the same grid: mean ${fmt(fig.mean, 3)}, largest ${fmt(fig.max, 3)}` : 'Per-pixel spread on the grid'}
        />
      </div>
      {r && fig && (
        <p className="bayes-figures">
          Step {r.step.toLocaleString('en')}: over the grid, the decoders&apos; per-pixel standard deviation averages {fmt(fig.mean, 3)}, at most{' '}
          {fmt(fig.max, 3)}.
        </p>
      )}
    </div>
  );
}
