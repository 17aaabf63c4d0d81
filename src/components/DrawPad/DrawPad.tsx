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
  refreshStaleEstimates,
  restoreTestDigit,
} from '../../client/drawActions';
import { drawWorkerWanted, startDrawWorker } from '../../client/drawWorkerClient';
import { repeat } from '../../client/scheduler';
import { BINARIZE_THRESHOLD } from '../../data/preprocess';
import type { DrawWorkerStatus } from '../../store/drawSlice';
import { useAppStore } from '../../store/store';
import { DrawDetails, DrawSummary } from './DrawFigures';
import { hasLearned } from './maturity';
import { Inpainting } from './Inpainting';
import { Pad, PAD_SIZE, type PadHandle } from './Pad';
import { TruePosterior } from './TruePosterior';
import { useDatasetWords } from '../useDatasetWords';

/** The test image the pad shows on a first visit, so that no view starts empty. */
export const FIRST_TEST_IMAGE = 0;

/** What the drawing worker does, in a sentence. */
export function drawWorkerText(w: DrawWorkerStatus): string {
  if (w.state === 'starting') return 'Drawing worker starting: until it is ready, the training worker answers drawings and views between its steps.';
  if (w.state === 'off') return `Drawing worker off (${w.reason}): the training worker answers drawings and views between its steps.`;
  return w.step === null
    ? 'Drawing worker ready; it is taking its copy of the model.'
    : `Drawings are encoded by the drawing worker, beside training, with a copy of the model (run ${w.run}, step ${w.step.toLocaleString('en-US')}); it answers the latent views and the labs too.`;
}

/**
 * The drawing pad on the first screen: draw a digit (or load a test image) and see what the
 * VAE makes of it: the input as the model sees it, the reconstruction, the ELBO and log p(x).
 * The details (posterior samples, μ and σ per dimension, the true posterior, inpainting) are
 * in the Drawing tab.
 */
export function DrawPad() {
  const words = useDatasetWords();
  const nTest = useAppStore((s) => s.nTest);
  const noun = words.noun;
  const pad = useRef<PadHandle>(null);
  const indexId = useId();
  const [index, setIndex] = useState(FIRST_TEST_IMAGE);
  const [indexError, setIndexError] = useState<string | null>(null);
  // For tools (the benchmark's cold start): 'ready' once the drawing worker holds a copy of the model.
  const drawWorkerState = useAppStore((s) => (s.drawWorker.state === 'ready' && s.drawWorker.step !== null ? 'ready' : s.drawWorker.state));
  const m = useAppStore(
    useShallow((s) => ({
      ready: s.dataReady && s.runState !== null,
      run: s.runState?.run ?? null,
      decoder: s.runState?.config.decoder ?? s.config.decoder,
      J: s.runState?.config.latentDim ?? null,
      running: s.runState?.running ?? false,
      selected: s.selectedTestIndex ?? null,
      hasInput: s.drawInput !== null,
      learned: hasLearned({
        origin: s.runState?.origin ?? null,
        step: s.runState?.step ?? 0,
        testElbo: s.runs.find((r) => r.run === s.runState?.run)?.evals.at(-1)?.elbo ?? null,
      }),
      loading: s.pretrainedLoading,
      ownData: s.userDataset !== null,
    })),
  );

  const load = (i: number) => loadTestDigit(i);

  // A test image put on the pad from anywhere (the pad's own button, the map's "Show on the
  // pad", a guide's set-up) is painted on the pad, to draw over.
  const shownTest = useAppStore((s) => (s.drawInput?.source === 'test' ? s.drawInput : null));
  useEffect(() => {
    if (shownTest) pad.current?.showImage(shownTest.intensities);
  }, [shownTest]);

  // The drawing worker starts once the training worker is ready (it copies its model).
  useEffect(() => {
    if (!drawWorkerWanted(window.location.search)) useAppStore.getState().setDrawWorker({ state: 'off', reason: 'turned off by ?drawworker=off' });
    else if (m.ready) void startDrawWorker();
  }, [m.ready]);

  // A first visit: the pad shows a test image, so the pipeline and the figures have something to show.
  const started = useRef(false);
  useEffect(() => {
    if (!m.ready || started.current) return;
    started.current = true;
    if (!useAppStore.getState().drawInput) void load(FIRST_TEST_IMAGE);
  }, [m.ready]);

  // Another data set: a test image on the pad belongs to the old one (its index and label mean
  // nothing now), so the new set's first test image takes its place. The run state says which
  // set the model in use trains on (the worker that answers the pad follows it).
  const dataKey = useAppStore((s) => (s.runState ? (s.runState.userData?.hash ?? s.runState.config.dataset) : null));
  const dataShown = useRef<string | null>(null);
  useEffect(() => {
    if (!m.ready || dataKey === null) return;
    const before = dataShown.current;
    dataShown.current = dataKey;
    if (before !== null && before !== dataKey && useAppStore.getState().drawInput?.source === 'test') void load(FIRST_TEST_IMAGE);
  }, [dataKey, m.ready]);

  // A new model (run) or decoder: encode the current input again, estimates included.
  useEffect(() => {
    if (m.run !== null) refreshDrawing(true);
  }, [m.run, m.decoder]);

  // While training, the figures of the drawing follow the model every second, the slower
  // estimates (log p(x), the true posterior) when estimatesDue says so (at most
  // ESTIMATES_REFRESH_MS apart, sooner early in a run); on Pause both catch up.
  const wasRunning = useRef(false);
  useEffect(() => {
    if (!m.running) {
      if (wasRunning.current) refreshStaleEstimates();
      wasRunning.current = false;
      return;
    }
    wasRunning.current = true;
    const stopFigures = repeat(DRAW_REFRESH_WHILE_TRAINING_MS, () => refreshDrawing(false));
    const stopEstimates = repeat(DRAW_REFRESH_WHILE_TRAINING_MS, () => refreshStaleEstimates(true));
    return () => {
      stopFigures();
      stopEstimates();
    };
  }, [m.running]);

  const pickIndex = (raw: string) => {
    const v = Number(raw);
    if (raw.trim() === '' || !Number.isInteger(v) || v < 0 || v >= nTest) {
      setIndexError(`Test ${noun} index: a whole number from 0 to ${nTest - 1}.`);
      return;
    }
    setIndexError(null);
    setIndex(v);
  };

  return (
    <section className="panel draw-panel" aria-labelledby="draw-h" data-view="pad" data-draw-worker={drawWorkerState}>
      <h2 id="draw-h">Draw {noun === 'digit' ? 'a digit' : 'an image'} to encode</h2>
      <div className="draw-stage">
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
            <label htmlFor={indexId}>Test {noun} index</label>
            <input
              id={indexId}
              type="number"
              min={0}
              max={nTest - 1}
              defaultValue={FIRST_TEST_IMAGE}
              aria-invalid={indexError ? true : undefined}
              aria-describedby={indexError ? `${indexId}-err` : undefined}
              onChange={(e) => pickIndex(e.target.value)}
            />
            <button type="button" disabled={!m.ready || indexError !== null} onClick={() => void load(index)}>
              Load test {noun}
            </button>
            {m.selected !== null && (
              <button type="button" disabled={!m.ready} onClick={() => void load(m.selected!)}>
                Load selected {noun}
              </button>
            )}
          </div>
          {indexError && (
            <p id={`${indexId}-err`} className="field-error" role="alert">
              {indexError}
            </p>
          )}
        </div>
        <DrawSummary />
      </div>
      {m.ready && !m.learned && m.hasInput && (
        <p className="note unlearned" role="status" aria-label="Model not trained yet">
          Not trained yet: every image decodes to the same blur. Press Train and watch it sharpen
          {/* The trained models learned MNIST: not offered on the user's own data. */}
          {m.ownData ? (
            '.'
          ) : (
            <>
              , or{' '}
              <button type="button" className="small" disabled={m.loading !== null} onClick={() => void loadPretrained(m.J === 2 ? 'mnist-j2' : 'mnist-j20')}>
                load a trained {m.J === 2 ? '2-D' : 'J = 20'} model
              </button>
            </>
          )}
        </p>
      )}
    </section>
  );
}

/** The Drawing tab: the drawing's figures in detail, the true posterior (J = 2) and inpainting. */
export function DrawingPanel() {
  const { noun } = useDatasetWords();
  const worker = useAppStore((s) => s.drawWorker);
  const decoder = useAppStore((s) => s.runState?.config.decoder ?? s.config.decoder);
  const m = useAppStore(useShallow((s) => ({ J: s.runState?.config.latentDim ?? null, run: s.runState?.run ?? null, origin: s.runState?.origin ?? null, running: s.runState?.running ?? false })));
  return (
    <section className="panel drawing-panel" aria-label="The drawing in detail">
      <p className="note">
        Draw with a mouse, finger or pen, or from the keyboard (focus the pad: arrow keys move the pen, Space puts it down
        and lifts it). The drawing is prepared as MNIST was: cropped to the ink, scaled to fit a 20×20 box (aspect ratio kept,
        area-averaged), and centred by its centre of mass in the 28×28 frame.
        {decoder === 'bernoulli'
          ? ` The Bernoulli decoder scores binary pixels, so the drawing is binarized: x = 1 where the intensity is ≥ ${BINARIZE_THRESHOLD}, else 0 (a test ${noun} keeps the test set's fixed random binarization).`
          : ' The Gaussian decoder scores the intensities themselves.'}
      </p>
      <p className="note" role="status" aria-label="Drawing worker">
        {drawWorkerText(worker)}
      </p>
      <p className="note" role="status" aria-label="Model in use">
        {m.J === null ? 'Model loading…' : `Model: run ${m.run}, J = ${m.J}${m.origin ? `, ${m.origin}` : ', trained here'}${m.running ? ' (training: figures refresh every second)' : ''}.`}
      </p>
      <DrawDetails />
      <TruePosterior />
      <Inpainting />
    </section>
  );
}
