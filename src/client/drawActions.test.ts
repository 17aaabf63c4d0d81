import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAppStore, type AppStore } from '../store/store';

/** The worker's answers, released by the test in any order. */
interface Call {
  req: { x: Float32Array; samplesL?: number };
  answer: () => void;
}
const calls: Call[] = [];
let store: AppStore;

const fakeApi = {
  analyzeDrawing: vi.fn(
    (req: { x: Float32Array; samplesL?: number }) =>
      new Promise((resolve) => {
        calls.push({
          req,
          answer: () =>
            resolve({ run: 1, step: 0, decoder: 'bernoulli', mu: [0, 0], sigma: [1, 1], klPerDim: [0, 0], elbo: -100, recon: -99, kl: 1, samplesL: req.samplesL ?? 64, reconstruction: new Float32Array(784), samples: new Float32Array(8 * 784), shown: 8, workerMs: 1, startedAt: 0 }),
        });
      }),
  ),
  estimateLogPx: vi.fn((_req: unknown, _onProgress: (p: { done: number; k: number; estimate: number }) => void): Promise<unknown> => new Promise(() => {})),
  truePosterior: vi.fn(() => new Promise(() => {})),
  cancelDrawingWork: vi.fn(() => Promise.resolve()),
  loadPretrained: vi.fn(() => new Promise(() => {})),
};

vi.mock('./actions', () => ({
  workerApi: () => fakeApi,
  actionStore: () => store,
  reportError: (e: unknown) => {
    throw e;
  },
}));

const { loadPretrained, padChanged, refreshDrawing } = await import('./drawActions');
const { renderHold } = await import('./scheduler');

/** A 56 × 56 pad with a filled square at (x0, y0): a drawing that preprocesses to a digit. */
function pad(x0: number): Float32Array {
  const r = new Float32Array(56 * 56);
  for (let y = 10; y < 40; y++) for (let x = x0; x < x0 + 12; x++) r[y * 56 + x] = 1;
  return r;
}
const flush = () => new Promise((r) => setTimeout(r, 0));

describe('draw actions: the order of encodings', () => {
  beforeEach(() => {
    calls.length = 0;
    store = createAppStore();
    vi.clearAllMocks();
  });
  afterEach(async () => {
    // Answer everything still awaited (and what that sends), so no request stays in flight.
    for (let i = 0; i < calls.length; i++) {
      calls[i]!.answer();
      await flush();
    }
  });

  it('while the pen moves only the newest drawing waits for the request in flight', async () => {
    padChanged(pad(5), 56, 56, false);
    padChanged(pad(10), 56, 56, false);
    padChanged(pad(15), 56, 56, false);
    await flush();
    expect(calls.length).toBe(1);
    calls[0]!.answer();
    await flush();
    expect(calls.length).toBe(2); // the second move was replaced by the third
    expect(Array.from(calls[1]!.req.x)).toEqual(Array.from(store.getState().drawInput!.x));
  });

  it("a stroke's end is sent at once, without waiting for the move in flight, and its answer measures the latency", async () => {
    padChanged(pad(5), 56, 56, false);
    await flush();
    expect(calls.length).toBe(1);
    padChanged(pad(20), 56, 56, true, 1234);
    await flush();
    expect(calls.length).toBe(2); // sent while the move's answer is still awaited
    const finalInput = store.getState().drawInput!;
    expect(Array.from(calls[1]!.req.x)).toEqual(Array.from(finalInput.x));
    // The move's answer comes first and is for an older drawing: it is not shown.
    calls[0]!.answer();
    await flush();
    expect(store.getState().drawAnalysis).toBeNull();
    calls[1]!.answer();
    await flush();
    const a = store.getState().drawAnalysis!;
    expect(a.version).toBe(finalInput.version);
    expect(a.final).toBe(true);
    expect(a.requestedAt).toBe(1234);
    // Then the refined answer (all samples) for the same drawing.
    expect(calls.length).toBe(3);
    expect(calls[2]!.req.samplesL).toBeUndefined();
  });

  it("the charts' renders are held from a stroke's end until its answer is on screen, not for a refresh", async () => {
    padChanged(pad(5), 56, 56, true);
    await flush();
    expect(renderHold.held).toBe(true);
    calls[0]!.answer();
    await flush(); // the answer is in the store; the hold ends after the next frame
    expect(store.getState().drawAnalysis?.final).toBe(true);
    await flush();
    expect(renderHold.held).toBe(false);
    // The refinement (calls[1]) is not waited on by the charts.
    expect(calls.length).toBe(2);
    calls[1]!.answer();
    await flush();
    refreshDrawing(false);
    await flush();
    expect(calls.length).toBeGreaterThan(2);
    // A refresh asks for the full answer at once (no quick one first).
    expect(calls.at(-1)!.req.samplesL).toBeUndefined();
    expect(renderHold.held).toBe(false);
  });

  it('a progress report that arrives after the result does not turn the finished estimate back into one under way', async () => {
    // Progress and the result come through different message ports: their order is not kept.
    let progress!: (p: { done: number; k: number; estimate: number }) => void;
    fakeApi.estimateLogPx.mockImplementationOnce((_req, onProgress) => {
      progress = onProgress;
      return Promise.resolve({ k: 1000, logPx: -90.5, cancelled: null, ms: 5 });
    });
    padChanged(pad(5), 56, 56, true);
    await flush();
    calls[0]!.answer();
    await flush();
    calls[1]!.answer(); // the refined answer starts the estimates
    await flush();
    expect(store.getState().drawIs).toMatchObject({ finished: true, estimate: -90.5, done: 1000 });
    progress({ done: 1000, k: 1000, estimate: -90.7 });
    expect(store.getState().drawIs).toMatchObject({ finished: true, estimate: -90.5, done: 1000 });
  });
});

describe('draw actions: estimates follow the model while training', () => {
  beforeEach(() => {
    calls.length = 0;
    store = createAppStore();
    vi.clearAllMocks();
  });

  /** The pad's input (version 1), its analysis at `step`, and finished estimates made at `estStep`; refreshed after a pause, or while training at `now`. */
  async function withEstimatesAt(step: number, estStep: number, whileTraining?: { now: number }) {
    const { refreshStaleEstimates } = await import('./drawActions');
    const s = store.getState();
    s.setDrawInput({ x: new Float32Array(784), intensities: new Float32Array(784), source: 'drawing', testIndex: null, label: null, decoder: 'bernoulli', version: 1 });
    s.setDrawAnalysis({ version: 1, step, elbo: -100 } as unknown as Parameters<typeof s.setDrawAnalysis>[0]);
    s.setDrawIs({ k: 100, done: 100, estimate: -95, finished: true, cancelled: null, version: 1, at: { step: estStep, elbo: -120 } });
    if (whileTraining) refreshStaleEstimates(true, whileTraining.now);
    else refreshStaleEstimates();
  }

  it('estimates of an older step than the figures shown are made again, on the current model', async () => {
    // The worker answers with the step of the model it ran on and the ELBO under that model.
    fakeApi.estimateLogPx.mockImplementationOnce(async () => ({ k: 100, logPx: -98.5, cancelled: null, ms: 5, step: 10, elbo: -101 }));
    await withEstimatesAt(10, 5);
    expect(fakeApi.estimateLogPx).toHaveBeenCalledTimes(1);
    await flush();
    // The new estimate remembers the model it is of, as the worker reported it.
    expect(store.getState().drawIs).toMatchObject({ finished: true, estimate: -98.5, at: { step: 10, elbo: -101 } });
  });

  it('estimates of the step shown are left alone', async () => {
    await withEstimatesAt(10, 10);
    expect(fakeApi.estimateLogPx).not.toHaveBeenCalled();
  });

  it('while training, estimates follow when the step has doubled since them, or 10 s after the last ones', async () => {
    const { estimatesDue, ESTIMATES_REFRESH_MS } = await import('./drawActions');
    expect(ESTIMATES_REFRESH_MS).toBe(10_000);
    // A fresh model's estimates (step 0): due from step 50 on (2·0 + 50), at once.
    expect(estimatesDue(0, 49, 1000)).toBe(false);
    expect(estimatesDue(0, 50, 1000)).toBe(true);
    // Estimates of step 150: due at 2·150 + 50 = 350, or 10 s after the last ones started.
    expect(estimatesDue(150, 349, 9999)).toBe(false);
    expect(estimatesDue(150, 350, 0)).toBe(true);
    expect(estimatesDue(150, 151, 10_000)).toBe(true);
    // Never for the step shown, however old.
    expect(estimatesDue(150, 150, 1e9)).toBe(false);

    // Through the action: step 60 against estimates of step 0 starts new ones …
    fakeApi.estimateLogPx.mockImplementationOnce(async () => ({ k: 100, logPx: -98.5, cancelled: null, ms: 5, step: 60, elbo: -101 }));
    const t = performance.now();
    await withEstimatesAt(60, 0, { now: t + 1 });
    expect(fakeApi.estimateLogPx).toHaveBeenCalledTimes(1);
    await flush();
    // … and one second later step 100 against them (100 < 2·60 + 50) waits …
    await withEstimatesAt(100, 60, { now: t + 1000 });
    expect(fakeApi.estimateLogPx).toHaveBeenCalledTimes(1);
    // … until 10 s have passed since they started.
    await withEstimatesAt(100, 60, { now: t + 10_500 });
    expect(fakeApi.estimateLogPx).toHaveBeenCalledTimes(2);
  });
});

describe('the trained models on the user\'s own data set', () => {
  it('are refused with both data sets named, and the worker is not asked', async () => {
    store = createAppStore();
    const config = store.getState().config;
    const userData = { name: 'shapes', hash: '0a1b2c3d', n: 80, classNames: [] };
    store.getState().handleEvent({ type: 'state', state: { run: 2, running: false, step: 0, samples: 0, epoch: 0, config, parameterCount: 1, stepIntervalMs: 0, userData } });
    fakeApi.loadPretrained.mockClear();
    await expect(loadPretrained('mnist-j2')).rejects.toThrow(/"mnist-j2" learned the built-in MNIST, but the data set loaded now is your data set "shapes"/);
    expect(fakeApi.loadPretrained).not.toHaveBeenCalled();
    expect(store.getState().pretrainedLoading).toBeNull();
  });
});
