/**
 * Speed of a training step with variational decoder weights (full VB, local
 * reparameterization) as a ratio to the point-estimate decoder, per backend, in Node (wasm and
 * cpu; the GPU backends need a browser: `npm run bench` measures every backend on the bench
 * page). The measurement is src/bench/bayesRate.ts (A-B-A-B steps, medians). Prints a table;
 * never asserts speed.
 *
 *   npx tsx scripts/bench-bayes.ts [--backends wasm,cpu] [--steps 30] [--hidden 512] [--batch 128] [--latent 20]
 */
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { DEFAULT_CONFIG, type Config } from '../src/core/config';
import { measureBayesRate, type BayesRate } from '../src/bench/bayesRate';

const { values: args } = parseArgs({
  options: {
    backends: { type: 'string', default: 'wasm,cpu' },
    steps: { type: 'string', default: '30' },
    hidden: { type: 'string', default: '512' },
    batch: { type: 'string', default: '128' },
    latent: { type: 'string', default: '20' },
  },
});
const config: Config = { ...DEFAULT_CONFIG, latentDim: Number(args.latent), hidden: [Number(args.hidden)], batchSize: Number(args.batch) };

const rows: (BayesRate & { backend: string })[] = [];
for (const backend of args.backends!.split(',')) {
  if (!(await tf.setBackend(backend)) || tf.getBackend() !== backend) {
    console.log(`${backend}: not available here, skipped`);
    continue;
  }
  await tf.ready();
  const row = { backend, ...(await measureBayesRate(config, Number(args.steps))) };
  rows.push(row);
  console.log(`${backend}: point ${row.pointMs.toFixed(1)} ms/step, variational ${row.variationalMs.toFixed(1)} ms/step, ratio ${row.ratio.toFixed(2)}×`);
}
console.table(rows.map((r) => ({ backend: r.backend, pointMs: +r.pointMs.toFixed(1), variationalMs: +r.variationalMs.toFixed(1), ratio: +r.ratio.toFixed(2) })));
