/**
 * The user's own data sets in the browser's IndexedDB (a database of their own, so that the
 * saved runs' database keeps its version). Two object stores keyed by the content hash:
 * `sets` holds a small record per data set (listed without reading megabytes), `arrays` the
 * images and labels. Every failure (quota, private browsing, blocked storage) becomes a
 * DatasetStorageError with a message for people; the data set in use is never touched by it.
 */
import type { UserDataset } from '../data/import/prepare';

export const DATASET_DB = 'vae-playground-datasets';
const VERSION = 1;
const SETS = 'sets';
const ARRAYS = 'arrays';

export interface SavedDatasetMeta {
  hash: string;
  name: string;
  n: number;
  classNames: string[];
  testShare: number;
  seed: number;
  savedAt: string;
  /** Bytes held: images and labels. */
  bytes: number;
}

export class DatasetStorageError extends Error {
  override name = 'DatasetStorageError';
}

/** A message for people for an IndexedDB failure while doing `what`. */
export function datasetStorageProblem(e: unknown, what: string): string {
  const name = (e as { name?: string } | null)?.name ?? '';
  if (name === 'QuotaExceededError') {
    return `Could not ${what}: the browser's storage for this site is full. Delete saved data sets or runs and try again; the data set in use stays.`;
  }
  if (['SecurityError', 'InvalidStateError', 'NotAllowedError', 'UnavailableError'].includes(name)) {
    return `Could not ${what}: browser storage is not available here (private browsing, or storage blocked for this site). The data set can still be trained on until the page is closed.`;
  }
  if (name === 'NotFoundError') return `Could not ${what}: it is no longer in browser storage.`;
  return `Could not ${what}: browser storage failed (${name ? `${name}: ` : ''}${(e as Error)?.message ?? String(e)}).`;
}

function promised<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('request failed'));
  });
}

/** Runs `body` in one read-write transaction and waits for the commit (a quota error may come only then). */
function transaction(db: IDBDatabase, body: (tx: IDBTransaction) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const tx = db.transaction([SETS, ARRAYS], 'readwrite');
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error ?? new DOMException('transaction aborted', 'AbortError'));
    tx.onerror = () => reject(tx.error ?? new Error('transaction failed'));
    try {
      body(tx);
    } catch (e) {
      try {
        tx.abort();
      } catch {
        // already finished
      }
      reject(e);
    }
  });
}

export class DatasetStore {
  private db: Promise<IDBDatabase> | null = null;

  constructor(private readonly factory: () => IDBFactory | undefined = () => globalThis.indexedDB) {}

  private open(): Promise<IDBDatabase> {
    this.db ??= new Promise<IDBDatabase>((resolve, reject) => {
      const f = this.factory();
      if (!f) return reject(new DOMException('IndexedDB is missing', 'UnavailableError'));
      const req = f.open(DATASET_DB, VERSION);
      req.onupgradeneeded = () => {
        const db = req.result;
        if (!db.objectStoreNames.contains(SETS)) db.createObjectStore(SETS, { keyPath: 'hash' });
        if (!db.objectStoreNames.contains(ARRAYS)) db.createObjectStore(ARRAYS);
      };
      req.onsuccess = () => {
        const db = req.result;
        db.onversionchange = () => {
          db.close();
          this.db = null;
        };
        resolve(db);
      };
      req.onerror = () => reject(req.error ?? new Error('open failed'));
      req.onblocked = () => reject(new DOMException('blocked by another tab', 'BlockedError'));
    }).catch((e: unknown) => {
      this.db = null;
      throw e;
    });
    return this.db;
  }

  private async run<T>(what: string, body: (db: IDBDatabase) => Promise<T>): Promise<T> {
    try {
      return await body(await this.open());
    } catch (e) {
      throw new DatasetStorageError(datasetStorageProblem(e, what));
    }
  }

  /** The saved data sets, newest first. */
  list(): Promise<SavedDatasetMeta[]> {
    return this.run('list the saved data sets', async (db) => {
      const all = await promised(db.transaction(SETS).objectStore(SETS).getAll() as IDBRequest<SavedDatasetMeta[]>);
      return all.sort((a, b) => b.savedAt.localeCompare(a.savedAt));
    });
  }

  /** Keeps a data set (the same content is kept once, under its hash); returns its record. */
  save(set: UserDataset, savedAt = new Date().toISOString()): Promise<SavedDatasetMeta> {
    return this.run(`save the data set "${set.name}"`, async (db) => {
      const meta: SavedDatasetMeta = {
        hash: set.hash,
        name: set.name,
        n: set.n,
        classNames: set.classNames,
        testShare: set.testShare,
        seed: set.seed,
        savedAt,
        bytes: set.images.byteLength + set.labels.byteLength,
      };
      await transaction(db, (tx) => {
        tx.objectStore(SETS).put(meta);
        tx.objectStore(ARRAYS).put({ images: set.images, labels: set.labels }, set.hash);
      });
      return meta;
    });
  }

  /** A saved data set, whole. */
  read(hash: string): Promise<UserDataset> {
    return this.run('read the saved data set', async (db) => {
      const tx = db.transaction([SETS, ARRAYS]);
      const meta = await promised(tx.objectStore(SETS).get(hash) as IDBRequest<SavedDatasetMeta | undefined>);
      const arrays = await promised(tx.objectStore(ARRAYS).get(hash) as IDBRequest<{ images: Uint8Array; labels: Uint8Array } | undefined>);
      if (!meta || !arrays) throw new DOMException(`no data set ${hash}`, 'NotFoundError');
      return { name: meta.name, hash, n: meta.n, classNames: meta.classNames, testShare: meta.testShare, seed: meta.seed, ...arrays };
    });
  }

  remove(hash: string): Promise<void> {
    return this.run('delete the data set', (db) =>
      transaction(db, (tx) => {
        tx.objectStore(SETS).delete(hash);
        tx.objectStore(ARRAYS).delete(hash);
      }),
    );
  }

  async close(): Promise<void> {
    const db = await this.db?.catch(() => null);
    db?.close();
    this.db = null;
  }
}
