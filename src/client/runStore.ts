/**
 * Saved runs in the browser's IndexedDB. Two object stores: `runs` holds a small record per
 * run (listed without reading megabytes), `files` holds the run file's bytes under the same
 * key (the bytes of runFile.ts, so a saved run and a downloaded one are read by the same
 * checks). Every failure (quota exceeded, private browsing, storage blocked) becomes a
 * StorageError with a message for people; the run in memory is never touched by it.
 */

import type { SavedRunMeta } from '../store/runsSlice';

export type { SavedRunMeta };

export const DB_NAME = 'vae-playground';
export const DB_VERSION = 1;
const RUNS = 'runs';
const FILES = 'files';
/** Keys of the autosave in FILES (the saved runs' files are under their numeric ids). */
const AUTOSAVE_KEY = 'autosave';
const AUTOSAVE_META_KEY = 'autosave-meta';

export class StorageError extends Error {
  override name = 'StorageError';
}

/** A message for people for an IndexedDB failure while doing `what` (e.g. "save the run"). */
export function storageProblem(e: unknown, what: string): string {
  const name = (e as { name?: string } | null)?.name ?? '';
  if (name === 'QuotaExceededError') {
    return `Could not ${what}: the browser's storage for this site is full. Delete saved runs, or download the run as a file instead. Training goes on.`;
  }
  if (name === 'SecurityError' || name === 'InvalidStateError' || name === 'NotAllowedError' || name === 'UnavailableError') {
    return `Could not ${what}: browser storage is not available here (private browsing, or storage blocked for this site). Download the run as a file instead. Training goes on.`;
  }
  if (name === 'BlockedError') {
    return `Could not ${what}: another tab of the playground holds the storage open with an older version. Close it and try again. Training goes on.`;
  }
  if (name === 'NotFoundError') return `Could not ${what}: it is no longer in browser storage.`;
  const msg = (e as Error)?.message ?? String(e);
  return `Could not ${what}: browser storage failed (${name ? `${name}: ` : ''}${msg}). Training goes on.`;
}

function promised<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('request failed'));
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    // A quota error may surface on the transaction, not on the request.
    tx.onabort = () => reject(tx.error ?? new DOMException('transaction aborted', 'AbortError'));
    tx.onerror = () => reject(tx.error ?? new Error('transaction failed'));
  });
}

/**
 * Runs `body` in one transaction and waits for it to commit. If `body` throws (e.g. a put
 * refused for quota), the transaction is aborted, so nothing of it is kept.
 */
async function inTransaction<T>(db: IDBDatabase, stores: string[], body: (tx: IDBTransaction) => Promise<T>): Promise<T> {
  const tx = db.transaction(stores, 'readwrite');
  const finished = done(tx);
  let result: T;
  try {
    result = await body(tx);
  } catch (e) {
    finished.catch(() => {}); // the abort below rejects it; the body's error is the one to report
    try {
      tx.abort();
    } catch {
      // already finished or aborted
    }
    throw e;
  }
  await finished;
  return result;
}

export class RunStore {
  private db: Promise<IDBDatabase> | null = null;

  /** `factory`: the browser's indexedDB (tests pass another). */
  constructor(private readonly factory: () => IDBFactory | undefined = () => globalThis.indexedDB) {}

  private open(): Promise<IDBDatabase> {
    this.db ??= new Promise<IDBDatabase>((resolve, reject) => {
      const f = this.factory();
      if (!f) {
        reject(new DOMException('IndexedDB is missing', 'UnavailableError'));
        return;
      }
      const req = f.open(DB_NAME, DB_VERSION);
      req.onupgradeneeded = () => {
        const db = req.result;
        if (!db.objectStoreNames.contains(RUNS)) db.createObjectStore(RUNS, { keyPath: 'id', autoIncrement: true });
        if (!db.objectStoreNames.contains(FILES)) db.createObjectStore(FILES);
      };
      req.onsuccess = () => {
        const db = req.result;
        // Another tab upgrading the database: let it, and open afresh next time.
        db.onversionchange = () => {
          db.close();
          this.db = null;
        };
        resolve(db);
      };
      req.onerror = () => reject(req.error ?? new Error('open failed'));
      req.onblocked = () => reject(new DOMException('blocked by another tab', 'BlockedError'));
    }).catch((e: unknown) => {
      this.db = null; // try again next time (storage may become available)
      throw e;
    });
    return this.db;
  }

  private async run<T>(what: string, body: (db: IDBDatabase) => Promise<T>): Promise<T> {
    try {
      return await body(await this.open());
    } catch (e) {
      throw new StorageError(storageProblem(e, what));
    }
  }

  list(): Promise<SavedRunMeta[]> {
    return this.run('list the saved runs', async (db) => {
      const all = await promised(db.transaction(RUNS).objectStore(RUNS).getAll() as IDBRequest<SavedRunMeta[]>);
      return all.sort((a, b) => b.savedAt.localeCompare(a.savedAt));
    });
  }

  /** Stores a run file; returns its record. */
  save(meta: Omit<SavedRunMeta, 'id' | 'bytes'>, bytes: Uint8Array): Promise<SavedRunMeta> {
    return this.run('save the run', async (db) => {
      const record = { ...meta, bytes: bytes.byteLength };
      return inTransaction(db, [RUNS, FILES], async (tx) => {
        const id = (await promised(tx.objectStore(RUNS).add(record))) as number;
        tx.objectStore(FILES).put(bytes, id);
        return { ...record, id };
      });
    });
  }

  /** The bytes of a saved run. */
  read(id: number): Promise<Uint8Array> {
    return this.run('read the saved run', async (db) => {
      const bytes = await promised(db.transaction(FILES).objectStore(FILES).get(id) as IDBRequest<Uint8Array | undefined>);
      if (!bytes) throw new DOMException(`no run ${id}`, 'NotFoundError');
      return bytes;
    });
  }

  rename(id: number, name: string): Promise<SavedRunMeta> {
    return this.run('rename the saved run', async (db) => {
      return inTransaction(db, [RUNS], async (tx) => {
        const store = tx.objectStore(RUNS);
        const rec = await promised(store.get(id) as IDBRequest<SavedRunMeta | undefined>);
        if (!rec) throw new DOMException(`no run ${id}`, 'NotFoundError');
        const next = { ...rec, name };
        store.put(next);
        return next;
      });
    });
  }

  remove(id: number): Promise<void> {
    return this.run('delete the saved run', async (db) => {
      await inTransaction(db, [RUNS, FILES], async (tx) => {
        tx.objectStore(RUNS).delete(id);
        tx.objectStore(FILES).delete(id);
      });
    });
  }

  /**
   * The autosave (client/autosave.ts): one record under a fixed key beside the saved runs'
   * files, never listed with them, and its small description under another key, so that the
   * offer to restore reads a few bytes rather than the weights. Replaced at every save.
   */
  /**
   * Stores the autosave. `onCloned` is called as soon as the records are handed to IndexedDB:
   * put() clones them on this thread, so that moment ends the save's main-thread cost (the
   * write itself goes on off the thread until the promise resolves).
   */
  putAutosave<M, R>(meta: M, record: R, onCloned?: () => void): Promise<void> {
    return this.run('autosave the run', async (db) => {
      await inTransaction(db, [FILES], async (tx) => {
        tx.objectStore(FILES).put(record, AUTOSAVE_KEY);
        tx.objectStore(FILES).put(meta, AUTOSAVE_META_KEY);
        onCloned?.();
      });
    });
  }

  /** The autosave's description (or its record with `full`), or null when there is none. */
  getAutosave<T>(full = false): Promise<T | null> {
    return this.run('read the autosave', async (db) => {
      const v = await promised(db.transaction(FILES).objectStore(FILES).get(full ? AUTOSAVE_KEY : AUTOSAVE_META_KEY) as IDBRequest<T | undefined>);
      return v ?? null;
    });
  }

  clearAutosave(): Promise<void> {
    return this.run('clear the autosave', async (db) => {
      await inTransaction(db, [FILES], async (tx) => {
        tx.objectStore(FILES).delete(AUTOSAVE_KEY);
        tx.objectStore(FILES).delete(AUTOSAVE_META_KEY);
      });
    });
  }

  /** Closes the connection (tests; a page keeps it open). */
  async close(): Promise<void> {
    const db = await this.db?.catch(() => null);
    db?.close();
    this.db = null;
  }
}
