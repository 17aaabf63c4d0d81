import { useCallback, useEffect, useMemo, useRef, useState, type MouseEvent } from 'react';
import { requestTestDigit, requestTestMap } from '../../client/viewActions';
import { loadTestDigit } from '../../client/drawActions';
import type { MapProjection, MapRequest, MapResult, TestDigitResult } from '../../protocol/types';
import { MAP_COUNTS } from '../../store/latentSlice';
import { useAppStore } from '../../store/store';
import { DIGIT_COLOURS, nearestPoint, putGreyImage, putMap, robustSymmetricRange, type MapPicture } from './canvas';
import { AxisFrame, ChoiceSelect, DimSelect, fmtAxis, IntField, validDims } from './fields';
import { refreshNote, useModelInfo, useViewOpen, ViewShell } from './ViewShell';
import { useAdaptiveRefresh } from './useAdaptiveRefresh';
import { CLASS_NAMES } from '../../data/load';
import { capitalize, classPhrase, datasetWords } from '../datasetWords';
import { projectPosterior } from '../../core/latent';

/** Side of the map canvas in pixels. */
export const MAP_SIZE = 480;
/** A point is hovered when the pointer is within this many canvas pixels of it. */
export const HOVER_RADIUS = 6;

const PROJECTIONS: { value: MapProjection; text: string }[] = [
  { value: 'pca', text: 'Two leading principal axes (PCA)' },
  { value: 'dims', text: 'Two chosen dimensions' },
];

/** Spreads the points of one label over a band (J = 1, where the vertical axis is the label). */
const labelJitter = (i: number) => ((((i * 2654435761) >>> 0) % 1000) / 1000 - 0.5) * 0.6;

function layout(r: MapResult): Pick<MapPicture, 'x' | 'y' | 'jitterY'> {
  if (r.yIsLabel) {
    const R = robustSymmetricRange(r.points, 2, 0, r.count);
    return { x: { min: -R, max: R }, y: { min: -0.5, max: 9.5 }, jitterY: labelJitter };
  }
  // One scale for both axes, so that distances read the same in every direction.
  const R = Math.max(robustSymmetricRange(r.points, 2, 0, r.count), robustSymmetricRange(r.points, 2, 1, r.count));
  return { x: { min: -R, max: R }, y: { min: -R, max: R } };
}

const pct = (v: number) => `${Math.round(100 * v)}%`;

/**
 * The encoder's map of the test set: the posterior mean μ(x) of each test digit, coloured by
 * its label. Hover a point to see the digit and its reconstruction; click to select it.
 */
export function LatentMap() {
  const { J, live, run, pausedStep, ready } = useModelInfo();
  const [open] = useViewOpen('map');
  const map = useAppStore((s) => s.map);
  const selected = useAppStore((s) => s.selectedTestIndex);
  const dataset = useAppStore((s) => s.datasetName);
  const user = useAppStore((s) => s.userDataset);
  const nTest = useAppStore((s) => s.nTest);
  const words = datasetWords(dataset, user !== null);
  const setMap = useAppStore((s) => s.setMapOptions);
  const select = useAppStore((s) => s.selectTestIndex);
  const canvas = useRef<HTMLCanvasElement>(null);
  const digitCanvas = useRef<HTMLCanvasElement>(null);
  const result = useRef<{ r: MapResult; layout: ReturnType<typeof layout> } | null>(null);
  const picture = useRef<MapPicture | null>(null);
  const [drawn, setDrawn] = useState<(Omit<MapResult, 'points' | 'cov' | 'labels'> & { layout: ReturnType<typeof layout> }) | null>(null);
  // The drawing pad's current posterior, placed in the map's axes (when it is of this model).
  const analysis = useAppStore((s) => (s.drawInput && s.drawAnalysis ? s.drawAnalysis : null));
  const axes = drawn?.axes ?? null;
  const drawingMark = useMemo(() => {
    if (!analysis || !axes || analysis.run !== run || axes.length !== 2 * analysis.mu.length) return null;
    return projectPosterior(analysis.mu, analysis.sigma, axes);
  }, [analysis, axes, run]);
  const [hovered, setHovered] = useState<number | null>(null);
  const [digit, setDigit] = useState<(Omit<TestDigitResult, 'image'> & { image: undefined }) | null>(null);

  const latent = J ?? 2;
  const [dimX, dimY] = validDims(latent, map.dimX, map.dimY);
  const projection: MapProjection = latent > 2 ? map.projection : 'dims';
  const req: MapRequest = { count: map.count, projection, dimX, dimY: Math.max(dimY, 0) };

  const paint = useCallback(() => {
    if (!result.current || !canvas.current) return;
    const { r } = result.current;
    picture.current = {
      size: MAP_SIZE,
      ...result.current.layout,
      points: r.points,
      labels: r.labels,
      cov: r.cov,
      count: r.count,
      ellipses: map.ellipses,
      selected,
      hovered,
      drawing: drawingMark,
    };
    putMap(canvas.current, picture.current);
  }, [map.ellipses, selected, hovered, drawingMark]);

  const stats = useAdaptiveRefresh({
    enabled: ready && J !== null && open,
    live,
    refreshKey: JSON.stringify([run, pausedStep, req]),
    request: () => requestTestMap(req),
    draw: (r) => {
      result.current = { r, layout: layout(r) };
      paint();
      const { count, xLabel, yLabel, explained, yIsLabel, ms, step, axes } = r;
      setDrawn({ count, xLabel, yLabel, explained, yIsLabel, ms, step, axes, layout: result.current.layout });
    },
  });

  // Selection, hover and ellipses repaint the last result without asking the worker.
  useEffect(() => paint(), [paint]);

  // One hover request at a time; the latest hovered point wins.
  const hoverBusy = useRef(false);
  const hoverNext = useRef<number | null>(null);
  const showDigit = useCallback((i: number) => {
    hoverNext.current = i;
    if (hoverBusy.current) return;
    hoverBusy.current = true;
    void (async () => {
      while (hoverNext.current !== null) {
        const k = hoverNext.current;
        hoverNext.current = null;
        const d = await requestTestDigit(k);
        if (d && digitCanvas.current) {
          putGreyImage(digitCanvas.current, d.image, d.width, d.height);
          setDigit({ ...d, image: undefined });
        }
      }
      hoverBusy.current = false;
    })();
  }, []);

  const pointAt = (e: MouseEvent<HTMLCanvasElement>): number | null => {
    const c = canvas.current;
    const p = picture.current;
    if (!c || !p) return null;
    const box = c.getBoundingClientRect();
    const px = ((e.clientX - box.left) / box.width) * c.width;
    const py = ((e.clientY - box.top) / box.height) * c.height;
    return nearestPoint(p, px, py, (HOVER_RADIUS * c.width) / Math.max(1, box.width));
  };
  const onMove = (e: MouseEvent<HTMLCanvasElement>) => {
    const i = pointAt(e);
    if (i === hovered) return;
    setHovered(i);
    if (i !== null) showDigit(i);
  };
  const onClick = (e: MouseEvent<HTMLCanvasElement>) => {
    const i = pointAt(e);
    if (i !== null) select(i);
  };
  // Show the selected digit when a selection is typed in, too.
  useEffect(() => {
    if (selected !== null && ready && J !== null && open) showDigit(selected);
  }, [selected, ready, J, open, showDigit]);

  const R = drawn?.layout ?? null;
  const xLabel = drawn ? drawn.xLabel + (drawn.explained ? ` (${pct(drawn.explained[0])} of the variance of μ)` : '') : '';
  const yLabel = drawn ? drawn.yLabel + (drawn.explained ? ` (${pct(drawn.explained[1])})` : '') : '';
  const xAxis = { label: xLabel, min: R ? fmtAxis(R.x.min) : '', max: R ? fmtAxis(R.x.max) : '' };
  const yAxis = drawn?.yIsLabel
    ? { label: `${words.item} label`, min: '0', max: '9' }
    : { label: yLabel, min: R ? fmtAxis(R.y.min) : '', max: R ? fmtAxis(R.y.max) : '' };
  const chooseX = (j: number) => setMap(j === dimY ? { dimX: j, dimY: dimX } : { dimX: j, dimY });
  const chooseY = (j: number) => setMap(j === dimX ? { dimX: dimY, dimY: j } : { dimX, dimY: j });

  return (
    <ViewShell
      view="map"
      wide
      title={`Latent map of ${words.testItems}`}
      explanation={
        <>
          Each dot is the posterior mean μ(x) of one {words.testItem}, coloured by its label: where
          the encoder puts the data.
          Hover a dot to see the {words.item} and its reconstruction; click it to select it for the other views.
        </>
      }
      note={refreshNote(stats, drawn?.step ?? null)}
    >
      <div className="lv-controls">
        <ChoiceSelect
          label={`${capitalize(words.testItems)} shown`}
          value={map.count}
          options={MAP_COUNTS.map((n) => ({ value: n, text: n.toLocaleString('en-US') }))}
          onChange={(count) => setMap({ count })}
        />
        {latent > 2 && <ChoiceSelect label="Projection" value={map.projection} options={PROJECTIONS} onChange={(p) => setMap({ projection: p })} />}
        {latent > 2 && projection === 'dims' && (
          <>
            <DimSelect label="Horizontal dimension" J={latent} value={dimX} onChange={chooseX} />
            <DimSelect label="Vertical dimension" J={latent} value={dimY} onChange={chooseY} />
          </>
        )}
        <div className="lv-field lv-check">
          <label>
            <input type="checkbox" checked={map.ellipses} onChange={(e) => setMap({ ellipses: e.target.checked })} /> σ ellipses
          </label>
        </div>
        <IntField label={`Selected ${words.testItem}`} value={selected} min={0} max={nTest - 1} placeholder="none" onChange={select}>
          <button type="button" disabled={selected === null} onClick={() => select(null)}>
            Clear
          </button>
          <button type="button" disabled={selected === null} onClick={() => selected !== null && void loadTestDigit(selected)}>
            Show on the pad
          </button>
        </IntField>
      </div>
      <div className="lv-map-row">
        <figure className="lv-figure" aria-label={`Latent map of ${words.testItems}, with its axes`}>
          <AxisFrame x={xAxis} y={yAxis}>
            <canvas
              ref={canvas}
              className="lv-canvas lv-map"
              aria-label="Latent map"
              role="img"
              width={MAP_SIZE}
              height={MAP_SIZE}
              data-points={drawn?.count ?? 0}
              data-refreshes={stats.refreshes}
              data-ms={stats.lastMs === null ? '' : stats.lastMs.toFixed(1)}
              data-projection={drawn ? `${drawn.xLabel},${drawn.yLabel}` : ''}
              data-step={drawn?.step ?? ''}
              data-hovered={hovered ?? ''}
              data-drawing={drawingMark ? `${drawingMark.x.toFixed(3)},${drawingMark.y.toFixed(3)}` : ''}
              onMouseMove={onMove}
              onMouseLeave={() => setHovered(null)}
              onClick={onClick}
            />
          </AxisFrame>
          <figcaption>
            {drawn
              ? `${drawn.count.toLocaleString('en-US')} ${words.testItems}. Horizontal: ${xAxis.label}, ${xAxis.min} to ${xAxis.max}; vertical: ${yAxis.label}, ${yAxis.min} to ${yAxis.max}.` +
                (drawn.explained ? ' Coordinates are μ projected on the axes, so 0 is the prior’s mean.' : '') +
                (map.ellipses ? ' Ellipses: one σ of q(z|x) in these axes.' : '') +
                (drawingMark
                  ? ` Black cross: the drawing pad's ${words.item} at (${fmtAxis(drawingMark.x)}, ${fmtAxis(drawingMark.y)}), ringed by one σ of its q(z|x).`
                  : '')
              : ''}
          </figcaption>
        </figure>
        <div className="lv-side">
          <ul className="lv-legend" aria-label="Label colours">
            {(user ? user.classNames.slice(0, DIGIT_COLOURS.length) : CLASS_NAMES[dataset]).map((name, d) => (
              <li key={d}>
                <span className="lv-swatch" style={{ background: DIGIT_COLOURS[d] }} aria-hidden="true" /> {name}
              </li>
            ))}
          </ul>
          <figure className="lv-digit" aria-label={`The ${words.testItem} under the pointer and its reconstruction`}>
            <canvas ref={digitCanvas} className="pixelated" aria-label={`Hovered ${words.item}`} role="img" width={56} height={28} data-index={digit?.index ?? ''} />
            <figcaption>
              {digit
                ? `${capitalize(words.testItem)} #${digit.index} (${classPhrase(dataset, digit.label, user?.classNames)}${digit.index === selected ? ', selected' : ''}): the ${words.item}, and its reconstruction at z = μ.`
                : `Hover a dot to see its ${words.item} and reconstruction.`}
            </figcaption>
          </figure>
        </div>
      </div>
    </ViewShell>
  );
}
