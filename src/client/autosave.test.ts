import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { decodeRunFile, encodeRunFile } from '../core/runFile';
import { tinyConfig } from '../test/fixtures';
import { describeConfig } from '../store/store';
import { AUTOSAVE_AFTER_PAUSE_MS, AUTOSAVE_BUDGET, AUTOSAVE_EVERY_MS, AUTOSAVE_WORKER_BUDGET, AutosaveScheduler, autosaveSummary, checkpointBytes, offerText, savedCheckpointOf, type AutosaveRecord } from './autosave';
import { RunStore } from './runStore';

describe('AutosaveScheduler (fake time)', () => {
  it('saves every AUTOSAVE_EVERY_MS of training, only when the step moved', () => {
    const s = new AutosaveScheduler(0);
    s.baseline({ run: 1, step: 0, running: false });
    // The model the page opens with is not saved.
    expect(s.due({ run: 1, step: 0, running: false }, 60_000)).toBe(false);
    expect(s.due({ run: 1, step: 10, running: true }, AUTOSAVE_EVERY_MS - 1)).toBe(false);
    expect(s.due({ run: 1, step: 12, running: true }, AUTOSAVE_EVERY_MS)).toBe(true);
    s.saved({ run: 1, step: 12 }, AUTOSAVE_EVERY_MS, 5);
    expect(s.due({ run: 1, step: 40, running: true }, 2 * AUTOSAVE_EVERY_MS - 1)).toBe(false);
    expect(s.due({ run: 1, step: 40, running: true }, 2 * AUTOSAVE_EVERY_MS)).toBe(true);
  });

  it('saves a moment after training pauses, and at once when the page is hidden', () => {
    const s = new AutosaveScheduler(0);
    s.baseline({ run: 1, step: 0, running: false });
    expect(s.due({ run: 1, step: 3, running: false }, 100)).toBe(false);
    expect(s.due({ run: 1, step: 3, running: false }, 100 + AUTOSAVE_AFTER_PAUSE_MS)).toBe(true);
    expect(s.due({ run: 1, step: 3, running: true }, 200, true)).toBe(true);
    s.saved({ run: 1, step: 3 }, 300, 1);
    // Nothing new: hiding the page saves nothing.
    expect(s.due({ run: 1, step: 3, running: false }, 400, true)).toBe(false);
    // A new run at the same step number is new.
    expect(s.due({ run: 2, step: 3, running: false }, 500, true)).toBe(true);
  });

  it('spaces saves to at most 1/AUTOSAVE_BUDGET of the time, and one at a time', () => {
    const s = new AutosaveScheduler(0);
    s.baseline({ run: 1, step: 0, running: true });
    s.saved({ run: 1, step: 5 }, 0, 200); // a save that took 200 ms: next one after 50 × 200 ms = 10 s
    expect(s.interval()).toBe(AUTOSAVE_BUDGET * 200);
    expect(s.due({ run: 1, step: 9, running: true }, 9_999)).toBe(false);
    expect(s.due({ run: 1, step: 9, running: true }, 10_000)).toBe(true);
    s.inFlight = true;
    expect(s.due({ run: 1, step: 9, running: true }, 20_000, true)).toBe(false);
  });

  it('spaces saves to at most 1/AUTOSAVE_WORKER_BUDGET of training, the time the worker paused for the copy', () => {
    const s = new AutosaveScheduler(0);
    s.baseline({ run: 1, step: 0, running: true });
    // 20 ms on the page (1 s by the page's budget, below the 5 s floor), 1.6 s in the worker: 16 s.
    s.saved({ run: 1, step: 5 }, 0, 20, 1_600);
    expect(s.interval()).toBe(AUTOSAVE_WORKER_BUDGET * 1_600);
    expect(s.due({ run: 1, step: 9, running: true }, 15_999)).toBe(false);
    expect(s.due({ run: 1, step: 9, running: true }, 16_000)).toBe(true);
    // A fast copy (wasm, 60 ms): the floor.
    s.saved({ run: 1, step: 9 }, 16_000, 20, 60);
    expect(s.interval()).toBe(AUTOSAVE_EVERY_MS);
  });
});

describe('the autosave record', () => {
  const record: AutosaveRecord = {
    run: {
      savedAt: '2026-12-03T14:02:30.000Z',
      config: tinyConfig({ latentDim: 2, optimizer: 'adam' }),
      checkpoint: {
        step: 1330,
        samplesSeen: 170_240,
        optimizer: 'adam',
        weights: [{ shape: [2, 3], values: new Float32Array([1, 2, 3, 4, 5, 6]) }],
        optimizerState: [{ name: 'iter', shape: [], values: new Float32Array([1330]) }],
      },
      history: { points: [{ step: 1330, samples: 170_240, elbo: -120, recon: -110, kl: 10, loss: 120, gradNorm: 2 }], evals: [], divergences: [] },
    },
  };

  it('is stored beside the saved runs without being listed, read back after a new connection, and cleared', async () => {
    const factory = new IDBFactory();
    const a = new RunStore(() => factory);
    const meta = { savedAt: record.run.savedAt, step: 1330, samplesSeen: 170_240, summary: 'J=2', bytes: checkpointBytes(record.run) };
    // The records are handed to IndexedDB after the store opens: later than putAutosave returns
    // (the page's cost of a save is measured to that moment, not to the return).
    let cloned = false;
    const put = a.putAutosave(meta, record, () => (cloned = true));
    expect(cloned).toBe(false);
    await put;
    expect(cloned).toBe(true);
    expect(await a.list()).toEqual([]);
    await a.close();
    const b = new RunStore(() => factory);
    expect(await b.getAutosave()).toEqual(meta);
    const back = await b.getAutosave<AutosaveRecord>(true);
    expect(Array.from(back!.run.checkpoint.weights[0]!.values)).toEqual([1, 2, 3, 4, 5, 6]);
    await b.clearAutosave();
    expect(await b.getAutosave()).toBeNull();
    await b.close();
  });

  it("gives a recovery its checkpoint only when the stored record is this page's last save", async () => {
    const store = new RunStore(() => new IDBFactory());
    const meta = { savedAt: record.run.savedAt, step: 1330, samplesSeen: 170_240, summary: 'J=2', bytes: checkpointBytes(record.run) };
    await store.putAutosave(meta, record);
    const s = new AutosaveScheduler(0);
    // The run seen at the start (an earlier visit's autosave may be stored): not this page's save.
    s.baseline({ run: 4, step: 1330, running: false });
    expect(await savedCheckpointOf(s, store)).toBeNull();
    s.saved({ run: 4, step: 1330 }, 10, 5);
    const got = await savedCheckpointOf(s, store);
    expect(got?.run).toBe(4);
    expect(got?.checkpoint.step).toBe(1330);
    expect(Array.from(got!.checkpoint.weights[0]!.values)).toEqual([1, 2, 3, 4, 5, 6]);
    // A later save that did not reach storage (the record holds step 1330): none.
    s.saved({ run: 4, step: 1400 }, 20, 5);
    expect(await savedCheckpointOf(s, store)).toBeNull();
    expect(await savedCheckpointOf(null, store)).toBeNull();
    await store.close();
  });

  it('counts the bytes of its arrays (6 + 1 float32 values: 28 bytes)', () => {
    expect(checkpointBytes(record.run)).toBe(28);
  });

  it('goes through the run-file reader on restore, which refuses a history with ±1e308', () => {
    const back = decodeRunFile(encodeRunFile({ ...record.run, dataset: { kind: 'builtin', name: 'mnist' }, name: 'autosave' }));
    expect(back.checkpoint.step).toBe(1330);
    const bad = { ...record.run, history: { ...record.run.history, points: [{ ...record.run.history.points[0]!, elbo: -1e308 }] } };
    expect(() => decodeRunFile(encodeRunFile({ ...bad, dataset: { kind: 'builtin', name: 'mnist' }, name: 'autosave' }))).toThrow(/history\.points\.0\.elbo/);
  });

  it('names the user\'s data set in the offer\'s summary, and no data set for a built-in one (the settings name it)', () => {
    const c = tinyConfig({ latentDim: 2 });
    expect(autosaveSummary(c, { kind: 'builtin', name: 'mnist' })).toBe(describeConfig(c));
    expect(autosaveSummary(c, { kind: 'user', name: 'shapes', n: 1200, hash: '0a1b2c3d' })).toBe(`${describeConfig(c)}, on your data set "shapes" (1,200 images, hash 0a1b2c3d)`);
  });

  it('offers "Restore the run from HH:MM, step N"', () => {
    expect(offerText({ savedAt: '2026-12-03T14:02:30.000Z', step: 1330, samplesSeen: 0, summary: '', bytes: 0 }, 'UTC')).toBe('Restore the run from 14:02, step 1,330');
  });
});
