import { describe, expect, it } from 'vitest';
import { gapLogPx } from './DrawFigures';

describe('the gap log p(x) − ELBO on the pad', () => {
  const at = { step: 477, elbo: -126.14 };
  it('uses the quadrature (J = 2), else the finished IS estimate, of the step whose ELBO was recorded', () => {
    expect(gapLogPx(at, { logPx: -126.85, step: 477 }, { finished: true, estimate: -126.81, step: 477 })).toBe(-126.85);
    expect(gapLogPx(at, null, { finished: true, estimate: -126.81, step: 477 })).toBe(-126.81);
  });
  it('never pairs figures of two models: an estimate of another step, or one under way, gives none', () => {
    // The drawing worker's copy moved on from step 477 to 545 before the estimates ran.
    expect(gapLogPx(at, { logPx: -120.2, step: 545 }, { finished: true, estimate: -120.3, step: 545 })).toBeNull();
    expect(gapLogPx(at, null, { finished: false, estimate: -126.9, step: 477 })).toBeNull();
    expect(gapLogPx(null, { logPx: -126.85, step: 477 }, null)).toBeNull();
  });
});
