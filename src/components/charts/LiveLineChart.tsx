import { memo, useContext, useId, useMemo, useRef, type JSX } from 'react';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  XAxis,
  YAxis,
  usePlotArea,
  useXAxisScale,
  useYAxisScale,
  type LegendType,
} from 'recharts';
import { shortNumber } from '../../core/labels';
import { fmtCount } from '../format';
import { fixedAxis, linePath, samplesAxis, samplesExtent, valueAxis, valueExtent, type AxisSpec, type Scale, type XY } from './axes';
import { offScaleRuns, recentExtent } from './range';
import { useStable } from './useStable';
import { useUnfocusableLayers } from './unfocusableLayers';
import { ChartReadout } from './ChartReadout';
import { DomainContext, SeriesContext } from './chartContext';

/** A series of a live line chart, drawn by the chart itself (recharts draws the frame: axes, grid, legend). */
export interface LineSeries {
  key: string;
  /** In the legend and the readout. */
  name: string;
  /** In increasing x. */
  points: readonly XY[];
  color: string;
  /** The y axis: the left one unless 'right'. */
  axis?: 'left' | 'right';
  width?: number;
  dash?: string;
  opacity?: number;
  /** A dot at each point (for sparse series such as test evaluations). */
  dots?: boolean;
  legendType?: LegendType;
  /** Whether the readout reads this series (default true; false for a faint unsmoothed copy). */
  inReadout?: boolean;
}

/** A vertical line at an x, with a label (e.g. where training diverged). */
export interface Marker {
  key: string;
  samples: number;
  label: string;
  color: string;
}

/**
 * What the y axes hold: every point ('all'), or the points of the last 90 % of the x-span
 * ('recent', range.ts), so that the first steps' spike does not pin the axis; points outside
 * are clipped at the edge and marked there.
 */
export type YRange = 'all' | 'recent';

export interface LiveLineChartProps {
  series: readonly LineSeries[];
  /** The chart's accessible name: what it shows. */
  chartLabel: string;
  height: number;
  xLabel: string;
  yLabel: string;
  /** Label of the right axis; the axis is drawn when given. */
  rightLabel?: string;
  /** Whether each y axis starts at 0 (else it holds the data). */
  leftFromZero?: boolean;
  rightFromZero?: boolean;
  logX?: boolean;
  yRange?: YRange;
  markers?: readonly Marker[];
  /** Accessible name of the readout (a slider along x that reads every series). */
  readoutLabel: string;
  /** Key of the series whose points the readout steps along (default: the first with points). */
  readoutAlong?: string;
}

/** Recharts' Lines here only register the legend: they hold no data, so recharts' store never sees the points. */
const NO_DATA: XY[] = [];
// Right: room for half of the last x tick's label, which sits at the end of the axis.
const MARGIN = { top: 8, right: 24, bottom: 24, left: 8 };


/**
 * A line chart for figures that arrive while training. Recharts draws the frame (grid, axes,
 * legend, markers); the series are SVG paths drawn from recharts' scales (useXAxisScale), and
 * the axes are computed here (axes.ts) and change only when the data outgrow them. So an
 * update of the data re-renders a few paths, not the chart: recharts keeps every series' data
 * in its store and recomputes its selectors and axes synchronously on each change (40–60 ms per
 * learning-curves update on the development machine, in tasks the page cannot split).
 * The readout (hover, or focus and arrow keys) shows every series' value at a point.
 */
export function LiveLineChart({ series, logX = false, yRange = 'all', leftFromZero = false, rightFromZero = false, markers = [], ...labels }: LiveLineChartProps) {
  const left = series.filter((s) => s.axis !== 'right').map((s) => s.points);
  const right = series.filter((s) => s.axis === 'right').map((s) => s.points);
  // The x-range holds the markers too: a divergence is marked where it happened, after the
  // points of the steps that were rolled back.
  const xAxis = useStable(samplesAxis(samplesExtent([...series.map((s) => s.points), markers.map((m) => ({ samples: m.samples, v: 0 }))]), logX));
  const leftAxis = useStable(axisFor(left, leftFromZero, yRange, logX));
  const rightAxis = useStable(labels.rightLabel ? axisFor(right, rightFromZero, yRange, logX) : null);
  const legend = useStable(series.map(({ key, name, color, axis, width, dash, opacity, legendType }) => ({ key, name, color, axis, width, dash, opacity, legendType })));
  const stableMarkers = useStable(markers);
  const domains = useMemo(() => ({ left: leftAxis.domain, right: rightAxis?.domain ?? null }), [leftAxis, rightAxis]);
  const root = useRef<HTMLDivElement>(null);
  useUnfocusableLayers(root);
  return (
    <SeriesContext.Provider value={series}>
      <DomainContext.Provider value={domains}>
        <div ref={root}>
          <Frame {...labels} logX={logX} xAxis={xAxis} leftAxis={leftAxis} rightAxis={rightAxis} legend={legend} markers={stableMarkers} />
        </div>
      </DomainContext.Provider>
    </SeriesContext.Provider>
  );
}

function axisFor(points: readonly (readonly XY[])[], fromZero: boolean, range: YRange, logX: boolean): AxisSpec {
  const [lo, hi] = range === 'recent' ? recentExtent(points, undefined, logX) : valueExtent(points);
  return valueAxis(lo, hi, fromZero);
}

/** What the legend's Lines need of a series. */
type LegendEntry = Omit<LineSeries, 'points' | 'dots' | 'inReadout'>;

/** The chart's labels as given, and what the frame is drawn from. */
interface FrameProps extends Pick<LiveLineChartProps, 'chartLabel' | 'height' | 'xLabel' | 'yLabel' | 'rightLabel' | 'readoutLabel' | 'readoutAlong'> {
  logX: boolean;
  xAxis: AxisSpec;
  leftAxis: AxisSpec;
  rightAxis: AxisSpec | null;
  legend: readonly LegendEntry[];
  markers: readonly Marker[];
}

/** The recharts part: re-rendered only when an axis, the legend or a marker changes. */
const Frame = memo(function Frame({ chartLabel, height, xLabel, yLabel, rightLabel, logX, xAxis, leftAxis, rightAxis, legend, markers, readoutLabel, readoutAlong }: FrameProps) {
  return (
    <ResponsiveContainer width="100%" height={height}>
      {/* Recharts' own keyboard layer would make the chart one unnamed tab stop ("application"); the readout below is the chart's keyboard access. */}
      <LineChart margin={MARGIN} accessibilityLayer={false} role="group" aria-label={chartLabel}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis
          dataKey="samples"
          type="number"
          scale={logX ? 'log' : 'linear'}
          {...fixedAxis(xAxis)}
          tickFormatter={fmtCount}
          label={{ value: xLabel, position: 'insideBottom', offset: -12 }}
        />
        <YAxis
          yAxisId="left"
          {...fixedAxis(leftAxis)}
          label={{ value: yLabel, angle: -90, position: 'insideLeft' }}
        />
        {rightAxis && (
          <YAxis
            yAxisId="right"
            orientation="right"
            {...fixedAxis(rightAxis)}
            label={{ value: rightLabel, angle: 90, position: 'insideRight' }}
          />
        )}
        <Legend verticalAlign="top" />
        {legend.map((s) => (
          <Line
            key={s.key}
            yAxisId={s.axis === 'right' ? 'right' : 'left'}
            data={NO_DATA}
            dataKey="v"
            name={s.name}
            stroke={s.color}
            strokeWidth={s.width}
            strokeDasharray={s.dash}
            strokeOpacity={s.opacity}
            legendType={s.legendType}
            dot={false}
            activeDot={false}
            isAnimationActive={false}
          />
        ))}
        {markers.map((m) => (
          <ReferenceLine
            key={m.key}
            yAxisId="left"
            x={m.samples}
            stroke={m.color}
            strokeDasharray="6 3"
            label={{ value: m.label, position: 'insideTopRight', fill: m.color, fontSize: 12 }}
          />
        ))}
        <SeriesLayer />
        <ChartReadout label={readoutLabel} along={readoutAlong} />
      </LineChart>
    </ResponsiveContainer>
  );
});

/** The series' paths, clipped to the plot area. Re-renders with the data; recharts' chart does not. */
function SeriesLayer() {
  const series = useContext(SeriesContext);
  const area = usePlotArea();
  // An id fit for url(#…): React's ids hold characters (colons or guillemets) that would need escaping there.
  const clip = `series-clip-${useId().replace(/[^\w-]/g, '')}`;
  if (!area) return null;
  return (
    <g className="series-layer">
      <defs>
        <clipPath id={clip}>
          <rect x={area.x} y={area.y} width={area.width} height={area.height} />
        </clipPath>
      </defs>
      <g clipPath={`url(#${clip})`}>
        {series.map((s) => (
          <SeriesPath key={s.key} s={s} />
        ))}
      </g>
      <OffScaleMarks />
    </g>
  );
}

/**
 * Where a series leaves the y-range (the first steps' spike, with the range following the
 * recent part of the curves): a thick stroke along that edge over those x, in the series'
 * colour, and at each edge a note of the farthest value beyond it.
 */
function OffScaleMarks() {
  const series = useContext(SeriesContext);
  const domains = useContext(DomainContext);
  const area = usePlotArea();
  const x = useXAxisScale() as Scale | undefined;
  if (!area || !x) return null;
  const edgeY = { below: area.y + area.height - 2, above: area.y + 2 };
  const strokes: JSX.Element[] = [];
  const farthest: Partial<Record<'below' | 'above', { v: number; name: string; right: boolean }>> = {};
  // A faint copy (inReadout false: the unsmoothed curve) is marked by its main series.
  for (const s of series) {
    const domain = s.axis === 'right' ? domains.right : domains.left;
    if (!domain || s.inReadout === false) continue;
    for (const [i, r] of offScaleRuns(s.points, domain[0], domain[1]).entries()) {
      const x0 = x(r.from);
      const x1 = x(r.to);
      if (x0 === undefined || x1 === undefined) continue;
      const far = farthest[r.side];
      if (!far || (r.side === 'below' ? r.extreme < far.v : r.extreme > far.v)) farthest[r.side] = { v: r.extreme, name: s.name, right: s.axis === 'right' };
      strokes.push(
        <line key={`${s.key}-${i}`} x1={x0 - 2} x2={x1 + 2} y1={edgeY[r.side]} y2={edgeY[r.side]} stroke={s.color} strokeWidth={4} strokeLinecap="round" aria-hidden="true" />,
      );
    }
  }
  if (strokes.length === 0) return null;
  return (
    <g className="off-scale">
      {strokes}
      {(['below', 'above'] as const).map((side) => {
        const far = farthest[side];
        if (!far) return null;
        return (
          <text key={side} className="off-scale-note" x={area.x + area.width - 6} y={side === 'below' ? area.y + area.height - 8 : area.y + 16} textAnchor="end" fontSize={11} fill="#495057">
            {`${side === 'below' ? '▼' : '▲'} ${far.name} off the scale, to ${shortNumber(far.v)}`}
          </text>
        );
      })}
    </g>
  );
}

function SeriesPath({ s }: { s: LineSeries }) {
  const x = useXAxisScale() as Scale | undefined;
  const y = useYAxisScale(s.axis === 'right' ? 'right' : 'left') as Scale | undefined;
  if (!x || !y) return null;
  return (
    <>
      <path
        className="series-line"
        name={s.name}
        d={linePath(s.points, x, y)}
        fill="none"
        stroke={s.color}
        strokeWidth={s.width ?? 1}
        strokeDasharray={s.dash}
        strokeOpacity={s.opacity}
      />
      {s.dots &&
        s.points.map((p, i) => {
          const px = x(p.samples);
          const py = y(p.v);
          return px === undefined || py === undefined || !Number.isFinite(py) ? null : (
            <circle key={i} className="series-dot" cx={px} cy={py} r={2} fill="#fff" stroke={s.color} />
          );
        })}
    </>
  );
}
