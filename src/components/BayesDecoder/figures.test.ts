import { describe, expect, it } from 'vitest';
import { boundPerImage, elboGap, fmt, spreadFigures } from './figures';

describe('Bayesian decoder figures', () => {
  it('the bound per image is the data term minus the weight KL per image', () => {
    expect(boundPerImage({ elbo: -120.5, weightKl: 3.25 })).toBe(-123.75);
    expect(boundPerImage({ elbo: -99 })).toBe(-99); // point estimate: no weight KL
  });

  it('the spread map’s mean and maximum', () => {
    expect(spreadFigures([0, 0.1, 0.4, 0.3])).toEqual({ mean: 0.2, max: 0.4 });
    expect(spreadFigures([])).toEqual({ mean: 0, max: 0 });
  });

  it('the gap is train ELBO − test ELBO', () => {
    expect(elboGap({ trainElbo: -80, testElbo: -112.5 })).toBe(32.5);
  });

  it('formats nats and small standard deviations', () => {
    expect(fmt(-123.456)).toBe('-123.5');
    expect(fmt(0.0004)).toBe('4.00e-4');
    expect(fmt(0.00999, 4)).toBe('0.0100');
    expect(fmt(Number.NaN)).toBe('—');
  });
});
