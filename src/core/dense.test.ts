import * as tf from './tf';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { denseExplicitTransposes, denseOnData, explicitTransposeGrads, inputGradViaWeights, IMAGE_SIZE, VAE, type DenseLayer } from './model';
import { objective } from './objective';
import { tinyConfig } from '../test/fixtures';

function layer(seed: number, inputs = 6, outputs = 5): DenseLayer {
  return {
    w: tf.variable(tf.randomNormal([inputs, outputs], 0, 1, 'float32', seed)) as tf.Variable<tf.Rank.R2>,
    b: tf.variable(tf.randomNormal([outputs], 0, 1, 'float32', seed + 1)) as tf.Variable<tf.Rank.R1>,
  };
}

describe('dense layer with explicit-transpose gradients (the wasm path)', () => {
  it('only wasm takes it', () => {
    expect(explicitTransposeGrads('wasm')).toBe(true);
    for (const b of ['webgl', 'webgpu', 'cpu']) expect(explicitTransposeGrads(b)).toBe(false);
  });

  it('takes dx as (W·gᵀ)ᵀ only when W is larger than g and dx together', () => {
    // The default model's decoder output layer: 512·784 = 401,408 > 128·(512 + 784) = 165,888.
    expect(inputGradViaWeights(128, 512, 784)).toBe(true);
    // Its hidden decoder layer (J = 2 → 512) and the encoder's head (512 → 2J = 4): g·Wᵀ.
    expect(inputGradViaWeights(128, 2, 512)).toBe(false);
    expect(inputGradViaWeights(128, 512, 4)).toBe(false);
    // The boundary: 6·5 = 30 against 4·11 = 44 (g·Wᵀ); 12·10 = 120 against 2·22 = 44 ((W·gᵀ)ᵀ).
    expect(inputGradViaWeights(4, 6, 5)).toBe(false);
    expect(inputGradViaWeights(2, 12, 10)).toBe(true);
  });

  // [M, in, out]: the first takes dx as g·Wᵀ, the second as (W·gᵀ)ᵀ (see the test above).
  for (const [m, inputs, outputs] of [
    [4, 6, 5],
    [2, 12, 10],
  ] as const)
  for (const activation of ['linear', 'relu'] as const) {
    it(`${activation}, M = ${m}, ${inputs} → ${outputs}: same value and same gradients (x, W, b) as tfjs's fused matMul`, () => {
      const l = layer(3, inputs, outputs);
      const x = tf.randomNormal([m, inputs], 0, 1, 'float32', 9) as tf.Tensor2D;
      const r = tf.randomNormal([m, outputs], 0, 1, 'float32', 11);
      const lossOf = (f: (x: tf.Tensor2D) => tf.Tensor2D) => (xx: tf.Tensor2D) => tf.sum(tf.mul(f(xx), r)) as tf.Scalar;
      const reference = (xx: tf.Tensor2D) => tf.fused.matMul({ a: xx, b: l.w, bias: l.b, activation }) as tf.Tensor2D;
      const explicit = (xx: tf.Tensor2D) => denseExplicitTransposes(xx, l, activation);
      expect(Array.from(explicit(x).dataSync())).toEqual(Array.from(reference(x).dataSync()));
      const gRef = tf.variableGrads(() => lossOf(reference)(x), [l.w, l.b]);
      const gExp = tf.variableGrads(() => lossOf(explicit)(x), [l.w, l.b]);
      for (const name of [l.w.name, l.b.name]) {
        const a = gRef.grads[name]!.dataSync();
        const b = gExp.grads[name]!.dataSync();
        expect(b.length).toBe(a.length);
        a.forEach((v, i) => expect(b[i]).toBeCloseTo(v, 5));
      }
      const dxRef = tf.grad((xx: tf.Tensor) => lossOf(reference)(xx as tf.Tensor2D))(x).dataSync();
      const dxExp = tf.grad((xx: tf.Tensor) => lossOf(explicit)(xx as tf.Tensor2D))(x).dataSync();
      dxRef.forEach((v, i) => expect(dxExp[i]).toBeCloseTo(v, 5));
      // ReLU really clipped something, so its derivative was exercised.
      if (activation === 'relu') expect(Array.from(reference(x).dataSync()).some((v) => v === 0)).toBe(true);
      tf.dispose([l.w, l.b, x, r, gRef.value, gExp.value, ...Object.values(gRef.grads), ...Object.values(gExp.grads)]);
    });
  }
});

describe('the first layer on data (no gradient for the input)', () => {
  for (const explicit of [false, true]) {
    for (const activation of ['linear', 'relu'] as const) {
      it(`${activation}${explicit ? ', explicit transposes' : ''}: same value and W, b gradients as tfjs's fused matMul`, () => {
        const l = layer(5);
        const x = tf.randomNormal([4, 6], 0, 1, 'float32', 13) as tf.Tensor2D;
        const r = tf.randomNormal([4, 5], 0, 1, 'float32', 17);
        const reference = () => tf.fused.matMul({ a: x, b: l.w, bias: l.b, activation }) as tf.Tensor2D;
        const onData = () => denseOnData(x, l, activation, explicit);
        expect(Array.from(onData().dataSync())).toEqual(Array.from(reference().dataSync()));
        const gRef = tf.variableGrads(() => tf.sum(tf.mul(reference(), r)) as tf.Scalar, [l.w, l.b]);
        const gOn = tf.variableGrads(() => tf.sum(tf.mul(onData(), r)) as tf.Scalar, [l.w, l.b]);
        for (const name of [l.w.name, l.b.name]) {
          const a = gRef.grads[name]!.dataSync();
          const b = gOn.grads[name]!.dataSync();
          expect(b.length).toBe(a.length);
          a.forEach((v, i) => expect(b[i]).toBeCloseTo(v, 5));
        }
        if (activation === 'relu') expect(Array.from(reference().dataSync()).some((v) => v === 0)).toBe(true);
        tf.dispose([l.w, l.b, x, r, gRef.value, gOn.value, ...Object.values(gRef.grads), ...Object.values(gOn.grads)]);
      });
    }
  }

  it('a gradient with respect to the data through it is refused, not a silent zero', () => {
    const l = layer(7);
    const x = tf.randomNormal([3, 6], 0, 1, 'float32', 19) as tf.Tensor2D;
    expect(() => tf.grad((xx: tf.Tensor) => tf.sum(denseOnData(xx as tf.Tensor2D, l, 'relu')))(x)).toThrow();
    tf.dispose([l.w, l.b, x]);
  });

  // tfjs runs a ReLU layer under a gradient tape unfused (matMul, add, relu), whose gradient
  // skips inputs that need none; the wasm path's own gradient (explicit transposes) computes
  // all of them at once, so there the first layer would multiply dy·Wᵀ for nothing.
  it("a wasm training step's backward pass multiplies no matrix for the data", async () => {
    await tf.setBackend('wasm');
    try {
      // 784-8-2 encoder, 2-8-784 decoder: four layers, four forward products. Backward: two per
      // layer (dW and the layer's input) except the first, which reads the data: seven.
      const model = new VAE(tinyConfig({ hidden: [8], latentDim: 2, seed: 4 }));
      const x = tf.tidy(() => tf.cast(tf.greater(tf.randomUniform([5, IMAGE_SIZE], 0, 1, 'float32', 23), 0.5), 'float32')) as tf.Tensor2D;
      const before = tf.memory().numTensors;
      const info = await tf.profile(() => {
        const { value, grads } = tf.variableGrads(() => {
          const t = objective(model, x, { estimator: 'B', samplesL: 1, beta: 1, weightDecay: 0, seed: 1 });
          return t.loss;
        }, model.variables);
        tf.dispose([value, ...Object.values(grads)]);
      });
      // Kernels that multiply; tfjs also lists its customGrad wrappers ('fusedMatMul__op'),
      // each around one product that is listed too.
      const products = info.kernels.filter((k) => /MatMul/.test(k.name) && !k.name.endsWith('__op'));
      expect(products).toHaveLength(4 + 7);
      // Only the decoder's logits have the data's shape [5, 784]: no gradient for the data.
      const dataShaped = products.filter((k) => k.outputShapes[0]?.filter((d) => d !== 1).join() === `5,${IMAGE_SIZE}`);
      expect(dataShaped).toHaveLength(1);
      expect(tf.memory().numTensors).toBe(before);
      model.dispose();
      x.dispose();
    } finally {
      await tf.setBackend('cpu');
    }
  });
});
