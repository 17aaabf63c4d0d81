/**
 * A set of Markov chains run together as one batch: HMC or random-walk Metropolis–Hastings,
 * step size adapted by dual averaging during warm-up, then fixed. All randomness (momenta,
 * proposals, the uniforms of the Metropolis test) comes from one seeded stream, so a seed and
 * a starting point give the same chains every time. The draws after warm-up are kept in
 * float64 per chain, up to `maxDraws` each (older draws are then dropped).
 */
import * as tf from '../tf';
import { DualAveraging } from './dualAveraging';
import { normalStream } from './gaussian';
import { chainTensorsAt, hmcTransition, rwmhTransition, type ChainTensors, type LogDensity } from './transitions';

export type McmcMethod = 'hmc' | 'rwmh';

export interface SamplerOptions {
  method: McmcMethod;
  /** Initial step size ε (HMC) or proposal scale s (random walk); adapted during warm-up. */
  stepSize: number;
  /** Leapfrog steps per HMC transition. */
  leapfrogSteps: number;
  /** Warm-up transitions (step size adapted, draws not kept). */
  warmup: number;
  /** Target acceptance rate of the adaptation; default 0.65 (HMC) or 0.234 (random walk). */
  targetAccept?: number;
  seed: number;
  /** Draws kept per chain after warm-up. */
  maxDraws: number;
}

export interface SamplerStats {
  /** Transitions made, warm-up included. */
  transitions: number;
  warmupLeft: number;
  stepSize: number;
  /** Mean acceptance probability and share of moves accepted, over the kept (post-warm-up) transitions. */
  meanAcceptProb: number;
  acceptedRate: number;
  /** Gradient evaluations (leapfrog steps) per chain, or target evaluations for the random walk. */
  evaluations: number;
}

export class ChainSampler {
  readonly chains: number;
  readonly J: number;
  private state: ChainTensors;
  private readonly adapt: DualAveraging;
  private readonly rng: ReturnType<typeof normalStream>;
  private readonly kept: number[][];
  private transitions = 0;
  private sumAccept = 0;
  private sumMoved = 0;
  private keptTransitions = 0;
  private evaluations = 0;
  private stepSize: number;
  private last: Float32Array;

  /** `init`: starting points, chains × J values (row-major). */
  constructor(
    private readonly target: LogDensity,
    init: Float32Array,
    chains: number,
    private readonly opts: SamplerOptions,
  ) {
    if (!Number.isInteger(chains) || chains < 1) throw new RangeError(`chains must be a whole number ≥ 1, got ${chains}`);
    if (init.length % chains !== 0 || init.length === 0) throw new RangeError(`the starting points (${init.length} values) do not split into ${chains} chains`);
    this.chains = chains;
    this.J = init.length / chains;
    const delta = opts.targetAccept ?? (opts.method === 'hmc' ? 0.65 : 0.234);
    this.adapt = new DualAveraging(opts.stepSize, delta);
    this.stepSize = opts.stepSize;
    this.rng = normalStream(opts.seed);
    this.kept = Array.from({ length: chains }, () => []);
    this.last = Float32Array.from(init);
    this.state = tf.tidy(() => chainTensorsAt(target, tf.tensor2d(init, [chains, this.J]), opts.method === 'hmc'));
  }

  /** Kept draws of chain c: rows of J values, oldest first. */
  draws(c: number): readonly number[] {
    return this.kept[c]!;
  }

  /** The chains' current positions, chains × J values (warm-up included). */
  get positions(): Float32Array {
    return this.last;
  }

  /** Kept draws per chain (all chains hold the same number). */
  get drawCount(): number {
    return this.kept[0]!.length / this.J;
  }

  stats(): SamplerStats {
    return {
      transitions: this.transitions,
      warmupLeft: Math.max(0, this.opts.warmup - this.transitions),
      stepSize: this.stepSize,
      meanAcceptProb: this.keptTransitions ? this.sumAccept / this.keptTransitions : NaN,
      acceptedRate: this.keptTransitions ? this.sumMoved / this.keptTransitions : NaN,
      evaluations: this.evaluations,
    };
  }

  /** Makes `n` transitions of every chain (one readback each). Resolves with the last positions. */
  async run(n: number): Promise<Float32Array> {
    let last: Float32Array = new Float32Array(0);
    for (let i = 0; i < n; i++) last = await this.transition();
    return last;
  }

  private async transition(): Promise<Float32Array> {
    const { chains, J, opts } = this;
    const warm = this.transitions < opts.warmup;
    const eps = warm ? this.adapt.current : this.adapt.final;
    this.stepSize = eps;
    const noise = new Float32Array(chains * J);
    for (let i = 0; i < noise.length; i++) noise[i] = this.rng.normal();
    const u = new Float32Array(chains);
    // 1 − uniform ∈ (0, 1]: log u stays finite.
    for (let c = 0; c < chains; c++) u[c] = 1 - this.rng.uniform();
    const r = tf.tidy(() => {
      const xi = tf.tensor2d(noise, [chains, J]);
      const ut = tf.tensor1d(u);
      return opts.method === 'hmc'
        ? hmcTransition(this.target, this.state, xi, ut, eps, opts.leapfrogSteps)
        : rwmhTransition(this.target, this.state, xi, ut, eps);
    });
    tf.dispose([this.state.z, this.state.logp, this.state.grad]);
    this.state = r.next;
    const packed = tf.tidy(() => tf.concat([r.acceptProb, r.accepted, tf.reshape(r.next.z, [-1])]));
    tf.dispose([r.acceptProb, r.accepted]);
    const v = (await packed.data()) as Float32Array;
    packed.dispose();
    this.transitions++;
    this.last = v.slice(2 * chains);
    this.evaluations += opts.method === 'hmc' ? opts.leapfrogSteps : 1;
    let alpha = 0;
    let moved = 0;
    for (let c = 0; c < chains; c++) {
      alpha += v[c]!;
      moved += v[chains + c]!;
    }
    alpha /= chains;
    if (warm) {
      this.adapt.update(alpha);
      this.stepSize = this.transitions < opts.warmup ? this.adapt.current : this.adapt.final;
      return this.last;
    }
    this.sumAccept += alpha;
    this.sumMoved += moved / chains;
    this.keptTransitions++;
    for (let c = 0; c < chains; c++) {
      const k = this.kept[c]!;
      for (let j = 0; j < J; j++) k.push(v[2 * chains + c * J + j]!);
      if (k.length > opts.maxDraws * J) k.splice(0, J);
    }
    return this.last;
  }

  dispose(): void {
    tf.dispose([this.state.z, this.state.logp, this.state.grad]);
  }
}
