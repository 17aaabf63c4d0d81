import { useDeferredValue, useId, useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { histogram, LAB_FUNCTION_INFO, LAB_FUNCTIONS, runLab, sharedRange, SMOOTH_STEP_K, varianceVsL, type LabFunction, type LabRun } from '../../core/estimatorLab';
import { useAppStore } from '../../store/store';
import { UnfocusableLayers } from '../charts/unfocusableLayers';
import { fmt } from '../format';
import { Tex } from './Tex';

/** Estimates drawn per histogram, and per L for the variance table. */
export const LAB_N = 2000;
const LAB_N_PER_L = 1000;
export const LAB_L_CHOICES = [1, 2, 5, 10, 50, 100] as const;
const VARIANCE_LS = [1, 2, 5, 10, 20, 50, 100] as const;
const BINS = 40;
const COLORS = { reparam: '#1f5fbf', score: '#d9480f' };

/** Significant figures for figures whose scale varies over decades. */
function sig(v: number, digits = 3): string {
  if (!Number.isFinite(v)) return '—';
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e5 || a < 1e-3 ? v.toExponential(digits - 1) : Number(v.toPrecision(digits)).toString();
}

function Histogram({ run, which }: { run: LabRun; which: 'dMu' | 'dSigma' }) {
  const exact = run.exact[which];
  const [lo, hi] = sharedRange([run.reparam[which], run.score[which]], exact);
  const hr = histogram(run.reparam[which], lo, hi, BINS);
  const hs = histogram(run.score[which], lo, hi, BINS);
  const W = 320;
  const H = 120;
  const max = Math.max(...hr.counts, ...hs.counts, 1);
  const bw = W / BINS;
  const x = (v: number) => ((v - lo) / (hi - lo)) * W;
  const name = which === 'dMu' ? '∂/∂μ' : '∂/∂σ';
  return (
    <figure className="lab-hist" aria-label={`Histogram of ${name} estimates`}>
      <svg
        viewBox={`0 0 ${W} ${H + 14}`}
        role="img"
        aria-label={`Histogram of ${run.n} single ${name} estimates (L = ${run.L}) from ${fmt(lo, 2)} to ${fmt(hi, 2)}: reparameterization in blue, score function in orange, exact value ${sig(exact)} as a black line`}
      >
        {hs.counts.map((c, i) => (
          <rect key={`s${i}`} x={i * bw} width={bw - 0.5} y={H - (c / max) * H} height={(c / max) * H} fill={COLORS.score} opacity={0.55} />
        ))}
        {hr.counts.map((c, i) => (
          <rect key={`r${i}`} x={i * bw} width={bw - 0.5} y={H - (c / max) * H} height={(c / max) * H} fill={COLORS.reparam} opacity={0.6} />
        ))}
        <line x1={x(exact)} x2={x(exact)} y1={0} y2={H} stroke="#000" strokeWidth={1.5} />
        <text x={0} y={H + 12} className="tick">
          {sig(lo)}
        </text>
        <text x={W} y={H + 12} textAnchor="end" className="tick">
          {sig(hi)}
        </text>
      </svg>
      <figcaption>
        {name} E[f(z)]: {hs.below + hs.above} score-function and {hr.below + hr.above} reparameterization estimates fall outside this range.
      </figcaption>
    </figure>
  );
}

/**
 * The one-dimensional lab: E_{z~N(μ,σ²)}[f(z)] for a chosen f; single estimates of its gradient
 * in μ and σ by the reparameterization and the score-function estimators, their means against
 * the exact gradient, and their variances as L grows. Computed on the page (pure maths, seeded).
 */
export function EstimatorLab1D() {
  const o = useAppStore((s) => s.lab1d);
  const set = useAppStore((s) => s.setLab1d);
  const ids = { fn: useId(), mu: useId(), sigma: useId(), L: useId() };
  // Sliders stay smooth: the estimates follow the deferred value.
  const d = useDeferredValue(o);
  const run = useMemo(() => runLab(d.fn, d.mu, d.sigma, d.L, LAB_N, d.seed), [d]);
  const rows = useMemo(() => varianceVsL(d.fn, d.mu, d.sigma, VARIANCE_LS, LAB_N_PER_L, d.seed), [d]);
  const info = LAB_FUNCTION_INFO[d.fn];
  const line = (est: 'reparam' | 'score', k: 0 | 1) => rows.map((r) => ({ L: r.L, v: r[est][k] > 0 ? r[est][k] : null }));
  const estRow = (label: string, e: LabRun['reparam']) => (
    <tr>
      <th scope="row">{label}</th>
      <td>
        {sig(e.statsMu.mean)} ± {sig(e.statsMu.stdErr, 2)}
      </td>
      <td>{sig(e.statsMu.variance)}</td>
      <td>
        {sig(e.statsSigma.mean)} ± {sig(e.statsSigma.stdErr, 2)}
      </td>
      <td>{sig(e.statsSigma.variance)}</td>
    </tr>
  );
  return (
    <div className="subpanel lab1d">
      <h3>A one-dimensional lab: two ways to estimate a gradient</h3>
      <div className="reparam-formulas">
        <Tex tex={`${info.tex}, \\qquad \\frac{\\partial}{\\partial(\\mu,\\sigma)} \\, \\mathbb{E}_{z \\sim \\mathcal{N}(\\mu, \\sigma^2)}[f(z)]`} />
        <Tex tex="\text{reparameterization: } \big(f'(z),\; f'(z)\,\varepsilon\big), \quad z = \mu + \sigma\varepsilon" />
        <Tex tex="\text{score function: } f(z)\,\nabla_{\mu,\sigma} \log q(z) = \Big(f(z)\frac{z-\mu}{\sigma^2},\; f(z)\frac{(z-\mu)^2-\sigma^2}{\sigma^3}\Big)" />
      </div>
      <div className="lv-controls">
        <div className="lv-field">
          <label htmlFor={ids.fn}>Function f</label>
          <select id={ids.fn} value={o.fn} onChange={(e) => set({ fn: e.target.value as LabFunction })}>
            {LAB_FUNCTIONS.map((f) => (
              <option key={f} value={f}>
                {LAB_FUNCTION_INFO[f].label}
              </option>
            ))}
          </select>
        </div>
        <div className="lv-field">
          <label htmlFor={ids.mu}>Mean μ</label>
          <input id={ids.mu} type="range" min={-3} max={3} step={0.1} value={o.mu} onChange={(e) => set({ mu: Number(e.target.value) })} />
          <output htmlFor={ids.mu}>{fmt(o.mu, 1)}</output>
        </div>
        <div className="lv-field">
          <label htmlFor={ids.sigma}>Standard deviation σ</label>
          <input id={ids.sigma} type="range" min={0.1} max={3} step={0.05} value={o.sigma} onChange={(e) => set({ sigma: Number(e.target.value) })} />
          <output htmlFor={ids.sigma}>{fmt(o.sigma, 2)}</output>
        </div>
        <div className="lv-field">
          <label htmlFor={ids.L}>Samples per estimate L</label>
          <select id={ids.L} value={o.L} onChange={(e) => set({ L: Number(e.target.value) })}>
            {LAB_L_CHOICES.map((L) => (
              <option key={L} value={L}>
                {L}
              </option>
            ))}
          </select>
        </div>
        <button type="button" onClick={() => set({ seed: o.seed + 1 })}>
          Draw new estimates
        </button>
      </div>
      {!info.differentiable && (
        <p className="note warn" role="note">
          The step has derivative 0 everywhere except at 0, where it has none: every pathwise estimate f′(z)·(1, ε) is 0, so the
          reparameterization estimator is wrong here (its mean is 0, not the exact gradient). The pathwise gradient needs a
          differentiable f; the score function needs only f&apos;s values and stays unbiased. Try the smooth step σ({SMOOTH_STEP_K}z) to see the
          pathwise estimator come back.
        </p>
      )}
      <div className="table-scroll">
      <table className="latent-table lab-table" aria-label="Gradient estimates">
        <caption>
          {run.n.toLocaleString('en-US')} estimates with L = {run.L}, μ = {fmt(run.mu, 1)}, σ = {fmt(run.sigma, 2)}: mean ± standard error,
          and the variance of one estimate
        </caption>
        <thead>
          <tr>
            <th scope="col">estimator</th>
            <th scope="col">∂/∂μ mean</th>
            <th scope="col">∂/∂μ variance</th>
            <th scope="col">∂/∂σ mean</th>
            <th scope="col">∂/∂σ variance</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">exact ({run.exact.method})</th>
            <td>{sig(run.exact.dMu, 4)}</td>
            <td>0</td>
            <td>{sig(run.exact.dSigma, 4)}</td>
            <td>0</td>
          </tr>
          {estRow('reparameterization', run.reparam)}
          {estRow('score function', run.score)}
        </tbody>
      </table>
      </div>
      <p className="note" aria-label="Variance ratio">
        Variance of the score function ÷ reparameterization: ∂/∂μ{' '}
        {run.reparam.statsMu.variance > 0 ? `${sig(run.score.statsMu.variance / run.reparam.statsMu.variance)}×` : '∞ (the pathwise estimates are all 0)'}, ∂/∂σ{' '}
        {run.reparam.statsSigma.variance > 0 ? `${sig(run.score.statsSigma.variance / run.reparam.statsSigma.variance)}×` : '∞'}.
      </p>
      <div className="lab-hists">
        <Histogram run={run} which="dMu" />
        <Histogram run={run} which="dSigma" />
      </div>
      <figure className="chart" aria-label="Variance of the estimates against L, log scales">
        <UnfocusableLayers>
          <ResponsiveContainer width="100%" height={220}>
            <LineChart margin={{ top: 8, right: 16, bottom: 24, left: 8 }} role="group" aria-label="Variance of the gradient estimates against L, log scales, per estimator (arrow keys read the points)">
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="L" type="number" scale="log" domain={[1, 100]} ticks={[...VARIANCE_LS]} allowDuplicatedCategory={false} label={{ value: 'samples per estimate L', position: 'insideBottom', offset: -12 }} />
              <YAxis type="number" scale="log" domain={['auto', 'auto']} allowDataOverflow tickFormatter={(v: number) => sig(v, 2)} label={{ value: 'variance', angle: -90, position: 'insideLeft' }} />
              <Tooltip formatter={(v) => (typeof v === 'number' ? sig(v) : String(v))} labelFormatter={(l) => `L = ${l}`} />
              <Legend verticalAlign="top" />
              <Line data={line('reparam', 0)} dataKey="v" name="reparam ∂/∂μ" stroke={COLORS.reparam} isAnimationActive={false} connectNulls />
              <Line data={line('reparam', 1)} dataKey="v" name="reparam ∂/∂σ" stroke={COLORS.reparam} legendType="plainline" strokeDasharray="4 3" isAnimationActive={false} connectNulls />
              <Line data={line('score', 0)} dataKey="v" name="score ∂/∂μ" stroke={COLORS.score} isAnimationActive={false} />
              <Line data={line('score', 1)} dataKey="v" name="score ∂/∂σ" stroke={COLORS.score} legendType="plainline" strokeDasharray="4 3" isAnimationActive={false} />
            </LineChart>
          </ResponsiveContainer>
        </UnfocusableLayers>
        <figcaption>
          Measured variance of an L-sample estimate ({LAB_N_PER_L.toLocaleString('en-US')} estimates per L): both fall as 1/L, but the
          score function starts higher, so it needs many times more samples for the same precision.
          {!info.differentiable ? ' (The reparameterization variance is 0 for the step: its estimates are all 0, and wrong.)' : ''}
        </figcaption>
      </figure>
      <table className="latent-table sr-table" aria-label="Variance against L">
        <thead>
          <tr>
            <th scope="col">L</th>
            <th scope="col">reparam ∂/∂μ</th>
            <th scope="col">score ∂/∂μ</th>
            <th scope="col">reparam ∂/∂σ</th>
            <th scope="col">score ∂/∂σ</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.L}>
              <th scope="row">{r.L}</th>
              <td>{sig(r.reparam[0])}</td>
              <td>{sig(r.score[0])}</td>
              <td>{sig(r.reparam[1])}</td>
              <td>{sig(r.score[1])}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
