import { IDBFactory, IDBObjectStore } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RunStore, StorageError, storageProblem } from './runStore';

const meta = (name: string, savedAt: string) => ({ name, savedAt, step: 10, samplesSeen: 1280, summary: 'J=2', testElbo: -150.5 });

describe('RunStore (IndexedDB)', () => {
  afterEach(() => vi.restoreAllMocks());

  it('saves, lists newest first, reads back the same bytes, renames and deletes; survives a new connection', async () => {
    const factory = new IDBFactory();
    const a = new RunStore(() => factory);
    const bytes = new Uint8Array([1, 2, 3, 250]);
    const first = await a.save(meta('first', '2026-11-22T10:00:00Z'), bytes);
    const second = await a.save(meta('second', '2026-11-22T11:00:00Z'), new Uint8Array([9]));
    expect(first.bytes).toBe(4);
    expect((await a.list()).map((r) => r.name)).toEqual(['second', 'first']);
    await a.close();

    // A new connection (as after a page reload) sees the same runs.
    const b = new RunStore(() => factory);
    expect(Array.from(await b.read(first.id))).toEqual([1, 2, 3, 250]);
    const renamed = await b.rename(second.id, 'β = 4');
    expect(renamed.name).toBe('β = 4');
    expect((await b.list()).find((r) => r.id === second.id)?.name).toBe('β = 4');
    await b.remove(first.id);
    expect((await b.list()).map((r) => r.id)).toEqual([second.id]);
    await expect(b.read(first.id)).rejects.toThrow(/no longer in browser storage/);
    await b.close();
  });

  it('a full storage gives a clear message and nothing half-saved', async () => {
    const factory = new IDBFactory();
    const s = new RunStore(() => factory);
    await s.save(meta('kept', '2026-11-22T10:00:00Z'), new Uint8Array([1]));
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('quota', 'QuotaExceededError');
    });
    const err = await s.save(meta('too big', '2026-11-22T12:00:00Z'), new Uint8Array(10)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect((err as Error).message).toMatch(/^Could not save the run: the browser's storage for this site is full\./);
    vi.restoreAllMocks();
    // The transaction was aborted: the record without its file was not kept.
    expect((await s.list()).map((r) => r.name)).toEqual(['kept']);
    await s.close();
  });

  it('no IndexedDB (private browsing, blocked) gives a clear message, and works once it is there', async () => {
    const available: { factory?: IDBFactory } = {};
    const s = new RunStore(() => available.factory);
    await expect(s.list()).rejects.toThrow(/Could not list the saved runs: browser storage is not available here/);
    available.factory = new IDBFactory();
    expect(await s.list()).toEqual([]);
    await s.close();
  });

  it('storageProblem names what failed for each kind of error', () => {
    expect(storageProblem(new DOMException('x', 'SecurityError'), 'save the run')).toMatch(/not available here \(private browsing/);
    expect(storageProblem(new DOMException('x', 'BlockedError'), 'save the run')).toMatch(/another tab/);
    expect(storageProblem(new Error('disk on fire'), 'rename the saved run')).toBe(
      'Could not rename the saved run: browser storage failed (Error: disk on fire). Training goes on.',
    );
  });
});
