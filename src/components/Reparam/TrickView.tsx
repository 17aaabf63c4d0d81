import { useEffect, useId, useMemo, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { followModelWhileTraining, REPARAM_ANIMATE_HZ, reparamInput, requestReparam, resampleEps, setEpsComponent, startReparamAnimation, zeroEps } from '../../client/labActions';
import { REPARAM_TRAIL_IMAGES, type ReparamSource } from '../../store/labSlice';
import { useAppStore } from '../../store/store';
import { paintImages } from '../DrawPad/images';
import { fmt } from '../format';
import { IntField } from '../LatentViews/fields';
import { capitalize } from '../datasetWords';
import { useDatasetWords } from '../useDatasetWords';
import { Tex } from './Tex';

/** Every dimension is shown up to this J; above it, a chosen few (at most this many). */
export const REPARAM_MAX_SHOWN = 8;
/** Dimensions shown by default when J is large: the ones carrying most information about x. */
const DEFAULT_SHOWN = 6;
/** ε sliders span ±EPS_SLIDER (N(0, 1) draws beyond it are shown, but the slider stops there). */
const EPS_SLIDER = 3;

/** KL(N(μ, σ²) ‖ N(0, 1)) of one dimension = −½(1 + log σ² − μ² − σ²). */
const klDim = (mu: number, sigma: number) => -0.5 * (1 + 2 * Math.log(sigma) - mu * mu - sigma * sigma);

/** A 1-D strip on [−4, 4]: the prior's ±1 band, μ, the μ ± σ band, recent z (faint) and z. */
function Strip({ j, mu, sigma, z, trail }: { j: number; mu: number; sigma: number; z: number; trail: number[] }) {
  const W = 220;
  const H = 26;
  const x = (v: number) => ((Math.max(-4, Math.min(4, v)) + 4) / 8) * W;
  return (
    <svg className="reparam-strip" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`z${j + 1} on [−4, 4]: μ ${fmt(mu, 3)}, band μ ± σ, z ${fmt(z, 3)}`}>
      <line x1={0} x2={W} y1={H / 2} y2={H / 2} className="rs-axis" />
      <line x1={x(0)} x2={x(0)} y1={4} y2={H - 4} className="rs-zero" />
      <rect x={x(mu - sigma)} width={Math.max(1, x(mu + sigma) - x(mu - sigma))} y={6} height={H - 12} className="rs-band" />
      {trail.map((t, i) => (
        <circle key={i} cx={x(t)} cy={H / 2} r={2.5} className="rs-trail" />
      ))}
      <line x1={x(mu)} x2={x(mu)} y1={3} y2={H - 3} className="rs-mu" />
      <circle cx={x(z)} cy={H / 2} r={4.5} className="rs-z" />
    </svg>
  );
}

/**
 * The trick, live: for the chosen digit, the encoder's μ and σ per dimension, ε, and
 * z = μ + σ ⊙ ε, as numbers and as strips, with the decoded image of z. Resample ε, animate
 * it, or set it by hand.
 */
export function TrickView() {
  const words = useDatasetWords();
  const nTest = useAppStore((s) => s.nTest);
  const m = useAppStore(
    useShallow((s) => ({
      ready: s.dataReady && s.runState !== null,
      J: s.runState?.config.latentDim ?? null,
      run: s.runState?.run ?? null,
      running: s.runState?.running ?? false,
      source: s.reparamSource,
      index: s.reparamIndex,
      eps: s.reparamEps,
      r: s.reparam,
      trail: s.reparamTrail,
      animating: s.reparamAnimating,
      dims: s.reparamDims,
      error: s.reparamError,
      drawVersion: s.drawInput?.version ?? null,
      selected: s.selectedTestIndex,
      setSource: s.setReparamSource,
      setAnimating: s.setReparamAnimating,
      setDims: s.setReparamDims,
    })),
  );
  const problem = useAppStore((s) => {
    const src = reparamInput(s);
    return 'problem' in src ? src.problem : null;
  });
  const sourceId = useId();
  const decoded = useRef<HTMLCanvasElement>(null);
  const atMu = useRef<HTMLCanvasElement>(null);
  const recent = useRef<HTMLCanvasElement>(null);

  // A new input, model or J: encode again with the current ε.
  useEffect(() => {
    if (m.ready) requestReparam(false);
  }, [m.ready, m.run, m.J, m.source, m.index, m.drawVersion, m.selected]);

  useEffect(() => (m.running ? followModelWhileTraining() : undefined), [m.running]);

  useEffect(() => (m.animating && m.ready ? startReparamAnimation() : undefined), [m.animating, m.ready]);

  const r = problem ? null : m.r;
  useEffect(() => {
    if (decoded.current) paintImages(decoded.current, r?.decoded ?? new Float32Array(784), 1);
    if (atMu.current) paintImages(atMu.current, r?.atMu ?? new Float32Array(784), 1);
    if (recent.current) {
      const imgs = m.trail.slice(-REPARAM_TRAIL_IMAGES);
      const all = new Float32Array(REPARAM_TRAIL_IMAGES * 784);
      imgs.forEach((t, i) => all.set(t.image, i * 784));
      paintImages(recent.current, all, REPARAM_TRAIL_IMAGES, REPARAM_TRAIL_IMAGES, 2);
    }
  }, [r, m.trail]);

  const J = r?.J ?? 0;
  const defaultDims = useMemo(() => {
    if (!r || r.J <= REPARAM_MAX_SHOWN) return Array.from({ length: r?.J ?? 0 }, (_, j) => j);
    const order = Array.from({ length: r.J }, (_, j) => j).sort((a, b) => klDim(r.mu[b]!, r.sigma[b]!) - klDim(r.mu[a]!, r.sigma[a]!));
    return order.slice(0, DEFAULT_SHOWN).sort((a, b) => a - b);
    // Chosen once per input and model, not at every ε.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [r?.key, r?.run, r?.J]);
  const shown = J <= REPARAM_MAX_SHOWN ? defaultDims : (m.dims?.filter((j) => j < J) ?? defaultDims);
  const toggleDim = (j: number, on: boolean) => {
    const next = on ? [...shown, j].sort((a, b) => a - b) : shown.filter((d) => d !== j);
    if (next.length >= 1 && next.length <= REPARAM_MAX_SHOWN) m.setDims(next);
  };

  return (
    <div className="subpanel reparam-trick">
      <h3>The trick, live: z = μ + σ ⊙ ε</h3>
      <div className="reparam-formulas">
        <Tex tex="(\mu, \log \sigma^2) = \mathrm{encoder}_\phi(x), \quad \sigma = e^{\frac{1}{2}\log\sigma^2}" />
        <Tex tex="\varepsilon \sim \mathcal{N}(0, I), \qquad z = \mu + \sigma \odot \varepsilon" />
        <Tex tex="\nabla_\phi\, \mathbb{E}_{q_\phi(z|x)}[f(z)] = \mathbb{E}_{\varepsilon}\big[\nabla_\phi f(\mu_\phi + \sigma_\phi \odot \varepsilon)\big]" />
      </div>
      <div className="pad-tools">
        <label htmlFor={sourceId}>{capitalize(words.item)} to encode</label>
        <select id={sourceId} value={m.source} onChange={(e) => m.setSource(e.target.value as ReparamSource)}>
          <option value="drawing">The drawing pad&apos;s input</option>
          <option value="selected">The {words.item} picked on the latent map</option>
          <option value="index">A {words.testItem} by number</option>
        </select>
        {m.source === 'index' && (
          <>
            {/* Out of range (−1, 10000) says so and changes nothing, rather than showing digit 0. */}
            <IntField label={`${capitalize(words.testItem)} number`} value={m.index} min={0} max={nTest - 1} onChange={(v) => m.setSource('index', v)} />
          </>
        )}
      </div>
      <div className="pad-tools">
        <button type="button" onClick={resampleEps} disabled={!m.ready || problem !== null}>
          Resample ε
        </button>
        <button type="button" aria-pressed={m.animating} onClick={() => m.setAnimating(!m.animating)} disabled={!m.ready || problem !== null}>
          {m.animating ? 'Stop animation' : `Animate ε (${REPARAM_ANIMATE_HZ} per second)`}
        </button>
        <button type="button" onClick={zeroEps} disabled={!m.ready || problem !== null}>
          Set ε = 0
        </button>
      </div>
      {!m.ready ? (
        <p className="draw-empty" role="status">
          Waiting for the model…
        </p>
      ) : problem ? (
        <p className="draw-empty" role="status" aria-label="Reparameterization input">
          {problem}
        </p>
      ) : !r ? (
        <p className="draw-empty" role="status">
          Encoding…
        </p>
      ) : (
        <>
          {m.error && <p className="note warn">{m.error}</p>}
          <p className="note" role="status" aria-label="Reparameterization input">
            {r.testIndex !== null ? `${capitalize(words.testItem)} ${r.testIndex}${r.label !== null ? ` (${words.classPhrase(r.label)})` : ''}` : 'The drawing pad’s input'}, model run {r.run} at step {r.step}, J = {r.J}.
            {J > REPARAM_MAX_SHOWN ? ` Showing ${shown.length} of ${J} dimensions (by default those with the largest KL, i.e. carrying most information about this ${words.item}).` : ''}
          </p>
          {J > REPARAM_MAX_SHOWN && (
            <fieldset className="dim-picker">
              <legend>Dimensions shown (up to {REPARAM_MAX_SHOWN})</legend>
              {Array.from({ length: J }, (_, j) => (
                <label key={j}>
                  <input type="checkbox" checked={shown.includes(j)} onChange={(e) => toggleDim(j, e.target.checked)} /> z{j + 1}
                </label>
              ))}
            </fieldset>
          )}
          <div className="reparam-row">
            {/* On a phone the table scrolls inside its own box, not the page. */}
            <div className="table-scroll">
            <table className="latent-table reparam-table" aria-label="Reparameterization per dimension">
              <caption>Per dimension: μ and σ from the encoder, ε drawn outside the network, z = μ + σ·ε</caption>
              <thead>
                <tr>
                  <th scope="col">dim</th>
                  <th scope="col">μ</th>
                  <th scope="col">σ</th>
                  <th scope="col">ε</th>
                  <th scope="col">z</th>
                  <th scope="col">μ, μ ± σ, z on [−4, 4]</th>
                  <th scope="col">set ε</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((j) => (
                  <tr key={j} data-dim={j}>
                    <th scope="row">z{j + 1}</th>
                    <td data-term="mu">{fmt(r.mu[j], 3)}</td>
                    <td data-term="sigma">{fmt(r.sigma[j], 3)}</td>
                    <td data-term="eps">{fmt(r.eps[j], 3)}</td>
                    <td data-term="z">{fmt(r.z[j], 3)}</td>
                    <td>
                      <Strip j={j} mu={r.mu[j]!} sigma={r.sigma[j]!} z={r.z[j]!} trail={m.trail.map((t) => t.z[j]!)} />
                    </td>
                    <td>
                      <input
                        type="range"
                        min={-EPS_SLIDER}
                        max={EPS_SLIDER}
                        step={0.01}
                        value={Math.max(-EPS_SLIDER, Math.min(EPS_SLIDER, (m.eps ?? r.eps)[j] ?? 0))}
                        aria-label={`ε for z${j + 1}`}
                        onChange={(e) => setEpsComponent(j, Number(e.target.value))}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            </div>
            <div className="reparam-images">
              <figure className="draw-figure" aria-label="Decoded image of z">
                <canvas ref={decoded} width={28} height={28} className="img28" role="img" aria-label="Decoded image of z" />
                <figcaption>Decoded E[x | z]</figcaption>
              </figure>
              <figure className="draw-figure" aria-label="Decoded image at z = μ">
                <canvas ref={atMu} width={28} height={28} className="img28" role="img" aria-label="Decoded image at z = μ" />
                <figcaption>At z = μ (ε = 0)</figcaption>
              </figure>
            </div>
          </div>
          <figure className="draw-figure" aria-label="Recent decoded samples">
            <canvas ref={recent} width={8 * 30 - 2} height={28} className="img28 strip reparam-recent" role="img" aria-label="Recent decoded samples" />
            <figcaption>
              The last {Math.min(m.trail.length, REPARAM_TRAIL_IMAGES)} decoded z from fresh ε (newest right): the spread of q(z|x) seen
              through the decoder. Faint dots in the strips: the last {m.trail.length} values of z.
            </figcaption>
          </figure>
        </>
      )}
    </div>
  );
}
