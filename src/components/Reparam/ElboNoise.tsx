import { useEffect, useMemo } from 'react';
import { runningElboNoise } from '../../core/elboNoise';
import { trackEstimatorSettings } from '../../client/labActions';
import { useAppStore } from '../../store/store';
import { fmt } from '../format';
import { mcKlSd } from './klNoise';
import { LiveLineChart, type LineSeries } from '../charts/LiveLineChart';
import { useBoundedRate } from '../useBoundedRate';
import { thin } from '../../store/history';
import { useDatasetWords } from '../useDatasetWords';

/** Readings per window of the running standard deviation. */
export const NOISE_WINDOW = 30;
const COLORS = { A: '#2b8a3e', B: '#1f5fbf', iwae: '#c2255c' };
/** Points drawn per segment (as the learning curves: recharts' cost grows with the points). */
const MAX_DRAWN = 400;

/**
 * Why the two curves barely differ, in numbers for the image on the pad: the standard deviation
 * estimator A's Monte-Carlo KL adds per image and per minibatch (exact for a Gaussian q, see
 * klNoise.ts), beside the minibatch noise the chart measures.
 */
function KlNoiseNote() {
  const a = useAppStore((s) => s.drawAnalysis);
  const c = useAppStore((s) => s.runState?.config ?? null);
  if (!a || !c) return null;
  const perImage = mcKlSd(a.mu, a.sigma);
  const perBatch = mcKlSd(a.mu, a.sigma, c.samplesL, c.batchSize);
  return (
    <p className="note" aria-label="Estimator A's extra noise">
      For the image on the pad, estimator A&apos;s KL from one sample has a standard deviation of{' '}
      <output>{fmt(perImage, 2)}</output> nats (exactly √Σ<sub>j</sub>[μ<sub>j</sub>²σ<sub>j</sub>² + ½(1 − σ<sub>j</sub>²)²]; 0 for
      B). Averaged over a minibatch of M = {c.batchSize} with L = {c.samplesL} that is about <output>{fmt(perBatch, 2)}</output> nats, while
      the minibatch ELBO varies by a few nats because each batch holds other images: so A&apos;s curve is barely noisier. It
      grows with the number of active dimensions (½ nat² each when σ is small). Where the analytic KL does matter is the
      gradient: its variance, measured above, is what B cuts.
    </p>
  );
}

/**
 * Estimator A vs B in training: the running standard deviation of the minibatch ELBO (around
 * its local trend) for the current run, split wherever the estimator, L or M changed.
 */
export function ElboNoise() {
  const run = useBoundedRate((s) => s.runs.find((r) => r.run === s.runState?.run) ?? null);
  const marks = useAppStore((s) => s.estimatorMarks);
  const current = useAppStore((s) => s.runState?.config ?? null);
  const words = useDatasetWords();

  useEffect(() => trackEstimatorSettings(), []);

  const noise = useMemo(() => {
    if (!run) return null;
    const c = run.config;
    return runningElboNoise(run.points, marks, run.run, NOISE_WINDOW, { estimator: c.estimator, samplesL: c.samplesL, batchSize: c.batchSize });
  }, [run, marks]);

  const lines = useMemo(
    (): LineSeries[] =>
      !noise
        ? []
        : noise.segments.map((seg) => ({
            key: String(seg.index),
            // Not the last step: a name that changes at every update would redraw the chart's frame (the table below has the steps).
            name: `estimator ${seg.estimator === 'iwae' ? 'IWAE' : seg.estimator}, L = ${seg.samplesL}, M = ${seg.batchSize} (from step ${seg.firstStep})`,
            points: thin(noise.points.filter((p) => p.segment === seg.index).map((p) => ({ samples: p.samples, v: p.sd })), MAX_DRAWN),
            color: COLORS[seg.estimator],
          })),
    [noise],
  );

  return (
    <div className="subpanel elbo-noise">
      <h3>Estimator A vs B in training: how noisy are the curves?</h3>
      <p className="lv-explain">
        The running standard deviation of the minibatch ELBO over the last {NOISE_WINDOW} readings, around their least-squares line
        (so the learning trend does not count), for the current run. Switch the estimator in the controls while training
        {current ? ` (now ${current.estimator}, L = ${current.samplesL}, M = ${current.batchSize})` : ''} to compare. Much of this noise is
        the minibatch itself (different {words.items} each step); estimator A adds the noise of its Monte-Carlo KL on top.
      </p>
      <KlNoiseNote />
      {!noise || noise.points.length === 0 ? (
        <p className="draw-empty" role="status">
          Train for at least {NOISE_WINDOW} readings to see the noise of the curves.
        </p>
      ) : (
        <>
          <figure className="chart" aria-label="Running standard deviation of the minibatch ELBO">
            <LiveLineChart
              series={lines}
              chartLabel="Running standard deviation of the minibatch ELBO against training images seen, per estimator"
              height={220}
              xLabel="training images seen"
              yLabel="s.d. (nats)"
              leftFromZero
              readoutLabel="Read the running standard deviation at a point"
            />
          </figure>
          <table className="latent-table" aria-label="ELBO noise per estimator segment">
            <thead>
              <tr>
                <th scope="col">estimator</th>
                <th scope="col">L</th>
                <th scope="col">M</th>
                <th scope="col">steps</th>
                <th scope="col">readings</th>
                <th scope="col">typical s.d. (nats)</th>
              </tr>
            </thead>
            <tbody>
              {noise.segments.map((s) => (
                <tr key={s.index}>
                  <th scope="row">{s.estimator}</th>
                  <td>{s.samplesL}</td>
                  <td>{s.batchSize}</td>
                  <td>
                    {s.firstStep}–{s.lastStep}
                  </td>
                  <td>{s.n}</td>
                  <td>{fmt(s.typicalSd, 2)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="note">Typical s.d.: the root mean square of the running s.d. over the segment (— when it is shorter than the window).</p>
        </>
      )}
    </div>
  );
}
