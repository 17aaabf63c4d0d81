/**
 * The drawing worker's copies of the model and of the test set. The training worker sends its
 * weights now and then (a ModelSnapshot); this checks them and puts them in a model of the
 * same architecture, kept across snapshots of the same shape (the weights are overwritten in
 * place), so that a log p(x) estimate under way runs on as the copy follows training, as it
 * does in the training worker. The test set comes once per data set (a TestSetCopy); its
 * model inputs are derived here as the training worker derives them (core/binarize.ts).
 */
import { fixedTargets } from '../core/binarize';
import { validateConfig, type Config, type DecoderFamily } from '../core/config';
import { IMAGE_SIZE, sameNetwork, VAE } from '../core/model';
import type { ModelSnapshot, TestSetCopy } from '../protocol/drawing';
import type { DrawSource } from './drawing';
import type { LatentViewSource } from './latentViews';
import type { BayesViewSource } from './bayesViewsApi';

interface HeldTestSet {
  key: string;
  images: Uint8Array;
  labels: Uint8Array;
  n: number;
  nTrain: number;
  /** Model inputs, derived for one decoder family at a time. */
  inputs: { decoder: DecoderFamily; x: Float32Array } | null;
}

export class DrawModelHost {
  private held: { model: VAE; run: number; step: number; config: Config } | null = null;
  private tests: HeldTestSet | null = null;

  /** The key of the test set held, or null before the first. */
  get testSetKey(): string | null {
    return this.tests?.key ?? null;
  }

  /** Takes a copy of the test set (checked first: on a problem this throws and the copy held stays). */
  setTestSet(set: TestSetCopy): void {
    const { key, images, labels, n, nTrain } = set ?? ({} as TestSetCopy);
    if (typeof key !== 'string' || key === '') throw new Error('the test set copy has no key');
    if (!Number.isInteger(n) || n < 1) throw new Error(`the test set copy must hold at least one image, not ${String(n)}`);
    if (!(images instanceof Uint8Array) || images.length !== n * IMAGE_SIZE) throw new Error(`the test set copy must hold ${n} × ${IMAGE_SIZE} bytes of images`);
    if (!(labels instanceof Uint8Array) || labels.length !== n) throw new Error(`the test set copy must hold ${n} labels`);
    if (!Number.isInteger(nTrain) || nTrain < 1) throw new Error(`the test set copy must give the training set's size, not ${String(nTrain)}`);
    this.tests = { key, images, labels, n, nTrain, inputs: null };
  }

  /** The test set's model inputs for `decoder`, derived once per data set and decoder. */
  private testInputs(decoder: DecoderFamily): Float32Array {
    const t = this.tests!;
    if (t.inputs?.decoder !== decoder) t.inputs = { decoder, x: fixedTargets(t.images, decoder) };
    return t.inputs.x;
  }

  /** The run and step held, or null before the first snapshot. */
  get version(): { run: number; step: number } | null {
    return this.held && { run: this.held.run, step: this.held.step };
  }

  /**
   * Takes a snapshot. Everything is checked before anything changes: the config, the number
   * and sizes of the weights, finite values. On a problem this throws and the copy held stays.
   * Returns whether the run changed (the caller stops the long requests of the old one).
   */
  set(snapshot: ModelSnapshot): { runChanged: boolean } {
    const v = validateConfig(snapshot?.config);
    if (!v.ok) throw new Error(`the model copy has an invalid config: ${v.errors.map((e) => e.message).join('; ')}`);
    const { run, step, weights } = snapshot;
    if (!Number.isInteger(run) || !Number.isInteger(step) || step < 0) throw new Error('the model copy has no valid run and step');
    if (!Array.isArray(weights)) throw new Error('the model copy has no weights');
    weights.forEach((w, i) => {
      if (!(w instanceof Float32Array)) throw new Error(`weight ${i} of the model copy is not float32`);
      if (!w.every(Number.isFinite)) throw new Error(`weight ${i} of the model copy contains NaN or infinite values`);
    });
    const runChanged = this.held?.run !== run;
    const keep = this.held && sameNetwork(this.held.config, v.config) ? this.held.model : null;
    if (keep) {
      // setWeights checks every count and size before it assigns any.
      keep.setWeights(weights);
      this.held = { model: keep, run, step, config: v.config };
      return { runChanged };
    }
    const model = new VAE(v.config);
    try {
      model.setWeights(weights);
    } catch (e) {
      model.dispose();
      throw e;
    }
    this.held?.model.dispose();
    this.held = { model, run, step, config: v.config };
    return { runChanged };
  }

  /** What the drawing requests read (an empty test set until one is held). */
  source(): DrawSource {
    const h = this.held;
    if (!h) throw new Error('the drawing worker holds no model yet');
    const t = this.tests;
    return {
      model: h.model,
      decoder: h.config.decoder,
      run: h.run,
      step: h.step,
      testInputs: t ? this.testInputs(h.config.decoder) : new Float32Array(0),
      testImages: t?.images ?? new Uint8Array(0),
      testLabels: t?.labels ?? new Uint8Array(0),
      nTest: t?.n ?? 0,
    };
  }

  /** What the Bayesian decoder's views read: the pad's source, the prior's α in effect, and N. */
  bayesSource(): BayesViewSource {
    if (!this.tests) throw new Error('the drawing worker holds no test set yet');
    return { ...this.source(), weightPriorStd: this.held!.config.weightPriorStd, nTrain: this.tests.nTrain };
  }

  /** What the latent views read: the model and the test set (both must be held). */
  viewSource(between?: () => Promise<void>): LatentViewSource {
    if (!this.tests) throw new Error('the drawing worker holds no test set yet');
    const s = this.source();
    return { model: s.model, testInputs: s.testInputs, testImages: s.testImages, testLabels: s.testLabels, nTest: s.nTest, step: s.step, ...(between ? { between } : {}) };
  }

  dispose(): void {
    this.held?.model.dispose();
    this.held = null;
    this.tests = null;
  }
}
