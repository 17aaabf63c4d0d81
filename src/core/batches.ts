import * as tf from '@tensorflow/tfjs';
import type { DecoderFamily } from './config';

/**
 * Turns a batch of intensities in [0,1] into the decoder's targets. Bernoulli decoder:
 * dynamic binarization, x ~ Bernoulli(intensity), drawn afresh for every batch on the
 * device (DESIGN.md). Gaussian decoder: the intensities themselves.
 */
export function targetsFor(intensities: tf.Tensor2D, decoder: DecoderFamily, seed?: number): tf.Tensor2D {
  if (decoder === 'gaussian') return tf.clone(intensities);
  return tf.tidy(() => tf.cast(tf.less(tf.randomUniform(intensities.shape, 0, 1, 'float32', seed), intensities), 'float32') as tf.Tensor2D);
}
