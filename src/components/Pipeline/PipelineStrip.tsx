import { useEffect, useRef, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { followModelWhileTraining, requestReparam, resampleEps, setEpsComponent, zeroEps } from '../../client/labActions';
import { useAppStore } from '../../store/store';
import { paintImages } from '../DrawPad/images';
import { fmt } from '../format';
import { useDatasetWords } from '../useDatasetWords';
import { vectorText, PIPELINE_DIMS } from './vectors';

/** ε sliders span ±EPS_RANGE. */
const EPS_RANGE = 3;

/** One 28×28 image of the strip, named for what it shows. */
function Image28({ data, label }: { data: Float32Array | null; label: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (ref.current) paintImages(ref.current, data ?? new Float32Array(784), 1);
  }, [data]);
  return <canvas ref={ref} width={28} height={28} className="img28 pipe-img" role="img" aria-label={label} />;
}

/** One of the two networks: its name, the distribution it gives, its layer widths. */
function NetworkBox({ side, name, layers, children }: { side: 'enc' | 'dec'; name: string; layers: string; children: ReactNode }) {
  return (
    <li className={`pipe-box pipe-${side}`} aria-label={name[0]!.toUpperCase() + name.slice(1)}>
      <strong>{name}</strong>
      <span>{children}</span>
      <small>{layers}</small>
    </li>
  );
}

/** A vector's first few components as text, named (μ, σ, ε, z). */
function Vector({ name, values, className }: { name: string; values: number[] | null; className: string }) {
  return (
    <div className={`pipe-vec ${className}`}>
      <span className="pipe-sym">{name}</span>
      <output aria-label={name}>{values ? vectorText(values) : '…'}</output>
    </div>
  );
}

/**
 * The model as a pipeline, for the current image (the drawing pad's input: drawn, or a test
 * digit): x → encoder → μ, σ → with ε → z = μ + σ ⊙ ε → decoder → x̂. Every stage shows its
 * values, live while training; ε can be resampled, zeroed or set by hand, and z and the
 * decoding move with it. The same request as the reparameterization lab (latest-wins).
 */
export function PipelineStrip() {
  const { noun } = useDatasetWords();
  const m = useAppStore(
    useShallow((s) => ({
      ready: s.dataReady && s.runState !== null,
      J: s.runState?.config.latentDim ?? null,
      run: s.runState?.run ?? null,
      running: s.runState?.running ?? false,
      input: s.drawInput,
      eps: s.reparamEps,
      r: s.reparamSource === 'drawing' ? s.reparam : null,
      source: s.reparamSource,
      setSource: s.setReparamSource,
      hidden: s.runState?.config.hidden ?? null,
    })),
  );

  // The strip follows the pad: a new input, model or J is encoded again with the current ε.
  // (The estimator lab can point the same request at another digit; the strip then offers to
  // follow the pad again.)
  useEffect(() => {
    if (m.ready && m.source === 'drawing') requestReparam(false);
  }, [m.ready, m.run, m.J, m.input?.version, m.source]);
  useEffect(() => (m.running ? followModelWhileTraining() : undefined), [m.running]);

  const r = m.input ? m.r : null;
  const dims = Math.min(PIPELINE_DIMS, r?.J ?? 0);
  const what = !m.input
    ? 'no image yet'
    : m.input.source === 'test'
      ? `test image ${m.input.testIndex} (label ${m.input.label})`
      : 'your drawing';
  const layers = m.hidden ? `784 → ${m.hidden.join(' → ')} → ${m.J ?? '?'}·2` : '';
  const layersBack = m.hidden ? `${m.J ?? '?'} → ${[...m.hidden].reverse().join(' → ')} → 784` : '';
  return (
    <section className="pipeline panel" aria-label="The model as a pipeline" data-view="pipeline">
      <ol className="pipe">
        <li className="pipe-step pipe-x">
          <Image28 data={m.input?.x ?? null} label={`Input x: ${what}`} />
          <span className="pipe-cap">x</span>
        </li>
        <li className="pipe-arrow" aria-hidden="true">→</li>
        <NetworkBox side="enc" name="encoder" layers={layers}>
          q<sub>φ</sub>(z|x)
        </NetworkBox>
        <li className="pipe-arrow" aria-hidden="true">→</li>
        <li className="pipe-step pipe-params">
          <Vector name="μ" values={r?.mu ?? null} className="enc" />
          <Vector name="σ" values={r?.sigma ?? null} className="enc" />
        </li>
        <li className="pipe-arrow" aria-hidden="true">→</li>
        <li className="pipe-step pipe-noise">
          <Vector name="ε" values={r?.eps ?? null} className="noise" />
          <div className="pipe-eps">
            {Array.from({ length: dims }, (_, j) => (
              <input
                key={j}
                type="range"
                min={-EPS_RANGE}
                max={EPS_RANGE}
                step={0.05}
                value={Math.max(-EPS_RANGE, Math.min(EPS_RANGE, (m.eps ?? r?.eps ?? [])[j] ?? 0))}
                aria-label={`ε${j + 1}`}
                aria-valuetext={fmt((m.eps ?? r?.eps ?? [])[j], 2)}
                onChange={(e) => setEpsComponent(j, Number(e.target.value))}
              />
            ))}
          </div>
          <div className="pipe-buttons">
            <button type="button" className="small" onClick={resampleEps} disabled={!m.ready || !m.input}>
              Resample ε
            </button>
            <button type="button" className="small" onClick={zeroEps} disabled={!m.ready || !m.input}>
              ε = 0
            </button>
          </div>
        </li>
        <li className="pipe-arrow" aria-hidden="true">→</li>
        <li className="pipe-step pipe-z">
          <span className="pipe-formula">z = μ + σ ⊙ ε</span>
          <Vector name="z" values={r?.z ?? null} className="z" />
        </li>
        <li className="pipe-arrow" aria-hidden="true">→</li>
        <NetworkBox side="dec" name="decoder" layers={layersBack}>
          p<sub>θ</sub>(x|z)
        </NetworkBox>
        <li className="pipe-arrow" aria-hidden="true">→</li>
        <li className="pipe-step pipe-x">
          <Image28 data={r?.decoded ?? null} label={`Decoded x̂ = E[x | z] for ${what}`} />
          <span className="pipe-cap">x̂</span>
        </li>
      </ol>
      <p className="note pipe-note" role="status" aria-label="Pipeline input">
        {m.source !== 'drawing' ? (
          <>
            The estimator lab is showing another {noun}.{' '}
            <button type="button" className="small" onClick={() => m.setSource('drawing')}>
              Follow the pad
            </button>
          </>
        ) : !m.input
          ? 'Nothing on the pad yet: the pipeline shows what the pad holds, drawn or a test image.'
          : r
            ? `For ${what}; model at step ${r.step.toLocaleString('en-US')}, J = ${r.J}${r.J > dims ? ` (showing z₁…z${dims} of ${r.J})` : ''}. ε is drawn outside the network, so the gradient reaches μ and σ through z.`
            : 'Encoding…'}
      </p>
    </section>
  );
}
