import * as tf from '../core/tf';
import { DEFAULT_CONFIG, type Config } from '../core/config';
import type { VAE } from '../core/model';
import type { DrawSource } from '../worker/drawing';

/** A small config for fast tests: 784-32-J MLP. */
export function tinyConfig(over: Partial<Config> = {}): Config {
  return { ...DEFAULT_CONFIG, hidden: [32], latentDim: 2, ...over };
}

/**
 * Synthetic binary "digits": n images built from a few fixed stroke patterns plus noise,
 * so that a VAE can learn structure quickly. Deterministic for a seed.
 */
export function syntheticImages(n: number, seed = 7): tf.Tensor2D {
  return tf.tidy(() => {
    const protos = tf.cast(tf.less(tf.randomUniform([4, 784], 0, 1, 'float32', seed), 0.3), 'float32');
    const idx = tf.randomUniform([n], 0, 4, 'int32', seed + 1);
    const base = tf.gather(protos, idx) as tf.Tensor2D;
    const flip = tf.cast(tf.less(tf.randomUniform([n, 784], 0, 1, 'float32', seed + 2), 0.05), 'float32');
    return tf.abs(tf.sub(base, flip)) as tf.Tensor2D;
  });
}

/**
 * What the interactive requests read of a model (worker/drawing.ts's DrawSource, as either
 * worker gives it): the model, its run and step, and a test set of `testInputs.length / 784`
 * images with blank display bytes.
 */
export function drawSourceOf(model: VAE, o: { config: Config; run: number; step: number; testInputs: Float32Array; testLabels: Uint8Array }): DrawSource {
  const nTest = o.testInputs.length / 784;
  return { model, decoder: o.config.decoder, run: o.run, step: o.step, testInputs: o.testInputs, testImages: new Uint8Array(nTest * 784), testLabels: o.testLabels, nTest };
}
