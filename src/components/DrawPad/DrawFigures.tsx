import { useEffect, useId, useRef, useState } from 'react';
import { TermRows } from '../TermRows';
import { useShallow } from 'zustand/react/shallow';
import { recomputeEstimates, resampleDrawing } from '../../client/drawActions';
import { IS_K_CHOICES } from '../../store/drawSlice';
import { useAppStore } from '../../store/store';
import { DASH, fmt } from '../format';
import { useDatasetWords } from '../useDatasetWords';
import { paintImages } from './images';
import { latencyParts, type Latency } from './latency';

/** μ_j with a ±σ_j error bar per latent dimension, on a fixed scale of [−4, 4]. */
function LatentBars({ mu, sigma }: { mu: number[]; sigma: number[] }) {
  const J = mu.length;
  const W = 300;
  const H = 120;
  const lim = 4;
  const y = (v: number) => H / 2 - (Math.max(-lim, Math.min(lim, v)) / lim) * (H / 2 - 4);
  const step = W / J;
  return (
    <svg className="latent-bars" viewBox={`0 0 ${W} ${H}`} role="img" aria-label="Posterior mean and standard deviation per latent dimension">
      <rect x={0} y={y(1)} width={W} height={y(-1) - y(1)} className="prior-band" />
      <line x1={0} x2={W} y1={y(0)} y2={y(0)} className="axis" />
      {mu.map((m, j) => {
        const cx = step * (j + 0.5);
        const bw = Math.min(16, Math.max(2, step * 0.55));
        return (
          <g key={j}>
            <rect x={cx - bw / 2} width={bw} y={Math.min(y(0), y(m))} height={Math.abs(y(m) - y(0))} className="mu-bar" />
            <line x1={cx} x2={cx} y1={y(m - sigma[j]!)} y2={y(m + sigma[j]!)} className="sigma-bar" />
            <line x1={cx - bw / 3} x2={cx + bw / 3} y1={y(m - sigma[j]!)} y2={y(m - sigma[j]!)} className="sigma-bar" />
            <line x1={cx - bw / 3} x2={cx + bw / 3} y1={y(m + sigma[j]!)} y2={y(m + sigma[j]!)} className="sigma-bar" />
          </g>
        );
      })}
      <text x={2} y={10} className="tick">+4</text>
      <text x={2} y={H - 2} className="tick">−4</text>
    </svg>
  );
}

/** μ_j, σ_j and KL_j as text; long lists in two column groups (row r: z_r and z_{r+⌈J/2⌉}). */
function LatentTable({ mu, sigma, kl }: { mu: number[]; sigma: number[]; kl: number[] }) {
  const J = mu.length;
  const groups = J > 8 ? 2 : 1;
  const rows = Math.ceil(J / groups);
  const head = (g: number) => [
    <th key={`j${g}`} scope="col">z_j</th>,
    <th key={`m${g}`} scope="col">μ</th>,
    <th key={`s${g}`} scope="col">σ</th>,
    <th key={`k${g}`} scope="col">KL_j</th>,
  ];
  const cells = (j: number) =>
    j < J
      ? [
          <th key={`j${j}`} scope="row">z{j + 1}</th>,
          <td key={`m${j}`}>{fmt(mu[j], 3)}</td>,
          <td key={`s${j}`}>{fmt(sigma[j], 3)}</td>,
          <td key={`k${j}`}>{fmt(kl[j], 2)}</td>,
        ]
      : [<td key="pad" colSpan={4} />];
  return (
    <table className="latent-table" aria-label="Posterior per dimension">
      <caption>z_j: μ, σ of q(z|x), and KL_j = KL(q(z_j|x) ‖ N(0, 1)) in nats</caption>
      <thead>
        <tr>{Array.from({ length: groups }, (_, g) => head(g))}</tr>
      </thead>
      <tbody>
        {Array.from({ length: rows }, (_, r) => (
          <tr key={r}>{Array.from({ length: groups }, (_, g) => cells(r + g * rows))}</tr>
        ))}
      </tbody>
    </table>
  );
}

/** The current drawing's analysis, shared by the summary and the details. */
function useDrawState() {
  return useAppStore(
    useShallow((s) => ({
      input: s.drawInput,
      a: s.drawAnalysis,
      is: s.drawIs,
      post: s.drawPosterior,
      k: s.drawOptions.isK,
      J: s.runState?.config.latentDim ?? null,
      setOptions: s.setDrawOptions,
    })),
  );
}

/**
 * The figures of the current drawing on the first screen: the model input and its
 * reconstruction, and a definition list of the ELBO, its terms, log p(x) and the gap, the
 * latency of the last stroke and which worker answered.
 */
export function DrawSummary() {
  const d = useDrawState();
  const words = useDatasetWords();
  const preview = useRef<HTMLCanvasElement>(null);
  const recon = useRef<HTMLCanvasElement>(null);
  const frames = useRef(new Set<number>());
  const [latency, setLatency] = useState<Latency | null>(null);
  // While a newer input is being encoded, the figures of the previous one stay up (no flicker).
  const a = d.input ? d.a : null;

  useEffect(() => {
    if (preview.current) paintImages(preview.current, d.input?.x ?? new Float32Array(784), 1);
  }, [d.input]);

  useEffect(() => {
    if (recon.current) paintImages(recon.current, a?.reconstruction ?? new Float32Array(784), 1);
    // Latency of a stroke end: from the pen lifting to these figures on screen (the next frame).
    // The refined answer can follow within the same frame; it must not cancel this measure.
    if (a?.final) {
      const id = requestAnimationFrame(() => {
        frames.current.delete(id);
        setLatency(latencyParts(a, performance.now()));
      });
      frames.current.add(id);
    }
  }, [a]);
  useEffect(() => {
    const pending = frames.current;
    return () => pending.forEach((id) => cancelAnimationFrame(id));
  }, []);

  const is = d.is && d.input && d.is.version === d.input.version ? d.is : null;
  const post = d.post && d.input && d.post.version === d.input.version ? d.post : null;
  const isText = !is
    ? DASH
    : is.cancelled
      ? 'stopped'
      : is.finished || is.done >= is.k
        ? fmt(is.estimate, 2)
        : `${fmt(is.estimate, 2)} (${is.done.toLocaleString('en-US')} / ${is.k.toLocaleString('en-US')})`;
  // The gap KL(q ‖ p(z|x)) = log p(x) − ELBO: with the quadrature value for J = 2, else IS,
  // and the ELBO of the model the estimates were made on (while training the ELBO shown
  // follows the model every second, the estimates when estimatesDue says so).
  // Only figures of one model make a gap: log p(x) of the step whose ELBO was recorded.
  const at = is?.at ?? null;
  const logPx = gapLogPx(at, post, is);
  const gapElbo = at?.elbo ?? null;
  const rows: [string, string][] = a
    ? [
        ['ELBO', fmt(a.elbo, 2)],
        ['E_q[log p(x|z)]', fmt(a.recon, 2)],
        ['KL(q(z|x) ‖ p(z))', fmt(a.kl, 2)],
        [`log p(x) (IS, k=${is?.k ?? d.k})`, isText],
        ...(d.J === 2 ? ([['log p(x) (grid quadrature)', post ? fmt(post.logPx, 2) : DASH]] as [string, string][]) : []),
        ['KL(q(z|x) ‖ p(z|x)) = log p(x) − ELBO', logPx !== null && logPx !== undefined && gapElbo !== null ? fmt(logPx - gapElbo, 2) : DASH],
        ['log p(x) and the gap: model at step', is?.at ? is.at.step.toLocaleString('en-US') : DASH],
        ['Posterior samples in the ELBO (L)', String(a.samplesL)],
        ['Latency (stroke end → figures)', latency ? `${Math.round(latency.ms)} ms` : DASH],
        ['Encoded by', a.worker === 'drawing' ? `drawing worker, step ${a.step.toLocaleString('en-US')}` : `training worker, step ${a.step.toLocaleString('en-US')}`],
      ]
    : [];

  return (
    <div className="draw-figures">
      <div className="draw-images">
        <figure className="draw-figure" aria-label="Model input x">
          <canvas ref={preview} width={28} height={28} className="img28" role="img" aria-label="Model input preview" />
          <figcaption>Input x{d.input?.source === 'test' ? ` (test #${d.input.testIndex}, ${words.classPhrase(d.input.label)})` : ''}</figcaption>
        </figure>
        <figure className="draw-figure" aria-label="Reconstruction of x">
          <canvas ref={recon} width={28} height={28} className="img28" role="img" aria-label="Reconstruction" />
          <figcaption>Reconstruction E[x | z = μ]</figcaption>
        </figure>
      </div>
      {!d.input ? (
        <p className="draw-empty" role="status">
          Draw on the pad (or load a test image) to see what the encoder makes of it.
        </p>
      ) : !a ? (
        <p className="draw-empty" role="status">
          Encoding…
        </p>
      ) : (
        <>
          <dl
            aria-label="Drawing figures"
            className="compact"
            data-latency-ms={latency ? Math.round(latency.ms) : undefined}
            data-worker-ms={latency ? Math.round(latency.workerMs) : undefined}
            data-page-wait-ms={latency ? Math.round(latency.pageMs) : undefined}
            data-queue-ms={latency ? Math.round(latency.queueMs) : undefined}
            data-latency-input={latency?.version}
            data-encoded-by={a.worker}
          >
            <TermRows rows={rows} />
          </dl>
          {is && !is.finished && is.done < is.k && <progress aria-label="Importance sampling progress" max={is.k} value={is.done} />}
        </>
      )}
    </div>
  );
}

/**
 * The drawing in detail (the Drawing tab): posterior samples, μ and σ per dimension, the
 * number of importance samples, and what the figures mean.
 */
export function DrawDetails() {
  const d = useDrawState();
  const samples = useRef<HTMLCanvasElement>(null);
  const kId = useId();
  const a = d.input ? d.a : null;
  useEffect(() => {
    if (samples.current) paintImages(samples.current, a?.samples ?? new Float32Array(8 * 784), a?.shown ?? 8, a?.shown ?? 8, 2);
  }, [a]);
  return (
    <div className="draw-details">
      <figure className="draw-figure samples-figure" aria-label="Decoded posterior samples">
        <canvas ref={samples} width={8 * 30 - 2} height={28} className="img28 strip" role="img" aria-label="Posterior samples" style={{ maxWidth: `${4 * (8 * 30 - 2)}px` }} />
        <figcaption>
          Decoded posterior samples z = μ + σ ⊙ ε{' '}
          <button type="button" className="small" onClick={resampleDrawing} disabled={!d.input}>
            Resample
          </button>
        </figcaption>
      </figure>
      <div className="pad-tools">
        <label htmlFor={kId}>Importance samples k</label>
        <select
          id={kId}
          value={d.k}
          onChange={(e) => {
            d.setOptions({ isK: Number(e.target.value) });
            recomputeEstimates();
          }}
        >
          {IS_K_CHOICES.map((k) => (
            <option key={k} value={k}>
              {k.toLocaleString('en-US')}
            </option>
          ))}
        </select>
      </div>
      {a && (
        <>
          <p className="note">
            Nats. ELBO with L = {a.samplesL} samples of z (analytic KL); log p(x) ≈ log (1/k) Σ p(x, z_i)/q(z_i|x) with z_i ~
            q(z|x), a bound that rises toward log p(x) as k grows (and can fall short when q is much narrower than the true
            posterior).{d.J === 2 ? ' For J = 2 the gap uses the grid quadrature.' : ''}
          </p>
          <LatentBars mu={a.mu} sigma={a.sigma} />
          <LatentTable mu={a.mu} sigma={a.sigma} kl={a.klPerDim} />
        </>
      )}
    </div>
  );
}

/**
 * log p(x) for the gap log p(x) − ELBO at the step `at` recorded with the ELBO: the quadrature
 * (J = 2) when it was computed on the model of that step, or else the finished importance-
 * sampling estimate (recorded with `at`, on one model); null otherwise.
 */
export function gapLogPx(
  at: { step: number } | null,
  post: { logPx: number | null; step: number } | null | undefined,
  is: { finished: boolean; estimate: number | null } | null | undefined,
): number | null {
  if (!at) return null;
  if (post && post.logPx !== null && post.step === at.step) return post.logPx;
  // `at` is recorded with the finished estimate, on its model.
  if (is?.finished && is.estimate !== null) return is.estimate;
  return null;
}
