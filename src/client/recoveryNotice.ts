/**
 * What the page says after a worker was replaced: which step the new worker resumed from, or
 * that it started from the pretrained model or from fresh weights, and whether training goes
 * on. Pure, so that every case is checked by a unit test against the words expected.
 */

export interface RecoveryOutcome {
  /** The backend of the new worker. */
  backend: string;
  /** The run and step of the checkpoint it resumed from; null when there was none to resume. */
  restored: { run: number; step: number } | null;
  /** Without a checkpoint: whether the new worker loaded the pretrained model (else fresh weights). */
  pretrained: boolean;
  /** Whether training was started again (it was training when the worker died). */
  resumedTraining: boolean;
  /** The user's data set the new worker was given again (null or absent: the built-in set). */
  userData?: string | null;
  /** Why the user's data set could not be given to the new worker (it then trains on the built-in set, from fresh weights). */
  dataLost?: string | null;
}

/** Two replacements within this long: the second does not start training again by itself. */
export const RECOVERY_RETRAIN_GUARD_MS = 60_000;

export function recoveryNotice(o: RecoveryOutcome): string {
  const on = o.userData ? `, on your data set "${o.userData}"` : '';
  if (o.dataLost) {
    return `Recovered: a new worker on ${o.backend} started on the built-in data set, because ${o.dataLost}; the run's checkpoint belongs to that set and was not restored on another. Press Train to continue.`;
  }
  const from = o.restored
    ? `resumed run ${o.restored.run} from its checkpoint at step ${o.restored.step.toLocaleString('en-US')}, with its settings and curves`
    : o.pretrained
      ? 'started again from the pretrained model (no checkpoint of this run had been taken yet)'
      : 'started with your settings from fresh weights (no checkpoint had been taken yet)';
  const next = o.resumedTraining ? 'Training goes on.' : 'Press Train to continue.';
  return `Recovered: a new worker on ${o.backend} ${from}${on}. ${next}`;
}

/** Whether to start training again after a replacement: it was training, and the last replacement is not recent. */
export function shouldRetrain(wasRunning: boolean, lastRecoveryAt: number | null, now: number): boolean {
  return wasRunning && (lastRecoveryAt === null || now - lastRecoveryAt > RECOVERY_RETRAIN_GUARD_MS);
}
