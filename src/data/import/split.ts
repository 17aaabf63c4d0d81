import { mulberry32, permutation } from '../../shared/rng';
import { ImportError } from './types';

/** The default share of the images kept for the test set. */
export const DEFAULT_TEST_SHARE = 0.1;

/**
 * A seeded train/test split of n images: a Fisher–Yates permutation with mulberry32(seed), the
 * first nTest = max(1, round(n · testShare)) indices for test, the rest for training; each part
 * in ascending order. The same (n, share, seed) gives the same split; the parts are disjoint and
 * cover 0..n−1.
 */
export function splitIndices(n: number, testShare = DEFAULT_TEST_SHARE, seed = 1): { train: Uint32Array; test: Uint32Array } {
  if (n < 2) throw new ImportError(`a data set needs at least 2 images (one to train on, one to test), not ${n}`);
  if (!(testShare > 0 && testShare < 1)) throw new ImportError(`the test share must be between 0 and 1, not ${testShare}`);
  const nTest = Math.min(n - 1, Math.max(1, Math.round(n * testShare)));
  const p = permutation(n, mulberry32(seed));
  return { test: p.slice(0, nTest).sort(), train: p.slice(nTest).sort() };
}
