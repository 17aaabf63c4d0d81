import { useEffect, useId, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import {
  clearDrawing,
  currentTestDigit,
  DRAW_MOVE_THROTTLE_MS,
  DRAW_REFRESH_WHILE_TRAINING_MS,
  loadPretrained,
  loadTestDigit,
  padChanged,
  refreshDrawing,
  restoreTestDigit,
} from '../../client/drawActions';
import { drawWorkerWanted, startDrawWorker } from '../../client/drawWorkerClient';
import { BINARIZE_THRESHOLD } from '../../data/preprocess';
import type { DrawWorkerStatus } from '../../store/drawSlice';
import { useAppStore } from '../../store/store';
import { DrawFigures } from './DrawFigures';
import { Inpainting } from './Inpainting';
import { Pad, PAD_SIZE, type PadHandle } from './Pad';
import { TruePosterior } from './TruePosterior';

const TEST_IMAGES = 10000;

/** What the drawing worker does, in a sentence. */
export function drawWorkerText(w: DrawWorkerStatus): string {
  if (w.state === 'starting') return 'Drawing worker starting: until it is ready, the training worker encodes drawings between its steps.';
  if (w.state === 'off') return `Drawing worker off (${w.reason}): the training worker encodes drawings between its steps.`;
  return w.step === null
    ? 'Drawing worker ready; it is taking its copy of the model.'
    : `Drawings are encoded by the drawing worker, beside training, with a copy of the model (run ${w.run}, step ${w.step.toLocaleString('en-US')}).`;
}

/**
 * Draw a digit (or load a test digit) and see what the VAE makes of it: q(z|x), the
 * reconstruction, posterior samples, the ELBO and log p(x), and for J = 2 the true posterior.
 */
export function DrawPad() {
  const pad = useRef<PadHandle>(null);
  const indexId = useId();
  const [index, setIndex] = useState(0);
  const m = useAppStore(
    useShallow((s) => ({
      ready: s.dataReady && s.runState !== null,
      run: s.runState?.run ?? null,
      decoder: s.runState?.config.decoder ?? s.config.decoder,
      J: s.runState?.config.latentDim ?? null,
      running: s.runState?.running ?? false,
      origin: s.runState?.origin ?? null,
      selected: s.selectedTestIndex ?? null,
      loading: s.pretrainedLoading,
    })),
  );

  // The drawing worker starts once the training worker is ready (it copies its model).
  useEffect(() => {
    if (!drawWorkerWanted(window.location.search)) useAppStore.getState().setDrawWorker({ state: 'off', reason: 'turned off by ?drawworker=off' });
    else if (m.ready) void startDrawWorker();
  }, [m.ready]);

  // A new model (run) or decoder: encode the current input again, estimates included.
  useEffect(() => {
    if (m.run !== null) refreshDrawing(true);
  }, [m.run, m.decoder]);

  // While training, the figures of the drawing follow the model (the slower estimates do not).
  useEffect(() => {
    if (!m.running) return;
    const id = window.setInterval(() => refreshDrawing(false), DRAW_REFRESH_WHILE_TRAINING_MS);
    return () => window.clearInterval(id);
  }, [m.running]);

  const worker = useAppStore((s) => s.drawWorker);

  const load = async (i: number) => {
    const d = await loadTestDigit(i);
    if (d) pad.current?.showImage(d.intensities);
  };

  return (
    <section className="panel draw-panel" aria-labelledby="draw-h">
      <h2 id="draw-h">Draw a digit to encode</h2>
      <p className="note">
        Draw with a mouse, finger or pen. The drawing is prepared as MNIST was: cropped to the ink, scaled to fit a
        20×20 box (aspect ratio kept, area-averaged), and centred by its centre of mass in the 28×28 frame.
        {m.decoder === 'bernoulli'
          ? ` The Bernoulli decoder scores binary pixels, so the drawing is binarized: x = 1 where the intensity is ≥ ${BINARIZE_THRESHOLD}, else 0 (a test digit keeps the test set's fixed random binarization).`
          : ' The Gaussian decoder scores the intensities themselves.'}
      </p>
      <div className="draw-grid">
        <div className="draw-input">
          <Pad
            ref={pad}
            moveThrottleMs={DRAW_MOVE_THROTTLE_MS}
            onChange={(raster, final, at) => (raster ? padChanged(raster, PAD_SIZE, PAD_SIZE, final, at) : clearDrawing())}
            onBackToImage={() => {
              const d = currentTestDigit();
              if (d) restoreTestDigit(d);
            }}
          />
          <div className="pad-tools">
            <label htmlFor={indexId}>Test digit index</label>
            <input
              id={indexId}
              type="number"
              min={0}
              max={TEST_IMAGES - 1}
              value={index}
              onChange={(e) => setIndex(Math.max(0, Math.min(TEST_IMAGES - 1, Math.round(Number(e.target.value) || 0))))}
            />
            <button type="button" disabled={!m.ready} onClick={() => void load(index)}>
              Load test digit
            </button>
            {m.selected !== null && (
              <button type="button" disabled={!m.ready} onClick={() => void load(m.selected!)}>
                Load selected digit
              </button>
            )}
          </div>
          <div className="pad-tools">
            <button type="button" disabled={!m.ready || m.loading !== null} onClick={() => void loadPretrained('mnist-j2')}>
              {m.loading === 'mnist-j2' ? 'Loading…' : 'Load pretrained 2-D model'}
            </button>
            <button type="button" disabled={!m.ready || m.loading !== null} onClick={() => void loadPretrained('mnist-j20')}>
              {m.loading === 'mnist-j20' ? 'Loading…' : 'Load pretrained J = 20 model'}
            </button>
          </div>
          <p className="note" role="status" aria-label="Drawing worker">
            {drawWorkerText(worker)}
          </p>
          <p className="note" role="status" aria-label="Model in use">
            {m.J === null ? 'Model loading…' : `Model: run ${m.run}, J = ${m.J}${m.origin ? `, ${m.origin}` : ', trained here'}${m.running ? ' (training: figures refresh every second)' : ''}.`}
          </p>
        </div>
        <div className="draw-output">
          <DrawFigures />
        </div>
      </div>
      <TruePosterior />
      <Inpainting />
    </section>
  );
}
