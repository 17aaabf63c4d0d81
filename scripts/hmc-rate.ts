/**
 * HMC leapfrog steps per second at J = 2, 20 and 50 in Node (the benchmark page measures the
 * browser's backends): npx tsx scripts/hmc-rate.ts [--backend wasm|cpu] [--chains 4]
 */
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { measureHmcRate } from '../src/bench/hmcRate';

const { values: args } = parseArgs({ options: { backend: { type: 'string', default: 'wasm' }, chains: { type: 'string', default: '4' } } });
await tf.setBackend(args.backend!);
await tf.ready();
console.log(`backend ${tf.getBackend()}, ${args.chains} chains, 10 leapfrog steps per transition`);
for (const J of [2, 20, 50]) {
  const r = await measureHmcRate(J, { chains: Number(args.chains), transitions: 20 });
  console.log(`J = ${J}: ${r.leapfrogPerSec.toFixed(0)} leapfrog steps/s, ${r.samplesPerSec.toFixed(1)} samples/s (${r.ms.toFixed(0)} ms)`);
}
