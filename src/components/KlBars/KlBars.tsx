import { createContext, memo, useContext, useId, useRef } from 'react';
import { CartesianGrid, LineChart, ResponsiveContainer, XAxis, YAxis, usePlotArea, useXAxisScale, useYAxisScale } from 'recharts';
import { SavePngButton } from '../SavePng';
import { useBoundedRate } from '../useBoundedRate';
import { fixedAxis, valueAxis, type AxisSpec, type Scale } from '../charts/axes';
import { useStable } from '../charts/useStable';
import { useUnfocusableLayers } from '../charts/unfocusableLayers';

const COLOR = '#9c36b5';
/** The bars' values; read by the bars only, so an update redraws them and not the chart's frame. */
const Values = createContext<readonly number[]>([]);
const dimLabel = (j: number) => `z${j}`;

/**
 * KL(q(z_j|x) ‖ p(z_j)) per latent dimension, averaged over recent training minibatches.
 * Dimensions near 0 are unused ("collapsed"): the encoder leaves them at the prior.
 * Recharts draws the frame (grid, axes) from axes computed here; the bars are drawn from its
 * scales (as the live line charts: charts/LiveLineChart.tsx), so an update costs a few rects.
 */
export function KlBars() {
  const kl = useBoundedRate((s) => s.klPerDim);
  const id = useId();
  const figure = useRef<HTMLElement>(null);
  useUnfocusableLayers(figure);
  const values = kl ?? [];
  const finite = values.filter(Number.isFinite);
  // Math.min/max of none are ±Infinity: valueAxis's "no value yet".
  const yAxis = useStable(valueAxis(Math.min(...finite), Math.max(...finite), true));
  const summary = kl ? kl.map((v, j) => `z${j + 1} ${v.toFixed(2)}`).join(', ') : 'not measured yet';
  return (
    <section className="panel" aria-labelledby={`${id}-h`}>
      <div className="panel-head">
        <h2 id={`${id}-h`}>KL per latent dimension</h2>
        <SavePngButton target={figure} what="the KL per dimension chart" fileName="kl-per-dimension" />
      </div>
      <figure aria-label="Per-dimension KL" className="chart" data-dims={values.length} ref={figure}>
        <Values.Provider value={values}>
          <Frame dims={values.length} yAxis={yAxis} />
        </Values.Provider>
        <figcaption>
          Analytic KL per dimension on recent training batches; they sum to the KL.{' '}
          <span className="sr-only">Values: {summary}.</span>
        </figcaption>
      </figure>
    </section>
  );
}

const Frame = memo(function Frame({ dims, yAxis }: { dims: number; yAxis: AxisSpec }) {
  const ticks = Array.from({ length: dims }, (_, j) => j + 1);
  return (
    <ResponsiveContainer width="100%" height={200}>
      {/* Not recharts' keyboard layer: it would be an unnamed tab stop; the values are in the caption. */}
      <LineChart margin={{ top: 8, right: 8, bottom: 8, left: 8 }} accessibilityLayer={false} role="img" aria-label={`KL per latent dimension, in nats, for ${dims} dimensions`}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        {/* Every dimension a tick; their labels thinned where they would collide. */}
        <XAxis dataKey="dim" type="number" {...fixedAxis({ domain: [0.5, Math.max(1, dims) + 0.5], ticks })} interval="preserveStartEnd" tickFormatter={dimLabel} />
        <YAxis {...fixedAxis(yAxis)} label={{ value: 'nats', angle: -90, position: 'insideLeft' }} />
        <Bars />
      </LineChart>
    </ResponsiveContainer>
  );
});

/** One rect per dimension, each titled with its value (shown on hover). */
function Bars() {
  const values = useContext(Values);
  const x = useXAxisScale() as Scale | undefined;
  const y = useYAxisScale() as Scale | undefined;
  const area = usePlotArea();
  if (!x || !y || !area) return null;
  const y0 = y(0) ?? area.y + area.height;
  return (
    <g className="kl-bars">
      {values.map((v, j) => {
        const left = x(j + 1 - 0.4);
        const right = x(j + 1 + 0.4);
        const top = Number.isFinite(v) ? y(Math.max(0, v)) : undefined;
        if (left === undefined || right === undefined || top === undefined) return null;
        return (
          <rect key={j} className="kl-bar" x={left} y={Math.min(top, y0)} width={right - left} height={Math.abs(y0 - top)} fill={COLOR}>
            <title>{`z${j + 1}: ${v.toFixed(3)} nats`}</title>
          </rect>
        );
      })}
    </g>
  );
}
