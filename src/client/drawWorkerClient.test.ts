import * as Comlink from 'comlink';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_CONFIG } from '../core/config';
import type { ModelSnapshot, TestSetCopy } from '../protocol/drawing';
import type { RunState } from '../protocol/types';
import { createAppStore, type AppStore } from '../store/store';

let store: AppStore;
/** The training worker: its model is at (run, step), its test set is `testKey`'s; snapshots and test-set copies are counted. */
const training = {
  run: 1,
  step: 0,
  snapshots: 0,
  testKey: 'mnist',
  testCopies: 0,
  testSetCopy: vi.fn(async (): Promise<TestSetCopy> => {
    training.testCopies++;
    return { key: training.testKey, images: new Uint8Array(784), labels: new Uint8Array(1), n: 1, nTrain: 10 };
  }),
  modelSnapshot: vi.fn(async (): Promise<ModelSnapshot> => {
    training.snapshots++;
    return { run: training.run, step: training.step, config: DEFAULT_CONFIG, weights: [new Float32Array([training.step])] };
  }),
  analyzeDrawing: vi.fn(),
  cancelDrawingWork: vi.fn(async () => {}),
};

vi.mock('./actions', () => ({
  workerApi: () => training,
  actionStore: () => store,
}));

const { DRAW_MODEL_SYNC_MS, drawRoute, drawWorkerWanted, heldCopy, interactiveApi, startDrawWorker, stopDrawWorker, syncDrawModel } = await import('./drawWorkerClient');

/**
 * A drawing worker over a MessageChannel: it keeps what setModel and setTestSet receive (and
 * refuses a snapshot when told to), and can fail like a crashed worker.
 */
function fakeDrawWorker(opts: { refuse?: boolean; initFails?: boolean } = {}) {
  const { port1, port2 } = new MessageChannel();
  const received: { run: number; step: number; first: number }[] = [];
  const testSets: string[] = [];
  const onError: ((ev: { message: string; preventDefault(): void }) => void)[] = [];
  Comlink.expose(
    {
      async init() {
        if (opts.initFails) throw new Error('no wasm here');
        return { backend: 'wasm' };
      },
      async setModel(s: ModelSnapshot) {
        if (opts.refuse) throw new Error('weight 0 of the model copy contains NaN or infinite values');
        received.push({ run: s.run, step: s.step, first: s.weights[0]![0]! });
        return { run: s.run, step: s.step };
      },
      async setTestSet(t: TestSetCopy) {
        testSets.push(t.key);
      },
      async cancelDrawingWork() {},
    },
    port2,
  );
  const worker = {
    postMessage: (m: unknown, t?: Transferable[]) => port1.postMessage(m, t ?? []),
    addEventListener: (type: string, f: never) => (type === 'error' ? onError.push(f) : port1.addEventListener(type, f)),
    removeEventListener: (type: string, f: never) => port1.removeEventListener(type, f),
    terminate: () => port1.close(),
    start: () => port1.start(),
  };
  return { worker: worker as unknown as Worker, received, testSets, opts, crash: (message: string) => onError.forEach((f) => f({ message, preventDefault() {} })) };
}

function setShown(over: Partial<RunState>): void {
  const base: RunState = { run: 1, running: false, step: 0, samples: 0, epoch: 0, config: DEFAULT_CONFIG, parameterCount: 0, stepIntervalMs: 0 };
  store.setState((s) => ({ runState: { ...(s.runState ?? base), ...over } }));
}

const settle = async () => {
  for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 0));
};

describe('drawRoute: whether the drawing worker\'s copy answers a request', () => {
  const held = { run: 2, step: 40, testKey: 'mnist', askedAtStep: 38, askedAt: 1000 };
  const shown = (over: { run?: number; step: number; running: boolean; testKey?: string }) => ({ run: 2, testKey: 'mnist', ...over });
  it('a copy of another run or test set (or none) never answers; a copy is asked for', () => {
    expect(drawRoute(held, null, 1000)).toEqual({ use: 'training', sync: false });
    expect(drawRoute(null, shown({ step: 38, running: false }), 1000)).toEqual({ use: 'training', sync: true });
    expect(drawRoute(held, shown({ run: 3, step: 38, running: true }), 1000)).toEqual({ use: 'training', sync: true });
    expect(drawRoute(held, shown({ step: 38, running: true, testKey: 'user:abc' }), 1000)).toEqual({ use: 'training', sync: true });
  });
  it('paused: only a copy asked for since the last step the page saw', () => {
    expect(drawRoute(held, shown({ step: 38, running: false }), 99_000)).toEqual({ use: 'drawing', sync: false });
    expect(drawRoute(held, shown({ step: 39, running: false }), 1000)).toEqual({ use: 'training', sync: true });
  });
  it('training: the copy answers, and is refreshed once it is DRAW_MODEL_SYNC_MS old', () => {
    expect(drawRoute(held, shown({ step: 90, running: true }), 1000 + DRAW_MODEL_SYNC_MS - 1)).toEqual({ use: 'drawing', sync: false });
    expect(drawRoute(held, shown({ step: 90, running: true }), 1000 + DRAW_MODEL_SYNC_MS)).toEqual({ use: 'drawing', sync: true });
  });
  it('?drawworker=off (0, false) keeps the requests in the training worker; anything else does not', () => {
    expect([drawWorkerWanted(''), drawWorkerWanted('?drawworker=on'), drawWorkerWanted('?drawworker=%00')]).toEqual([true, true, true]);
    expect([drawWorkerWanted('?drawworker=off'), drawWorkerWanted('?drawworker=0'), drawWorkerWanted('?x=1&drawworker=false')]).toEqual([false, false, false]);
  });
});

describe('the drawing worker, seen from the page', () => {
  beforeEach(() => {
    store = createAppStore();
    Object.assign(training, { run: 1, step: 0, snapshots: 0, testKey: 'mnist', testCopies: 0 });
    setShown({ run: 1, step: 0, running: false });
    vi.spyOn(console, 'warn').mockImplementation(() => {});
  });
  afterEach(() => {
    stopDrawWorker();
    vi.restoreAllMocks();
  });

  it('takes copies of the test set and the model at start; answers while it is the model shown; follows a step and a new run while paused', async () => {
    const fake = fakeDrawWorker();
    await startDrawWorker(() => fake.worker);
    await settle();
    expect(fake.testSets).toEqual(['mnist']);
    expect(fake.received).toEqual([{ run: 1, step: 0, first: 0 }]);
    expect(heldCopy()).toMatchObject({ run: 1, step: 0, testKey: 'mnist', askedAtStep: 0 });
    expect(store.getState().drawWorker).toEqual({ state: 'ready', run: 1, step: 0 });
    expect(await interactiveApi()).not.toBe(training);

    // Step (paused): the page sees step 1; a request waits for the copy of step 1, then the
    // drawing worker answers it.
    training.step = 1;
    setShown({ step: 1 });
    const api = interactiveApi();
    expect(heldCopy()).toMatchObject({ step: 0 });
    expect(await api).not.toBe(training);
    expect(heldCopy()).toMatchObject({ step: 1 });
    expect(fake.received.at(-1)).toEqual({ run: 1, step: 1, first: 1 });
    expect(store.getState().drawWorker).toEqual({ state: 'ready', run: 1, step: 1 });

    // A new run (reset, a pretrained model): copied at once; the test set is not sent again.
    Object.assign(training, { run: 2, step: 0 });
    setShown({ run: 2, step: 0 });
    await settle();
    expect(fake.received.at(-1)).toEqual({ run: 2, step: 0, first: 0 });
    expect(await interactiveApi()).not.toBe(training);
    expect(fake.testSets).toEqual(['mnist']);
    expect(training.testCopies).toBe(1);
  });

  it("a run on another data set: its test set is copied before the model, and the old set's copy never answers", async () => {
    const fake = fakeDrawWorker();
    await startDrawWorker(() => fake.worker);
    await settle();
    Object.assign(training, { run: 2, step: 0, testKey: 'fashion' });
    setShown({ run: 2, step: 0, config: { ...DEFAULT_CONFIG, dataset: 'fashion' } });
    expect(await interactiveApi()).not.toBe(training);
    expect(fake.testSets).toEqual(['mnist', 'fashion']);
    expect(heldCopy()).toMatchObject({ run: 2, testKey: 'fashion' });
  });

  it('while training, the steps the page sees ask for no copy; a drawing request refreshes one older than DRAW_MODEL_SYNC_MS', async () => {
    const fake = fakeDrawWorker();
    await startDrawWorker(() => fake.worker);
    await settle();
    let now = 5000;
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    await syncDrawModel(); // a copy asked for at `now`
    const copies = fake.received.length;
    now += 2 * DRAW_MODEL_SYNC_MS; // the copy is due for a refresh, but nobody draws
    setShown({ running: true });
    for (let s = 1; s <= 5; s++) {
      training.step = s;
      setShown({ step: s });
    }
    await settle();
    expect(fake.received.length).toBe(copies);
    // A drawing request: the copy of step 0 answers (its step is shown with the figures), and
    // a fresh copy is asked for; the requests during that sync ask for no other.
    for (let i = 0; i < 5; i++) expect(await interactiveApi()).not.toBe(training);
    await settle();
    expect(fake.received.slice(copies)).toEqual([{ run: 1, step: 5, first: 5 }]);
  });

  it('a refused copy leaves the requests with the training worker; a later good copy brings them back', async () => {
    const fake = fakeDrawWorker({ refuse: true });
    await startDrawWorker(() => fake.worker);
    await settle();
    expect(heldCopy()).toBeNull();
    expect(await interactiveApi()).toBe(training);
    expect(store.getState().drawWorker).toEqual({ state: 'ready', run: null, step: null });
    expect(console.warn).toHaveBeenCalledWith(expect.stringMatching(/copy was not taken \(.*NaN/));
    fake.opts.refuse = false;
    training.step = 1;
    setShown({ step: 1 });
    await settle();
    expect(heldCopy()).toMatchObject({ run: 1, step: 1 });
    expect(await interactiveApi()).not.toBe(training);
  });

  it('a drawing worker that cannot start, or fails later, leaves every request with the training worker', async () => {
    await startDrawWorker(() => fakeDrawWorker({ initFails: true }).worker);
    expect(await interactiveApi()).toBe(training);
    expect(console.warn).toHaveBeenCalledWith(expect.stringMatching(/could not start: no wasm here/));
    expect(store.getState().drawWorker).toEqual({ state: 'off', reason: 'it could not start: no wasm here' });
    stopDrawWorker();

    const fake = fakeDrawWorker();
    await startDrawWorker(() => fake.worker);
    await settle();
    expect(await interactiveApi()).not.toBe(training);
    fake.crash('out of memory');
    expect(await interactiveApi()).toBe(training);
    expect(store.getState().drawWorker).toEqual({ state: 'off', reason: 'out of memory' });
    expect(heldCopy()).toBeNull();
    // And it stays out: a new step while paused asks it for nothing.
    const n = fake.received.length;
    training.step = 9;
    setShown({ step: 9 });
    await settle();
    expect(fake.received.length).toBe(n);
  });
});
