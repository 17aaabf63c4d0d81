import './PosteriorLab.css';
import { useEffect, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { pauseChains, resetChains, resumeChains, setPlotDims, startChains } from '../../client/inferenceActions';
import { installLabUrlState } from '../../client/inferenceUrl';
import { INFERENCE_LIMITS, type ChainSettings } from '../../protocol/inference';
import { useAppStore } from '../../store/store';
import { paintImages } from '../DrawPad/images';
import { capitalize } from '../datasetWords';
import { useDatasetWords } from '../useDatasetWords';
import { ChainFigures } from './ChainFigures';
import { ChainPlot } from './ChainPlot';
import { GapsView } from './GapsView';
import { MarginalView } from './MarginalView';
import { Marginals } from './Marginals';

function Images({ images, count, label }: { images: Float32Array; count: number; label: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (ref.current) paintImages(ref.current, images, count, count, 2);
  }, [images, count]);
  return <canvas ref={ref} role="img" aria-label={label} className="pl-images" />;
}

/**
 * The posterior lab: Markov chains of the true posterior p(z|x) of the current image (HMC or
 * random-walk Metropolis, in the drawing worker), the amortization gap, and the paper's own
 * marginal-likelihood estimator beside importance sampling and quadrature.
 */
export function PosteriorLab() {
  const words = useDatasetWords();
  const nTest = useAppStore((s) => s.nTest);
  const m = useAppStore(
    useShallow((s) => ({
      source: s.inferenceSource,
      index: s.inferenceIndex,
      settings: s.chainSettings,
      dims: s.inferenceDims,
      snap: s.chainSnapshot,
      input: s.chainInput,
      grid: s.labGrid,
      images: s.labImages,
      error: s.inferenceError,
      star: s.gapsJob.result,
      hasDrawing: s.drawInput !== null,
      J: s.runState?.config.latentDim ?? null,
      setSource: s.setInferenceSource,
      setSettings: s.setChainSettings,
    })),
  );
  // The chain settings (and the seed) live in the address: a link reproduces the chains.
  useEffect(() => installLabUrlState(), []);
  const J = m.snap?.J ?? m.J ?? 2;
  const running = m.snap?.state === 'running';
  const paused = m.snap?.state === 'paused';
  const num = (key: keyof ChainSettings, label: string, min: number, max: number, step = 1) => (
    <div className="lv-field">
      <label htmlFor={`pl-${key}`}>{label}</label>
      <input id={`pl-${key}`} type="number" min={min} max={max} step={step} value={m.settings[key] as number} onChange={(e) => m.setSettings({ [key]: Number(e.target.value) })} />
    </div>
  );
  const dimSelect = (which: 0 | 1) => (
    <div className="lv-field">
      <label htmlFor={`pl-dim-${which}`}>{which === 0 ? 'Horizontal' : 'Vertical'} dimension</label>
      <select
        id={`pl-dim-${which}`}
        value={m.dims[which]}
        onChange={(e) => {
          const d: [number, number] = [...m.dims];
          d[which] = Number(e.target.value);
          if (d[0] !== d[1]) setPlotDims(d);
        }}
      >
        {Array.from({ length: J }, (_, j) => (
          <option key={j} value={j} disabled={j === m.dims[1 - which]}>
            z{j + 1}
          </option>
        ))}
      </select>
    </div>
  );
  const star = m.star && m.star.starMu.length === J ? { mu: m.star.starMu, sigma: m.star.starSigma } : null;
  return (
    <section className="panel posterior-lab" aria-labelledby="pl-h">
      <h2 id="pl-h">Posterior lab</h2>
      <p className="lv-explain">
        Variational inference replaces the true posterior p(z|x) ∝ p(x|z) p(z) by the encoder&apos;s Gaussian q(z|x). Here Markov
        chains sample the true posterior itself with the current model: Hamiltonian Monte Carlo, which follows the gradient of
        log p(x, z) (the model&apos;s own autodiff), or a random walk for contrast. They run in the drawing worker, so training goes on.
      </p>
      <fieldset className="lv-controls">
        <legend>Image</legend>
        <div className="lv-field lv-check">
          <input id="pl-src-drawing" type="radio" name="pl-src" checked={m.source === 'drawing'} onChange={() => m.setSource('drawing')} />
          <label htmlFor="pl-src-drawing">The drawing pad{m.hasDrawing ? '' : ' (empty)'}</label>
        </div>
        <div className="lv-field lv-check">
          <input id="pl-src-test" type="radio" name="pl-src" checked={m.source === 'test'} onChange={() => m.setSource('test')} />
          <label htmlFor="pl-src-test">{capitalize(words.testItem)} number</label>
          <input
            type="number"
            aria-label={`${capitalize(words.testItem)} number`}
            min={0}
            max={nTest - 1}
            value={m.index}
            onChange={(e) => m.setSource('test', Math.max(0, Math.min(nTest - 1, Math.round(Number(e.target.value) || 0))))}
          />
        </div>
      </fieldset>
      <fieldset className="lv-controls">
        <legend>Chains</legend>
        <div className="lv-field">
          <label htmlFor="pl-method">Sampler</label>
          <select id="pl-method" value={m.settings.method} onChange={(e) => m.setSettings({ method: e.target.value as ChainSettings['method'] })}>
            <option value="hmc">Hamiltonian Monte Carlo</option>
            <option value="rwmh">Random-walk Metropolis</option>
          </select>
        </div>
        {num('chains', 'Chains', 1, INFERENCE_LIMITS.chainsMax)}
        {num('stepSize', 'Initial step size', 0.001, INFERENCE_LIMITS.stepSizeMax, 0.01)}
        {m.settings.method === 'hmc' && num('leapfrogSteps', 'Leapfrog steps', 1, INFERENCE_LIMITS.leapfrogMax)}
        {num('warmup', 'Warm-up', 0, INFERENCE_LIMITS.warmupMax)}
        {num('draws', 'Draws per chain', 20, INFERENCE_LIMITS.drawsMax)}
        {num('seed', 'Seed', 0, 2 ** 31 - 1)}
        <button type="button" onClick={() => void startChains()}>
          Run chains
        </button>
        <button type="button" onClick={() => void (paused ? resumeChains() : pauseChains())} disabled={!running && !paused}>
          {paused ? 'Resume' : 'Pause'}
        </button>
        <button type="button" onClick={() => void resetChains()} disabled={!m.snap}>
          Reset
        </button>
      </fieldset>
      {m.error && (
        <p className="error" role="alert">
          {m.error}
        </p>
      )}
      {m.snap && m.snap.settings && (
        <>
          <p className="note">
            Chains of {m.input ?? 'the image'} on the model of run {m.snap.run} at step {m.snap.step}
            {m.snap.note ? `: ${m.snap.note}` : ''}.
          </p>
          <div className="pl-row">
            <div>
              {J > 2 && (
                <div className="lv-controls">
                  {dimSelect(0)}
                  {dimSelect(1)}
                </div>
              )}
              <ChainPlot snap={m.snap} grid={m.grid} star={star} />
            </div>
            <div>
              <ChainFigures snap={m.snap} />
              {m.images && (
                <div className="pl-decoded">
                  <p className="note">Decoded at the chains&apos; positions (true posterior):</p>
                  <Images images={m.images.posterior} count={m.images.count} label={`Decoder means at the ${m.images.count} chains' current positions`} />
                  <p className="note">Decoded at draws from the encoder&apos;s q(z|x):</p>
                  <Images images={m.images.q} count={8} label="Decoder means at 8 draws from the encoder's q(z|x)" />
                </div>
              )}
            </div>
          </div>
          <h3>Marginals: the chains&apos; draws (blue) against q(z|x) (orange)</h3>
          <Marginals snap={m.snap} />
        </>
      )}
      <GapsView />
      <MarginalView />
    </section>
  );
}
