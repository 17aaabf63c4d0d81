import { useAppStore } from '../../store/store';
import { useEffect, useId, useRef, useState } from 'react';
import { requestDecoderSamples } from '../../client/bayesActions';
import type { DecoderSamplesResult } from '../../protocol/bayes';
import { paintImages } from './canvas';
import { fmt, spreadFigures } from './figures';
import { useModelRefresh } from './useModelRefresh';
import { article, capitalize } from '../datasetWords';
import { useDatasetWords } from '../useDatasetWords';

const COUNTS = [4, 8, 12, 16] as const;

/**
 * One z decoded by several decoders drawn from q(θ): where the model is unsure of its weights,
 * the drawn decoders disagree, and the per-pixel spread shows where.
 */
export function DecoderSamplesView() {
  const id = useId();
  const words = useDatasetWords();
  const nTest = useAppStore((s) => s.nTest);
  const [index, setIndex] = useState(0);
  const [count, setCount] = useState<number>(8);
  const [seed, setSeed] = useState(1);
  const [r, setR] = useState<DecoderSamplesResult | null>(null);
  const { variational, refresh, busy } = useModelRefresh(async () => {
    const res = await requestDecoderSamples({ source: { kind: 'test', index }, count, seed });
    if (res) setR(res);
  }, [index, count, seed]);
  const samples = useRef<HTMLCanvasElement>(null);
  const mean = useRef<HTMLCanvasElement>(null);
  const spread = useRef<HTMLCanvasElement>(null);
  const fig = r ? spreadFigures(r.spread) : null;
  useEffect(() => {
    if (!r || !fig) return;
    if (samples.current) paintImages(samples.current, r.samples, r.count, r.count, { kind: 'grey' });
    if (mean.current) paintImages(mean.current, r.mean, 1, 1, { kind: 'grey' });
    if (spread.current) paintImages(spread.current, r.spread, 1, 1, { kind: 'heat', max: fig.max });
  }, [r, fig]);
  if (!variational) return null;
  const what = r ? `${words.testItem} ${index} (${words.classPhrase(r.label)})` : `${words.testItem} ${index}`;
  return (
    <div className="subpanel bayes-samples">
      <h3>One z, several decoders drawn from q(θ)</h3>
      <p className="lv-explain">
        z is the encoder&apos;s μ for {article(words.testItem)} {words.testItem}; each image is E[x | z, θ_k] for one whole draw θ_k = m + s ⊙ ζ_k. Where the
        decoders disagree, the model is unsure of its weights.
      </p>
      <div className="bayes-row">
        <label htmlFor={`${id}-i`}>{capitalize(words.testItem)}</label>{' '}
        <input id={`${id}-i`} type="number" min={0} max={nTest - 1} value={index} onChange={(e) => setIndex(Math.max(0, Math.min(nTest - 1, Math.floor(Number(e.target.value) || 0))))} />{' '}
        <label htmlFor={`${id}-k`}>Decoders</label>{' '}
        <select id={`${id}-k`} value={count} onChange={(e) => setCount(Number(e.target.value))}>
          {COUNTS.map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </select>{' '}
        <button type="button" onClick={() => setSeed((s) => s + 1)}>
          Draw other decoders
        </button>{' '}
        <button type="button" onClick={refresh} disabled={busy}>
          Refresh
        </button>
      </div>
      <canvas ref={samples} className="img28 strip bayes-strip" role="img" aria-label={`${count} decoders drawn from q(θ), each decoding the μ of ${what}`} />
      <div className="bayes-pair">
        <figure aria-label="Mean decoder">
          <canvas ref={mean} className="img28" role="img" aria-label={`The mean decoder (θ = m) decoding the μ of ${what}`} />
          <figcaption>Mean decoder θ = m</figcaption>
        </figure>
        <figure aria-label="Per-pixel spread of the decoders">
          <canvas
            ref={spread}
            className="img28"
            role="img"
            aria-label={fig ? `Per-pixel standard deviation over the ${r!.count} decoders: mean ${fmt(fig.mean, 3)}, largest ${fmt(fig.max, 3)}` : 'Per-pixel standard deviation over the decoders'}
          />
          <figcaption>Per-pixel spread (darker: more)</figcaption>
        </figure>
      </div>
      {r && fig && (
        <p className="bayes-figures" aria-live="polite">
          Step {r.step.toLocaleString('en')}: per-pixel standard deviation over {r.count} decoders, mean {fmt(fig.mean, 3)}, largest{' '}
          {fmt(fig.max, 3)} (pixel intensities in [0, 1]).
        </p>
      )}
    </div>
  );
}
