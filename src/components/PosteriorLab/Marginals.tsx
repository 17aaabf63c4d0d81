import type { ChainSnapshot } from '../../protocol/inference';
import { fmt } from '../format';
import { normalDensity } from './geometry';

const W = 150;
const H = 60;

/**
 * Every dimension's marginal: a histogram of the chains' draws (the true posterior's marginal)
 * with the encoder's N(μ_j, σ_j²) over it. Where the two differ, the approximation shows.
 */
export function Marginals({ snap }: { snap: ChainSnapshot }) {
  if (snap.draws === 0) return null;
  return (
    <div className="pl-marginals">
      {snap.hist.map((h, j) => {
        const total = h.counts.reduce((x, y) => x + y, 0);
        const bins = h.counts.length;
        const width = (h.hi - h.lo) / bins;
        // Histogram as a density: count / (total · cell width), on the same scale as q's density.
        const dens = h.counts.map((c) => c / (total * width));
        const qd = (x: number) => normalDensity(x, snap.mu[j]!, snap.sigma[j]!);
        const peak = Math.max(...dens, qd(snap.mu[j]!));
        const sx = (x: number) => ((x - h.lo) / (h.hi - h.lo)) * W;
        const sy = (d: number) => H - (d / peak) * (H - 2);
        const curve = Array.from({ length: 61 }, (_, i) => {
          const x = h.lo + ((h.hi - h.lo) * i) / 60;
          return `${i === 0 ? 'M' : 'L'}${sx(x).toFixed(1)},${sy(qd(x)).toFixed(1)}`;
        }).join('');
        let m = 0;
        h.counts.forEach((c, i) => (m += c * (h.lo + (i + 0.5) * width)));
        m /= total;
        const label = `Dimension z${j + 1}: histogram of ${total} draws from ${fmt(h.lo, 2)} to ${fmt(h.hi, 2)}, binned mean ${fmt(m, 2)}; encoder's q: mean ${fmt(snap.mu[j], 2)}, standard deviation ${fmt(snap.sigma[j], 2)}${snap.ess ? `; ESS ${fmt(snap.ess[j], 0)}` : ''}.`;
        return (
          <figure key={j} className="pl-marginal" aria-label={`Marginal of z${j + 1}`}>
            <svg width={W} height={H} role="img" aria-label={label}>
              {dens.map((d, i) => (
                <rect key={i} x={sx(h.lo + i * width)} y={sy(d)} width={Math.max(1, (W / bins) - 0.5)} height={H - sy(d)} fill="#4c6ef5" opacity={0.7} />
              ))}
              <path d={curve} fill="none" stroke="#e8590c" strokeWidth={1.5} />
            </svg>
            <figcaption>z{j + 1}</figcaption>
          </figure>
        );
      })}
    </div>
  );
}
