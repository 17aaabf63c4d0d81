import { describe, expect, it } from 'vitest';
import { gapLogPx } from './DrawFigures';

describe('the gap log p(x) − ELBO on the pad', () => {
  const at = { step: 477, elbo: -126.14 };
  it('uses the quadrature (J = 2), else the finished IS estimate, of the step whose ELBO was recorded', () => {
    expect(gapLogPx(at, { logPx: -126.85, step: 477 }, { finished: true, estimate: -126.81 })).toBe(-126.85);
    expect(gapLogPx(at, null, { finished: true, estimate: -126.81 })).toBe(-126.81);
    // A quadrature of another step than the estimate's: the estimate's own log p(x).
    expect(gapLogPx(at, { logPx: -120.2, step: 545 }, { finished: true, estimate: -126.81 })).toBe(-126.81);
  });
  it('an estimate under way, or none recorded, gives none', () => {
    expect(gapLogPx(at, null, { finished: false, estimate: -126.9 })).toBeNull();
    expect(gapLogPx(null, { logPx: -126.85, step: 477 }, null)).toBeNull();
  });
});
