import { useShallow } from 'zustand/react/shallow';
import { cancelInferenceJob, runGaps, runGapsOverTestImages } from '../../client/inferenceActions';
import { useState } from 'react';
import type { Estimate } from '../../protocol/inference';
import { useAppStore } from '../../store/store';
import { fmt } from '../format';

const W = 320;
const ROW = 26;

/** Bars with ±2 s.e. whiskers, from 0, for the two gaps (nats). */
function GapBars({ rows }: { rows: { name: string; e: Estimate }[] }) {
  const hi = Math.max(0.1, ...rows.map((r) => r.e.value + 2 * (r.e.se || 0)));
  const lo = Math.min(0, ...rows.map((r) => r.e.value - 2 * (r.e.se || 0)));
  const x = (v: number) => 110 + ((v - lo) / (hi - lo)) * (W - 120);
  const label = rows.map((r) => `${r.name} ${fmt(r.e.value, 2)} ± ${fmt(2 * r.e.se, 2)} nats (2 s.e.)`).join('; ');
  return (
    <svg width={W} height={rows.length * ROW + 6} role="img" aria-label={`Gaps with error bars: ${label}`}>
      <line x1={x(0)} x2={x(0)} y1={0} y2={rows.length * ROW + 6} stroke="#868e96" />
      {rows.map((r, i) => {
        const y = i * ROW + 4;
        const v = r.e.value;
        const s = 2 * (r.e.se || 0);
        return (
          <g key={r.name}>
            <text x={0} y={y + 14} fontSize={12}>{r.name}</text>
            <rect x={Math.min(x(0), x(v))} y={y + 3} width={Math.abs(x(v) - x(0))} height={14} fill="#4c6ef5" opacity={0.7} />
            <line x1={x(v - s)} x2={x(v + s)} y1={y + 10} y2={y + 10} stroke="#212529" strokeWidth={1.5} />
            <line x1={x(v - s)} x2={x(v - s)} y1={y + 5} y2={y + 15} stroke="#212529" />
            <line x1={x(v + s)} x2={x(v + s)} y1={y + 5} y2={y + 15} stroke="#212529" />
          </g>
        );
      })}
    </svg>
  );
}

const pm = (e: Estimate, digits = 2) => `${fmt(e.value, digits)} ± ${fmt(2 * e.se, digits)}`;

/**
 * The two gaps of the current image: log p(x) ≥ ELBO(q*) ≥ ELBO(q_enc), where q* is the best
 * Gaussian for this image alone (gradient ascent on its ELBO from the encoder's output).
 */
export function GapsView() {
  const m = useAppStore(useShallow((s) => ({ job: s.gapsJob, avg: s.gapsAverage, opts: s.gapsOptions, setOpts: s.setGapsOptions })));
  const [n, setN] = useState(10);
  const avg = m.avg.result;
  const r = m.job.result;
  const p = m.job.progress;
  return (
    <section className="subpanel" aria-labelledby="pl-gaps-h">
      <h3 id="pl-gaps-h">The amortization gap</h3>
      <p className="lv-explain">
        One encoder serves every image; q* is the best Gaussian for this image alone, found by gradient ascent on its own ELBO
        from the encoder&apos;s output. Approximation gap = log p(x) − ELBO(q*): what no Gaussian can do. Amortization gap =
        ELBO(q*) − ELBO(q_enc): what sharing one encoder costs. Error bars: ± 2 standard errors.
      </p>
      <div className="lv-controls">
        <div className="lv-field">
          <label htmlFor="pl-fit-steps">Fit steps</label>
          <input id="pl-fit-steps" type="number" min={1} max={3000} value={m.opts.fitSteps} onChange={(e) => m.setOpts({ fitSteps: Number(e.target.value) })} />
        </div>
        <div className="lv-field">
          <label htmlFor="pl-gaps-k">k (IS, J &gt; 2)</label>
          <input id="pl-gaps-k" type="number" min={1} max={50000} value={m.opts.k} onChange={(e) => m.setOpts({ k: Number(e.target.value) })} />
        </div>
        <button type="button" onClick={() => void runGaps()} disabled={m.job.running}>
          Measure the gaps
        </button>
        {m.job.running && (
          <button type="button" onClick={cancelInferenceJob}>
            Stop
          </button>
        )}
      </div>
      {m.job.running && p && (
        <p className="note" role="status">
          {p.what}: {p.done} / {p.total}
        </p>
      )}
      {m.job.error && <p className="error" role="alert">{m.job.error}</p>}
      {r && (
        <>
          <dl aria-label="Gaps" className="compact pl-figures">
            <div className="figure-row"><dt>log p(x)</dt><dd>{pm(r.logPx)} <span className="note">({r.logPxMethod})</span></dd></div>
            <div className="figure-row"><dt>ELBO(q*)</dt><dd>{pm(r.elboStar)}</dd></div>
            <div className="figure-row"><dt>ELBO(q_enc)</dt><dd>{pm(r.elboEncoder)}</dd></div>
            <div className="figure-row"><dt>Approximation gap</dt><dd>{pm(r.approximation)} nats</dd></div>
            <div className="figure-row"><dt>Amortization gap</dt><dd>{pm(r.amortization)} nats</dd></div>
          </dl>
          <GapBars rows={[{ name: 'Approximation', e: r.approximation }, { name: 'Amortization', e: r.amortization }]} />
        </>
      )}
      <div className="lv-controls">
        <div className="lv-field">
          <label htmlFor="pl-avg-n">Test images</label>
          <input id="pl-avg-n" type="number" min={2} max={100} value={n} onChange={(e) => setN(Number(e.target.value))} />
        </div>
        <button type="button" onClick={() => void runGapsOverTestImages(n)} disabled={m.avg.running}>
          Average over test images
        </button>
        {m.avg.running && (
          <button type="button" onClick={cancelInferenceJob}>
            Stop
          </button>
        )}
      </div>
      {m.avg.running && m.avg.progress && (
        <p className="note" role="status">
          {m.avg.progress.what}: {m.avg.progress.done} of {m.avg.progress.total} done
        </p>
      )}
      {m.avg.error && <p className="error" role="alert">{m.avg.error}</p>}
      {avg && (
        <dl aria-label="Gaps averaged over test images" className="compact pl-figures">
          <div className="figure-row"><dt>Images (model at step {avg.step})</dt><dd>{avg.indices.length}</dd></div>
          <div className="figure-row"><dt>Mean approximation gap</dt><dd>{fmt(avg.approximation.mean, 2)} ± {fmt(2 * avg.approximation.se, 2)} nats</dd></div>
          <div className="figure-row"><dt>Mean amortization gap</dt><dd>{fmt(avg.amortization.mean, 2)} ± {fmt(2 * avg.amortization.se, 2)} nats</dd></div>
        </dl>
      )}
    </section>
  );
}
