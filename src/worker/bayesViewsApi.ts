/**
 * The Bayesian-decoder panel's views, the same in both workers (the drawing worker answers them
 * on its copy of the model; the training worker only when the drawing worker is off): one z
 * decoded by several decoders drawn from q(θ), the decoder weights' standard deviations, and
 * the manifold grid with the mean decoder and its per-pixel spread. Every tensor is tidied or
 * disposed; the results' buffers are transferred.
 */
import * as Comlink from 'comlink';
import * as tf from '../core/tf';
import { decodersFromQ, meanAndSpread, weightStdSummary } from '../core/bayesViews';
import { gridLatentOffsets } from '../core/latent';
import { IMAGE_SIZE } from '../core/model';
import {
  BAYES_LIMITS,
  type BayesViewsApi,
  type DecoderSamplesRequest,
  type DecoderSamplesResult,
  type SpreadGridRequest,
  type SpreadGridResult,
  type WeightStdResult,
} from '../protocol/bayes';
import { checkInt } from './checks';
import type { DrawSource } from './drawing';

/** What the views read: the model and test set of the pad's source, the prior's α and N (the training set's size). */
export interface BayesViewSource extends DrawSource {
  weightPriorStd: number;
  nTrain: number;
}

/** One z decoded by several decoders drawn from q(θ), and by the mean decoder. */
export async function decoderSamples(s: BayesViewSource, req: DecoderSamplesRequest): Promise<DecoderSamplesResult> {
  const count = checkInt(req?.count, BAYES_LIMITS.samplesMin, BAYES_LIMITS.samplesMax, 'decoder samples');
  const seed = checkInt(req?.seed, 0, 2 ** 31 - 1, 'seed');
  const model = s.model;
  const J = model.latentDim;
  let z: number[];
  let label: number | null = null;
  if (req.source?.kind === 'test') {
    const index = checkInt(req.source.index, 0, s.nTest - 1, 'test index');
    const mu = tf.tidy(() => model.encode(tf.tensor2d(s.testInputs.subarray(index * IMAGE_SIZE, (index + 1) * IMAGE_SIZE), [1, IMAGE_SIZE])).mu);
    z = Array.from(await mu.data());
    mu.dispose();
    label = s.testLabels[index]!;
  } else if (req.source?.kind === 'prior') {
    const zt = tf.randomNormal([J], 0, 1, 'float32', checkInt(req.source.seed, 0, 2 ** 31 - 1, 'z seed'));
    z = Array.from(await zt.data());
    zt.dispose();
  } else {
    throw new Error('source must be { kind: "test", index } or { kind: "prior", seed }');
  }
  const r = await decodersFromQ(model, z, count, seed);
  return { run: s.run, step: s.step, z, count, label, ...r };
}

/** The decoder weights' standard deviations: per-layer figures and the output layer's map. */
export async function weightStds(s: BayesViewSource): Promise<WeightStdResult> {
  const { layers, pixelMap } = await weightStdSummary(s.model);
  const kl = s.model.weightKl(s.weightPriorStd);
  const total = (await kl.data())[0]!;
  kl.dispose();
  return { run: s.run, step: s.step, alpha: s.weightPriorStd, layers, pixelMap, weightKlPerImage: total / s.nTrain };
}

/** The manifold grid over z_1, z_2 (inverse-CDF coordinates) with the mean decoder and its spread. */
export async function spreadGrid(s: BayesViewSource, req: SpreadGridRequest): Promise<SpreadGridResult> {
  const n = checkInt(req?.n, BAYES_LIMITS.gridNMin, BAYES_LIMITS.gridNMax, 'grid size');
  const draws = checkInt(req?.draws, BAYES_LIMITS.drawsMin, BAYES_LIMITS.drawsMax, 'draws of θ');
  const seed = checkInt(req?.seed, 0, 2 ** 31 - 1, 'seed');
  const J = s.model.latentDim;
  const g = gridLatentOffsets(n, J, 0, J > 1 ? 1 : -1);
  const z = tf.tensor2d(g.offsets, [g.rows * g.cols, J]);
  try {
    const r = await meanAndSpread(s.model, z, draws, seed);
    return { run: s.run, step: s.step, rows: g.rows, cols: g.cols, coords: g.coords, draws, ...r };
  } finally {
    z.dispose();
  }
}

/** The views as a worker's API over `source`, taken afresh at each request. */
export function bayesViewRequests(source: () => BayesViewSource): BayesViewsApi {
  return {
    async bayesDecoderSamples(req) {
      const r = await decoderSamples(source(), req);
      return Comlink.transfer(r, [r.samples.buffer, r.mean.buffer, r.spread.buffer]);
    },
    async bayesWeightStds() {
      const r = await weightStds(source());
      return Comlink.transfer(r, [r.pixelMap.buffer]);
    },
    async bayesSpreadGrid(req) {
      const r = await spreadGrid(source(), req);
      return Comlink.transfer(r, [r.mean.buffer, r.spread.buffer]);
    },
  };
}
