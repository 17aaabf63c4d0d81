import * as tf from './tf';
import { explicitTransposeGrads, type DenseLayer } from './dense';
import type { Activation, Config, DecoderFamily, Init } from './config';
import { denseLocalReparam, sampleLayer, softplusInverse, weightKl, weightStd, type DecoderWeightDraw } from './bayesDecoder';

export { explicitTransposeGrads, type DenseLayer };

export const IMAGE_SIZE = 784;
export const IMAGE_SIDE = 28;

/**
 * The settings a network is built from: its shape and the function it computes (latent size,
 * hidden widths, activation, decoder family), and how its first weights are drawn (init, seed).
 */
export const ARCHITECTURE_KEYS = ['latentDim', 'hidden', 'activation', 'decoder', 'init', 'seed', 'decoderWeights', 'weightInitStd'] as const;

/** The part of the config that fixes the network. */
export type Architecture = Pick<Config, (typeof ARCHITECTURE_KEYS)[number]>;

/** The keys that only choose the first weights: once weights are loaded, nothing depends on them. */
const INITIAL_WEIGHT_KEYS: ReadonlySet<keyof Architecture> = new Set(['init', 'seed', 'weightInitStd']);

/** True when weights of a network built from `a` fit one built from `b` and compute the same function there. */
export function sameNetwork(a: Architecture, b: Architecture): boolean {
  return ARCHITECTURE_KEYS.every((k) => INITIAL_WEIGHT_KEYS.has(k) || JSON.stringify(a[k]) === JSON.stringify(b[k]));
}


/** Bounds of the Gaussian decoder's per-pixel log-variance: without a floor, pixels that are
 * always 0 let the variance collapse and the likelihood run to +∞. */
export const GAUSSIAN_LOGVAR_MIN = -6;
export const GAUSSIAN_LOGVAR_MAX = 2;

export interface EncoderOutput {
  mu: tf.Tensor2D;
  logVar: tf.Tensor2D;
}

/** Decoder output: Bernoulli logits, or Gaussian mean and log-variance per pixel. */
export type DecoderOutput =
  | { family: 'bernoulli'; logits: tf.Tensor2D }
  | { family: 'gaussian'; mean: tf.Tensor2D; logVar: tf.Tensor2D };

function initWeights(init: Init, fanIn: number, fanOut: number, seed: number): { w: tf.Tensor2D; b: tf.Tensor1D } {
  switch (init) {
    case 'lecun-uniform': {
      // PyTorch's nn.Linear default: W and b ~ U(±1/√fan_in).
      const a = 1 / Math.sqrt(fanIn);
      return { w: tf.randomUniform([fanIn, fanOut], -a, a, 'float32', seed), b: tf.randomUniform([fanOut], -a, a, 'float32', seed + 1) };
    }
    case 'glorot': {
      const a = Math.sqrt(6 / (fanIn + fanOut));
      return { w: tf.randomUniform([fanIn, fanOut], -a, a, 'float32', seed), b: tf.zeros([fanOut]) };
    }
    case 'he':
      return { w: tf.randomNormal([fanIn, fanOut], 0, Math.sqrt(2 / fanIn), 'float32', seed), b: tf.zeros([fanOut]) };
    case 'normal-0.01':
      // The paper's N(0, 0.01), read as variance 0.01 (std 0.1), for weights and biases.
      return { w: tf.randomNormal([fanIn, fanOut], 0, 0.1, 'float32', seed), b: tf.randomNormal([fanOut], 0, 0.1, 'float32', seed + 1) };
  }
}

function activate(x: tf.Tensor2D, activation: Activation): tf.Tensor2D {
  switch (activation) {
    case 'relu':
      return tf.relu(x);
    case 'tanh':
      return tf.tanh(x);
    case 'sigmoid':
      return tf.sigmoid(x);
    case 'elu':
      return tf.elu(x);
    case 'softplus':
      return tf.softplus(x);
  }
}


const DENSE_EXPLICIT = {
  linear: makeDenseExplicit('linear'),
  relu: makeDenseExplicit('relu'),
};

function makeDenseExplicit(activation: 'linear' | 'relu') {
  return tf.customGrad((x, w, b, save) => {
    const y = tf.fused.matMul({ a: x as tf.Tensor2D, b: w as tf.Tensor2D, bias: b as tf.Tensor1D, activation });
    (save as tf.GradSaveFunc)([x as tf.Tensor, w as tf.Tensor, y]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xs, ws, ys] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
        const g = throughActivation(dy, ys, activation);
        return [inputGrad(g, ws), weightGrad(xs, g, true), tf.sum(g, 0)];
      },
    };
  });
}

/** dy through the layer's activation: ReLU' from the output, as tfjs's fused gradient does (1 where y > 0). */
function throughActivation(dy: tf.Tensor, y: tf.Tensor2D, activation: 'linear' | 'relu'): tf.Tensor2D {
  return (activation === 'relu' ? tf.mul(dy, tf.step(y)) : dy) as tf.Tensor2D;
}

/**
 * Whether dx = g·Wᵀ (g: [M, out], W: [in, out]) is taken as (W·gᵀ)ᵀ on the wasm path: when W
 * is larger than g and dx together, in·out > M·(in + out), as for the decoder's last layer
 * (512·784 against 128·(512 + 784)). Same product; it transposes the activations instead of
 * W, and XNNPACK, which packs the right operand again on every call (the weights change every
 * step), packs gᵀ instead of Wᵀ. Both are single-threaded work that a second thread does not
 * share (docs/performance.md, issue 27): in Node, 5.5–5.9 → 3.8–4.0 ms for that layer.
 */
export function inputGradViaWeights(m: number, inputs: number, outputs: number): boolean {
  return inputs * outputs > m * (inputs + outputs);
}

/** dx = g·Wᵀ with explicit transposes (see inputGradViaWeights). */
function inputGrad(g: tf.Tensor2D, w: tf.Tensor2D): tf.Tensor2D {
  const [m, outputs] = g.shape;
  const inputs = w.shape[0];
  return inputGradViaWeights(m, inputs, outputs) ? (tf.transpose(tf.matMul(w, tf.transpose(g))) as tf.Tensor2D) : tf.matMul(g, tf.transpose(w));
}

/** dW = xᵀ·g, with an explicit transpose on wasm (see explicitTransposeGrads). */
function weightGrad(x: tf.Tensor2D, g: tf.Tensor2D, explicit: boolean): tf.Tensor2D {
  return explicit ? tf.matMul(tf.transpose(x), g) : tf.matMul(x, g, true, false);
}

/** The dense layer (linear or ReLU) with the explicit-transpose gradient (see explicitTransposeGrads). */
export function denseExplicitTransposes(x: tf.Tensor2D, layer: DenseLayer, activation: 'linear' | 'relu'): tf.Tensor2D {
  return DENSE_EXPLICIT[activation](x, layer.w, layer.b) as tf.Tensor2D;
}

/**
 * The dense layer (linear or ReLU) on data: gradients for W and b only, none for x.
 *
 * Why: a layer whose gradient is one customGrad computes all of its gradients at once,
 * dx = dy·Wᵀ included, even where x is the data, whose gradient nobody reads. That is the
 * wasm path (denseExplicitTransposes) and tfjs's fused matMul with a linear activation
 * (under a gradient tape tfjs runs a ReLU one unfused, whose per-input gradients it prunes).
 * For the default model's first layer on wasm the waste was a [128,512]·[512,784] product
 * plus a transpose of W, 103 of the step's 640 MFLOP: one wasm step in Node 56–58 → 50–55 ms.
 * Here x is not an input of the customGrad (it is saved for dW), so the tape has nothing to
 * differentiate it by: a gradient with respect to x through this layer is an error, not a
 * silent zero.
 */
export function denseOnData(
  x: tf.Tensor2D,
  layer: DenseLayer,
  activation: 'linear' | 'relu',
  explicit = explicitTransposeGrads(tf.getBackend()),
): tf.Tensor2D {
  const f = tf.customGrad((w, b, save) => {
    const y = tf.fused.matMul({ a: x, b: w as tf.Tensor2D, bias: b as tf.Tensor1D, activation });
    (save as tf.GradSaveFunc)([x, y]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xs, ys] = saved as [tf.Tensor2D, tf.Tensor2D];
        const g = throughActivation(dy, ys, activation);
        return [weightGrad(xs, g, explicit), tf.sum(g, 0)];
      },
    };
  });
  return f(layer.w, layer.b) as tf.Tensor2D;
}

/**
 * x W + b followed by the activation. ReLU and linear layers use the fused kernel (one
 * pass on GPU backends); tfjs's fused matMul has gradients only for 'linear' and 'relu',
 * so other activations are applied after a fused linear layer. `onData`: x is the data, so
 * no gradient for it is computed (see denseOnData).
 */
function dense(x: tf.Tensor2D, layer: DenseLayer, activation: Activation | 'linear', onData = false): tf.Tensor2D {
  const fused = activation === 'linear' || activation === 'relu' ? activation : 'linear';
  const y = onData
    ? denseOnData(x, layer, fused)
    : explicitTransposeGrads(tf.getBackend())
      ? denseExplicitTransposes(x, layer, fused)
      : (tf.fused.matMul({ a: x, b: layer.w, bias: layer.b, activation: fused }) as tf.Tensor2D);
  return activation === 'linear' || activation === 'relu' ? y : activate(y, activation);
}

/**
 * The variational autoencoder of the paper (Appendix C): an MLP encoder q_φ(z|x) that
 * outputs μ and log σ², and an MLP decoder p_θ(x|z). The class owns its variables and
 * disposes them in dispose().
 */
export class VAE {
  readonly arch: Architecture;
  readonly encoderLayers: DenseLayer[];
  /** Encoder head: hidden → [μ, log σ²] (2J outputs, split in encode()). */
  readonly encoderHead: DenseLayer;
  readonly decoderLayers: DenseLayer[];
  /** Decoder head: hidden → 784 logits (Bernoulli) or 2·784 [mean logit, log-variance] (Gaussian). */
  readonly decoderHead: DenseLayer;

  constructor(arch: Architecture) {
    this.arch = { ...arch, hidden: [...arch.hidden] };
    let seed = arch.seed * 1000;
    const make = (name: string, fanIn: number, fanOut: number): DenseLayer => {
      const { w, b } = initWeights(arch.init, fanIn, fanOut, (seed += 2));
      // A variable shares its initial tensor's data (reference-counted), so the initial
      // tensors can be released right away.
      const layer = { w: tf.variable(w, true, `${name}/w`), b: tf.variable(b, true, `${name}/b`) };
      tf.dispose([w, b]);
      return layer;
    };
    // Variable names must be unique per engine; a counter keeps rebuilt models apart.
    const id = VAE.nextId++;
    const enc = [IMAGE_SIZE, ...arch.hidden];
    this.encoderLayers = arch.hidden.map((h, i) => make(`vae${id}/enc${i}`, enc[i]!, h));
    this.encoderHead = make(`vae${id}/enc_head`, enc[enc.length - 1]!, 2 * arch.latentDim);
    const dec = [arch.latentDim, ...[...arch.hidden].reverse()];
    this.decoderLayers = dec.slice(1).map((h, i) => make(`vae${id}/dec${i}`, dec[i]!, h));
    const outWidth = arch.decoder === 'gaussian' ? 2 * IMAGE_SIZE : IMAGE_SIZE;
    this.decoderHead = make(`vae${id}/dec_head`, dec[dec.length - 1]!, outWidth);
    this.variational = arch.decoderWeights === 'variational';
    if (this.variational) {
      // q(θ) starts at the initial weights as means, with s = s₀ everywhere.
      const rho0 = softplusInverse(arch.weightInitStd ?? 0.01);
      this.decoderAll.forEach((l, i) => {
        const [w, b] = [tf.fill(l.w.shape, rho0), tf.fill(l.b.shape, rho0)];
        l.wRho = tf.variable(w, true, `vae${id}/dec_rho${i}/w`) as tf.Variable<tf.Rank.R2>;
        l.bRho = tf.variable(b, true, `vae${id}/dec_rho${i}/b`) as tf.Variable<tf.Rank.R1>;
        tf.dispose([w, b]); // the variables share their data (see make above)
      });
    }
  }

  /** Whether the decoder's parameters have a distribution q(θ) (full VB) rather than point values. */
  readonly variational: boolean;

  /** The decoder's layers, head last. */
  get decoderAll(): DenseLayer[] {
    return [...this.decoderLayers, this.decoderHead];
  }

  private static nextId = 0;

  get latentDim(): number {
    return this.arch.latentDim;
  }

  get decoderFamily(): DecoderFamily {
    return this.arch.decoder;
  }

  /**
   * All trainable variables in a fixed order (used for save/load): encoder, decoder (the means
   * m for a variational decoder), then, for a variational decoder only, its ρ's layer by layer.
   */
  get variables(): tf.Variable[] {
    return [...this.weightVariables, ...this.rhoVariables];
  }

  /** The network's weights and biases (for a variational decoder, its means m), without ρ. */
  get weightVariables(): tf.Variable[] {
    return [...this.encoderLayers, this.encoderHead, ...this.decoderAll].flatMap((l) => [l.w, l.b]);
  }

  /** The variational decoder's ρ's (s = softplus(ρ)), in the order of decoderAll; empty otherwise. */
  get rhoVariables(): tf.Variable[] {
    return this.variational ? this.decoderAll.flatMap((l) => [l.wRho!, l.bRho!]) : [];
  }

  /** KL(q(θ) ‖ N(0, α²)) over the decoder's parameters (see bayesDecoder.weightKl); 0 for a point estimate. */
  weightKl(alpha: number): tf.Scalar {
    return this.variational ? weightKl(this.decoderAll, alpha) : tf.scalar(0);
  }

  /** s = softplus(ρ) per decoder layer, w then b (variational only; the caller owns the tensors). */
  decoderWeightStds(): tf.Tensor[] {
    if (!this.variational) throw new Error('the decoder weights are point estimates: they have no standard deviations');
    return tf.tidy(() => this.rhoVariables.map((r) => weightStd(r)));
  }

  get encoderVariables(): tf.Variable[] {
    return [...this.encoderLayers, this.encoderHead].flatMap((l) => [l.w, l.b]);
  }

  /** Number of trainable parameters. */
  get parameterCount(): number {
    return this.variables.reduce((n, v) => n + v.size, 0);
  }

  /** q_φ(z|x) = N(μ(x), diag σ²(x)). */
  encode(x: tf.Tensor2D): EncoderOutput {
    return tf.tidy(() => {
      // The first layer reads the data: no gradient for x (see denseOnData).
      let h = x;
      this.encoderLayers.forEach((layer, i) => (h = dense(h, layer, this.arch.activation, i === 0)));
      const out = dense(h, this.encoderHead, 'linear', this.encoderLayers.length === 0);
      const J = this.arch.latentDim;
      const [mu, logVar] = tf.split(out, [J, J], 1) as [tf.Tensor2D, tf.Tensor2D];
      return { mu, logVar };
    });
  }

  /**
   * p_θ(x|z): logits, or mean (through a sigmoid, in (0,1)) and bounded log-variance. `draw`:
   * how a variational decoder's θ is taken (its means by default; see DecoderWeightDraw).
   */
  decode(z: tf.Tensor2D, draw: DecoderWeightDraw = 'mean'): DecoderOutput {
    if (this.arch.decoder === 'bernoulli') {
      return { family: 'bernoulli', logits: tf.tidy(() => this.decoderLogits(z, draw)) };
    }
    const [mean, logVar] = tf.tidy(() => {
      const out = this.decoderLogits(z, draw);
      const [m, v] = tf.split(out, [IMAGE_SIZE, IMAGE_SIZE], 1) as [tf.Tensor2D, tf.Tensor2D];
      return [tf.sigmoid(m), tf.clipByValue(v, GAUSSIAN_LOGVAR_MIN, GAUSSIAN_LOGVAR_MAX)];
    });
    return { family: 'gaussian', mean, logVar };
  }

  /** The decoder's mean image E[x|z] in [0,1]: σ(logits), or the Gaussian mean. */
  decodeMean(z: tf.Tensor2D, draw: DecoderWeightDraw = 'mean'): tf.Tensor2D {
    return tf.tidy(() => {
      const out = this.decode(z, draw);
      return out.family === 'bernoulli' ? tf.sigmoid(out.logits) : out.mean;
    });
  }

  private decoderLogits(z: tf.Tensor2D, draw: DecoderWeightDraw): tf.Tensor2D {
    let h = z;
    if (!this.variational || draw === 'mean') {
      for (const layer of this.decoderLayers) h = dense(h, layer, this.arch.activation);
      return dense(h, this.decoderHead, 'linear');
    }
    // Sampled θ: the same layers, with pre-activations from q(θ) (see bayesDecoder.ts).
    const layers = this.decoderAll;
    const seedOf = (i: number) => (draw.seed === undefined ? undefined : draw.seed + 2 * i);
    layers.forEach((layer, i) => {
      let pre: tf.Tensor2D;
      if (draw.kind === 'local') {
        pre = denseLocalReparam(h, layer, draw.noise?.[i], seedOf(i));
      } else {
        const { w, b } = sampleLayer(layer, seedOf(i));
        pre = tf.add(tf.matMul(h, w), b) as tf.Tensor2D;
      }
      h = i === layers.length - 1 ? pre : activate(pre, this.arch.activation);
    });
    return h;
  }

  /** Copies of all weights as typed arrays, in the order of `variables`. */
  async getWeights(): Promise<Float32Array[]> {
    return Promise.all(this.variables.map(async (v) => new Float32Array(await v.data())));
  }

  /** Overwrites all weights; refuses arrays whose count or sizes do not match. */
  setWeights(weights: Float32Array[]): void {
    const vars = this.variables;
    if (weights.length !== vars.length) throw new Error(`expected ${vars.length} weight arrays, got ${weights.length}`);
    vars.forEach((v, i) => {
      if (weights[i]!.length !== v.size) throw new Error(`weight ${v.name}: expected ${v.size} values, got ${weights[i]!.length}`);
    });
    vars.forEach((v, i) => tf.tidy(() => v.assign(tf.tensor(weights[i]!, v.shape))));
  }

  dispose(): void {
    for (const v of this.variables) v.dispose();
  }
}
