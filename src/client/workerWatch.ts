/**
 * Runs a Watchdog (watchdog.ts) on a live worker: pings it every PING_EVERY_MS, tells the
 * watchdog each answer and whether training should be making steps, and calls onDead once
 * with what went wrong. The caller replaces the worker.
 */
import { describeVerdict, PING_EVERY_MS, Watchdog } from './watchdog';

/** Pings allowed to wait at once: a ping lost with an aborted task must not stop the pinging. */
const MAX_PINGS_WAITING = 5;

export interface WatchedWorker {
  /** A cheap call answered between the worker's tasks: the training worker's step count, or anything. */
  ping(): Promise<unknown>;
  /** For the training worker: the run, whether it trains, its slow-motion interval and the step the page shows. */
  training?: () => { run: number; running: boolean; stepIntervalMs: number; step: number } | null;
  /** Called once, with a reason such as "it stopped answering for 7 s". */
  onDead(reason: string): void;
}

/** Starts watching; returns a function that stops it. */
export function watchWorker(w: WatchedWorker, now: () => number = () => performance.now()): () => void {
  const dog = new Watchdog(now);
  if (!w.training) dog.started();
  let waiting = 0;
  let run: number | null = null;
  let stopped = false;
  const timer = setInterval(() => {
    if (stopped) return;
    const t = w.training?.();
    if (t) {
      if (run !== null && t.run !== run) dog.newRun();
      run = t.run;
      dog.setRunning(t.running, t.stepIntervalMs);
      dog.shown(t.step);
    }
    const verdict = dog.check();
    if (verdict) {
      stop();
      w.onDead(describeVerdict(verdict));
      return;
    }
    if (waiting >= MAX_PINGS_WAITING) return;
    waiting++;
    w.ping().then(
      (answer) => {
        waiting--;
        if (!stopped) dog.answered(typeof answer === 'number' ? answer : -1);
      },
      () => {
        waiting--;
      },
    );
  }, PING_EVERY_MS);
  function stop(): void {
    stopped = true;
    clearInterval(timer);
  }
  return stop;
}
