import * as tf from '../core/tf';
import { type Config, type DatasetName, rebuildKeysChanged, validateConfig } from '../core/config';
import { stepSeed, Trainer } from '../core/trainer';
import { DivergenceGuard, divergenceAdvice } from './guard';
import { checkCheckpointArrays, checkpointFromArrays, checkpointToArrays, type CheckpointArrays } from '../core/serialize';
import { disposeCheckpoint } from '../core/trainer';
import { fixedTargets } from '../core/binarize';
import type { Dataset } from '../data/load';
import { BatchSampler } from '../data/sampler';
import type { EvalPoint, RunState, SetConfigResult, TrainPoint, WorkerEvent } from '../protocol/types';
import type { UserDatasetInfo } from '../protocol/import';
import { EvalSchedule } from './evalSchedule';
import { StepReadback } from './stepReadback';
import { fitsCurrentDevice, TrainingBatches } from './trainingBatches';
import { CHECKPOINT_EXPORT_MS, yieldToEventLoop } from './schedule';

/**
 * The training loop of the worker: owns the Trainer, draws batches, reads metrics back
 * asynchronously every METRICS_EVERY_STEPS steps, interleaves test-set evaluation in
 * chunks, and applies settings between steps. Independent of Comlink and of the backend,
 * so it runs in Node tests too.
 */
/** The slowest slow motion: one step every 10 s. */
export const MAX_STEP_INTERVAL_MS = 10_000;

export class TrainingSession {
  private trainer: Trainer;
  private sampler: BatchSampler;
  /** Where batches come from: gathered from the resident training set, or uploaded per step. */
  private readonly batches = new TrainingBatches((bytes) => this.keepOnDevice(bytes));
  private data: Dataset;
  /** The user's own data set when `data` is one (null: the built-in `config.dataset`). */
  private userData: UserDatasetInfo | null = null;
  /** Test images as the decoder's targets: fixed-seed binarization, or intensities. */
  private testTargets!: Float32Array;
  /** A copy of the run under way (exportRun), and whether training goes on after it. */
  private copyHold: { resume: boolean } | null = null;
  /** The copies asked for, one after another. */
  private copies: Promise<unknown> = Promise.resolve();
  /** The steps' figures, read back from the device and reported. */
  private readonly readback: StepReadback;
  /** When the test set is evaluated, and the evaluation under way. */
  private readonly evals: EvalSchedule;
  private loopPromise: Promise<void> | null = null;
  /** Slow motion: at least this long between steps (0: full speed). */
  private stepIntervalMs = 0;
  private run = 1;
  private guard: DivergenceGuard;
  private trainingMsSinceExport = 0;
  private exportedStep: number | null = null;
  /** Where the current run's weights came from ("pretrained"), undefined for a fresh initialization. */
  private origin: string | undefined;
  /** The first non-finite step seen, awaiting recovery. */
  private diverged: TrainPoint | null = null;
  running = false;

  constructor(
    data: Dataset,
    config: Config,
    private readonly emit: (e: WorkerEvent) => void,
    private readonly now: () => number = () => performance.now(),
    /** Loads another data set when a config asks for one (the worker fetches it). */
    private readonly loadData: (name: DatasetName) => Promise<Dataset> = (name) =>
      Promise.reject(new Error(`the ${name} data set cannot be loaded here`)),
  ) {
    this.data = data;
    this.trainer = new Trainer(config);
    this.guard = new DivergenceGuard(this.trainer);
    this.sampler = new BatchSampler(data.trainImages, config.seed);
    this.prepareTestTargets(config);
    this.evals = new EvalSchedule(this, emit);
    this.readback = new StepReadback({
      now,
      emit,
      running: () => this.running,
      runId: () => this.run,
      variational: () => this.trainer.model.variational,
      review: (points) => {
        const bad = this.guard.review(points);
        if (bad && !this.diverged) {
          // Stop after the current step; the loop then restores the last finite checkpoint.
          this.diverged = bad;
          this.running = false;
        }
      },
    });
  }

  get config(): Config {
    return this.trainer.config;
  }

  get runId(): number {
    return this.run;
  }

  /** The current model. Views use it between steps; they must not keep it across a rebuild. */
  get model() {
    return this.trainer.model;
  }

  /** The loaded data set (train and test images as bytes, labels). */
  get dataset(): Dataset {
    return this.data;
  }

  /** Test images as the decoder's targets (fixed-seed binarization, or intensities), 784 per image. */
  get testSet(): Float32Array {
    return this.testTargets;
  }

  get stepCount(): number {
    return this.trainer.step;
  }

  /** Training images seen in this run. */
  get samplesSeen(): number {
    return this.trainer.samplesSeen;
  }

  state(): RunState {
    return {
      run: this.run,
      running: this.running,
      step: this.trainer.step,
      samples: this.trainer.samplesSeen,
      epoch: this.trainer.samplesSeen / this.data.nTrain,
      config: this.trainer.config,
      parameterCount: this.trainer.model.parameterCount,
      ...(this.origin ? { origin: this.origin } : {}),
      stepIntervalMs: this.stepIntervalMs,
      ...(this.userData ? { userData: this.userData } : {}),
    };
  }

  /** Slow motion: at least `ms` between steps (0: full speed), each step's figures shown as it ends. */
  setStepInterval(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0 || ms > MAX_STEP_INTERVAL_MS) {
      throw new Error(`step interval must be between 0 and ${MAX_STEP_INTERVAL_MS} ms, not ${ms}`);
    }
    this.stepIntervalMs = ms;
    this.emitState();
  }

  /** Waits out the rest of a slow-motion step, in short naps so that Pause answers at once. */
  private async slowMotion(stepStart: number): Promise<void> {
    while (this.running && this.stepIntervalMs > 0 && this.now() - stepStart < this.stepIntervalMs) {
      await new Promise((r) => setTimeout(r, Math.min(50, this.stepIntervalMs - (this.now() - stepStart))));
    }
  }

  private emitState(): void {
    this.emit({ type: 'state', state: this.state() });
  }

  private prepareTestTargets(config: Config): void {
    this.testTargets = fixedTargets(this.data.testImages, config.decoder);
  }

  /** Starts the loop (no-op when running). */
  start(): void {
    // During a copy: training goes on after it.
    if (this.copyHold) {
      this.copyHold.resume = true;
      return;
    }
    if (this.running) return;
    this.running = true;
    this.readback.restartRate();
    this.emitState();
    this.loopPromise = this.loop();
  }

  /** Stops after the current step and flushes the metrics of the steps taken. */
  async pause(): Promise<void> {
    // During a copy (exportRun) the loop is already stopped, and the page still shows training:
    // the pause is that training does not go on after the copy.
    if (this.copyHold) {
      if (this.copyHold.resume) {
        this.copyHold.resume = false;
        this.emitState();
      }
      return;
    }
    if (!this.running) return;
    await this.stopLoop();
    this.emitState();
  }

  /** Stops the loop after the current step and reads back the figures of the steps taken. */
  private async stopLoop(): Promise<void> {
    this.running = false;
    await this.loopPromise;
    await this.readback.flush(true);
  }

  private async loop(): Promise<void> {
    try {
      await this.guard.ensureBase();
      while (this.running) {
        const t0 = this.now();
        this.trainOneStep();
        await this.guard.afterStep();
        const slow = this.stepIntervalMs > 0;
        if (slow || this.readback.due) await this.readback.flush(!this.running);
        const stepMs = this.now() - t0;
        await this.evals.tick(stepMs);
        await this.exportTick(stepMs);
        await yieldToEventLoop();
        if (slow) await this.slowMotion(t0);
      }
      await this.readback.flush(true);
      await this.recoverIfDiverged();
    } catch (e) {
      this.running = false;
      this.emit({ type: 'error', message: `Training stopped: ${(e as Error).message}` });
      this.emitState();
    }
  }

  /** One step when paused: trains, reads the figures back, and reports them. */
  async singleStep(): Promise<void> {
    if (this.running) return;
    await this.guard.ensureBase();
    this.trainOneStep();
    await this.guard.afterStep();
    await this.readback.flush(true);
    await this.recoverIfDiverged();
    this.emitState();
  }

  /** A variational decoder's KL(q(θ) ‖ p_α(θ)) / N per image (null for a point estimate), for the evaluations. */
  weightKlPerImage(): Promise<number | null> {
    return this.trainer.weightKlPerImage();
  }

  /** Whether a training set of `bytes` is kept resident on the device (tests replace the rule). */
  keepOnDevice: (bytes: number) => boolean = fitsCurrentDevice;

  /** Bytes of the training set held on the device (0 when batches are uploaded per step). */
  get residentBytes(): number {
    return this.batches.residentBytes;
  }

  private trainOneStep(): void {
    const c = this.trainer.config;
    const source = this.batches.source(this.data, this.sampler);
    this.trainer.trainSize = this.data.nTrain; // N of the full-VB bound
    const stats = tf.tidy(() => {
      const x = source.targets(c.batchSize, c.decoder, stepSeed(c.seed, this.trainer.step, 1));
      return this.trainer.trainStep(x);
    });
    this.readback.push({ step: this.trainer.step, samples: this.trainer.samplesSeen, stats });
  }

  /**
   * After a non-finite step: restores the last confirmed checkpoint (weights and optimizer
   * state), says what happened and why it probably did, and leaves training paused.
   */
  private async recoverIfDiverged(): Promise<void> {
    const bad = this.diverged;
    if (!bad) return;
    this.diverged = null;
    this.evals.cancel();
    const restoredStep = await this.guard.recover();
    this.emit({
      type: 'diverged',
      run: this.run,
      step: bad.step,
      samples: bad.samples,
      restoredStep,
      message:
        `Training diverged at step ${bad.step}: the loss or a gradient became NaN or infinite. ` +
        `Paused, and the weights and optimizer state were restored from step ${restoredStep}. ` +
        divergenceAdvice(this.trainer.config),
    });
    this.emitState();
  }

  /** Sends the last confirmed checkpoint to the page every CHECKPOINT_EXPORT_MS of training. */
  private async exportTick(stepMs: number): Promise<void> {
    this.trainingMsSinceExport += stepMs;
    if (this.trainingMsSinceExport < CHECKPOINT_EXPORT_MS) return;
    const step = this.guard.confirmedStep;
    if (step === null || step === this.exportedStep) return;
    this.trainingMsSinceExport = 0;
    const checkpoint = await this.guard.exportConfirmed();
    if (!checkpoint) return;
    this.exportedStep = step;
    this.emit({ type: 'checkpoint', run: this.run, checkpoint });
  }

  /**
   * Resumes a run in this (new) session from a checkpoint sent by a previous worker. The
   * arrays are checked against the model before anything is replaced.
   */
  async restoreRun(run: number, arrays: CheckpointArrays): Promise<void> {
    const problem = checkCheckpointArrays(arrays, this.trainer.model);
    if (problem) throw new Error(`the checkpoint does not fit the model: ${problem}`);
    const cp = checkpointFromArrays(arrays);
    try {
      await this.trainer.restore(cp);
    } finally {
      disposeCheckpoint(cp);
    }
    this.trainer.step = arrays.step;
    this.trainer.samplesSeen = arrays.samplesSeen;
    this.guard.dispose();
    this.guard = new DivergenceGuard(this.trainer);
    this.run = run;
    this.exportedStep = arrays.step;
    this.evals.resumed(arrays.samplesSeen);
    this.emitState();
  }

  /** Test hook: poisons one weight with NaN, as a diverging step would. */
  injectNaN(): void {
    const v = this.trainer.model.decoderHead.b;
    tf.tidy(() => v.assign(tf.fill(v.shape, Number.NaN)));
  }

  /** Evaluates the whole test set now (between steps when training). */
  evaluateFull(): Promise<EvalPoint> {
    return this.evals.evaluateFull();
  }

  /** Applies live settings; refuses invalid ones; reports shape changes without applying them. */
  setConfig(next: unknown): SetConfigResult {
    const v = validateConfig(next);
    if (!v.ok) return { ok: false, message: v.errors.map((e) => e.message).join('; ') };
    const rebuild = rebuildKeysChanged(this.trainer.config, v.config);
    if (rebuild.length > 0) return { ok: true, rebuildNeeded: rebuild };
    this.trainer.setConfig(v.config);
    this.emitState();
    return { ok: true, rebuildNeeded: [] };
  }

  /**
   * A new network (and a new run) for `next`; the loop keeps its running state. `replace`:
   * train on this data set from now on (the user's own when `user` is given).
   */
  async rebuild(
    next: unknown,
    prepared?: { trainer: Trainer; origin: string },
    replace?: { data: Dataset; user: UserDatasetInfo | null },
  ): Promise<SetConfigResult> {
    const v = validateConfig(next);
    if (!v.ok) {
      prepared?.trainer.dispose();
      return { ok: false, message: v.errors.map((e) => e.message).join('; ') };
    }
    // Another data set is loaded first, while training goes on; if it fails, nothing changes.
    let data: Dataset | undefined = replace?.data;
    if (!data && v.config.dataset !== this.trainer.config.dataset) {
      try {
        data = await this.loadData(v.config.dataset);
      } catch (e) {
        prepared?.trainer.dispose();
        throw e;
      }
    }
    // A copy under way (an autosave) ends first: it reads the model this replaces.
    await this.copies;
    const wasRunning = this.running;
    await this.pause();
    const decoderChanged = v.config.decoder !== this.trainer.config.decoder;
    this.evals.cancel();
    this.guard.dispose();
    this.trainer.dispose();
    this.trainer = prepared?.trainer ?? new Trainer(v.config);
    this.origin = prepared?.origin;
    this.guard = new DivergenceGuard(this.trainer);
    if (data) {
      this.data = data;
      this.userData = replace?.user ?? null;
      // The previous data set's resident tensor goes now, not at the next step.
      this.batches.disposeResident();
    }
    this.sampler = new BatchSampler(this.data.trainImages, v.config.seed);
    this.batches.newSampler();
    if (decoderChanged || data) this.prepareTestTargets(v.config);
    this.run++;
    this.evals.newRun();
    if (data) {
      const user = this.userData ? { user: this.userData } : {};
      this.emit({ type: 'ready', nTrain: data.nTrain, nTest: data.nTest, dataset: v.config.dataset, ...user });
    }
    this.emitState();
    if (wasRunning) this.start();
    return { ok: true, rebuildNeeded: [] };
  }

  /**
   * Replaces the model by one with these weights (a pretrained model): a new run whose state
   * carries `origin`. Config and weights are checked on the new model first (valid config,
   * count and sizes, finite values); on any problem this throws and the current model stays.
   */
  async loadModel(config: Config, weights: Float32Array[], origin: string, trained?: { samples: number; steps: number }): Promise<void> {
    const v = validateConfig(config);
    if (!v.ok) throw new Error(`invalid config: ${v.errors.map((e) => e.message).join('; ')}`);
    weights.forEach((w, i) => {
      if (!w.every(Number.isFinite)) throw new Error(`weight ${i} contains NaN or infinite values`);
    });
    const trainer = new Trainer(v.config);
    try {
      trainer.model.setWeights(weights);
    } catch (e) {
      trainer.dispose();
      throw e;
    }
    // The run goes on from where the weights were written: its steps and images seen.
    if (trained) {
      trainer.step = trained.steps;
      trainer.samplesSeen = trained.samples;
    }
    await this.rebuild(v.config, { trainer, origin });
  }

  /**
   * The current weights and optimizer state as arrays (to save the run). While training, the
   * loop pauses for the copy, so weights and optimizer state are of the same step.
   */
  exportRun(): Promise<{ run: number; config: Config; checkpoint: CheckpointArrays }> {
    // One copy at a time (the autosave's and a user's save may ask together).
    const copy = this.copies.then(() => this.copyRun());
    this.copies = copy.catch(() => {});
    return copy;
  }

  /**
   * The copy itself: the loop stops after its step, so that weights and optimizer state are of
   * one step, and goes on after the copy, without the page seeing a pause (the Train and Pause
   * buttons would flicker at every autosave); a pause asked for meanwhile holds.
   */
  private async copyRun(): Promise<{ run: number; config: Config; checkpoint: CheckpointArrays }> {
    const hold = { resume: this.running };
    this.copyHold = hold;
    try {
      if (this.running) await this.stopLoop();
      const cp = await this.trainer.snapshot();
      try {
        return { run: this.run, config: this.trainer.config, checkpoint: await checkpointToArrays(cp) };
      } finally {
        disposeCheckpoint(cp);
      }
    } finally {
      this.copyHold = null;
      if (hold.resume) this.start();
    }
  }

  /**
   * Continues a saved run: a new run (labelled `origin`) with the saved config, weights,
   * optimizer state and step counters. Everything is checked on a new model first (config,
   * count, shapes, sizes, finite values); on any problem this throws and the current model
   * stays as it was.
   */
  async loadRun(config: unknown, arrays: CheckpointArrays, origin: string): Promise<void> {
    const v = validateConfig(config);
    if (!v.ok) throw new Error(`invalid config: ${v.errors.map((e) => e.message).join('; ')}`);
    const trainer = new Trainer(v.config);
    try {
      const problem = checkCheckpointArrays(arrays, trainer.model);
      if (problem) throw new Error(`the saved weights do not fit the saved config: ${problem}`);
      const cp = checkpointFromArrays(arrays);
      try {
        await trainer.restore(cp);
      } finally {
        disposeCheckpoint(cp);
      }
      trainer.step = arrays.step;
      trainer.samplesSeen = arrays.samplesSeen;
    } catch (e) {
      trainer.dispose();
      throw e;
    }
    await this.rebuild(v.config, { trainer, origin });
    this.exportedStep = arrays.step;
  }

  /** A fresh model with the same config. */
  reset(): Promise<SetConfigResult> {
    return this.rebuild(this.trainer.config);
  }

  async dispose(): Promise<void> {
    await this.copies;
    await this.pause();
    this.evals.cancel();
    this.guard.dispose();
    this.trainer.dispose();
    this.batches.disposeResident();
  }
}
