/**
 * Speed of a training step with variational decoder weights (full VB, local
 * reparameterization) as a ratio to the point-estimate decoder, per backend, in Node (wasm and
 * cpu; the GPU backends need a browser). Both models are timed in alternation (A-B-A-B) so
 * that a busy machine slows both alike; the ratio is the median variational step time over
 * the median point step time. Prints a table; never asserts speed.
 *
 *   npx tsx scripts/bench-bayes.ts [--backends wasm,cpu] [--steps 30] [--hidden 512] [--batch 128]
 */
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { DEFAULT_CONFIG, type Config } from '../src/core/config';
import { Trainer } from '../src/core/trainer';

const { values: args } = parseArgs({
  options: {
    backends: { type: 'string', default: 'wasm,cpu' },
    steps: { type: 'string', default: '30' },
    hidden: { type: 'string', default: '512' },
    batch: { type: 'string', default: '128' },
  },
});
const steps = Number(args.steps);
const config: Config = { ...DEFAULT_CONFIG, latentDim: 20, hidden: [Number(args.hidden)], batchSize: Number(args.batch) };

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** One step, waited for (its statistics read back), in ms. */
async function timedStep(trainer: Trainer, x: tf.Tensor2D): Promise<number> {
  const t0 = performance.now();
  const stats = trainer.trainStep(x);
  await stats.data();
  stats.dispose();
  return performance.now() - t0;
}

const rows: { backend: string; pointMs: number; variationalMs: number; ratio: number }[] = [];
for (const backend of args.backends!.split(',')) {
  if (!(await tf.setBackend(backend)) || tf.getBackend() !== backend) {
    console.log(`${backend}: not available here, skipped`);
    continue;
  }
  await tf.ready();
  const point = new Trainer({ ...config, decoderWeights: 'point' });
  const vb = new Trainer({ ...config, decoderWeights: 'variational' });
  const x = tf.tidy(() => tf.cast(tf.less(tf.randomUniform([config.batchSize, 784], 0, 1, 'float32', 1), 0.2), 'float32')) as tf.Tensor2D;
  // Warm-up: the optimizers' slots and the kernels.
  for (let i = 0; i < 3; i++) {
    await timedStep(point, x);
    await timedStep(vb, x);
  }
  const p: number[] = [];
  const v: number[] = [];
  for (let i = 0; i < steps; i++) {
    p.push(await timedStep(point, x));
    v.push(await timedStep(vb, x));
  }
  const row = { backend, pointMs: median(p), variationalMs: median(v), ratio: median(v) / median(p) };
  rows.push(row);
  console.log(`${backend}: point ${row.pointMs.toFixed(1)} ms/step, variational ${row.variationalMs.toFixed(1)} ms/step, ratio ${row.ratio.toFixed(2)}×`);
  point.dispose();
  vb.dispose();
  x.dispose();
}
console.table(rows.map((r) => ({ ...r, pointMs: +r.pointMs.toFixed(1), variationalMs: +r.variationalMs.toFixed(1), ratio: +r.ratio.toFixed(2) })));
