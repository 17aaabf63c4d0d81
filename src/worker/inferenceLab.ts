/**
 * The posterior lab's chains, in the drawing worker: Markov chains of p(z|x) for one image on
 * the worker's copy of the model, run in chunks of at most INFERENCE_LIMITS.chunkMs, with a
 * yield between chunks so that the pad's encodings (and the page's polls) interleave. The
 * page starts, pauses, resumes and resets them, and polls their figures (labSnapshot).
 */
import * as tf from '../core/tf';
import { summarizeChains } from '../core/inference/diagnostics';
import { normalStream } from '../core/inference/gaussian';
import { histogram } from '../core/inference/histogram';
import { posteriorLogDensity } from '../core/inference/marginal';
import { ChainSampler } from '../core/inference/sampler';
import { IMAGE_SIZE, type VAE } from '../core/model';
import { gridPosterior } from '../core/posterior';
import {
  chainSettingsProblem,
  INFERENCE_LIMITS,
  type ChainSettings,
  type ChainSnapshot,
  type LabGrid,
  type LabImages,
  type LabRunState,
} from '../protocol/inference';
import type { DrawSource } from './drawing';
import { checkImage } from './checks';

interface Chains {
  sampler: ChainSampler;
  x: tf.Tensor2D;
  model: VAE;
  run: number;
  step: number;
  settings: ChainSettings;
  mu: number[];
  sigma: number[];
  /** Milliseconds spent in transitions. */
  ms: number;
}

/** Starting points μ + 2σ ⊙ ε per chain: spread wider than q, so that R̂ can tell chains that have not met. */
export function overdispersedStarts(mu: number[], sigma: number[], chains: number, seed: number): Float32Array {
  const { normal } = normalStream(seed ^ 0x5bd1e995);
  const J = mu.length;
  const out = new Float32Array(chains * J);
  for (let c = 0; c < chains; c++) for (let j = 0; j < J; j++) out[c * J + j] = mu[j]! + 2 * sigma[j]! * normal();
  return out;
}

/** The encoder's μ and σ = exp(½ log σ²) for one image. */
export async function encoderGaussian(model: VAE, x: tf.Tensor2D): Promise<{ mu: number[]; logVar: number[]; sigma: number[] }> {
  const { mu, logVar } = model.encode(x);
  const m = Array.from(await mu.data());
  const lv = Array.from(await logVar.data());
  tf.dispose([mu, logVar]);
  return { mu: m, logVar: lv, sigma: lv.map((v) => Math.exp(0.5 * v)) };
}

export class InferenceLab {
  private chains: Chains | null = null;
  private state: LabRunState = 'idle';
  private note: string | null = null;
  private looping = false;
  /** The transition under way: a reset waits for it before the sampler is disposed. */
  private inFlight: Promise<unknown> | null = null;
  private grid: LabGrid | null = null;
  private generation = 0;

  constructor(
    private readonly source: () => DrawSource,
    private readonly between: () => Promise<void>,
  ) {}

  /** Fresh chains for x. Everything is checked before the chains held are dropped. */
  async start(x: Float32Array, settings: ChainSettings): Promise<void> {
    checkImage(x);
    const problem = chainSettingsProblem(settings);
    if (problem) throw new Error(`Posterior lab: ${problem}. Nothing was changed.`);
    const src = this.source();
    const model = src.model;
    await this.drop();
    const xt = tf.tensor2d(x, [1, IMAGE_SIZE]);
    const q = await encoderGaussian(model, xt);
    const init = overdispersedStarts(q.mu, q.sigma, settings.chains, settings.seed);
    const sampler = new ChainSampler(posteriorLogDensity(model, xt), init, settings.chains, {
      method: settings.method,
      stepSize: settings.stepSize,
      leapfrogSteps: settings.leapfrogSteps,
      warmup: settings.warmup,
      seed: settings.seed,
      maxDraws: settings.draws,
    });
    const gen = ++this.generation;
    this.chains = { sampler, x: xt, model, run: src.run, step: src.step, settings: { ...settings }, mu: q.mu, sigma: q.sigma, ms: 0 };
    this.state = 'running';
    this.note = null;
    if (model.latentDim === 2) void this.computeGrid(gen, model, xt);
    void this.loop();
  }

  /** Resolves when the transition under way (if any) has ended: nothing moves after it. */
  async pause(): Promise<void> {
    if (this.state === 'running') this.state = 'paused';
    await this.inFlight?.catch(() => {});
  }

  resume(): void {
    if (this.state !== 'paused' || !this.chains) return;
    this.state = 'running';
    void this.loop();
  }

  async reset(): Promise<void> {
    await this.drop();
    this.state = 'idle';
    this.note = null;
  }

  private async drop(): Promise<void> {
    this.generation++;
    this.state = 'idle';
    await this.inFlight?.catch(() => {});
    if (this.chains) {
      this.chains.sampler.dispose();
      this.chains.x.dispose();
    }
    this.chains = null;
    this.grid = null;
  }

  private stop(why: string): void {
    this.state = 'stopped';
    this.note = why;
  }

  private async computeGrid(gen: number, model: VAE, x: tf.Tensor2D): Promise<void> {
    try {
      const g = await gridPosterior(model, x, INFERENCE_LIMITS.gridN, {
        maxRows: 256,
        between: async () => {
          await this.between();
          if (gen !== this.generation) throw new Error('superseded');
        },
      });
      if (gen === this.generation) {
        this.grid = { n: g.grid.n, lim: g.grid.lim, mass: Float32Array.from(g.mass), logPx: g.logPx, mean: g.mean, cov: g.cov };
      }
    } catch {
      // Superseded by new chains (whose own grid follows), or the model went away.
    }
  }

  private async loop(): Promise<void> {
    if (this.looping) return;
    this.looping = true;
    try {
      while (this.chains && this.state === 'running') {
        const c = this.chains;
        if (this.source().model !== c.model) {
          this.stop('the model changed (a new network); start the chains again');
          break;
        }
        const t0 = performance.now();
        while (performance.now() - t0 < INFERENCE_LIMITS.chunkMs && c.sampler.drawCount < c.settings.draws && this.chains === c && this.state === 'running') {
          this.inFlight = c.sampler.run(1);
          await this.inFlight;
          this.inFlight = null;
        }
        c.ms += performance.now() - t0;
        if (this.chains === c && c.sampler.drawCount >= c.settings.draws) this.state = 'done';
        await this.between();
      }
    } catch (e) {
      this.inFlight = null;
      this.stop(`the chains stopped: ${(e as Error).message}`);
    } finally {
      this.looping = false;
    }
  }

  snapshot(dims: [number, number]): ChainSnapshot {
    const c = this.chains;
    const J = c?.model.latentDim ?? this.source().model.latentDim;
    const [a, b] = dims;
    const okDim = (d: unknown) => typeof d === 'number' && Number.isInteger(d) && d >= 0 && d < J;
    if (!okDim(a) || !okDim(b) || (a === b && J > 1)) throw new Error(`the plotted dimensions must be two different whole numbers from 0 to ${J - 1}, got ${a} and ${b}`);
    const empty: ChainSnapshot = {
      state: this.state, note: this.note, settings: null, J, run: 0, step: 0, transitions: 0, warmupLeft: 0, draws: 0, stepSize: 0,
      acceptRate: null, ess: null, rhat: null, samplesPerSec: null, evalsPerSec: null, mu: [], sigma: [], dims, scatter: new Float32Array(0),
      scatterChain: new Uint8Array(0), hist: [], sampleMean: null, sampleCov: null,
    };
    if (!c) return empty;
    const st = c.sampler.stats();
    const M = c.sampler.chains;
    const n = c.sampler.drawCount;
    const draws = Array.from({ length: M }, (_, k) => c.sampler.draws(k));
    const summary = n >= 20 ? summarizeChains(draws, J) : null;
    const per = Math.min(n, Math.floor(INFERENCE_LIMITS.scatterMax / M));
    const scatter = new Float32Array(2 * per * M);
    const scatterChain = new Uint8Array(per * M);
    let s1 = 0, s2 = 0, s11 = 0, s12 = 0, s22 = 0, cnt = 0;
    for (let k = 0; k < M; k++) {
      const d = draws[k]!;
      for (let i = 0; i < n; i++) {
        const za = d[i * J + a]!;
        const zb = d[i * J + b]!;
        s1 += za; s2 += zb; s11 += za * za; s12 += za * zb; s22 += zb * zb; cnt++;
        const r = i - (n - per);
        if (r >= 0) {
          const o = k * per + r;
          scatter[2 * o] = za;
          scatter[2 * o + 1] = zb;
          scatterChain[o] = k;
        }
      }
    }
    let sampleMean: [number, number] | null = null;
    let sampleCov: [number, number, number] | null = null;
    if (cnt >= 3) {
      const m1 = s1 / cnt;
      const m2 = s2 / cnt;
      sampleMean = [m1, m2];
      // Sample covariance with divisor n − 1: (Σ z_a z_b − n m_a m_b)/(n − 1).
      sampleCov = [(s11 - cnt * m1 * m1) / (cnt - 1), (s12 - cnt * m1 * m2) / (cnt - 1), (s22 - cnt * m2 * m2) / (cnt - 1)];
    }
    const hist = c.mu.map((mu, j) => {
      const vals: number[] = [];
      for (const d of draws) for (let i = 0; i < n; i++) vals.push(d[i * J + j]!);
      let lo = mu - 4 * c.sigma[j]!;
      let hi = mu + 4 * c.sigma[j]!;
      for (const v of vals) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      // A little beyond the largest draw so that it falls inside the last cell.
      hi += (hi - lo) * 1e-6;
      return { lo, hi, counts: Array.from(histogram(vals, lo, hi, INFERENCE_LIMITS.histogramBins).counts) };
    });
    const sec = c.ms / 1000;
    return {
      ...empty,
      settings: { ...c.settings },
      run: c.run,
      step: c.step,
      transitions: st.transitions,
      warmupLeft: st.warmupLeft,
      draws: n,
      stepSize: st.stepSize,
      acceptRate: Number.isFinite(st.meanAcceptProb) ? st.meanAcceptProb : null,
      ess: summary?.ess ?? null,
      rhat: summary?.rhat ?? null,
      samplesPerSec: sec > 0 ? (st.transitions * M) / sec : null,
      evalsPerSec: sec > 0 ? (st.evaluations * M) / sec : null,
      mu: c.mu,
      sigma: c.sigma,
      scatter,
      scatterChain,
      hist,
      sampleMean,
      sampleCov,
    };
  }

  gridResult(): LabGrid | null {
    return this.grid;
  }

  /** Decoder means at the chains' positions (up to 8) and at 8 draws z = μ + σ ⊙ ε from q(z|x). */
  async images(seed: number): Promise<LabImages | null> {
    const c = this.chains;
    if (!c || this.source().model !== c.model) return null;
    const J = c.model.latentDim;
    const count = Math.min(8, c.sampler.chains);
    const pos = c.sampler.positions.slice(0, count * J);
    const { normal } = normalStream(seed);
    const qz = new Float32Array(8 * J);
    for (let i = 0; i < 8; i++) for (let j = 0; j < J; j++) qz[i * J + j] = c.mu[j]! + c.sigma[j]! * normal();
    const out = tf.tidy(() => c.model.decodeMean(tf.tensor2d([...pos, ...qz], [count + 8, J])));
    const v = (await out.data()) as Float32Array;
    out.dispose();
    return { posterior: v.slice(0, count * IMAGE_SIZE), q: v.slice(count * IMAGE_SIZE), count };
  }
}
