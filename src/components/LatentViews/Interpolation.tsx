import { useId, useRef, useState } from 'react';
import { requestInterpolation } from '../../client/viewActions';
import type { InterpolationRequest } from '../../protocol/types';
import { INTERPOLATION_STEPS_MAX, INTERPOLATION_STEPS_MIN } from '../../store/latentSlice';
import { useAppStore } from '../../store/store';
import { useDatasetWords } from '../useDatasetWords';
import { putGreyImage } from './canvas';
import { AxisFrame, IntField } from './fields';
import { refreshNote, useModelInfo, useViewOpen, ViewShell } from './ViewShell';
import { useAdaptiveRefresh } from './useAdaptiveRefresh';

/** Decoded images along the path between the posterior means of two test digits. */
export function Interpolation() {
  const { J, live, run, pausedStep, ready } = useModelInfo();
  const [open] = useViewOpen('interpolation');
  const o = useAppStore((s) => s.interpolation);
  const words = useDatasetWords();
  const nTest = useAppStore((s) => s.nTest);
  const selected = useAppStore((s) => s.selectedTestIndex);
  const set = useAppStore((s) => s.setInterpolationOptions);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [step, setStep] = useState<number | null>(null);
  const stepsId = useId();

  const req: InterpolationRequest = { from: o.from, to: o.to, steps: o.steps, spherical: o.spherical };
  const stats = useAdaptiveRefresh({
    enabled: ready && J !== null && open,
    live,
    refreshKey: JSON.stringify([run, pausedStep, req]),
    request: () => requestInterpolation(req),
    draw: (r) => {
      if (canvas.current) putGreyImage(canvas.current, r.image, r.width, r.height);
      setStep(r.step);
    },
  });
  const path = o.spherical ? 'great circle (slerp)' : 'straight line';

  return (
    <ViewShell
      view="interpolation"
      wide
      title="Interpolation"
      explanation={
        <>
          The decoder&apos;s means along the {path} from μ of one {words.testItem} to μ of another; the outer images are the two
          {' '}{words.items} themselves.
        </>
      }
      note={refreshNote(stats, step)}
    >
      <div className="lv-controls">
        <IntField label={`From ${words.testItem}`} value={o.from} min={0} max={nTest - 1} onChange={(from) => set({ from })}>
          <button type="button" disabled={selected === null} onClick={() => selected !== null && set({ from: selected })}>
            Use selected
          </button>
        </IntField>
        <IntField label={`To ${words.testItem}`} value={o.to} min={0} max={nTest - 1} onChange={(to) => set({ to })}>
          <button type="button" disabled={selected === null} onClick={() => selected !== null && set({ to: selected })}>
            Use selected
          </button>
        </IntField>
        <div className="lv-field">
          <label htmlFor={stepsId}>Steps</label>
          <input
            id={stepsId}
            type="range"
            min={INTERPOLATION_STEPS_MIN}
            max={INTERPOLATION_STEPS_MAX}
            value={o.steps}
            onChange={(e) => set({ steps: Number(e.target.value) })}
          />
          <output htmlFor={stepsId}>{o.steps}</output>
        </div>
        <div className="lv-field lv-check">
          <label>
            <input type="checkbox" checked={o.spherical} onChange={(e) => set({ spherical: e.target.checked })} /> Spherical
            (slerp)
          </label>
        </div>
      </div>
      <figure className="lv-figure" aria-label={`Interpolation between two ${words.testItems}`}>
        <AxisFrame x={{ label: `t along the ${path}`, min: `#${o.from} · t = 0`, max: `t = 1 · #${o.to}` }}>
          <canvas
            ref={canvas}
            className="lv-canvas lv-strip pixelated"
            aria-label="Interpolation"
            role="img"
            width={28 * (o.steps + 2)}
            height={28}
            data-refreshes={stats.refreshes}
            data-ms={stats.lastMs === null ? '' : stats.lastMs.toFixed(1)}
            data-step={step ?? ''}
          />
        </AxisFrame>
        <figcaption>
          Left to right: {words.testItem} #{o.from}, then {o.steps} decoded images at t = 0, 1/{o.steps - 1}, …, 1 along the {path}{' '}
          between their μ&apos;s, then {words.testItem} #{o.to}.
        </figcaption>
      </figure>
    </ViewShell>
  );
}
