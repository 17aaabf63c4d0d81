import * as tfl from '@tensorflow/tfjs-layers';
import * as tf from './tf';
import type { DenseLayer, VAE } from './model';
import { IMAGE_SIZE } from './model';

/**
 * Export of a trained VAE as two standard TensorFlow.js LayersModels (the files that
 * `tf.loadLayersModel` reads, and that `tensorflowjs_converter --input_format=tfjs_layers_model`
 * turns into a Keras model):
 *
 * - encoder: x (784 intensities or binarized pixels) → 2J outputs, [μ, log σ²] side by side;
 * - decoder: z (J) → the decoder head before its output non-linearity: 784 Bernoulli logits
 *   (apply a sigmoid for probabilities), or for the Gaussian decoder 784 mean logits followed by
 *   784 log-variances (apply a sigmoid to the first half, and clip the second to [−6, 2] as the
 *   playground does).
 *
 * Each model is one `model.json` (topology and weights manifest) and one weights file.
 *
 * A variational decoder (full VB) exports its means m as the decoder, and beside it
 * `decoder-std.json` + `decoder-std.weights.bin`: the same topology whose kernels and biases
 * are the standard deviations s = softplus(ρ) of q(θ) = N(m, s²), entry for entry. It is a
 * container for s in the decoder's layout (read it with tf.loadLayersModel and getWeights()),
 * not a network to run; θ = m + s ⊙ ζ, ζ ~ N(0, I), is one decoder drawn from q(θ).
 */
export interface LayersModelFiles {
  /** File name of the model JSON, e.g. "encoder.json". */
  jsonName: string;
  json: string;
  /** File name of the weights, referenced from the JSON's weights manifest. */
  weightsName: string;
  weights: ArrayBuffer;
}

function sequentialFrom(
  layers: DenseLayer[],
  activation: string,
  inputDim: number,
  name: string,
  weightsOf: (l: DenseLayer, i: number) => tf.Tensor[] = (l) => [l.w, l.b],
): tfl.Sequential {
  const model = tfl.sequential({ name });
  layers.forEach((l, i) => {
    const last = i === layers.length - 1;
    model.add(
      tfl.layers.dense({
        units: l.w.shape[1],
        activation: (last ? 'linear' : activation) as 'linear',
        ...(i === 0 ? { inputShape: [inputDim] } : {}),
        name: `${name}_dense${i}`,
      }),
    );
  });
  // Copies of the playground's variables (the model owns its own weights).
  model.layers.forEach((layer, i) => layer.setWeights(weightsOf(layers[i]!, i)));
  return model;
}

async function filesOf(model: tfl.LayersModel, base: string): Promise<LayersModelFiles> {
  let out: LayersModelFiles | null = null;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      const weightsName = `${base}.weights.bin`;
      const weights = Array.isArray(a.weightData) ? tf.io.concatenateArrayBuffers(a.weightData) : (a.weightData as ArrayBuffer);
      const json = {
        format: 'layers-model',
        generatedBy: `TensorFlow.js tfjs-layers v${tfl.version_layers}`,
        convertedBy: null,
        modelTopology: a.modelTopology,
        weightsManifest: [{ paths: [weightsName], weights: a.weightSpecs }],
      };
      out = { jsonName: `${base}.json`, json: JSON.stringify(json), weightsName, weights };
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(a) };
    }),
  );
  if (!out) throw new Error(`saving the ${base} produced no files`);
  return out;
}

export interface ExportedModels {
  encoder: LayersModelFiles;
  decoder: LayersModelFiles;
  /** Variational decoder only: the standard deviations s of q(θ), in the decoder's layout. */
  decoderStd?: LayersModelFiles;
}

/** The encoder and decoder of `vae` as LayersModel files (and a variational decoder's s beside them). */
export async function exportLayersModels(vae: VAE): Promise<ExportedModels> {
  const act = vae.arch.activation;
  const encoder = sequentialFrom([...vae.encoderLayers, vae.encoderHead], act, IMAGE_SIZE, 'vae_encoder');
  const decoder = sequentialFrom(vae.decoderAll, act, vae.latentDim, 'vae_decoder');
  const stds = vae.variational ? vae.decoderWeightStds() : [];
  const decoderStd = vae.variational
    ? sequentialFrom(vae.decoderAll, act, vae.latentDim, 'vae_decoder_std', (_, i) => [stds[2 * i]!, stds[2 * i + 1]!])
    : null;
  try {
    return {
      encoder: await filesOf(encoder, 'encoder'),
      decoder: await filesOf(decoder, 'decoder'),
      ...(decoderStd ? { decoderStd: await filesOf(decoderStd, 'decoder-std') } : {}),
    };
  } finally {
    encoder.dispose();
    decoder.dispose();
    decoderStd?.dispose();
    tf.dispose(stds);
  }
}

/** Reads exported files back into a LayersModel (what a user's `tf.loadLayersModel` does). */
export async function loadExported(files: LayersModelFiles): Promise<tfl.LayersModel> {
  const json = JSON.parse(files.json) as { modelTopology: object; weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[] };
  return tfl.loadLayersModel(
    tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0]!.weights, weightData: files.weights }),
  );
}
