import { useEffect, useRef, useState } from 'react';
import { requestWeightStds } from '../../client/bayesActions';
import type { WeightStdResult } from '../../protocol/bayes';
import { paintImages } from './canvas';
import { fmt, spreadFigures } from './figures';
import { useModelRefresh } from './useModelRefresh';

/** The decoder weights' standard deviations s = softplus(ρ): a map over output pixels and a table per layer. */
export function WeightStdView() {
  const [r, setR] = useState<WeightStdResult | null>(null);
  const { variational, refresh, busy } = useModelRefresh(async () => {
    const res = await requestWeightStds();
    if (res) setR(res);
  }, []);
  const map = useRef<HTMLCanvasElement>(null);
  const fig = r ? spreadFigures(r.pixelMap) : null;
  useEffect(() => {
    if (r && fig && map.current) paintImages(map.current, r.pixelMap, 1, 1, { kind: 'heat', max: fig.max });
  }, [r, fig]);
  if (!variational) return null;
  return (
    <div className="subpanel bayes-stds">
      <h3>The decoder weights&apos; standard deviations</h3>
      <p className="lv-explain">
        Each weight and bias has q(θ) = N(m, s²). The map shows, for each output pixel, the mean s of the output layer&apos;s weights
        into it: pixels the data says little about keep larger s, closer to the prior&apos;s α.
      </p>
      <button type="button" onClick={refresh} disabled={busy}>
        Refresh
      </button>
      <div className="bayes-pair">
        <figure aria-label="Decoder weights' standard deviations">
          <canvas
            ref={map}
            className="img28"
            role="img"
            aria-label={fig ? `Mean standard deviation of the output weights per pixel: from about 0 to ${fmt(fig.max, 3)}, average ${fmt(fig.mean, 3)}` : 'Mean standard deviation of the output weights per pixel'}
          />
          <figcaption>Mean s per output pixel (darker: larger)</figcaption>
        </figure>
        {r && (
          <table className="bayes-table">
            <caption>
              s per decoder layer at step {r.step.toLocaleString('en')} (prior α = {r.alpha}); weight KL per image {fmt(r.weightKlPerImage, 2)} nats
            </caption>
            <thead>
              <tr>
                <th scope="col">Parameters</th>
                <th scope="col">Shape</th>
                <th scope="col">Mean s</th>
                <th scope="col">Min s</th>
                <th scope="col">Max s</th>
              </tr>
            </thead>
            <tbody>
              {r.layers.map((l) => (
                <tr key={l.name}>
                  <th scope="row">{l.name}</th>
                  <td>{l.shape.join(' × ')}</td>
                  <td>{fmt(l.mean, 4)}</td>
                  <td>{fmt(l.min, 4)}</td>
                  <td>{fmt(l.max, 4)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </div>
  );
}
