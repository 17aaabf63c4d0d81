import { useShallow } from 'zustand/react/shallow';
import { cancelInferenceJob, runMarginal } from '../../client/inferenceActions';
import { INFERENCE_LIMITS, type RepeatedEstimate } from '../../protocol/inference';
import { useAppStore } from '../../store/store';
import { fmt } from '../format';

function Row({ name, e, note }: { name: string; e: RepeatedEstimate | null; note: string }) {
  return (
    <tr>
      <th scope="row">{name}</th>
      <td>{e ? fmt(e.mean, 2) : '—'}</td>
      <td>{e ? fmt(e.sd, 3) : '—'}</td>
      <td>{e ? e.values.map((v) => fmt(v, 2)).join(', ') : note}</td>
    </tr>
  );
}

/**
 * log p(x) three ways, each repeated with other seeds: importance sampling with the encoder as
 * proposal, the paper's procedure (HMC → fitted Gaussian → harmonic-mean estimator, J ≤ 5), and
 * quadrature on a grid (J = 2).
 */
export function MarginalView() {
  const m = useAppStore(useShallow((s) => ({ job: s.marginalJob, opts: s.marginalOptions, setOpts: s.setMarginalOptions })));
  const r = m.job.result;
  const p = m.job.progress;
  const num = (key: keyof typeof m.opts, label: string, max: number) => (
    <div className="lv-field">
      <label htmlFor={`pl-ml-${key}`}>{label}</label>
      <input id={`pl-ml-${key}`} type="number" min={1} max={max} value={m.opts[key]} onChange={(e) => m.setOpts({ [key]: Number(e.target.value) })} />
    </div>
  );
  return (
    <section className="subpanel" aria-labelledby="pl-ml-h">
      <h3 id="pl-ml-h">The paper&apos;s marginal likelihood</h3>
      <p className="lv-explain">
        The paper&apos;s three stages (its Appendix D): HMC samples of the true posterior, a Gaussian q fitted to them, then
        p(x) ≈ [ (1/L) Σ q(z_l) / (p(z_l) p(x|z_l)) ]⁻¹. Beside it, importance sampling with the encoder as proposal and, at
        J = 2, quadrature on a grid. Each runs several times with other seeds: the spread shows how stable each is, and the
        harmonic mean&apos;s grows with J (it is offered up to J = {INFERENCE_LIMITS.harmonicJMax}).
      </p>
      <div className="lv-controls">
        {num('repeats', 'Repetitions', INFERENCE_LIMITS.repeatsMax)}
        {num('k', 'IS samples k', INFERENCE_LIMITS.isKMax)}
        {num('chains', 'Chains', INFERENCE_LIMITS.chainsMax)}
        {num('warmup', 'Warm-up', INFERENCE_LIMITS.warmupMax)}
        {num('draws', 'Draws per chain', INFERENCE_LIMITS.drawsMax)}
        {num('leapfrogSteps', 'Leapfrog steps', INFERENCE_LIMITS.leapfrogMax)}
        <button type="button" onClick={() => void runMarginal()} disabled={m.job.running}>
          Estimate log p(x)
        </button>
        {m.job.running && (
          <button type="button" onClick={cancelInferenceJob}>
            Stop
          </button>
        )}
      </div>
      {m.job.running && p && (
        <p className="note" role="status">
          {p.what} ({p.done} of {p.total} done)
        </p>
      )}
      {m.job.error && <p className="error" role="alert">{m.job.error}</p>}
      {r && (
        <table className="pl-table" aria-label="Estimates of log p(x)">
          <thead>
            <tr>
              <th scope="col">Estimator</th>
              <th scope="col">log p(x), mean (nats)</th>
              <th scope="col">Spread (s.d.)</th>
              <th scope="col">Runs</th>
            </tr>
          </thead>
          <tbody>
            <Row name={`Importance sampling (k = ${r.k})`} e={r.is} note="" />
            <Row name="Harmonic mean (HMC, fitted Gaussian)" e={r.harmonic} note={`not offered for J = ${r.J} > ${INFERENCE_LIMITS.harmonicJMax}`} />
            <Row name="Quadrature (grid)" e={r.quadrature === null ? null : { values: [r.quadrature], mean: r.quadrature, sd: 0 }} note="J = 2 only" />
          </tbody>
        </table>
      )}
    </section>
  );
}
