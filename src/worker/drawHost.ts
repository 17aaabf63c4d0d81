/**
 * The drawing worker's copy of the model. The training worker sends its weights now and then
 * (a ModelSnapshot); this checks them and puts them in a model of the same architecture, kept
 * across snapshots of the same shape (the weights are overwritten in place), so that a log p(x)
 * estimate under way runs on as the copy follows training, as it does in the training worker.
 */
import { validateConfig, type Config } from '../core/config';
import { sameNetwork, VAE } from '../core/model';
import type { ModelSnapshot } from '../protocol/drawing';
import type { DrawSource } from './drawing';

export class DrawModelHost {
  private held: { model: VAE; run: number; step: number; config: Config } | null = null;

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

  /** What the drawing requests read (no test set here: test digits come from the training worker). */
  source(): DrawSource {
    const h = this.held;
    if (!h) throw new Error('the drawing worker holds no model yet');
    return {
      model: h.model,
      decoder: h.config.decoder,
      run: h.run,
      step: h.step,
      testInputs: new Float32Array(0),
      testImages: new Uint8Array(0),
      testLabels: new Uint8Array(0),
      nTest: 0,
    };
  }

  dispose(): void {
    this.held?.model.dispose();
    this.held = null;
  }
}
