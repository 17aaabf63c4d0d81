/**
 * Adam with its update in one pass per variable on the wasm backend.
 *
 * Why: tfjs's AdamOptimizer updates each variable with 12 binary and 2 unary kernels, each a
 * pass over the whole variable. For the default model (834,000 parameters) those passes took
 * about 10 ms of a 38 ms wasm step, and they do not get faster with a second thread (memory
 * traffic, not arithmetic: docs/performance.md, issue 27). Here one kernel reads θ, m, v and g
 * once and writes θ', m', v' once, in JavaScript on the wasm heap.
 *
 * The state is tfjs's own: the same moment variables under the same names (`<name>/m`,
 * `<name>/v`), the same β₁ᵗ and β₂ᵗ scalars and iteration count, so getWeights/setWeights, the
 * checkpoints and the run files are those of tf.train.adam. On every other backend the update
 * is tfjs's own.
 */
import * as tf from './tf';

export const ADAM_STEP_KERNEL = 'VaePlaygroundAdamStep';

export interface AdamStepParams {
  beta1: number;
  beta2: number;
  /** 1 − β₁ᵗ and 1 − β₂ᵗ: the bias corrections of step t. */
  c1: number;
  c2: number;
  learningRate: number;
  epsilon: number;
}

/**
 * One Adam update, element by element, as tfjs's AdamOptimizer computes it:
 * m' = β₁m + (1 − β₁)g, v' = β₂v + (1 − β₂)g², θ' = θ − η · (m'/c₁) / (√(v'/c₂) + ε).
 */
export function adamStep(
  theta: Float32Array,
  m: Float32Array,
  v: Float32Array,
  g: Float32Array,
  out: { theta: Float32Array; m: Float32Array; v: Float32Array },
  p: AdamStepParams,
): void {
  const { beta1, beta2, c1, c2, learningRate: lr, epsilon } = p;
  const a1 = 1 - beta1;
  const a2 = 1 - beta2;
  const n = theta.length;
  const ot = out.theta;
  const om = out.m;
  const ov = out.v;
  for (let i = 0; i < n; i++) {
    const gi = g[i]!;
    const mi = m[i]! * beta1 + gi * a1;
    const vi = v[i]! * beta2 + gi * gi * a2;
    om[i] = mi;
    ov[i] = vi;
    ot[i] = theta[i]! - lr * (mi / c1 / (Math.sqrt(vi / c2) + epsilon));
  }
}

/** The part of tfjs-backend-wasm's BackendWasm the kernel uses. */
interface WasmHeapBackend {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array;
}

if (!tf.getKernel(ADAM_STEP_KERNEL, 'wasm')) {
  tf.registerKernel({
    kernelName: ADAM_STEP_KERNEL,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const b = backend as unknown as WasmHeapBackend;
      const { value, m, v, g } = inputs as Record<'value' | 'm' | 'v' | 'g', tf.TensorInfo>;
      for (const t of [value, m, v, g]) if (t.dtype !== 'float32') throw new Error(`Adam's update needs float32 tensors, got ${t.dtype}`);
      // Outputs first: an allocation can grow the wasm memory, which detaches views made before
      // it (the single-threaded build's memory is not shared).
      const outs = [b.makeOutput(value.shape, 'float32'), b.makeOutput(value.shape, 'float32'), b.makeOutput(value.shape, 'float32')] as const;
      adamStep(
        b.typedArrayFromHeap(value),
        b.typedArrayFromHeap(m),
        b.typedArrayFromHeap(v),
        b.typedArrayFromHeap(g),
        { theta: b.typedArrayFromHeap(outs[0]), m: b.typedArrayFromHeap(outs[1]), v: b.typedArrayFromHeap(outs[2]) },
        attrs as unknown as AdamStepParams,
      );
      return [...outs];
    },
  });
}

/** The private state of tfjs's AdamOptimizer this class keeps using. */
interface AdamState {
  beta1: number;
  beta2: number;
  epsilon: number;
  learningRate: number;
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: ({ originalName: string; variable: tf.Variable } | undefined)[];
  accumulatedSecondMoment: ({ originalName: string; variable: tf.Variable } | undefined)[];
}

/** tf.train.adam with the one-pass update on wasm (see the module's comment). */
export class FusedAdamOptimizer extends tf.AdamOptimizer {
  override applyGradients(variableGradients: Parameters<tf.AdamOptimizer['applyGradients']>[0]): void {
    if (tf.getBackend() !== 'wasm') {
      super.applyGradients(variableGradients);
      return;
    }
    const s = this as unknown as AdamState;
    const names = Array.isArray(variableGradients) ? variableGradients.map((v) => v.name) : Object.keys(variableGradients);
    // The bias corrections of this step t = iterations + 1: tfjs keeps β₁ᵗ and β₂ᵗ as scalars on
    // the device, equal to these powers (its setWeights sets them so from the iteration count).
    const t = this.iterations + 1;
    const c1 = 1 - s.beta1 ** t;
    const c2 = 1 - s.beta2 ** t;
    const attrs = { beta1: s.beta1, beta2: s.beta2, c1, c2, learningRate: s.learningRate, epsilon: s.epsilon };
    tf.tidy(() => {
      names.forEach((name, i) => {
        const value = tf.engine().registeredVariables[name]!;
        s.accumulatedFirstMoment[i] ??= { originalName: `${name}/m`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
        s.accumulatedSecondMoment[i] ??= { originalName: `${name}/v`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
        const gradient = Array.isArray(variableGradients) ? variableGradients[i]!.tensor : variableGradients[name];
        if (gradient == null) return;
        const m = s.accumulatedFirstMoment[i].variable;
        const v = s.accumulatedSecondMoment[i].variable;
        const [newValue, newM, newV] = tf.engine().runKernel(ADAM_STEP_KERNEL, { value, m, v, g: gradient }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
        m.assign(newM!);
        v.assign(newV!);
        value.assign(newValue!);
      });
      s.accBeta1.assign(tf.mul(s.accBeta1, s.beta1));
      s.accBeta2.assign(tf.mul(s.accBeta2, s.beta2));
    });
    this.incrementIterations();
  }
}
