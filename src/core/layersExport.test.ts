import * as tf from './tf';
import { describe, expect, it } from 'vitest';
import { syntheticImages, tinyConfig } from '../test/fixtures';
import { exportLayersModels, loadExported } from './layersExport';
import { IMAGE_SIZE, VAE } from './model';

async function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): Promise<number> {
  const d = tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))));
  const v = (await d.data())[0]!;
  d.dispose();
  return v;
}

describe('LayersModel export', () => {
  it.each([
    ['bernoulli', 'tanh', [32]],
    ['gaussian', 'relu', [24, 16]],
  ] as const)('%s decoder, %s, hidden %j: tf.loadLayersModel reads the files back and gives the same outputs', async (decoder, activation, hidden) => {
    const vae = new VAE(tinyConfig({ decoder, activation, hidden: [...hidden], latentDim: 3, seed: 5 }));
    const { encoder, decoder: dec } = await exportLayersModels(vae);
    // The JSON is a standard model.json whose manifest names the weights file beside it.
    const json = JSON.parse(encoder.json) as { format: string; weightsManifest: { paths: string[] }[] };
    expect(json.format).toBe('layers-model');
    expect(json.weightsManifest[0]!.paths).toEqual([encoder.weightsName]);
    expect(encoder.weights.byteLength).toBe(
      4 * vae.encoderVariables.reduce((n, v) => n + v.size, 0),
    );

    const before = tf.memory().numTensors;
    const enc = await loadExported(encoder);
    const de = await loadExported(dec);
    const x = syntheticImages(5);
    const { mu, logVar } = vae.encode(x);
    const encOut = enc.predict(x) as tf.Tensor2D;
    expect(encOut.shape).toEqual([5, 6]);
    const ours = tf.concat([mu, logVar], 1);
    expect(await maxAbsDiff(encOut, ours)).toBeLessThan(1e-5);

    const z = tf.randomNormal([4, 3], 0, 1, 'float32', 9) as tf.Tensor2D;
    const decOut = de.predict(z) as tf.Tensor2D;
    expect(decOut.shape).toEqual([4, decoder === 'gaussian' ? 2 * IMAGE_SIZE : IMAGE_SIZE]);
    // The exported decoder stops before the output non-linearity; a sigmoid of its (first)
    // 784 outputs is the playground's decoder mean.
    const mean = tf.tidy(() => tf.sigmoid(decOut.slice([0, 0], [4, IMAGE_SIZE])));
    const ourMean = vae.decodeMean(z);
    expect(await maxAbsDiff(mean, ourMean)).toBeLessThan(1e-5);

    tf.dispose([x, mu, logVar, encOut, ours, z, decOut, mean, ourMean]);
    enc.dispose();
    de.dispose();
    expect(tf.memory().numTensors).toBe(before);
    vae.dispose();
  });

  it('leaves no tensors behind', async () => {
    const vae = new VAE(tinyConfig());
    const before = tf.memory().numTensors;
    await exportLayersModels(vae);
    expect(tf.memory().numTensors).toBe(before);
    vae.dispose();
  });
});
