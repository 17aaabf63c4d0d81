import { useEffect, useRef } from 'react';
import type { ChainSnapshot, LabGrid } from '../../protocol/inference';
import { fmt } from '../format';
import { ellipsePoints, squareWindow, type Window } from './geometry';

const SIZE = 360;
/** One colour per chain (cycled): the chains are told apart, so a stuck one shows. */
const CHAIN_COLORS = ['#1f5fbf', '#d9480f', '#2b8a3e', '#862e9c', '#e67700', '#0b7285', '#c2255c', '#5c940d'];
const Q_COLOR = '#e8590c';
const STAR_COLOR = '#2b8a3e';

/** Paints the grid posterior's mass (J = 2) as a light heat map: white → blue with the mass. */
function paintGrid(ctx: CanvasRenderingContext2D, g: LabGrid, win: Window): void {
  let max = 0;
  for (const m of g.mass) max = Math.max(max, m);
  if (!(max > 0)) return;
  const cell = (2 * g.lim) / g.n;
  const px = SIZE / win.w;
  for (let iy = 0; iy < g.n; iy++) {
    for (let ix = 0; ix < g.n; ix++) {
      const t = g.mass[iy * g.n + ix]! / max;
      if (t < 0.01) continue;
      const x = (-g.lim + ix * cell - win.x0) * px;
      const y = SIZE - (-g.lim + (iy + 1) * cell - win.y0) * px;
      ctx.fillStyle = `rgba(76, 110, 245, ${0.6 * t})`;
      ctx.fillRect(x, y, cell * px + 1, cell * px + 1);
    }
  }
}

function strokeEllipse(ctx: CanvasRenderingContext2D, pts: [number, number][], win: Window, color: string, dash: number[]): void {
  const px = SIZE / win.w;
  ctx.strokeStyle = color;
  ctx.lineWidth = 2;
  ctx.setLineDash(dash);
  ctx.beginPath();
  pts.forEach(([x, y], i) => {
    const cx = (x - win.x0) * px;
    const cy = SIZE - (y - win.y0) * px;
    if (i === 0) ctx.moveTo(cx, cy);
    else ctx.lineTo(cx, cy);
  });
  ctx.stroke();
  ctx.setLineDash([]);
}

/**
 * The chains' draws in two latent dimensions, over the true posterior on a grid (J = 2), with
 * the encoder's q(z|x) as its 1σ and 2σ ellipses and, once measured, q*'s 2σ ellipse.
 */
export function ChainPlot({ snap, grid, star }: { snap: ChainSnapshot; grid: LabGrid | null; star: { mu: number[]; sigma: number[] } | null }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [a, b] = snap.dims;
  const showGrid = grid !== null && snap.J === 2 && a === 0 && b === 1;
  const q = snap.mu.length > Math.max(a, b) ? { mean: [snap.mu[a]!, snap.mu[b]!] as [number, number], sd: [snap.sigma[a]!, snap.sigma[b]!] as [number, number] } : null;
  const win = squareWindow(snap.scatter, q ? [q] : []);

  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx) return;
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, SIZE, SIZE);
    if (showGrid) paintGrid(ctx, grid, win);
    const px = SIZE / win.w;
    for (let i = 0; i < snap.scatterChain.length; i++) {
      ctx.fillStyle = CHAIN_COLORS[snap.scatterChain[i]! % CHAIN_COLORS.length]!;
      ctx.globalAlpha = 0.6;
      ctx.fillRect((snap.scatter[2 * i]! - win.x0) * px - 1, SIZE - (snap.scatter[2 * i + 1]! - win.y0) * px - 1, 3, 3);
    }
    ctx.globalAlpha = 1;
    if (q) {
      const cov: [number, number, number] = [q.sd[0] ** 2, 0, q.sd[1] ** 2];
      strokeEllipse(ctx, ellipsePoints(q.mean, cov, 1), win, Q_COLOR, []);
      strokeEllipse(ctx, ellipsePoints(q.mean, cov, 2), win, Q_COLOR, [6, 4]);
    }
    if (star && star.mu.length > Math.max(a, b)) {
      strokeEllipse(ctx, ellipsePoints([star.mu[a]!, star.mu[b]!], [star.sigma[a]! ** 2, 0, star.sigma[b]! ** 2], 2), win, STAR_COLOR, [2, 3]);
    }
  });

  const m = snap.sampleMean;
  const c = snap.sampleCov;
  const label =
    `Draws of the Markov chains in dimensions z${a + 1} and z${b + 1}` +
    (showGrid ? ' over the true posterior on a grid (blue shading)' : '') +
    `; ${snap.draws} draws per chain.` +
    (m && c ? ` Draws' mean (${fmt(m[0], 2)}, ${fmt(m[1], 2)}), standard deviations ${fmt(Math.sqrt(c[0]), 2)} and ${fmt(Math.sqrt(c[2]), 2)}, correlation ${fmt(c[1] / Math.sqrt(c[0] * c[2]), 2)}.` : '') +
    (q ? ` Encoder's q(z|x): mean (${fmt(q.mean[0], 2)}, ${fmt(q.mean[1], 2)}), standard deviations ${fmt(q.sd[0], 2)} and ${fmt(q.sd[1], 2)} (orange ellipses at 1σ and 2σ).` : '') +
    (star ? ' q* fitted to this image: green dotted ellipse at 2σ.' : '') +
    (showGrid ? ` Grid posterior: mean (${fmt(grid.mean[0], 2)}, ${fmt(grid.mean[1], 2)}).` : '');

  return (
    <figure className="lv-figure pl-plot" aria-label="Chains of the true posterior">
      <div className="lv-frame">
        <div className="lv-yaxis" aria-hidden="true">
          <span>{fmt(win.y0 + win.w, 1)}</span>
          <span className="lv-axis-label">z{b + 1}</span>
          <span>{fmt(win.y0, 1)}</span>
        </div>
        <div className="lv-plot">
          <canvas ref={canvas} width={SIZE} height={SIZE} role="img" aria-label={label} className="pl-canvas" />
        </div>
        <div className="lv-xaxis" aria-hidden="true">
          <span>{fmt(win.x0, 1)}</span>
          <span className="lv-axis-label">z{a + 1}</span>
          <span>{fmt(win.x0 + win.w, 1)}</span>
        </div>
      </div>
      <figcaption className="note">
        Dots: draws, one colour per chain. Orange: the encoder&apos;s q(z|x) (solid 1σ, dashed 2σ).
        {showGrid && ' Blue shading: the true posterior p(z|x) on a grid.'}
        {star && ' Green dotted: q*, the best Gaussian for this image alone (2σ).'}
      </figcaption>
    </figure>
  );
}
