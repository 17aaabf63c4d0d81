import { useRef, useState } from 'react';
import { requestPriorSamples } from '../../client/viewActions';
import type { PriorRequest } from '../../protocol/types';
import { PRIOR_COUNTS } from '../../store/latentSlice';
import { useAppStore } from '../../store/store';
import { useDatasetWords } from '../useDatasetWords';
import { putGreyImage } from './canvas';
import { ChoiceSelect } from './fields';
import { refreshNote, useModelInfo, useViewOpen, ViewShell } from './ViewShell';
import { useAdaptiveRefresh } from './useAdaptiveRefresh';

/** What the model generates: decoder means at codes drawn from the prior N(0, I). */
export function PriorSamples() {
  const { J, live, run, pausedStep, ready } = useModelInfo();
  const [open] = useViewOpen('prior');
  const prior = useAppStore((s) => s.prior);
  const words = useDatasetWords();
  const setPrior = useAppStore((s) => s.setPriorOptions);
  const resample = useAppStore((s) => s.resamplePrior);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [step, setStep] = useState<number | null>(null);

  const req: PriorRequest = { count: prior.count, seed: prior.seed };
  const stats = useAdaptiveRefresh({
    enabled: ready && J !== null && open,
    live,
    refreshKey: JSON.stringify([run, pausedStep, req]),
    request: () => requestPriorSamples(req),
    draw: (r) => {
      if (canvas.current) putGreyImage(canvas.current, r.image, r.width, r.height);
      setStep(r.step);
    },
  });
  const side = Math.ceil(Math.sqrt(prior.count));

  return (
    <ViewShell
      view="prior"
      title="Samples from the prior"
      explanation={
        <>
          Decoder means at codes z drawn from the prior N(0, I): what the model generates. The same z&apos;s stay until you
          resample, so you watch them turn into {words.items} as the model learns.
        </>
      }
      note={refreshNote(stats, step)}
    >
      <div className="lv-controls">
        <ChoiceSelect
          label="Samples"
          value={prior.count}
          options={PRIOR_COUNTS.map((n) => ({ value: n, text: String(n) }))}
          onChange={(count) => setPrior({ count })}
        />
        <button type="button" onClick={resample}>
          Resample
        </button>
      </div>
      <figure className="lv-figure" aria-label="Samples from the prior, decoded">
        <canvas
          ref={canvas}
          className="lv-canvas lv-prior pixelated"
          aria-label="Prior samples"
          role="img"
          width={28 * side}
          height={28 * side}
          data-refreshes={stats.refreshes}
          data-ms={stats.lastMs === null ? '' : stats.lastMs.toFixed(1)}
          data-seed={prior.seed}
          data-step={step ?? ''}
        />
        <figcaption>
          {prior.count} samples, z ~ N(0, I) with seed {prior.seed}; each tile is one z, in no particular order. Brightness is
          the probability of ink (Gaussian decoder: the mean, clipped to [0, 1]).
        </figcaption>
      </figure>
    </ViewShell>
  );
}
