/**
 * The readout of a live line chart: a slider along x over the plot area. The pointer over the
 * plot, or focus and the arrow keys (Home/End, Page up/down), put it on a point of one series
 * (the "along" series, else the first with points); a box then shows every series' value there,
 * and its text is the slider's value text for assistive technology (without a point: the
 * latest values).
 */
import { useContext, useMemo, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { usePlotArea, useXAxisInverseScale, useXAxisScale, useYAxisScale } from 'recharts';
import { anchoredIndex, nearestIndex, readoutKey, readoutLines, type ReadoutAnchor, type Scale } from './axes';
import { SeriesContext } from './chartContext';

/** Character width estimate for the readout's box (12 px sans-serif). */
const CHAR_PX = 6.8;

/**
 * A readout along x: pointer over the plot, or focus and arrow keys (Home/End, Page up/down),
 * shows every series' value at a point of the first series. A slider to assistive technology,
 * whose value text is the readout.
 */
export function ChartReadout({ label, along }: { label: string; along: string | undefined }) {
  const all = useContext(SeriesContext);
  const series = useMemo(() => all.filter((s) => s.inReadout !== false), [all]);
  const area = usePlotArea();
  const x = useXAxisScale() as Scale | undefined;
  const invert = useXAxisInverseScale();
  const yLeft = useYAxisScale('left') as Scale | undefined;
  const yRight = useYAxisScale('right') as Scale | undefined;
  /** Where the readout stands on the first series with points, or null when none is shown. */
  const [anchor, setAnchor] = useState<ReadoutAnchor | null>(null);
  const ref = series.find((s) => s.key === along && s.points.length > 0) ?? series.find((s) => s.points.length > 0);
  if (!area || !x || !ref) return null;
  const n = ref.points.length;
  const at = anchor === null ? null : ref.points[anchoredIndex(ref.points, anchor)]!;
  const lines = at ? readoutLines(series, at.samples) : [];
  /** The series readoutLines reads (those with points), in the order of its lines after the heading. */
  const read = series.filter((s) => s.points.length > 0);
  const move = (e: PointerEvent<SVGRectElement>) => {
    const box = e.currentTarget.ownerSVGElement?.getBoundingClientRect();
    const value = box && invert ? Number(invert(e.clientX - box.left)) : NaN;
    if (Number.isFinite(value)) setAnchor({ at: ref.points[nearestIndex(ref.points, value)]!.samples });
  };
  const key = (e: KeyboardEvent<SVGRectElement>) => {
    const next = readoutKey(ref.points, anchor ?? 'latest', e.key);
    if (next === null) return;
    e.preventDefault();
    setAnchor(next);
  };
  const px = at ? x(at.samples) : undefined;
  const width = Math.max(...lines.map((l) => l.length)) * CHAR_PX + 12;
  const height = lines.length * 16 + 8;
  const boxX = px === undefined ? 0 : px + 10 + width > area.x + area.width ? px - 10 - width : px + 10;
  return (
    <g className="chart-readout">
      {at && px !== undefined && (
        <g pointerEvents="none" aria-hidden="true">
          <line x1={px} x2={px} y1={area.y} y2={area.y + area.height} stroke="#868e96" strokeDasharray="3 3" />
          {series.map((s) => {
            const p = s.points[nearestIndex(s.points, at.samples)];
            const y = s.axis === 'right' ? yRight : yLeft;
            const cx = p ? x(p.samples) : undefined;
            const cy = p && y ? y(p.v) : undefined;
            return cx === undefined || cy === undefined || !Number.isFinite(cy) ? null : <circle key={s.key} cx={cx} cy={cy} r={3.5} fill={s.color} stroke="#fff" />;
          })}
          <rect x={boxX} y={area.y + 4} width={width} height={height} rx={4} fill="#fff" fillOpacity={0.94} stroke="#adb5bd" />
          <text x={boxX + 6} y={area.y + 4} fontSize={12}>
            {lines.map((l, i) => (
              <tspan key={i} x={boxX + 6} dy={16} fontWeight={i === 0 ? 600 : 400} fill={i === 0 ? '#212529' : read[i - 1]?.color}>
                {l}
              </tspan>
            ))}
          </text>
        </g>
      )}
      <rect
        className="readout-target"
        x={area.x}
        y={area.y}
        width={area.width}
        height={area.height}
        fill="transparent"
        tabIndex={0}
        role="slider"
        aria-label={label}
        aria-valuemin={ref.points[0]!.samples}
        aria-valuemax={ref.points[n - 1]!.samples}
        aria-valuenow={(at ?? ref.points[n - 1]!).samples}
        aria-valuetext={at ? lines.join('; ') : `${readoutLines(series, ref.points[n - 1]!.samples).join('; ')}. Arrow keys move along the curves.`}
        onPointerMove={move}
        onPointerLeave={() => setAnchor(null)}
        onFocus={() => setAnchor((a) => a ?? 'latest')}
        onBlur={() => setAnchor(null)}
        onKeyDown={key}
      />
    </g>
  );
}
