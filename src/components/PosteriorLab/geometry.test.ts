import { describe, expect, it } from 'vitest';
import { ellipsePoints, normalDensity, squareWindow } from './geometry';

describe('posterior lab geometry', () => {
  it('an axis-aligned covariance gives the ellipse with semi-axes k·σ', () => {
    const pts = ellipsePoints([1, 2], [4, 0, 1], 2, 4);
    // t = 0: (1 + 2·2, 2); t = π/2: (1, 2 + 2·1).
    expect(pts[0]![0]).toBeCloseTo(5, 12);
    expect(pts[0]![1]).toBeCloseTo(2, 12);
    expect(pts[1]![0]).toBeCloseTo(1, 12);
    expect(pts[1]![1]).toBeCloseTo(4, 12);
  });

  it('a correlated covariance [[1, 0.8], [0.8, 1]]: major axis along (1, 1) with length √1.8', () => {
    const [p] = ellipsePoints([0, 0], [1, 0.8, 1], 1, 8);
    expect(p![0]).toBeCloseTo(Math.sqrt(1.8) / Math.SQRT2, 12);
    expect(p![1]).toBeCloseTo(Math.sqrt(1.8) / Math.SQRT2, 12);
  });

  it('the window holds the points and ±3σ, squared, with 5 % margin each side', () => {
    const w = squareWindow([0, 0, 2, 1], [{ mean: [1, 0], sd: [0.1, 0.1] }]);
    // x spans 0…2, y −0.3…1: side 2 · 1.1, centred at (1, 0.35).
    expect(w.w).toBeCloseTo(2.2, 12);
    expect(w.x0).toBeCloseTo(1 - 1.1, 12);
    expect(w.y0).toBeCloseTo(0.35 - 1.1, 12);
    expect(squareWindow([], [])).toEqual({ x0: -4, y0: -4, w: 8 });
  });

  it('normal density at the mean is 1/(σ√2π)', () => {
    expect(normalDensity(3, 3, 2)).toBeCloseTo(1 / (2 * Math.sqrt(2 * Math.PI)), 12);
  });
});
