import { useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useAppStore } from '../../store/store';
import type { TrainPoint } from '../../protocol/types';
import { boundPerImage, fmt } from './figures';

/** Points drawn at most (evenly thinned, the last always kept). */
const MAX_POINTS = 300;
const EMPTY: TrainPoint[] = [];

/**
 * The full-VB bound split per image into its terms on training batches: the reconstruction
 * E[log p(x|z, θ)], the latent KL and the weight KL KL(q(θ) ‖ p_α(θ))/N, and their sum.
 */
export function BayesCurves() {
  const points = useAppStore((s) => s.runs.find((r) => r.run === s.runState?.run)?.points ?? EMPTY);
  const withKl = useMemo(() => points.filter((p) => p.weightKl !== undefined), [points]);
  const data = useMemo(() => {
    const every = Math.max(1, Math.ceil(withKl.length / MAX_POINTS));
    return withKl
      .filter((_, i) => i % every === 0 || i === withKl.length - 1)
      .map((p) => ({ samples: p.samples, reconLoss: -p.recon, kl: p.kl, weightKl: p.weightKl! }));
  }, [withKl]);
  const last = withKl.at(-1);
  if (!last) {
    return (
      <div className="subpanel">
        <h3>The bound, term by term</h3>
        <p className="lv-explain">Train a few steps: the data term, the latent KL and the weight KL per image appear here.</p>
      </div>
    );
  }
  const summary =
    `Step ${last.step.toLocaleString('en')}, per image on the training batch: reconstruction ${fmt(last.recon)}, ` +
    `latent KL ${fmt(last.kl)}, data term (ELBO) ${fmt(last.elbo)}, weight KL ${fmt(last.weightKl!, 2)}, ` +
    `full-VB bound ${fmt(boundPerImage(last))} nats.`;
  return (
    <div className="subpanel bayes-curves">
      <h3>The bound, term by term</h3>
      <p className="lv-explain">
        Per image: bound = E[log p(x|z, θ)] − KL(q(z|x) ‖ p(z)) − KL(q(θ) ‖ p_α(θ))/N, with N the training images; the first two
        make the data term, averaged over θ ~ q(θ).
      </p>
      <p className="bayes-figures" aria-live="polite">
        {summary}
      </p>
      <div role="img" aria-label={`Chart of the three terms against training images seen. ${summary}`} style={{ width: '100%', height: 220 }}>
        <ResponsiveContainer>
          <LineChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="samples" type="number" domain={['dataMin', 'dataMax']} tickFormatter={(v: number) => v.toLocaleString('en')} />
            <YAxis width={56} />
            <Tooltip formatter={(v) => fmt(Number(v), 2)} labelFormatter={(v) => `${Number(v).toLocaleString('en')} images`} />
            <Legend />
            <Line dataKey="reconLoss" name="−reconstruction" stroke="#1f5fbf" dot={false} isAnimationActive={false} />
            <Line dataKey="kl" name="latent KL" stroke="#2b8a3e" dot={false} isAnimationActive={false} />
            <Line dataKey="weightKl" name="weight KL / N" stroke="#d9480f" dot={false} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </div>
  );
}
