/**
 * The latent-space views' work in the worker: each view refresh is one batched pass through
 * the model (the manifold grid's n² codes, the test map's encodings, the prior samples, the
 * interpolation path; the grid and the map in chunks with a pause between them where the
 * source asks for one), tiled into one picture on the device, and read back once with the
 * asynchronous data(). Every function returns how long it took (after the device has finished
 * the training work queued before it), so the page can keep the views' share of the worker's
 * time bounded.
 */
import * as tf from '../core/tf';
import {
  GRID_N_MAX,
  GRID_N_MIN,
  gridLatentOffsets,
  principalAxes,
  project,
  projectedCovariance,
  SLERP_MIN_ANGLE,
  tileLayout,
} from '../core/latent';
import { IMAGE_SIDE, IMAGE_SIZE, type VAE } from '../core/model';
import type {
  GridRequest,
  GridResult,
  InterpolationRequest,
  InterpolationResult,
  MapRequest,
  MapResult,
  PriorRequest,
  PriorResult,
  TestDigitResult,
} from '../protocol/types';

/** What the views read: the current model and the test set. */
export interface LatentViewSource {
  model: VAE;
  /** Test images as the encoder sees them in evaluation (fixed binarization, or intensities), 784 each. */
  testInputs: Float32Array;
  /** Test images as bytes 0…255, for display. */
  testImages: Uint8Array;
  testLabels: Uint8Array;
  nTest: number;
  /** Training step of the model (reported with each picture). */
  step: number;
  /**
   * Called between chunks of a view's work, when given, once the device has finished the
   * chunk before. The worker passes a hook that answers what the page sent meanwhile and lets
   * an encoding of a drawing go first: it then waits for one chunk at most, not for the whole
   * view (on wasm and cpu kernels run as they are called and hold the worker; on WebGL and
   * WebGPU they queue on the device ahead of it). The time spent in the hook is not the
   * view's own and is left out of its `ms`.
   */
  between?: () => Promise<void>;
}

/** Test images encoded per tidy when building the map: bounds the memory of one pass. */
export const MAP_ENCODE_CHUNK = 2500;
/**
 * Images encoded or decoded per chunk when the source has a `between` hook, the longest a
 * drawing's encoding waits for a view: about 0.08 GFLOP for the default network, 3 ms on wasm
 * here, 50–150 ms on software WebGL. One fixed size: on WebGL every new shape compiles new
 * shaders.
 */
export const VIEW_CHUNK = 100;
/** Most prior samples per request, and most points on an interpolation path. */
export const PRIOR_COUNT_LIMIT = 400;
export const PATH_STEPS_LIMIT = 32;

const now = () => performance.now();

/**
 * Waits until the device has done the work queued before this request (training steps already
 * submitted; a readback of a weight they update waits for them), so that the time measured
 * next is this request's own and not the training's. Training goes on meanwhile. Given a
 * tensor instead, waits until it is computed.
 */
async function settle(of: VAE | tf.Tensor): Promise<void> {
  const probe = tf.tidy(() => tf.sum(of instanceof tf.Tensor ? tf.slice(tf.reshape(of, [-1]), 0, 1) : of.decoderHead.b));
  try {
    await probe.data();
  } finally {
    probe.dispose();
  }
}

/**
 * Runs `pass` over rows [0, n) in chunks of `chunk` (of VIEW_CHUNK when the source has a
 * `between` hook, called between chunks). Returns the chunks' results, for the caller to
 * concatenate and dispose, and the ms spent in the hook; on an error nothing is kept.
 */
async function inChunks(
  src: LatentViewSource,
  n: number,
  chunk: number,
  pass: (first: number, m: number) => tf.Tensor2D,
): Promise<{ parts: tf.Tensor2D[]; hookMs: number }> {
  const size = src.between ? Math.min(chunk, VIEW_CHUNK) : chunk;
  const parts: tf.Tensor2D[] = [];
  let hookMs = 0;
  try {
    for (let first = 0; first < n; first += size) {
      if (first > 0 && src.between) {
        await settle(parts[parts.length - 1]!);
        const t = now();
        await src.between();
        hookMs += now() - t;
      }
      parts.push(pass(first, Math.min(size, n - first)));
    }
  } catch (e) {
    tf.dispose(parts);
    throw e;
  }
  return { parts, hookMs };
}

/** The parts joined along the first axis (the parts are disposed, or returned when only one). */
function joined(parts: tf.Tensor2D[]): tf.Tensor2D {
  if (parts.length === 1) return parts[0]!;
  const all = tf.concat(parts, 0);
  tf.dispose(parts);
  return all;
}

function checkIndex(src: LatentViewSource, i: number, what: string): void {
  if (!Number.isInteger(i) || i < 0 || i >= src.nTest) {
    throw new RangeError(`${what} must be a test image index in 0…${src.nTest - 1}, got ${i}`);
  }
}

function checkInt(v: number, lo: number, hi: number, what: string): void {
  if (!Number.isInteger(v) || v < lo || v > hi) throw new RangeError(`${what} must be a whole number in ${lo}…${hi}, got ${v}`);
}

/** Test images [first, first + n) as the encoder's input, [n, 784]. */
function testInputs(src: LatentViewSource, first: number, n: number): tf.Tensor2D {
  return tf.tensor2d(src.testInputs.subarray(first * IMAGE_SIZE, (first + n) * IMAGE_SIZE), [n, IMAGE_SIZE]);
}

/** Test image i as intensities in [0, 1], [1, 784], for display. */
function testPicture(src: LatentViewSource, i: number): tf.Tensor2D {
  return tf.div(tf.tensor2d(src.testImages.subarray(i * IMAGE_SIZE, (i + 1) * IMAGE_SIZE), [1, IMAGE_SIZE], 'int32'), 255);
}

/**
 * The decoder's mean image for each code, clipped to [0, 1]: Bernoulli probabilities σ(logits),
 * or the Gaussian means (which the clip keeps displayable).
 */
function decodedPictures(model: VAE, z: tf.Tensor2D): tf.Tensor2D {
  return tf.clipByValue(model.decodeMean(z), 0, 1);
}

/**
 * Lays [rows·cols, 784] images out as one [28·rows, 28·cols] picture, tile (r, c) = image
 * r·cols + c: reshape to [rows, cols, 28, 28], swap the middle axes, and flatten.
 */
export function tileImages(pixels: tf.Tensor2D, rows: number, cols: number): tf.Tensor2D {
  return tf.tidy(() => {
    const t = tf.reshape(pixels, [rows, cols, IMAGE_SIDE, IMAGE_SIDE]);
    return tf.reshape(tf.transpose(t, [0, 2, 1, 3]), [rows * IMAGE_SIDE, cols * IMAGE_SIDE]);
  });
}

/** A picture in [0, 1] scaled to 0…255, ready to read back as bytes. */
function toByteScale(picture: tf.Tensor2D): tf.Tensor2D {
  return tf.mul(picture, 255);
}

/** Reads a picture scaled to 0…255 back (one asynchronous readback) and disposes it. */
async function readBytes(picture: tf.Tensor): Promise<Uint8ClampedArray> {
  try {
    // The clamped array rounds and clamps each value to 0…255.
    return new Uint8ClampedArray(await picture.data());
  } finally {
    picture.dispose();
  }
}

/**
 * The manifold grid (the paper's Fig. 4): codes whose swept dimensions run over
 * Φ⁻¹((i + ½)/n) and whose other dimensions are 0 or the μ of a selected test digit,
 * z = base ⊙ (1 − mask) + offsets, decoded as one batch of n² images.
 */
export async function decodeGrid(src: LatentViewSource, req: GridRequest): Promise<GridResult> {
  const J = src.model.latentDim;
  checkInt(req.n, GRID_N_MIN, GRID_N_MAX, 'grid size n');
  const dimY = J === 1 ? -1 : req.dimY;
  const { offsets, mask, rows, cols, coords } = gridLatentOffsets(req.n, J, req.dimX, dimY);
  const held = req.hold === 'selected' && req.selectedIndex !== null && J > 2 ? 'selected' : 'zero';
  if (held === 'selected') checkIndex(src, req.selectedIndex!, 'the selected digit');
  await settle(src.model);
  const t0 = now();
  const z = tf.tidy(() => {
    const offset: tf.Tensor2D = tf.tensor2d(offsets, [rows * cols, J]);
    if (held !== 'selected') return offset;
    const { mu } = src.model.encode(testInputs(src, req.selectedIndex!, 1));
    return tf.add(offset, tf.mul(mu, tf.sub(1, tf.tensor1d(mask)))) as tf.Tensor2D;
  });
  let decoded;
  try {
    decoded = await inChunks(src, rows * cols, rows * cols, (first, m) =>
      tf.tidy(() => decodedPictures(src.model, tf.slice(z, [first, 0], [m, J]))),
    );
  } finally {
    z.dispose();
  }
  const pictures = joined(decoded.parts);
  const picture = tf.tidy(() => toByteScale(tileImages(pictures, rows, cols)));
  pictures.dispose();
  const image = await readBytes(picture);
  return {
    image,
    width: cols * IMAGE_SIDE,
    height: rows * IMAGE_SIDE,
    ms: now() - t0 - decoded.hookMs,
    step: src.step,
    rows,
    cols,
    coords,
    dimX: req.dimX,
    dimY,
    held,
  };
}

/**
 * The posterior means μ(x) of the first `count` test images, projected to two axes: two chosen
 * latent dimensions, or the two leading principal axes of the μ's (eigenvectors of their
 * J × J covariance, computed on the device and decomposed in core/latent). Also the projected
 * covariance of q(z|x) per image, for σ ellipses. For J = 1 the vertical axis is the label.
 */
export async function encodeTestMap(src: LatentViewSource, req: MapRequest): Promise<MapResult> {
  const J = src.model.latentDim;
  const n = req.count;
  checkInt(n, 2, src.nTest, 'the number of test digits');
  const pca = req.projection === 'pca' && J > 1;
  if (!pca && J > 1) {
    checkInt(req.dimX, 0, J - 1, 'the horizontal dimension');
    checkInt(req.dimY, 0, J - 1, 'the vertical dimension');
  }
  await settle(src.model);
  const t0 = now();
  const encoded = await inChunks(src, n, MAP_ENCODE_CHUNK, (first, m) =>
    tf.tidy(() => {
      const { mu, logVar } = src.model.encode(testInputs(src, first, m));
      return tf.concat([mu, tf.exp(logVar)], 1) as tf.Tensor2D;
    }),
  );
  const both = joined(encoded.parts);
  // Covariance of the μ's, (1/(n−1)) Σ (μ − m̄)(μ − m̄)ᵀ: one matMul on the device.
  const covariance = pca
    ? tf.tidy(() => {
        const mu = tf.slice(both, [0, 0], [n, J]);
        const centred = tf.sub(mu, tf.mean(mu, 0));
        return tf.div(tf.matMul(centred, centred, true, false), n - 1);
      })
    : null;
  let values: Float32Array;
  let cov: Float32Array | null = null;
  try {
    [values, cov] = await Promise.all([
      both.data() as Promise<Float32Array>,
      covariance ? (covariance.data() as Promise<Float32Array>) : Promise.resolve(null),
    ]);
  } finally {
    both.dispose();
    covariance?.dispose();
  }
  const mu = new Float32Array(n * J);
  const variance = new Float32Array(n * J);
  for (let i = 0; i < n; i++) {
    mu.set(values.subarray(i * 2 * J, i * 2 * J + J), i * J);
    variance.set(values.subarray(i * 2 * J + J, (i + 1) * 2 * J), i * J);
  }
  const labels = src.testLabels.slice(0, n);
  let points: Float32Array;
  let projected: Float32Array;
  let explained: [number, number] | null = null;
  let xLabel: string;
  let yLabel: string;
  let axesOut = new Float32Array(0);
  if (J === 1) {
    points = new Float32Array(n * 2);
    projected = new Float32Array(n * 3);
    for (let i = 0; i < n; i++) {
      points[i * 2] = mu[i]!;
      points[i * 2 + 1] = labels[i]!;
      projected[i * 3] = variance[i]!;
    }
    xLabel = 'z1';
    yLabel = 'digit label';
  } else {
    let axes: Float64Array;
    if (pca) {
      const p = principalAxes(cov!, J, 2);
      axes = p.components;
      const total = p.totalVariance > 0 ? p.totalVariance : 1;
      explained = [p.variances[0]! / total, p.variances[1]! / total];
      xLabel = 'PC1';
      yLabel = 'PC2';
    } else {
      axes = new Float64Array(2 * J);
      axes[req.dimX] = 1;
      axes[J + req.dimY] = 1;
      xLabel = `z${req.dimX + 1}`;
      yLabel = `z${req.dimY + 1}`;
    }
    points = project(mu, n, J, axes, 2);
    projected = projectedCovariance(variance, n, J, axes);
    axesOut = Float32Array.from(axes);
  }
  return { count: n, points, cov: projected, axes: axesOut, labels, xLabel, yLabel, explained, yIsLabel: J === 1, ms: now() - t0 - encoded.hookMs, step: src.step };
}

/** Decoder means of `count` codes z ~ N(0, I) drawn with a seed, tiled in a square-ish grid. */
export async function samplePrior(src: LatentViewSource, req: PriorRequest): Promise<PriorResult> {
  checkInt(req.count, 1, PRIOR_COUNT_LIMIT, 'the number of prior samples');
  if (!Number.isFinite(req.seed)) throw new RangeError(`the prior seed must be a number, got ${req.seed}`);
  const { cols, rows } = tileLayout(req.count);
  await settle(src.model);
  const t0 = now();
  const picture = tf.tidy(() => {
    const z = tf.randomNormal<tf.Rank.R2>([req.count, src.model.latentDim], 0, 1, 'float32', req.seed);
    const pics = decodedPictures(src.model, z);
    const padded = rows * cols > req.count ? tf.pad(pics, [[0, rows * cols - req.count], [0, 0]]) : pics;
    return toByteScale(tileImages(padded, rows, cols));
  });
  const image = await readBytes(picture);
  return { image, width: cols * IMAGE_SIDE, height: rows * IMAGE_SIDE, ms: now() - t0, step: src.step, count: req.count, rows, cols };
}

/**
 * The interpolation path on the device, `steps` codes from a to b ([1, J] each) at
 * t = i/(steps − 1): the formulas of core/latent's lerp and slerp,
 *   (1 − t) a + t b,  or  sin((1 − t)Ω)/sin Ω · a + sin(tΩ)/sin Ω · b with cos Ω = â · b̂,
 * falling back to the line where slerp does (a or b zero, or Ω or sin Ω below SLERP_MIN_ANGLE).
 * On the device, so that a view needs no readback between encoding and decoding.
 */
export function interpolationPathOnDevice(a: tf.Tensor2D, b: tf.Tensor2D, steps: number, spherical: boolean): tf.Tensor2D {
  return tf.tidy(() => {
    const t = tf.reshape(tf.linspace(0, 1, steps), [steps, 1]);
    const line = tf.add(tf.mul(tf.sub(1, t), a), tf.mul(t, b)) as tf.Tensor2D;
    if (!spherical) return line;
    const normProduct = tf.mul(tf.norm(a), tf.norm(b));
    const cos = tf.clipByValue(tf.div(tf.sum(tf.mul(a, b)), normProduct), -1, 1);
    const omega = tf.acos(cos);
    const sin = tf.sin(omega);
    const wa = tf.div(tf.sin(tf.mul(tf.sub(1, t), omega)), sin);
    const wb = tf.div(tf.sin(tf.mul(t, omega)), sin);
    const arc = tf.add(tf.mul(wa, a), tf.mul(wb, b));
    const useLine = tf.logicalOr(tf.logicalOr(tf.equal(normProduct, 0), tf.less(omega, SLERP_MIN_ANGLE)), tf.less(sin, SLERP_MIN_ANGLE));
    return tf.where(tf.broadcastTo(useLine, line.shape), line, arc) as tf.Tensor2D;
  });
}

/**
 * A strip from test digit `from` to test digit `to`: the digits themselves at both ends and,
 * between them, the decoder's means along the straight line (or the great circle, slerp)
 * from μ(from) to μ(to), endpoints included. One pass on the device, one readback.
 */
export async function interpolate(src: LatentViewSource, req: InterpolationRequest): Promise<InterpolationResult> {
  checkIndex(src, req.from, 'the start digit');
  checkIndex(src, req.to, 'the end digit');
  checkInt(req.steps, 2, PATH_STEPS_LIMIT, 'the number of steps');
  await settle(src.model);
  const t0 = now();
  const picture = tf.tidy(() => {
    const { mu } = src.model.encode(tf.concat([testInputs(src, req.from, 1), testInputs(src, req.to, 1)], 0));
    const [a, b] = tf.split(mu, 2, 0) as [tf.Tensor2D, tf.Tensor2D];
    const decoded = decodedPictures(src.model, interpolationPathOnDevice(a, b, req.steps, req.spherical));
    return toByteScale(tileImages(tf.concat([testPicture(src, req.from), decoded, testPicture(src, req.to)], 0), 1, req.steps + 2));
  });
  const image = await readBytes(picture);
  return { image, width: (req.steps + 2) * IMAGE_SIDE, height: IMAGE_SIDE, ms: now() - t0, step: src.step, steps: req.steps };
}

/** Test digit i beside its reconstruction (the decoder's mean at z = μ), with q(z|x)'s μ and σ. */
export async function getTestDigit(src: LatentViewSource, index: number): Promise<TestDigitResult> {
  checkIndex(src, index, 'the digit');
  await settle(src.model);
  const t0 = now();
  const [picture, q] = tf.tidy(() => {
    const { mu, logVar } = src.model.encode(testInputs(src, index, 1));
    const pair = tf.concat([testPicture(src, index), decodedPictures(src.model, mu)], 0);
    return [toByteScale(tileImages(pair, 1, 2)), tf.concat([mu, tf.exp(tf.mul(0.5, logVar))], 1)];
  });
  let pixels: Float32Array;
  let stats: Float32Array;
  try {
    [pixels, stats] = (await Promise.all([picture.data(), q.data()])) as [Float32Array, Float32Array];
  } finally {
    tf.dispose([picture, q]);
  }
  const image = new Uint8ClampedArray(pixels);
  const J = src.model.latentDim;
  return {
    image,
    width: 2 * IMAGE_SIDE,
    height: IMAGE_SIDE,
    ms: now() - t0,
    step: src.step,
    index,
    label: src.testLabels[index]!,
    mu: Array.from(stats.subarray(0, J)),
    sigma: Array.from(stats.subarray(J, 2 * J)),
  };
}
