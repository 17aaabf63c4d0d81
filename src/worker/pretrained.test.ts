import { describe, expect, it } from 'vitest';
import { MAX_RECORDED_POINTS, recordedCurve } from './pretrained';

const point = (samples: number, elbo = -150) => ({ samples, steps: samples / 128, elbo, recon: elbo + 5, kl: 5, activeUnits: 2 });

describe('recordedCurve', () => {
  it('reads the test curve recorded as the model trained, in order', () => {
    const curve = recordedCurve({ curve: [point(0, -545.2), point(6016, -204.3), point(12032, -189.4)] });
    expect(curve.map((p) => p.samples)).toEqual([0, 6016, 12032]);
    expect(curve[1]).toEqual({ samples: 6016, steps: 47, elbo: -204.3, recon: -199.3, kl: 5, activeUnits: 2 });
  });
  it('a file without a curve has an empty one', () => {
    expect(recordedCurve(undefined)).toEqual([]);
    expect(recordedCurve({ samples: 10 })).toEqual([]);
  });
  it('refuses a curve that is not a list, too long, not finite, or out of order', () => {
    expect(() => recordedCurve({ curve: 'x' })).toThrow(/not a list/);
    expect(() => recordedCurve({ curve: Array.from({ length: MAX_RECORDED_POINTS + 1 }, (_, i) => point(i * 128)) })).toThrow(/at most/);
    expect(() => recordedCurve({ curve: [{ ...point(0), elbo: Number.NaN }] })).toThrow(/finite elbo/);
    expect(() => recordedCurve({ curve: [{ ...point(0), kl: '5' }] })).toThrow(/finite kl/);
    expect(() => recordedCurve({ curve: [point(256), point(128)] })).toThrow(/out of order/);
    expect(() => recordedCurve({ curve: [{ ...point(0), samples: 1.5 }] })).toThrow(/whole count/);
  });
});
