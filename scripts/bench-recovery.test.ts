import { describe, expect, it } from 'vitest';
import { autosavePutMs, parseLastSave, restoredFromNotice, shareOfTraining } from './bench-recovery.mjs';

describe('the autosave figures the benchmark reads', () => {
  it('parses the Runs tab line of the last autosave', () => {
    expect(parseLastSave('Autosave … (last: step 1,330, 9.7 MB, 12 ms)')).toEqual({ step: 1330, mb: 9.7, ms: 12 });
    expect(parseLastSave('Autosave the current run in this browser every few seconds of training')).toBeNull();
  });

  it("sums each save's two puts and leaves other puts out", () => {
    const puts = [
      { key: 'run-3', ms: 50 },
      { key: 'autosave', ms: 10 },
      { key: 'autosave-meta', ms: 0.5 },
      { key: 'autosave', ms: 20 },
      { key: 'autosave-meta', ms: 1 },
    ];
    expect(autosavePutMs(puts)).toEqual([10.5, 21]);
    expect(autosavePutMs([{ key: 'autosave-meta', ms: 1 }])).toEqual([]);
  });

  it('reads the step a recovery starts from out of its notice', () => {
    expect(restoredFromNotice('Recovered: a new worker on webgl resumed run 2 from its checkpoint at step 1,330, with its settings and curves. Training goes on.')).toBe(1330);
    expect(restoredFromNotice('Recovered: a new worker on wasm started with your settings from fresh weights (no checkpoint had been taken yet). Training goes on.')).toBe(0);
    expect(restoredFromNotice('Recovered: a new worker started again from the pretrained model.')).toBeNull();
  });

  it('gives the share of training time as worker ms over the interval, in %', () => {
    expect(shareOfTraining(150, 6000)).toBe(2.5);
    expect(shareOfTraining(null, 6000)).toBeNull();
    expect(shareOfTraining(150, 0)).toBeNull();
  });
});
