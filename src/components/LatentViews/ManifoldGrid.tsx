import { useId, useRef, useState } from 'react';
import { requestGrid } from '../../client/viewActions';
import { GRID_N_MAX, GRID_N_MIN } from '../../core/latent';
import type { GridHold, GridRequest, GridResult } from '../../protocol/types';
import { useAppStore } from '../../store/store';
import { article } from '../datasetWords';
import { useDatasetWords } from '../useDatasetWords';
import { putGreyImage } from './canvas';
import { AxisFrame, ChoiceSelect, DimSelect, dimName, fmtAxis, mostActiveDims, validDims } from './fields';
import { gridCellText } from './gridCell';
import { refreshNote, useModelInfo, useViewOpen, ViewShell } from './ViewShell';
import { useAdaptiveRefresh } from './useAdaptiveRefresh';

type Drawn = Pick<GridResult, 'coords' | 'dimX' | 'dimY' | 'held' | 'step' | 'rows' | 'cols'>;

const holdOptions = (item: string): { value: GridHold; text: string }[] => [
  { value: 'zero', text: '0 (the prior’s mean)' },
  { value: 'selected', text: `μ of the selected ${item}` },
];

/**
 * The learned manifold (the paper's Fig. 4): the decoder's mean image at each point of an
 * n × n grid over two latent dimensions, the grid spaced by the prior's quantiles.
 */
export function ManifoldGrid() {
  const { J, live, run, pausedStep, ready } = useModelInfo();
  const [open] = useViewOpen('grid');
  const grid = useAppStore((s) => s.grid);
  const words = useDatasetWords();
  const selected = useAppStore((s) => s.selectedTestIndex);
  const klPerDim = useAppStore((s) => s.klPerDim);
  const setGrid = useAppStore((s) => s.setGridOptions);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [drawn, setDrawn] = useState<Drawn | null>(null);
  const [cell, setCell] = useState<{ r: number; c: number } | null>(null);
  const sizeId = useId();

  const latent = J ?? 2;
  const [dimX, dimY] = validDims(latent, grid.dimX, grid.dimY);
  const hold: GridHold = latent > 2 ? grid.hold : 'zero';
  const req: GridRequest = { n: grid.n, dimX, dimY, hold, selectedIndex: hold === 'selected' ? selected : null };
  const stats = useAdaptiveRefresh({
    enabled: ready && J !== null && open,
    live,
    refreshKey: JSON.stringify([run, pausedStep, req]),
    request: () => requestGrid(req),
    draw: (r) => {
      if (canvas.current) putGreyImage(canvas.current, r.image, r.width, r.height);
      setDrawn({ coords: r.coords, dimX: r.dimX, dimY: r.dimY, held: r.held, step: r.step, rows: r.rows, cols: r.cols });
    },
  });

  // Choosing the other axis's dimension swaps the two.
  const chooseX = (j: number) => setGrid(j === dimY ? { dimX: j, dimY: dimX } : { dimX: j, dimY });
  const chooseY = (j: number) => setGrid(j === dimX ? { dimX: dimY, dimY: j } : { dimX, dimY: j });
  const active = mostActiveDims(klPerDim);

  const lo = drawn ? fmtAxis(drawn.coords[0]!) : '';
  const hi = drawn ? fmtAxis(drawn.coords.at(-1)!) : '';
  const xAxis = { label: drawn ? dimName(drawn.dimX) : '', min: lo, max: hi };
  const yAxis = drawn && drawn.dimY >= 0 ? { label: dimName(drawn.dimY), min: lo, max: hi } : undefined;
  const heldText =
    latent <= 2
      ? latent === 2
        ? 'With J = 2 the grid covers the whole latent space.'
        : 'With J = 1 the grid is one row along z1.'
      : drawn?.held === 'selected'
        ? `The other ${latent - 2} dimensions are held at μ of ${words.testItem} #${selected}.`
        : `The other ${latent - 2} dimensions are held at 0.`;
  const axesText = drawn
    ? `Horizontal: ${xAxis.label} from ${lo} to ${hi}` + (yAxis ? `; vertical: ${yAxis.label} from ${lo} (bottom) to ${hi} (top)` : '') + '.'
    : '';

  return (
    <ViewShell
      view="grid"
      title="Manifold grid"
      explanation={
        <>
          The decoder&apos;s mean image at each point of a grid over the latent plane; the points sit at the prior&apos;s
          quantiles z = Φ⁻¹((i + ½)/n), so every cell holds the same prior mass (the paper&apos;s Fig. 4).
        </>
      }
      note={refreshNote(stats, drawn?.step ?? null)}
    >
      <div className="lv-controls">
        <div className="lv-field">
          <label htmlFor={sizeId}>Grid size n</label>
          <input
            id={sizeId}
            type="range"
            min={GRID_N_MIN}
            max={GRID_N_MAX}
            step={1}
            value={grid.n}
            onChange={(e) => setGrid({ n: Number(e.target.value) })}
          />
          <output htmlFor={sizeId}>
            {grid.n} × {grid.n}
          </output>
        </div>
        {latent > 2 && (
          <>
            <DimSelect label="Horizontal dimension" J={latent} value={dimX} onChange={chooseX} />
            <DimSelect label="Vertical dimension" J={latent} value={dimY} onChange={chooseY} />
            <ChoiceSelect label="Other dimensions held at" value={grid.hold} options={holdOptions(words.item)} onChange={(hold) => setGrid({ hold })} />
            <button type="button" disabled={!active} onClick={() => active && setGrid({ dimX: active[0], dimY: active[1] })}>
              Sweep the two most active
            </button>
          </>
        )}
      </div>
      <figure className="lv-figure" aria-label="Manifold grid, with its axes">
        <AxisFrame x={xAxis} y={yAxis}>
          <canvas
            ref={canvas}
            className={`lv-canvas lv-square${28 * grid.n <= 420 ? ' pixelated' : ''}`}
            aria-label="Manifold grid"
            role="img"
            width={28 * grid.n}
            height={28 * (latent === 1 ? 1 : grid.n)}
            data-refreshes={stats.refreshes}
            data-ms={stats.lastMs === null ? '' : stats.lastMs.toFixed(1)}
            data-dims={drawn ? `${drawn.dimX},${drawn.dimY}` : ''}
            data-n={drawn?.cols ?? ''}
            data-step={drawn?.step ?? ''}
            onPointerMove={(e) => {
              if (!drawn) return;
              const b = e.currentTarget.getBoundingClientRect();
              const c = Math.min(drawn.cols - 1, Math.max(0, Math.floor(((e.clientX - b.left) / b.width) * drawn.cols)));
              const r = Math.min(drawn.rows - 1, Math.max(0, Math.floor(((e.clientY - b.top) / b.height) * drawn.rows)));
              setCell({ r, c });
            }}
            onPointerLeave={() => setCell(null)}
          />
        </AxisFrame>
        <output className="lv-cell" aria-label="Grid cell under the pointer">
          {drawn && cell ? gridCellText(drawn, cell.r, cell.c) : 'Point at a cell to read its z.'}
        </output>
        <figcaption>
          {axesText} {heldText} {hold === 'selected' && selected === null ? `Select ${article(words.item)} ${words.item} on the map to hold the others at its μ.` : ''}
          {' '}Brightness is the probability of ink (Gaussian decoder: the mean, clipped to [0, 1]).
        </figcaption>
      </figure>
    </ViewShell>
  );
}
