/**
 * A watchdog for a worker: decides, from the answers to a cheap ping, whether the worker
 * stopped answering (its event loop is dead or blocked: aborted, crashed, hung in a kernel) or,
 * for the training worker, whether the steps stopped reaching the page while it trains though
 * the worker still answers (its script aborted in the middle of a step, or its reports lost:
 * "Pause" would stay shown and Train would do nothing).
 *
 * Pure logic with an injected clock, so the unit tests run on fake time. The limits adapt to
 * what the worker has shown it does: a worker that has answered every second is declared dead
 * after a few seconds of silence, one that blocks for 2 s per step only after 3 × that. Before
 * the first step of a run (shaders compiling, about 13 s for WebGPU in software) it gets the
 * long limits.
 */

/** How often the page pings each worker. */
export const PING_EVERY_MS = 1_000;
/** Silence after which a worker that has been answering is declared dead, at least. */
export const SILENT_MIN_MS = 6_000;
/** Silence allowed before the first step of a run (shaders compile) and at most. */
export const SILENT_MAX_MS = 45_000;
/** A training loop that made no step for this long while running is declared stopped, at least. */
export const STALL_MIN_MS = 10_000;
/** Before the first step of a run, a running loop may take this long to make it. */
export const STALL_WARMUP_MS = 90_000;
/** The stall limit grows with the gaps seen up to this (a full evaluation in software takes tens of seconds), unless slow motion asks for more. */
export const STALL_MAX_MS = 60_000;
/** A limit is this many times the longest gap seen (answers, or steps). */
export const GAP_FACTOR = 3;

export type WatchdogVerdict = { kind: 'silent'; ms: number } | { kind: 'stalled'; ms: number; step: number; workerMoved: boolean };

export class Watchdog {
  private lastAnswerAt: number;
  private longestAnswerGap = 0;
  /** The step count the worker last answered a ping with (-1: none). */
  private workerStep = -1;
  /** The worker's step count when the page last saw a step. */
  private workerStepAtProgress = -1;
  /** The step the page shows (-1: none yet). */
  private step = -1;
  private lastProgressAt: number;
  private longestStepGap = 0;
  private running = false;
  private stepIntervalMs = 0;
  /** A step has been seen since the run (or the watchdog) started: past the shader compilation. */
  private warm = false;

  constructor(private readonly now: () => number) {
    this.lastAnswerAt = now();
    this.lastProgressAt = now();
  }

  /** The worker answered a ping; `workerStep` is its count of steps taken (training worker), or -1. */
  answered(workerStep = -1): void {
    const t = this.now();
    if (this.warm) this.longestAnswerGap = Math.max(this.longestAnswerGap, t - this.lastAnswerAt);
    this.lastAnswerAt = t;
    this.workerStep = workerStep;
  }

  /**
   * The step the page shows (from the worker's reports). Progress is counted here, not from
   * the ping: a worker whose loop runs but whose reports no longer reach the page is as lost
   * to the person watching as one whose loop stopped.
   */
  shown(step: number): void {
    if (step === this.step) return;
    const t = this.now();
    if (this.step >= 0) {
      if (this.warm && this.running) this.longestStepGap = Math.max(this.longestStepGap, t - this.lastProgressAt);
      this.warm = true;
    }
    this.step = step;
    this.lastProgressAt = t;
    this.workerStepAtProgress = this.workerStep;
  }

  /** Whether the training loop should be making steps, and the slow-motion interval between them. */
  setRunning(running: boolean, stepIntervalMs = 0): void {
    if (running && !this.running) this.lastProgressAt = this.now();
    this.running = running;
    this.stepIntervalMs = stepIntervalMs;
  }

  /** A new run (a rebuilt network compiles new shaders): back to the long limits until its first step. */
  newRun(): void {
    this.warm = false;
    this.longestAnswerGap = 0;
    this.longestStepGap = 0;
    this.lastProgressAt = this.now();
  }

  /** For a worker without steps (the drawing worker): past its start, so the short limits apply. */
  started(): void {
    this.warm = true;
    this.lastAnswerAt = this.now();
  }

  /** How long a silence is allowed now. */
  silentLimit(): number {
    if (!this.warm) return SILENT_MAX_MS;
    return Math.min(SILENT_MAX_MS, Math.max(SILENT_MIN_MS, GAP_FACTOR * this.longestAnswerGap));
  }

  /** How long a running loop may go without a step now. */
  stallLimit(): number {
    if (!this.warm) return STALL_WARMUP_MS;
    return Math.max(Math.min(STALL_MAX_MS, Math.max(STALL_MIN_MS, GAP_FACTOR * this.longestStepGap)), GAP_FACTOR * this.stepIntervalMs);
  }

  /** null while all is well; else what went wrong and for how long. */
  check(): WatchdogVerdict | null {
    const t = this.now();
    const silent = t - this.lastAnswerAt;
    if (silent > this.silentLimit()) return { kind: 'silent', ms: silent };
    const still = t - this.lastProgressAt;
    if (this.running && this.step >= 0 && still > this.stallLimit()) {
      return { kind: 'stalled', ms: still, step: this.step, workerMoved: this.workerStep > this.workerStepAtProgress && this.workerStepAtProgress >= 0 };
    }
    return null;
  }
}

/** What a verdict means, in words for the alert: "it stopped answering for 7 s". */
export function describeVerdict(v: WatchdogVerdict): string {
  const s = Math.round(v.ms / 1000);
  if (v.kind === 'silent') return `it stopped answering for ${s} s`;
  return v.workerMoved
    ? `it stopped reporting its steps: none reached the page for ${s} s while training`
    : `its training loop stopped: no step for ${s} s while training`;
}
