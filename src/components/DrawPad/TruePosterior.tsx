import { useEffect, useId, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { recomputeEstimates } from '../../client/drawActions';
import { GRID_N_CHOICES } from '../../store/drawSlice';
import { useAppStore } from '../../store/store';
import { fmt } from '../format';
import { ramp } from './images';

const SIZE = 320;
/** Log colour scale: densities this many nats below the peak and lower get the lowest colour. */
const LOG_RANGE = 10;

/**
 * For J = 2: the true posterior p(z|x) ∝ p(x|z) p(z) on the grid over [−4, 4]² as a heat map,
 * under the 1σ and 2σ ellipses of the approximate posterior q(z|x) = N(μ, diag σ²).
 */
export function TruePosterior() {
  const d = useAppStore(
    useShallow((s) => ({
      J: s.runState?.config.latentDim ?? null,
      input: s.drawInput,
      a: s.drawAnalysis,
      post: s.drawPosterior,
      n: s.drawOptions.gridN,
      setOptions: s.setDrawOptions,
    })),
  );
  const canvas = useRef<HTMLCanvasElement>(null);
  const nId = useId();
  const scaleId = useId();
  const [logScale, setLogScale] = useState(true);
  const [zoom, setZoom] = useState(false);
  const post = d.post && d.input && d.post.version === d.input.version ? d.post : null;
  const a = d.a && d.input && d.a.version === d.input.version ? d.a : null;

  useEffect(() => {
    const c = canvas.current?.getContext('2d');
    if (!c) return;
    c.fillStyle = '#f1f3f5';
    c.fillRect(0, 0, SIZE, SIZE);
    if (!post) return;
    const { n, lim, mass, delta } = post;
    let max = 0;
    for (let i = 0; i < mass.length; i++) max = Math.max(max, mass[i]!);
    const level = (m: number) => (max <= 0 ? 0 : logScale ? Math.max(0, 1 + Math.log(m / max) / LOG_RANGE) : m / max);
    // The view: all of [−lim, lim]², or (zoomed) a square around q's mean 6 σ wide each way.
    const view = zoomWindow(zoom && a && a.mu.length === 2 ? a : null, lim, delta);
    const px = (z1: number) => ((z1 - view.x0) / view.w) * SIZE;
    const py = (z2: number) => ((view.y0 + view.w - z2) / view.w) * SIZE;
    const unit = SIZE / view.w;
    for (let iy = 0; iy < n; iy++) {
      for (let ix = 0; ix < n; ix++) {
        // Cell (ix, iy) covers z₁ ∈ [−lim + ixΔ, −lim + (ix+1)Δ], z₂ likewise (z₂ up on screen).
        const [r, g, b] = ramp(level(mass[iy * n + ix]!));
        c.fillStyle = `rgb(${r | 0},${g | 0},${b | 0})`;
        const x0 = px(-lim + ix * delta);
        const y0 = py(-lim + (iy + 1) * delta);
        c.fillRect(Math.floor(x0), Math.floor(y0), Math.ceil(px(-lim + (ix + 1) * delta)) - Math.floor(x0), Math.ceil(py(-lim + iy * delta)) - Math.floor(y0));
      }
    }
    c.strokeStyle = 'rgba(255,255,255,0.35)';
    c.lineWidth = 1;
    c.beginPath();
    c.moveTo(px(0), 0);
    c.lineTo(px(0), SIZE);
    c.moveTo(0, py(0));
    c.lineTo(SIZE, py(0));
    c.stroke();
    if (a && a.mu.length === 2) {
      const [m1, m2] = a.mu as [number, number];
      const [s1, s2] = a.sigma as [number, number];
      for (const [k, dash] of [
        [1, []],
        [2, [5, 4]],
      ] as [number, number[]][]) {
        c.setLineDash(dash);
        c.strokeStyle = '#ff4d4f';
        c.lineWidth = 2;
        c.beginPath();
        c.ellipse(px(m1), py(m2), Math.max(0.5, k * s1 * unit), Math.max(0.5, k * s2 * unit), 0, 0, 2 * Math.PI);
        c.stroke();
      }
      c.setLineDash([]);
      c.fillStyle = '#ff4d4f';
      c.fillRect(px(m1) - 2, py(m2) - 2, 4, 4);
    }
    // The grid posterior's mean: a white cross.
    c.strokeStyle = '#fff';
    c.lineWidth = 1.5;
    const [g1, g2] = post.mean;
    c.beginPath();
    c.moveTo(px(g1) - 5, py(g2));
    c.lineTo(px(g1) + 5, py(g2));
    c.moveTo(px(g1), py(g2) - 5);
    c.lineTo(px(g1), py(g2) + 5);
    c.stroke();
  }, [post, a, logScale, zoom]);

  if (d.J !== 2) {
    return (
      <section className="subpanel" aria-label="True posterior">
        <h3>True posterior p(z|x)</h3>
        <p className="note">
          With a 2-dimensional latent the true posterior p(z|x) ∝ p(x|z) p(z) can be evaluated on a grid and drawn under q(z|x).
          This model has J = {d.J ?? '—'}: press &ldquo;Load pretrained 2-D model&rdquo; (or set Latent size J = 2 and train).
        </p>
      </section>
    );
  }
  const sd = post ? [Math.sqrt(post.cov[0][0]), Math.sqrt(post.cov[1][1])] : null;
  const win = zoomWindow(zoom && a && a.mu.length === 2 ? a : null, post?.lim ?? 4, post?.delta ?? 0.1);
  return (
    <section className="subpanel true-posterior">
      <h3>True posterior p(z|x) and q(z|x)</h3>
      <div className="tp-row">
        <figure className="draw-figure" aria-label="True posterior p(z|x) under the ellipses of q(z|x)">
          <div className="tp-frame">
            <canvas ref={canvas} width={SIZE} height={SIZE} role="img" aria-label="True posterior" className="tp-canvas" />
            <span className="tp-tick tp-x0">{fmt(win.x0, zoom ? 2 : 0)}</span>
            <span className="tp-tick tp-x1">{fmt(win.x0 + win.w, zoom ? 2 : 0)}</span>
            <span className="tp-tick tp-y0">{fmt(win.y0, zoom ? 2 : 0)}</span>
            <span className="tp-tick tp-y1">{fmt(win.y0 + win.w, zoom ? 2 : 0)}</span>
          </div>
          <figcaption>
            z₁ → (right), z₂ ↑ (up). Colour: p(z|x) on the grid relative to its peak
            {logScale ? ` (log scale: the lowest colour is ${LOG_RANGE} nats or more below the peak)` : ''}. Red: 1σ (solid) and
            2σ (dashed) ellipses of q(z|x); white cross: the true posterior&apos;s mean.
          </figcaption>
        </figure>
        <div className="tp-side">
          <div className="pad-tools">
            <label htmlFor={scaleId}>Colour scale</label>
            <select id={scaleId} value={logScale ? 'log' : 'linear'} onChange={(e) => setLogScale(e.target.value === 'log')}>
              <option value="log">log p(z|x), {LOG_RANGE} nats</option>
              <option value="linear">p(z|x), linear</option>
            </select>
            <label>
              <input type="checkbox" checked={zoom} onChange={(e) => setZoom(e.target.checked)} /> Zoom to q(z|x)
            </label>
          </div>
          <div className="pad-tools">
            <label htmlFor={nId}>Grid cells per side</label>
            <select
              id={nId}
              value={d.n}
              onChange={(e) => {
                d.setOptions({ gridN: Number(e.target.value) });
                recomputeEstimates();
              }}
            >
              {GRID_N_CHOICES.map((n) => (
                <option key={n} value={n}>
                  {n} × {n}
                </option>
              ))}
            </select>
          </div>
          {post ? (
            <dl aria-label="True posterior figures" className="compact">
              <div className="figure-row">
                <dt>log p(x) by quadrature</dt>
                <dd>{fmt(post.logPx, 2)}</dd>
              </div>
              <div className="figure-row">
                <dt>Posterior mean (grid)</dt>
                <dd>
                  ({fmt(post.mean[0], 2)}, {fmt(post.mean[1], 2)})
                </dd>
              </div>
              <div className="figure-row">
                <dt>Posterior s.d. (grid)</dt>
                <dd>
                  ({fmt(sd![0], 3)}, {fmt(sd![1], 3)})
                </dd>
              </div>
              {a && (
                <div className="figure-row">
                  <dt>q(z|x): μ, σ</dt>
                  <dd>
                    ({fmt(a.mu[0], 2)}, {fmt(a.mu[1], 2)}), ({fmt(a.sigma[0], 3)}, {fmt(a.sigma[1], 3)})
                  </dd>
                </div>
              )}
              <div className="figure-row">
                <dt>Cell width Δ</dt>
                <dd>{fmt(post.delta, 3)}</dd>
              </div>
              <div className="figure-row">
                <dt>Time</dt>
                <dd>{Math.round(post.ms)} ms</dd>
              </div>
            </dl>
          ) : (
            <p className="note" role="status">
              {d.input ? 'Evaluating p(x|z) p(z) on the grid…' : 'Draw something to see its posterior.'}
            </p>
          )}
          <p className="note">
            log p(x) ≈ log Σ<sub>ij</sub> exp(log p(x, z<sub>ij</sub>)) + log ΔA over the cell centres (ΔA = Δ²). The gap
            log p(x) − ELBO is KL(q(z|x) ‖ p(z|x)): how far the encoder&apos;s Gaussian is from the true posterior.
          </p>
          {post && post.edgeMass > 1e-3 && (
            <p className="note warn">
              {fmt(100 * post.edgeMass, 1)} % of the posterior sits on the edge of the grid: part of it lies outside [−4, 4]²,
              which the quadrature misses.
            </p>
          )}
          {sd && Math.min(sd[0]!, sd[1]!) < 0.5 * post!.delta && (
            // The midpoint rule's relative error for a smooth bump of s.d. s is about 2·e^{−2π²(s/Δ)²}:
            // negligible down to s ≈ Δ/2, a few per cent below.
            <p className="note warn">The posterior is narrower than half a grid cell: choose a finer grid for an accurate quadrature.</p>
          )}
        </div>
      </div>
    </section>
  );
}

/** The square shown: [−lim, lim]², or a square 6·max(σ) each way around q's mean (at least 8 cells wide). */
function zoomWindow(q: { mu: number[]; sigma: number[] } | null, lim: number, delta: number): { x0: number; y0: number; w: number } {
  if (!q) return { x0: -lim, y0: -lim, w: 2 * lim };
  const half = Math.min(lim, Math.max(4 * delta, 6 * Math.max(q.sigma[0]!, q.sigma[1]!)));
  return { x0: q.mu[0]! - half, y0: q.mu[1]! - half, w: 2 * half };
}
