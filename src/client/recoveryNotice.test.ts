import { describe, expect, it } from 'vitest';
import { RECOVERY_RETRAIN_GUARD_MS, recoveryNotice, shouldRetrain } from './recoveryNotice';

describe('recoveryNotice', () => {
  it('names the step restored, and says training goes on', () => {
    expect(recoveryNotice({ backend: 'webgl', restored: { run: 2, step: 1330 }, pretrained: false, resumedTraining: true })).toBe(
      'Recovered: a new worker on webgl resumed run 2 from its checkpoint at step 1,330, with its settings and curves. Training goes on.',
    );
  });
  it('says the pretrained model came back when there was no checkpoint and it was loaded', () => {
    const m = recoveryNotice({ backend: 'wasm', restored: null, pretrained: true, resumedTraining: false });
    expect(m).toContain('started again from the pretrained model');
    expect(m).not.toContain('fresh');
    expect(m).toMatch(/Press Train to continue\.$/);
  });
  it('names the user\'s data set the new worker was given again', () => {
    expect(recoveryNotice({ backend: 'webgl', restored: { run: 4, step: 200 }, pretrained: false, resumedTraining: true, userData: 'shapes' })).toBe(
      'Recovered: a new worker on webgl resumed run 4 from its checkpoint at step 200, with its settings and curves, on your data set "shapes". Training goes on.',
    );
  });
  it('says why the user\'s data set was lost, that the checkpoint stayed unused, and that training waits', () => {
    const m = recoveryNotice({ backend: 'wasm', restored: null, pretrained: false, resumedTraining: false, dataLost: 'your data set "shapes" could not be given to it (gone)' });
    expect(m).toBe(
      'Recovered: a new worker on wasm started on the built-in data set, because your data set "shapes" could not be given to it (gone); the run\'s checkpoint belongs to that set and was not restored on another. Press Train to continue.',
    );
  });
  it('says the weights are fresh only when they are', () => {
    expect(recoveryNotice({ backend: 'cpu', restored: null, pretrained: false, resumedTraining: false })).toContain('from fresh weights');
  });
});

describe('shouldRetrain', () => {
  it('trains again after a replacement while training, not after a second one within a minute, not when paused', () => {
    expect(shouldRetrain(true, null, 1000)).toBe(true);
    expect(shouldRetrain(true, 0, RECOVERY_RETRAIN_GUARD_MS)).toBe(false);
    expect(shouldRetrain(true, 0, RECOVERY_RETRAIN_GUARD_MS + 1)).toBe(true);
    expect(shouldRetrain(false, null, 1000)).toBe(false);
  });
});
