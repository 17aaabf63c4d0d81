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

  it('a variational decoder exports its means as the decoder and its standard deviations beside it', async () => {
    const vae = new VAE({ ...tinyConfig({ hidden: [8], latentDim: 3 }), decoderWeights: 'variational', weightInitStd: 0.05 });
    // Give each ρ its own values, so that a mix-up of layers or of w and b would show.
    vae.rhoVariables.forEach((r, i) => tf.tidy(() => r.assign(tf.randomNormal(r.shape, -3, 0.5, "float32", i))));
    const before = tf.memory().numTensors;
    const files = await exportLayersModels(vae);
    expect(files.decoderStd?.jsonName).toBe('decoder-std.json');
    const means = await loadExported(files.decoder);
    const stds = await loadExported(files.decoderStd!);
    const ours = vae.decoderWeightStds();
    const got = stds.getWeights();
    expect(got.length).toBe(ours.length);
    for (let i = 0; i < ours.length; i++) expect(await maxAbsDiff(got[i]!, ours[i]!)).toBeLessThan(1e-7);
    const m = means.getWeights();
    for (let i = 0; i < m.length; i++) expect(await maxAbsDiff(m[i]!, vae.decoderAll[i >> 1]![i % 2 ? 'b' : 'w'])).toBe(0);
    tf.dispose(ours);
    means.dispose();
    stds.dispose();
    expect(tf.memory().numTensors).toBe(before);
    vae.dispose();
  });
});
