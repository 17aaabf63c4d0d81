import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import type { UserDataset } from '../data/import/prepare';
import { DatasetStore } from './datasetStore';
import { dataForNewWorker, keepUnstoredCopy, newestCheckpoint, pageUserSets, type UserSetSources } from './recoveryData';

function userSet(name: string, hash: string, n = 2): UserDataset {
  return { name, hash, n, images: Uint8Array.from({ length: n * 784 }, (_, i) => i % 251), labels: new Uint8Array(n), classNames: [], testShare: 0.5, seed: 3 };
}
const info = (s: UserDataset) => ({ name: s.name, hash: s.hash, n: s.n, classNames: s.classNames });

/** Sources over a real (fake-IndexedDB) store and a page copy, counting reads. */
function sources(store: DatasetStore, kept: UserDataset | null = null): UserSetSources & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    kept: (hash) => (kept?.hash === hash ? kept : null),
    read: (hash) => (reads.push(hash), store.read(hash)),
  };
}

let store: DatasetStore;
beforeEach(() => {
  store = new DatasetStore(() => new IDBFactory());
  keepUnstoredCopy(null);
});

describe('what a new training worker is given after a failure', () => {
  it('the built-in set (nothing) when the run trained on it', async () => {
    const src = sources(store);
    expect(await dataForNewWorker(undefined, src)).toEqual({ set: null, lost: null });
    expect(src.reads).toEqual([]);
  });

  it('the same user set again, read from browser storage: same hash, images and split', async () => {
    const shapes = userSet('shapes', '0a1b2c3d', 3);
    await store.save(userSet('other', 'ffee0011'));
    await store.save(shapes);
    const r = await dataForNewWorker(info(shapes), sources(store));
    expect(r.lost).toBeNull();
    expect(r.set?.hash).toBe('0a1b2c3d');
    expect(r.set?.n).toBe(3);
    expect(Array.from(r.set!.images)).toEqual(Array.from(shapes.images));
    expect([r.set?.testShare, r.set?.seed]).toEqual([0.5, 3]);
  });

  it('the page\'s own copy of a set that could not be stored, without reading storage', async () => {
    const shapes = userSet('shapes', '0a1b2c3d');
    const src = sources(store, shapes);
    expect((await dataForNewWorker(info(shapes), src)).set).toBe(shapes);
    expect(src.reads).toEqual([]);
  });

  it('nothing, with the reason, when the set is neither kept nor stored (the run\'s checkpoint then stays unused)', async () => {
    const r = await dataForNewWorker(info(userSet('shapes', '0a1b2c3d')), sources(store));
    expect(r.set).toBeNull();
    expect(r.lost).toMatch(/^your data set "shapes" could not be given to it \(.*no longer in browser storage.*\)$/);
  });

  it('keeps a copy that the worker\'s transfer does not empty', async () => {
    const shapes = userSet('shapes', '0a1b2c3d');
    keepUnstoredCopy(shapes);
    // The arrays go to the worker by transfer: the originals are detached afterwards.
    structuredClone(shapes.images.buffer, { transfer: [shapes.images.buffer] });
    const r = await dataForNewWorker(info(userSet('shapes', '0a1b2c3d')), pageUserSets);
    expect(r.set?.images.length).toBe(2 * 784);
    expect(Array.from(r.set!.images.subarray(0, 4))).toEqual([0, 1, 2, 3]);
  });
});

describe('what a new training worker resumes from', () => {
  const cp = (run: number, step: number) => ({ run, checkpoint: { step } as never });
  it('the later of the worker\'s last checkpoint and the autosave, of the run that failed only', () => {
    expect(newestCheckpoint(3, cp(3, 120), cp(3, 180))).toEqual(cp(3, 180));
    expect(newestCheckpoint(3, cp(3, 240), cp(3, 180))).toEqual(cp(3, 240));
    expect(newestCheckpoint(3, null, cp(3, 60))).toEqual(cp(3, 60));
    // Another run's (an earlier run's autosave, or the worker's checkpoint of a run since reset) never.
    expect(newestCheckpoint(3, cp(2, 900), cp(3, 60))).toEqual(cp(3, 60));
    expect(newestCheckpoint(3, cp(2, 900), undefined)).toBeNull();
    expect(newestCheckpoint(undefined, cp(2, 900))).toBeNull();
  });
});
