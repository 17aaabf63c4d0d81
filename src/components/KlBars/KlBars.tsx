import { useId, useMemo, useRef } from 'react';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { SavePngButton } from '../SavePng';
import { useBoundedRate } from '../useBoundedRate';

/**
 * KL(q(z_j|x) ‖ p(z_j)) per latent dimension, averaged over recent training minibatches.
 * Dimensions near 0 are unused ("collapsed"): the encoder leaves them at the prior.
 */
export function KlBars() {
  const kl = useBoundedRate((s) => s.klPerDim);
  const id = useId();
  const figure = useRef<HTMLElement>(null);
  const data = useMemo(() => (kl ?? []).map((v, j) => ({ dim: `z${j + 1}`, kl: v })), [kl]);
  const summary = kl ? kl.map((v, j) => `z${j + 1} ${v.toFixed(2)}`).join(', ') : 'not measured yet';
  return (
    <section className="panel" aria-labelledby={`${id}-h`}>
      <div className="panel-head">
        <h2 id={`${id}-h`}>KL per latent dimension</h2>
        <SavePngButton target={figure} what="the KL per dimension chart" fileName="kl-per-dimension" />
      </div>
      <figure aria-label="Per-dimension KL" className="chart" data-dims={data.length} ref={figure}>
        <ResponsiveContainer width="100%" height={200}>
          <BarChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="dim" interval="preserveStartEnd" />
            <YAxis interval={0} label={{ value: 'nats', angle: -90, position: 'insideLeft' }} />
            <Tooltip formatter={(v) => (typeof v === 'number' ? v.toFixed(3) : String(v))} />
            <Bar dataKey="kl" name="KL (nats)" fill="#9c36b5" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
        <figcaption>
          Analytic KL per dimension on recent training batches; they sum to the KL.{' '}
          <span className="sr-only">Values: {summary}.</span>
        </figcaption>
      </figure>
    </section>
  );
}
