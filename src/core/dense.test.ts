import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { denseExplicitTransposes, explicitTransposeGrads, type DenseLayer } from './model';

function layer(seed: number): DenseLayer {
  return {
    w: tf.variable(tf.randomNormal([6, 5], 0, 1, 'float32', seed)) as tf.Variable<tf.Rank.R2>,
    b: tf.variable(tf.randomNormal([5], 0, 1, 'float32', seed + 1)) as tf.Variable<tf.Rank.R1>,
  };
}

describe('dense layer with explicit-transpose gradients (the wasm path)', () => {
  it('only wasm takes it', () => {
    expect(explicitTransposeGrads('wasm')).toBe(true);
    for (const b of ['webgl', 'webgpu', 'cpu']) expect(explicitTransposeGrads(b)).toBe(false);
  });

  for (const activation of ['linear', 'relu'] as const) {
    it(`${activation}: same value and same gradients (x, W, b) as tfjs's fused matMul`, () => {
      const l = layer(3);
      const x = tf.randomNormal([4, 6], 0, 1, 'float32', 9) as tf.Tensor2D;
      const r = tf.randomNormal([4, 5], 0, 1, 'float32', 11);
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
