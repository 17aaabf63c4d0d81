import { useId, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { cancelGradientVariance, runGradientVariance } from '../../client/labActions';
import { GRAD_ESTIMATOR_LABELS, GRAD_ESTIMATORS, type GradEstimator } from '../../core/gradEstimators';
import { LAB_WORKER_LIMITS } from '../../protocol/lab';
import { varianceRatios } from '../../store/labSlice';
import { useAppStore } from '../../store/store';
import { UnfocusableLayers } from '../charts/unfocusableLayers';
import { useDatasetWords } from '../useDatasetWords';
import { Tex } from './Tex';

const COLORS: Record<GradEstimator, string> = { reparamB: '#1f5fbf', reparamA: '#2b8a3e', score: '#d9480f' };
const SHORT: Record<GradEstimator, string> = { reparamB: 'reparam B', reparamA: 'reparam A', score: 'score function' };
const R_CHOICES = [5, 10, 20, 50, 100] as const;
const L_SETS: { label: string; Ls: number[] }[] = [
  { label: '1, 2, 5, 10', Ls: [1, 2, 5, 10] },
  { label: '1, 2, 5, 10, 20, 50', Ls: [1, 2, 5, 10, 20, 50] },
  { label: '1, 2, 5', Ls: [1, 2, 5] },
];

function sig(v: number, digits = 3): string {
  if (!Number.isFinite(v)) return '—';
  const a = Math.abs(v);
  return a >= 1e5 || (a < 1e-3 && a > 0) ? v.toExponential(digits - 1) : Number(v.toPrecision(digits)).toString();
}

/**
 * Gradient variance on the real model: for a fixed minibatch, R gradient estimates of the
 * encoder's parameters per estimator and L, and the total variance (sum over parameters) of the
 * estimate, on log scales. A measured job: training pauses while it runs.
 */
export function GradVarianceView() {
  const words = useDatasetWords();
  const m = useAppStore(
    useShallow((s) => ({
      ready: s.dataReady && s.runState !== null,
      opts: s.gradOptions,
      job: s.gradJob,
      setOpts: s.setGradOptions,
      run: s.runState?.run ?? null,
    })),
  );
  const ids = { B: useId(), R: useId(), L: useId() };
  const r = m.job.result;
  const data = useMemo(
    () =>
      r
        ? GRAD_ESTIMATORS.filter((e) => r.cells.some((c) => c.estimator === e)).map((e) => ({
            estimator: e,
            points: r.cells.filter((c) => c.estimator === e).map((c) => ({ L: c.L, v: c.totalVariance })),
          }))
        : [],
    [r],
  );
  const ratios = r ? varianceRatios(r) : null;
  const lsKey = m.opts.Ls.join(', ');
  const p = m.job.progress;
  return (
    <div className="subpanel grad-variance">
      <h3>Gradient variance on the real model</h3>
      <p className="lv-explain">
        For the current model and a fixed minibatch of {words.testItems}, the gradient of the negative ELBO with respect to the
        encoder&apos;s parameters φ is estimated R times with fresh noise under each estimator, for several L. All three estimate the
        same gradient; what differs is how much each estimate scatters: the total variance Σᵢ Var(∂loss/∂φᵢ).
      </p>
      <div className="reparam-formulas">
        <Tex tex="\text{score function: } \nabla_\phi \mathcal{L} = \mathbb{E}_{q_\phi}\big[(\log p_\theta(x,z) - \log q_\phi(z|x))\,\nabla_\phi \log q_\phi(z|x)\big]" />
      </div>
      <div className="lv-controls">
        <div className="lv-field">
          <label htmlFor={ids.B}>Minibatch images</label>
          <select id={ids.B} value={m.opts.batchSize} onChange={(e) => m.setOpts({ batchSize: Number(e.target.value) })} disabled={m.job.running}>
            {LAB_WORKER_LIMITS.batchSizes.map((b) => (
              <option key={b} value={b}>
                {b}
              </option>
            ))}
          </select>
        </div>
        <div className="lv-field">
          <label htmlFor={ids.R}>Repetitions R</label>
          <select id={ids.R} value={m.opts.repetitions} onChange={(e) => m.setOpts({ repetitions: Number(e.target.value) })} disabled={m.job.running}>
            {R_CHOICES.map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </select>
        </div>
        <div className="lv-field">
          <label htmlFor={ids.L}>L values measured</label>
          <select id={ids.L} value={lsKey} onChange={(e) => m.setOpts({ Ls: L_SETS.find((s) => s.label === e.target.value)!.Ls })} disabled={m.job.running}>
            {L_SETS.map((s) => (
              <option key={s.label} value={s.label}>
                {s.label}
              </option>
            ))}
          </select>
        </div>
        {m.job.running ? (
          <button type="button" onClick={cancelGradientVariance}>
            Cancel measurement
          </button>
        ) : (
          <button type="button" className="primary" disabled={!m.ready} onClick={() => void runGradientVariance()}>
            Measure gradient variance
          </button>
        )}
      </div>
      <p className="note">
        {m.opts.Ls.reduce((a, L) => a + L, 0) * m.opts.repetitions * 3} single-sample gradients of {m.opts.batchSize} images each:
        training pauses while it runs and resumes after.
      </p>
      {m.job.running && (
        <div className="pad-tools" role="status" aria-label="Gradient variance job">
          <progress aria-label="Gradient variance progress" max={p?.total ?? 1} value={p?.done ?? 0} />
          <span>{p ? `${p.done} / ${p.total} estimates (now: ${SHORT[p.estimator]}, L = ${p.L})` : 'Starting…'}</span>
        </div>
      )}
      {m.job.error && <p className="note warn">{m.job.error}</p>}
      {r && (
        <>
          <figure className="chart" aria-label="Gradient variance against L" data-cells={r.cells.length}>
            <UnfocusableLayers>
              <ResponsiveContainer width="100%" height={260}>
                <LineChart margin={{ top: 8, right: 16, bottom: 24, left: 16 }} role="group" aria-label="Total variance of the encoder gradient against L, log scales, per estimator (arrow keys read the points)">
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="L" type="number" scale="log" domain={['dataMin', 'dataMax']} ticks={[...new Set(r.cells.map((c) => c.L))]} label={{ value: 'samples per image L', position: 'insideBottom', offset: -12 }} />
                  <YAxis type="number" scale="log" domain={['auto', 'auto']} width={72} tickFormatter={(v: number) => sig(v, 2)} label={{ value: 'total variance', angle: -90, position: 'insideLeft', offset: 0 }} />
                  <Tooltip formatter={(v) => (typeof v === 'number' ? sig(v) : String(v))} labelFormatter={(l) => `L = ${l}`} />
                  <Legend verticalAlign="top" />
                  {data.map((d) => (
                    <Line key={d.estimator} data={d.points} dataKey="v" name={GRAD_ESTIMATOR_LABELS[d.estimator]} stroke={COLORS[d.estimator]} isAnimationActive={false} />
                  ))}
                </LineChart>
              </ResponsiveContainer>
            </UnfocusableLayers>
            <figcaption>
              Run {r.run}, step {r.step}; {r.batchSize} test images; R = {r.repetitions} estimates per point; {r.encoderParameters.toLocaleString('en-US')} encoder
              parameters; {r.backend}, {(r.ms / 1000).toFixed(1)} s{r.pausedTraining ? '; training was paused for it and resumed' : ''}.
            </figcaption>
          </figure>
          {ratios && (
            <p className="note" aria-label="Gradient variance ratios">
              At L = {ratios.L}: the score function&apos;s variance is {ratios.scoreOverB !== null ? `${sig(ratios.scoreOverB)}×` : '—'} that of the
              reparameterization with estimator B{ratios.aOverB !== null ? `; estimator A's is ${sig(ratios.aOverB)}× B's` : ''}.
            </p>
          )}
          <table className="latent-table" aria-label="Gradient variance figures">
            <caption>Total variance Σᵢ Var(gᵢ), squared norm of the mean gradient ‖E g‖² (bias-corrected), and their ratio (signal to noise)</caption>
            <thead>
              <tr>
                <th scope="col">estimator</th>
                <th scope="col">L</th>
                <th scope="col">total variance</th>
                <th scope="col">‖E g‖²</th>
                <th scope="col">SNR</th>
                <th scope="col">time</th>
              </tr>
            </thead>
            <tbody>
              {r.cells.map((c) => (
                <tr key={`${c.estimator}${c.L}`}>
                  <th scope="row">{SHORT[c.estimator]}</th>
                  <td>{c.L}</td>
                  <td>{sig(c.totalVariance)}</td>
                  <td>{sig(c.signalNormSq)}</td>
                  <td>{sig(c.snr)}</td>
                  <td>{Math.round(c.ms)} ms</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="note">
            ‖E g‖² is estimated as ‖ḡ‖² − (total variance)/R, which can come out negative when the noise swamps the signal (SNR ≤ 0: R
            estimates cannot tell the mean gradient from zero).
          </p>
        </>
      )}
    </div>
  );
}
