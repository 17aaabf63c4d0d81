import { useEffect, useId, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { inpaintDrawing } from '../../client/drawActions';
import { NOISE_FLIP, type Corruption } from '../../data/corrupt';
import { DRAW_LIMITS } from '../../protocol/drawing';
import { useAppStore } from '../../store/store';
import { article } from '../datasetWords';
import { useDatasetWords } from '../useDatasetWords';
import { EraseMask } from './EraseMask';
import { paintImages } from './images';

const ACTIONS: [Corruption, string][] = [
  ['top', 'Erase top half'],
  ['bottom', 'Erase bottom half'],
  ['left', 'Erase left half'],
  ['right', 'Erase right half'],
  ['noise', `Add noise (flip ${Math.round(NOISE_FLIP * 100)} %)`],
];

/**
 * Denoising and inpainting, the paper's marginal inference of x: damage the current digit,
 * then iterate encode → sample z → decode, keeping the known pixels.
 */
export function Inpainting() {
  const item = useDatasetWords().item;
  const d = useAppStore(
    useShallow((s) => ({ input: s.drawInput, r: s.drawInpaint, steps: s.drawOptions.inpaintSteps, setOptions: s.setDrawOptions })),
  );
  const canvas = useRef<HTMLCanvasElement>(null);
  const stepsId = useId();
  const r = d.r && d.input && d.r.version === d.input.version ? d.r : null;

  useEffect(() => {
    if (!canvas.current) return;
    if (!r) {
      paintImages(canvas.current, new Float32Array(784), 1);
      return;
    }
    // The damaged image first (erased pixels shown as mid-grey), then x_1 … x_T.
    const all = new Float32Array((r.stepCount + 1) * 784);
    for (let i = 0; i < 784; i++) all[i] = r.corruption !== 'noise' && r.known[i] === 0 ? 0.25 : r.observed[i]!;
    all.set(r.steps, 784);
    paintImages(canvas.current, all, r.stepCount + 1, r.stepCount + 1, 3);
  }, [r]);

  return (
    <section className="subpanel">
      <h3>Denoising and inpainting</h3>
      <p className="note">
        Damage the current {item}, then fill it in: z ~ q(z|x<sub>t</sub>), x<sub>t+1</sub> = known pixels of x, the rest from
        E[x|z]. Erasing marks a region as unknown (grey); noise flips pixels at random, and since the model does not know which,
        every pixel is replaced at each step. Or paint the region to erase yourself, below.
      </p>
      <div className="pad-tools">
        {ACTIONS.map(([c, label]) => (
          <button key={c} type="button" disabled={!d.input} onClick={() => void inpaintDrawing(c)}>
            {label}
          </button>
        ))}
        <label htmlFor={stepsId}>Steps</label>
        <input
          id={stepsId}
          type="number"
          min={1}
          max={DRAW_LIMITS.inpaintStepsMax}
          value={d.steps}
          onChange={(e) => d.setOptions({ inpaintSteps: Math.max(1, Math.min(DRAW_LIMITS.inpaintStepsMax, Math.round(Number(e.target.value) || 1))) })}
        />
      </div>
      <EraseMask intensities={d.input?.intensities ?? null} disabled={!d.input} onFill={(mask) => void inpaintDrawing('mask', mask)} />
      <figure className="draw-figure" aria-label="Inpainting steps">
        <canvas
          ref={canvas}
          width={28}
          height={28}
          className="img28 strip"
          role="img"
          aria-label="Inpainting steps"
          // Four screen pixels per image pixel at most; narrower screens scale the strip down.
          style={{ maxWidth: `${4 * (r ? (r.stepCount + 1) * 31 - 3 : 28)}px` }}
        />
        <figcaption>{r ? `Damaged input, then steps 1 … ${r.stepCount}` : `Draw or load ${article(item)} ${item}, then choose a damage.`}</figcaption>
      </figure>
    </section>
  );
}
