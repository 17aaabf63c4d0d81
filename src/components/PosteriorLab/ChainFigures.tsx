import type { ChainSnapshot } from '../../protocol/inference';
import { fmt, fmtInt } from '../format';

function Row({ term, value, title }: { term: string; value: string; title?: string }) {
  return (
    <div className="figure-row">
      <dt title={title}>{term}</dt>
      <dd>{value}</dd>
    </div>
  );
}

/** The chains' figures as a list of terms and values (all computed in the worker from the draws). */
export function ChainFigures({ snap }: { snap: ChainSnapshot }) {
  const minEss = snap.ess ? Math.min(...snap.ess) : null;
  const maxRhat = snap.rhat ? Math.max(...snap.rhat) : null;
  const hmc = snap.settings?.method === 'hmc';
  return (
    <dl aria-label="Chain figures" className="compact pl-figures">
      <Row term="State" value={snap.state + (snap.warmupLeft > 0 && snap.state !== 'idle' ? ` (warm-up, ${snap.warmupLeft} left)` : '')} />
      <Row term="Acceptance rate" value={fmt(snap.acceptRate, 3)} title="Mean Metropolis acceptance probability after warm-up" />
      <Row term={hmc ? 'Step size ε' : 'Proposal scale'} value={fmt(snap.stepSize, 4)} title="Adapted by dual averaging during warm-up, then fixed" />
      <Row term={`ESS (smallest of ${snap.J})`} value={fmt(minEss, 0)} title="Effective sample size, Geyer's initial monotone sequence, all chains" />
      <Row term={`Split-R̂ (largest of ${snap.J})`} value={fmt(maxRhat, 3)} title="Near 1 when the chains agree" />
      <Row term="Samples/s" value={fmtInt(snap.samplesPerSec)} title="Transitions of all chains per second of sampling" />
      <Row term={hmc ? 'Leapfrog steps/s' : 'Density evaluations/s'} value={fmtInt(snap.evalsPerSec)} />
      <Row term="Draws per chain" value={fmtInt(snap.draws)} />
      <Row term="Transitions" value={fmtInt(snap.transitions)} />
    </dl>
  );
}
