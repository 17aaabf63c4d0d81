/// <reference lib="webworker" />
/**
 * Benchmark worker (bench.html only; the app never loads it): measures, on one backend, the
 * matrix-multiply peak, the app's training loop with batches uploaded per step and with the
 * training set resident on the device, a reference loop written the obvious way, and the
 * split of a step into dispatch and waiting; and, in modes of their own, HMC's rate, the
 * variational decoder's cost, wasm's thread counts and an autosave's worker time (one file
 * each). It imports the same core and session code as the app's worker.
 */
import * as tf from '../core/tf';
import { chooseBackend } from '../worker/backend';
import { TrainingSession } from '../worker/session';
import { DEFAULT_CONFIG, type Config } from '../core/config';
import { DeviceBatches, HostBatches, residentBytes, residentImages } from '../core/batches';
import { stepSeed, Trainer } from '../core/trainer';
import { IMAGE_SIZE } from '../core/model';
import { loadDataset, type Dataset } from '../data/load';
import { BatchSampler } from '../data/sampler';
import { mulberry32 } from '../shared/rng';
import { gatherBinarized, binarizeKernel } from '../core/deviceBinarize';
import { binarizeDynamic } from '../core/binarize';
import type { BenchReply, BenchRequest, CheckBench, KernelCheck, TrainBench } from './protocol';
import { flopsPerStep, matmulPeak, median, now, peakSharePct, round, sessionWindow } from './measure';
import { hmcBench } from './hmcBench';
import { bayesBench } from './bayesBench';
import { threadsBench } from './threadsBench';
import { autosaveBench } from './autosaveBench';

const post = (m: BenchReply) => (self as unknown as DedicatedWorkerGlobalScope).postMessage(m);
const log = (message: string) => post({ type: 'log', message });
/**
 * The obvious training loop: plain ops (unfused matMul, add, relu), batches binarized in JS
 * and uploaded each step, tfjs's own matMul gradients, and a blocking read of the loss on
 * every step. Same architecture, loss (Bernoulli decoder, analytic KL, reparameterized z),
 * optimizer and batch size as the app. `run(seconds)` returns samples/s.
 */
function referenceLoop(data: Dataset, c: Config) {
  const rnd = mulberry32(c.seed);
  const sampler = new BatchSampler(data.trainImages, c.seed);
  const sizes = [IMAGE_SIZE, c.hidden[0]!, 2 * c.latentDim, c.latentDim, c.hidden[0]!, IMAGE_SIZE];
  const layer = (i: number, o: number) => {
    const a = 1 / Math.sqrt(i);
    return { w: tf.variable(tf.randomUniform([i, o], -a, a)), b: tf.variable(tf.randomUniform([o], -a, a)) };
  };
  const e1 = layer(sizes[0]!, sizes[1]!);
  const e2 = layer(sizes[1]!, sizes[2]!);
  const d1 = layer(sizes[3]!, sizes[4]!);
  const d2 = layer(sizes[4]!, sizes[5]!);
  const opt = tf.train.adam(c.learningRate);
  const M = c.batchSize;
  const J = c.latentDim;
  const step = (): tf.Scalar => {
    const { pixels } = sampler.next(M);
    for (let i = 0; i < pixels.length; i++) pixels[i] = rnd() < pixels[i]! ? 1 : 0;
    const x = tf.tensor2d(pixels, [M, IMAGE_SIZE]);
    const cost = tf.tidy(() => opt.minimize(() => {
      const h = tf.relu(tf.add(tf.matMul(x, e1.w), e1.b));
      const out = tf.add(tf.matMul(h, e2.w), e2.b);
      const mu = tf.slice(out, [0, 0], [M, J]);
      const logVar = tf.slice(out, [0, J], [M, J]);
      const z = tf.add(mu, tf.mul(tf.exp(tf.mul(0.5, logVar)), tf.randomNormal([M, J])));
      const h2 = tf.relu(tf.add(tf.matMul(z, d1.w), d1.b));
      const logits = tf.add(tf.matMul(h2, d2.w), d2.b);
      const recon = tf.sum(tf.sub(tf.mul(x, logits), tf.softplus(logits)), 1);
      const kl = tf.mul(-0.5, tf.sum(tf.sub(tf.sub(tf.add(1, logVar), tf.square(mu)), tf.exp(logVar)), 1));
      return tf.neg(tf.mean(tf.sub(recon, kl))) as tf.Scalar;
    }, true)!);
    x.dispose();
    return cost;
  };
  // The reference waits for the loss of every step before the next one, as the obvious loop
  // does. An awaited data() rather than dataSync(): tfjs-backend-webgpu 4.22 returns from
  // dataSync() here without waiting for the queue (about 50 "steps" per second on a software
  // adapter that trains 70 samples/s) and a later mapAsync then fails.
  const stepAndWait = async () => {
    const cost = step();
    await cost.data();
    cost.dispose();
  };
  let warm = false;
  return {
    async run(seconds: number): Promise<number> {
      if (!warm) for (let i = 0; i < 3; i++) await stepAndWait();
      warm = true;
      let n = 0;
      const t0 = now();
      while (now() - t0 < seconds * 1000 || n < 2) {
        await stepAndWait();
        n++;
      }
      return (n * M) / ((now() - t0) / 1000);
    },
    dispose() {
      tf.dispose([e1.w, e1.b, e2.w, e2.b, d1.w, d1.b, d2.w, d2.b]);
      opt.dispose();
    },
  };
}

/** Steps issued and then awaited one by one: dispatch (JS issue) vs wait, and tf.time's kernel share. */
async function stepSplit(data: Dataset, c: Config, resident: tf.Tensor2D | null, steps: number) {
  const trainer = new Trainer(c);
  const sampler = new BatchSampler(data.trainImages, c.seed);
  const source = resident ? new DeviceBatches(sampler, resident) : new HostBatches(sampler);
  const issue = () =>
    tf.tidy(() => trainer.trainStep(source.targets(c.batchSize, c.decoder, stepSeed(c.seed, trainer.step, 1))));
  for (let i = 0; i < 3; i++) {
    const s = issue();
    await s.data();
    s.dispose();
  }
  let issueMs = 0;
  let waitMs = 0;
  for (let i = 0; i < steps; i++) {
    const t0 = now();
    const s = issue();
    const t1 = now();
    await s.data();
    issueMs += t1 - t0;
    waitMs += now() - t1;
    s.dispose();
  }
  let kernelMs: number | null = null;
  let wallMs: number | null = null;
  // tf.time needs a synchronous read inside; not on WebGPU (see referenceLoop).
  if (tf.getBackend() !== 'webgpu') try {
    const info = await tf.time(() => {
      const s = issue();
      // tf.time times a synchronous function: the step must finish inside it.
      // eslint-disable-next-line no-restricted-syntax
      s.dataSync();
      s.dispose();
    });
    if (typeof info.kernelMs === 'number') kernelMs = info.kernelMs;
    wallMs = info.wallMs;
  } catch {
    // Some backends cannot time kernels (no timer queries); the split above still holds.
  }
  trainer.dispose();
  const total = (issueMs + waitMs) / steps;
  return {
    steps,
    issueMs: round(issueMs / steps, 1),
    waitMs: round(waitMs / steps, 1),
    totalMs: round(total, 1),
    kernelMs: kernelMs == null ? null : round(kernelMs, 1),
    wallMs: wallMs == null ? null : round(wallMs, 1),
    dispatchShare: round(issueMs / steps / total, 3),
  };
}

async function trainBench(req: BenchRequest): Promise<TrainBench> {
  const info = await chooseBackend(req.backend);
  const backend = tf.getBackend();
  log(`backend ${backend} (${Math.round(info.choiceMs)} ms)`);
  const data = await loadDataset('mnist', req.dataUrl);
  const c: Config = { ...DEFAULT_CONFIG };
  const W = req.windowS;
  let peakBytes = 0;
  const peek = () => (peakBytes = Math.max(peakBytes, tf.memory().numBytes));

  const matmul = await matmulPeak(Math.max(2, W / 2));
  log(`matmul ${matmul.gflops} GFLOP/s`);

  // The app's loop, per batch source. Alternating windows (host, device, host, device) so
  // that a change of the machine's load hits both alike.
  const marksHost: { t: number; samples: number }[] = [];
  const marksDev: { t: number; samples: number }[] = [];
  const mk = (marks: typeof marksHost) => (e: { type: string; points?: { samples: number }[] }) => {
    const last = e.type === 'metrics' ? e.points?.at(-1) : undefined;
    if (last) marks.push({ t: now(), samples: last.samples });
  };
  const host = new TrainingSession(data, c, mk(marksHost));
  // The app's rule, as the session applies it; then this session is made to upload per step.
  const residentByRule = host.keepOnDevice(residentBytes(data.nTrain));
  host.keepOnDevice = () => false;
  // The device-resident variant is measured on every backend, also where the rule says no.
  let device: TrainingSession | null = new TrainingSession(data, c, mk(marksDev));
  device.keepOnDevice = () => true;
  const hostRates: number[] = [];
  const devRates: number[] = [];
  let residentUploadMs: number | null = null;
  const reference = referenceLoop(data, c);
  const refRates: number[] = [];
  const rounds = W >= 6 ? 2 : 1;
  // Windows interleaved (app with uploads, app with the resident set, reference) and
  // repeated, so that a change of the machine's load hits all three alike.
  for (let r = 0; r < rounds; r++) {
    hostRates.push(round(await sessionWindow(host, marksHost, W)));
    peek();
    log(`app, host batches: ${hostRates.at(-1)} samples/s`);
    if (device) {
      try {
        if (r === 0) {
          const t0 = now();
          await device.singleStep(); // uploads the resident set
          residentUploadMs = round(now() - t0, 0);
        }
        devRates.push(round(await sessionWindow(device, marksDev, W)));
        peek();
        log(`app, resident set: ${devRates.at(-1)} samples/s`);
      } catch (e) {
        log(`resident set failed: ${(e as Error).message}`);
        await device.dispose().catch(() => {});
        device = null;
      }
    }
    refRates.push(round(await reference.run(W)));
    peek();
    log(`reference loop: ${refRates.at(-1)} samples/s`);
  }
  reference.dispose();
  const residentNow = device?.residentBytes ?? 0;
  const memory = { numTensors: tf.memory().numTensors, numBytes: tf.memory().numBytes, residentBytes: residentNow, peakNumBytes: peakBytes };
  await host.dispose();
  await device?.dispose();


  const resident = residentByRule ? residentImages(data.trainImages) : null;
  const split = await stepSplit(data, c, resident, backend === 'cpu' ? 3 : 8);
  resident?.dispose();
  log(`split: issue ${split.issueMs} ms, wait ${split.waitMs} ms`);

  const appRate = residentByRule && devRates.length ? median(devRates) : median(hostRates);
  const refRate = median(refRates);
  const fps = flopsPerStep(c);
  /** The matmul peak's share, in %, that training at `rate` samples/s takes in products. */
  const peakShare = (rate: number) => peakSharePct(rate, c.batchSize, fps, matmul.gflops);
  return {
    backend,
    backendChoiceMs: round(info.choiceMs, 0),
    config: { hidden: c.hidden, latentDim: c.latentDim, batchSize: c.batchSize, optimizer: c.optimizer },
    matmul,
    flopsPerStep: fps,
    app: {
      host: { samplesPerSec: hostRates, median: round(median(hostRates)) },
      device: devRates.length ? { samplesPerSec: devRates, median: round(median(devRates)) } : null,
      residentByRule,
      residentUploadMs,
      speedupDeviceOverHost: devRates.length ? round(median(devRates) / median(hostRates), 2) : null,
    },
    reference: { samplesPerSec: round(refRate), windows: refRates },
    speedupOverReference: round(appRate / refRate, 2),
    utilisationPct: peakShare(appRate),
    twiceReferencePct: peakShare(2 * refRate),
    split,
    memory,
  };
}

/**
 * The device's gather-and-binarize kernel against its JavaScript reference: a resident set of
 * `n` synthetic images (every byte value occurs), batches of 128 rows in a scattered order,
 * each under its own seed; every element must equal binarizeDynamic of the same rows.
 */
async function checkKernel(n: number): Promise<KernelCheck> {
  const P = IMAGE_SIZE;
  const M = 128;
  const bytes = new Uint8Array(n * P);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Math.imul(i, 2654435761) >>> 24;
  const before = tf.memory().numTensors;
  const images = residentImages(bytes);
  let mismatches = 0;
  let ones = 0;
  let intensity = 0;
  const batches = 4;
  for (let b = 0; b < batches; b++) {
    // Rows from all over the set (the last row included), so a large set's texture layout is crossed.
    const idx = Int32Array.from({ length: M }, (_, r) => (r === M - 1 ? n - 1 : (r * 7919 + b * 104729) % n));
    const seed = 2 ** 31 - 1 - b * 977;
    const t = gatherBinarized(images, idx, seed);
    const got = await t.data();
    t.dispose();
    const want = new Float32Array(M * P);
    for (let r = 0; r < M; r++) for (let c = 0; c < P; c++) want[r * P + c] = bytes[idx[r]! * P + c]! / 255;
    for (const v of want) intensity += v;
    binarizeDynamic(want, seed);
    for (let i = 0; i < want.length; i++) {
      if (want[i] !== got[i]) mismatches++;
      ones += got[i]!;
    }
  }
  images.dispose();
  const elements = batches * M * P;
  return {
    images: n,
    kernel: binarizeKernel(M * P),
    batches,
    elements,
    mismatches,
    onesShare: round(ones / elements, 4),
    meanIntensity: round(intensity / elements, 4),
    tensorsLeaked: tf.memory().numTensors - before,
  };
}

async function checkBench(req: BenchRequest): Promise<CheckBench> {
  await chooseBackend(req.backend);
  const checks: KernelCheck[] = [];
  for (const n of [300, 20000]) {
    checks.push(await checkKernel(n));
    log(`${n} images: ${JSON.stringify(checks.at(-1))}`);
  }
  return { backend: tf.getBackend(), checks };
}

self.onmessage = async (ev: MessageEvent<BenchRequest>) => {
  try {
    const req = ev.data;
    if (req.mode === 'auto') {
      post({ type: 'result', result: { auto: await chooseBackend('auto') } });
    } else if (req.mode === 'check') {
      post({ type: 'result', result: await checkBench(req) });
    } else if (req.mode === 'hmc') {
      post({ type: 'result', result: await hmcBench(req, log) });
    } else if (req.mode === 'bayes') {
      post({ type: 'result', result: await bayesBench(req, log) });
    } else if (req.mode === 'threads') {
      post({ type: 'result', result: await threadsBench(req, log) });
    } else if (req.mode === 'autosave') {
      post({ type: 'result', result: await autosaveBench(req, log) });
    } else {
      post({ type: 'result', result: await trainBench(req) });
    }
  } catch (e) {
    post({ type: 'error', message: (e as Error).stack ?? String(e) });
  }
};
