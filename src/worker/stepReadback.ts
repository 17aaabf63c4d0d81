/**
 * The readback of the training steps' figures: each step's statistics wait on the device
 * until a flush stacks the pending ones and reads them in one asynchronous read, every
 * METRICS_EVERY_STEPS steps or METRICS_EVERY_MS (see schedule.ts). At most one read is in
 * flight: the next flush waits for the previous one, which bounds the queue of device work.
 * Each read becomes a 'metrics' event with the training rate since the previous one.
 */
import * as tf from '../core/tf';
import type { TrainPoint, WorkerEvent } from '../protocol/types';
import { METRICS_EVERY_MS, METRICS_EVERY_STEPS } from './schedule';
import { readStepStats, type PendingStats } from './stepMetrics';

/** What the readback reads of the training session, afresh at each read. */
export interface ReadbackHost {
  now(): number;
  /** Asked after `review`: a diverged step stops training. */
  running(): boolean;
  runId(): number;
  variational(): boolean;
  /** Looks at the points read (the divergence guard), before they are reported. */
  review(points: TrainPoint[]): void;
  emit(e: WorkerEvent): void;
}

export class StepReadback {
  private pending: PendingStats[] = [];
  private inFlight: Promise<void> = Promise.resolve();
  private lastMetricsAt: { time: number; samples: number } | null = null;
  private lastFlushAt = 0;

  constructor(private readonly host: ReadbackHost) {}

  /** A step's statistics, to be read with the next flush. */
  push(p: PendingStats): void {
    this.pending.push(p);
  }

  /** Whether a read is due after a step: METRICS_EVERY_STEPS pending, or METRICS_EVERY_MS since the last flush. */
  get due(): boolean {
    return this.pending.length >= METRICS_EVERY_STEPS || this.host.now() - this.lastFlushAt >= METRICS_EVERY_MS;
  }

  /** Training (re)starts: the rate is measured afresh from the next read. */
  restartRate(): void {
    this.lastMetricsAt = null;
  }

  /** Resolves when the read under way (if any) is done. */
  settled(): Promise<void> {
    return this.inFlight;
  }

  /**
   * Reads the pending statistics back in one asynchronous read, after the read under way.
   * With `wait` it returns once this read is done too.
   */
  async flush(wait: boolean): Promise<void> {
    await this.inFlight;
    const host = this.host;
    this.lastFlushAt = host.now();
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    const stacked = tf.stack(batch.map((p) => p.stats));
    tf.dispose(batch.map((p) => p.stats));
    const run = host.runId();
    const variational = host.variational();
    this.inFlight = stacked.data().then((values) => {
      stacked.dispose();
      const { points, klPerDim } = readStepStats(values, batch, run, variational);
      host.review(points);
      const time = host.now();
      const last = batch[batch.length - 1]!;
      let samplesPerSec: number | null = null;
      if (this.lastMetricsAt && time > this.lastMetricsAt.time) {
        samplesPerSec = ((last.samples - this.lastMetricsAt.samples) / (time - this.lastMetricsAt.time)) * 1000;
      }
      this.lastMetricsAt = host.running() ? { time, samples: last.samples } : null;
      const mem = tf.memory();
      host.emit({ type: 'metrics', points, klPerDim, samplesPerSec, tensors: mem.numTensors, bytes: mem.numBytes });
    });
    if (wait) await this.inFlight;
  }
}
