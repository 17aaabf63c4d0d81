import { mulberry32, permutation } from '../shared/rng';

export const PIXELS = 784;

/**
 * Draws minibatches without replacement within an epoch, from a seeded permutation that is
 * renewed each epoch. Returns intensities in [0,1], M rows of 784.
 */
export class BatchSampler {
  private readonly images: Uint8Array;
  private readonly n: number;
  private readonly random: () => number;
  private order: Uint32Array;
  private cursor = 0;
  /** Completed passes over the data. */
  epoch = 0;

  constructor(images: Uint8Array, seed: number) {
    if (images.length % PIXELS !== 0) throw new Error(`image buffer length ${images.length} is not a multiple of ${PIXELS}`);
    this.images = images;
    this.n = images.length / PIXELS;
    if (this.n === 0) throw new Error('no images to sample from');
    this.random = mulberry32(seed);
    this.order = permutation(this.n, this.random);
  }

  get size(): number {
    return this.n;
  }

  /**
   * Indices of the next M images, in the order next() would return them: the same stream,
   * so a sampler that gathers the images elsewhere (on the device) draws the same batches.
   */
  nextIndices(m: number): Uint32Array {
    const indices = new Uint32Array(m);
    for (let r = 0; r < m; r++) {
      if (this.cursor >= this.n) {
        this.order = permutation(this.n, this.random);
        this.cursor = 0;
        this.epoch++;
      }
      indices[r] = this.order[this.cursor++]!;
    }
    return indices;
  }

  /** Next M images as float intensities, and their indices. */
  next(m: number): { pixels: Float32Array; indices: Uint32Array } {
    const indices = this.nextIndices(m);
    const pixels = new Float32Array(m * PIXELS);
    for (let r = 0; r < m; r++) {
      const src = indices[r]! * PIXELS;
      const dst = r * PIXELS;
      for (let i = 0; i < PIXELS; i++) pixels[dst + i] = this.images[src + i]! / 255;
    }
    return { pixels, indices };
  }
}
