import { TEST_IMAGES, TRAIN_IMAGES } from '../shared/datasets';
import { parseIdx, IdxFormatError, type IdxArray } from './idx';

/** The four assets of a data set written by scripts/build-data.mjs, with the shapes they must have. */
export function datasetAssets(name: 'mnist' | 'fashion') {
  return {
    trainImages: { file: `${name}-train-images.idx.gz`, dims: [TRAIN_IMAGES, 28, 28] },
    trainLabels: { file: `${name}-train-labels.idx.gz`, dims: [TRAIN_IMAGES] },
    testImages: { file: `${name}-test-images.idx.gz`, dims: [TEST_IMAGES, 28, 28] },
    testLabels: { file: `${name}-test-labels.idx.gz`, dims: [TEST_IMAGES] },
  } as const;
}

export const MNIST_ASSETS = datasetAssets('mnist');

export type AssetKey = keyof typeof MNIST_ASSETS;

/** Names of the ten classes, for legends. */
export const CLASS_NAMES: Record<'mnist' | 'fashion', readonly string[]> = {
  mnist: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  fashion: ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'],
};

export interface Dataset {
  /** Train images as bytes 0..255, row-major, 784 per image. */
  trainImages: Uint8Array;
  trainLabels: Uint8Array;
  testImages: Uint8Array;
  testLabels: Uint8Array;
  nTrain: number;
  nTest: number;
}

export interface LoadProgress {
  /** Compressed bytes received so far, over all assets. */
  loaded: number;
  /** Compressed bytes expected (sum of Content-Length where the server sent it). */
  total: number;
  /** The asset being fetched. */
  file: string;
}

export class DataLoadError extends Error {
  override name = 'DataLoadError';
}

type FetchLike = (url: string) => Promise<Response>;

const GZIP_MAGIC = [0x1f, 0x8b];

async function readAll(res: Response, onBytes: (n: number) => void): Promise<Uint8Array> {
  if (!res.body) return new Uint8Array(await res.arrayBuffer());
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.length;
    onBytes(value.length);
  }
  const out = new Uint8Array(size);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

/** gunzip with the platform's DecompressionStream (browsers, workers and Node ≥ 18). */
export async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * Fetches one asset, decompresses it (unless the server already removed the gzip layer),
 * parses it and checks its shape against what MNIST must be.
 */
async function loadAsset(
  baseUrl: string,
  asset: { file: string; dims: readonly number[] },
  fetchFn: FetchLike,
  onBytes: (n: number) => void,
): Promise<IdxArray> {
  const { file, dims } = asset;
  const url = baseUrl + file;
  let res: Response;
  try {
    res = await fetchFn(url);
  } catch (e) {
    throw new DataLoadError(`Could not fetch ${file}: ${(e as Error).message}`);
  }
  if (!res.ok) {
    throw new DataLoadError(
      `Data file ${file} is missing (HTTP ${res.status}). Run "npm install" or "npm run build", which generate public/data/.`,
    );
  }
  let bytes = await readAll(res, onBytes);
  if (bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1]) {
    try {
      bytes = await gunzip(bytes);
    } catch (e) {
      throw new DataLoadError(`Data file ${file} is corrupt: gzip decoding failed (${(e as Error).message})`);
    }
  }
  let idx: IdxArray;
  try {
    idx = parseIdx(bytes, file);
  } catch (e) {
    if (e instanceof IdxFormatError) throw new DataLoadError(`Data file is corrupt: ${e.message}`);
    throw e;
  }
  if (idx.dims.length !== dims.length || idx.dims.some((d, i) => d !== dims[i])) {
    throw new DataLoadError(`Data file ${file} has shape ${idx.dims.join('×')}, expected ${dims.join('×')}`);
  }
  return idx;
}

/** Loads all of MNIST, reporting progress in compressed bytes. */
export function loadMnist(
  baseUrl: string,
  onProgress: (p: LoadProgress) => void = () => {},
  fetchFn: FetchLike = (u) => fetch(u),
  expectedTotal = 0,
): Promise<Dataset> {
  return loadDataset('mnist', baseUrl, onProgress, fetchFn, expectedTotal);
}

/** Loads a whole data set (MNIST or Fashion-MNIST), reporting progress in compressed bytes. */
export async function loadDataset(
  name: 'mnist' | 'fashion',
  baseUrl: string,
  onProgress: (p: LoadProgress) => void = () => {},
  fetchFn: FetchLike = (u) => fetch(u),
  expectedTotal = 0,
): Promise<Dataset> {
  let loaded = 0;
  const assets = datasetAssets(name);
  const keys = Object.keys(assets) as AssetKey[];
  const out: Partial<Record<AssetKey, Uint8Array>> = {};
  for (const key of keys) {
    const file = assets[key].file;
    const idx = await loadAsset(baseUrl, assets[key], fetchFn, (n) => {
      loaded += n;
      onProgress({ loaded, total: Math.max(expectedTotal, loaded), file });
    });
    out[key] = idx.data;
  }
  onProgress({ loaded, total: loaded, file: '' });
  return {
    trainImages: out.trainImages!,
    trainLabels: out.trainLabels!,
    testImages: out.testImages!,
    testLabels: out.testLabels!,
    nTrain: assets.trainImages.dims[0],
    nTest: assets.testImages.dims[0],
  };
}
