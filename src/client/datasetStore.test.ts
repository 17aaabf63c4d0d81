import { IDBFactory, IDBObjectStore } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { UserDataset } from '../data/import/prepare';
import { DatasetStorageError, DatasetStore } from './datasetStore';

function set(name: string, hash: string, n = 2): UserDataset {
  const images = Uint8Array.from({ length: n * 784 }, (_, i) => i % 256);
  return { name, hash, n, images, labels: Uint8Array.from({ length: n }, (_, i) => i % 2), classNames: ['a', 'b'], testShare: 0.1, seed: 1 };
}

describe('DatasetStore (IndexedDB)', () => {
  afterEach(() => vi.restoreAllMocks());

  it('saves, lists newest first with sizes, reads back the same arrays after a new connection, deletes', async () => {
    const factory = new IDBFactory();
    const a = new DatasetStore(() => factory);
    await a.save(set('old', 'h1', 2), '2026-12-01T00:00:00Z');
    const m = await a.save(set('new', 'h2', 3), '2026-12-02T00:00:00Z');
    expect(m.bytes).toBe(3 * 784 + 3);
    expect((await a.list()).map((s) => s.name)).toEqual(['new', 'old']);
    await a.close();
    const b = new DatasetStore(() => factory);
    const back = await b.read('h2');
    expect(back.n).toBe(3);
    expect(Array.from(back.images)).toEqual(Array.from(set('new', 'h2', 3).images));
    expect(Array.from(back.labels)).toEqual([0, 1, 0]);
    expect(back.classNames).toEqual(['a', 'b']);
    await b.remove('h1');
    expect((await b.list()).map((s) => s.hash)).toEqual(['h2']);
    await expect(b.read('h1')).rejects.toThrow(/no longer in browser storage/);
    await b.close();
  });

  it('a full storage is reported and keeps nothing of the failed save', async () => {
    const factory = new IDBFactory();
    const s = new DatasetStore(() => factory);
    await s.save(set('kept', 'k'));
    const put = IDBObjectStore.prototype.put;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args) {
      if (this.name === 'arrays') throw new DOMException('quota', 'QuotaExceededError');
      return put.apply(this, args);
    });
    const err = await s.save(set('big', 'b')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatasetStorageError);
    expect((err as Error).message).toMatch(/storage for this site is full/);
    vi.restoreAllMocks();
    expect((await s.list()).map((x) => x.name)).toEqual(['kept']);
    await s.close();
  });

  it('no IndexedDB at all gives a message, not a crash', async () => {
    await expect(new DatasetStore(() => undefined).list()).rejects.toThrow(/browser storage is not available/);
  });
});
