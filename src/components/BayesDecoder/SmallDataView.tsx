import { useId, useState } from 'react';
import { cancelSmallData, runSmallData } from '../../client/bayesActions';
import { BAYES_LIMITS, type SmallDataProgress, type SmallDataResult } from '../../protocol/bayes';
import { useAppStore } from '../../store/store';
import { elboGap, fmt } from './figures';

const LABEL = { point: 'Point estimate', variational: 'Variational q(θ)' } as const;

/**
 * The small-data experiment: the same architecture trained from the same initial weights with a
 * point-estimate and with a variational decoder on the same small training subset, then the
 * ELBO on that subset and on test images. Where the point estimate overfits, its gap shows.
 */
export function SmallDataView() {
  const id = useId();
  const ready = useAppStore((s) => s.dataReady && s.runState !== null);
  const [n, setN] = useState(500);
  const [steps, setSteps] = useState(300);
  const [running, setRunning] = useState(false);
  const [progress, setProgress] = useState<SmallDataProgress | null>(null);
  const [result, setResult] = useState<SmallDataResult | null>(null);
  const run = async () => {
    setRunning(true);
    setProgress(null);
    const r = await runSmallData({ trainImages: n, steps }, setProgress);
    if (r) setResult(r);
    setRunning(false);
  };
  const done = progress ? (progress.arm === 'point' ? 0 : progress.steps) + progress.step : 0;
  return (
    <div className="subpanel bayes-small">
      <h3>Small data: point estimate against variational weights</h3>
      <p className="lv-explain">
        One click trains two fresh models with the settings in effect (M = 100) on the same first {n.toLocaleString('en')} training
        images, one with point-estimate and one with variational decoder weights, and compares the ELBO on those images with the ELBO
        on 1,000 test images. Training of the page&apos;s model pauses meanwhile.
      </p>
      <fieldset disabled={running}>
        <legend>Training subset</legend>
        {BAYES_LIMITS.subsetSizes.map((k) => (
          <label key={k} className="inline">
            <input type="radio" name={`${id}-n`} checked={n === k} onChange={() => setN(k)} /> {k.toLocaleString('en')} images
          </label>
        ))}{' '}
        <label htmlFor={`${id}-s`}>Steps per model</label>{' '}
        <select id={`${id}-s`} value={steps} onChange={(e) => setSteps(Number(e.target.value))}>
          {[100, 300, 1000, 3000].map((k) => (
            <option key={k} value={k}>
              {k.toLocaleString('en')}
            </option>
          ))}
        </select>
      </fieldset>
      <button type="button" className="primary" disabled={!ready || running} onClick={() => void run()}>
        Run the experiment
      </button>{' '}
      {running && (
        <button type="button" onClick={cancelSmallData}>
          Cancel
        </button>
      )}
      {running && progress && (
        <p>
          <label htmlFor={`${id}-p`}>
            {LABEL[progress.arm]}: step {progress.step} of {progress.steps}
          </label>{' '}
          <progress id={`${id}-p`} max={2 * progress.steps} value={done} />
        </p>
      )}
      {result && (
        <table className="bayes-table">
          <caption>
            {result.trainImages.toLocaleString('en')} training images, {result.steps.toLocaleString('en')} steps each, test ELBO on{' '}
            {result.testImages.toLocaleString('en')} test images (nats per image){result.cancelled ? ` (stopped early: ${result.cancelled})` : ''}
          </caption>
          <thead>
            <tr>
              <th scope="col">Decoder weights</th>
              <th scope="col">Train ELBO</th>
              <th scope="col">Test ELBO</th>
              <th scope="col">Gap (train − test)</th>
              <th scope="col">Weight KL / N</th>
            </tr>
          </thead>
          <tbody>
            {result.arms.map((a) => (
              <tr key={a.decoderWeights}>
                <th scope="row">{LABEL[a.decoderWeights]}</th>
                <td>{fmt(a.trainElbo)}</td>
                <td>{fmt(a.testElbo)}</td>
                <td>{fmt(elboGap(a))}</td>
                <td>{a.decoderWeights === 'point' ? '—' : fmt(a.weightKl, 2)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
