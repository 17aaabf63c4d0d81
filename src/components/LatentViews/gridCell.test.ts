import { describe, expect, it } from 'vitest';
import { gridCellText } from './gridCell';

describe('gridCellText', () => {
  // A 3 × 3 grid at the prior's quantiles Φ⁻¹(1/6), 0, Φ⁻¹(5/6) ≈ −0.967, 0, 0.967.
  const d = { coords: [-0.9674, 0, 0.9674], dimX: 0, dimY: 1, rows: 3 };
  it('the top-left cell is the smallest z1 and the largest z2', () => {
    expect(gridCellText(d, 0, 0)).toBe('z1 = −0.97, z2 = 0.97');
  });
  it('the bottom-right cell is the largest z1 and the smallest z2; the centre is the origin', () => {
    expect(gridCellText(d, 2, 2)).toBe('z1 = 0.97, z2 = −0.97');
    expect(gridCellText(d, 1, 1)).toBe('z1 = 0.00, z2 = 0.00');
  });
  it('names the swept dimensions, and only one for a one-row grid', () => {
    expect(gridCellText({ ...d, dimX: 4, dimY: 11 }, 0, 2)).toBe('z5 = 0.97, z12 = 0.97');
    expect(gridCellText({ coords: [-1, 1], dimX: 0, dimY: -1, rows: 1 }, 0, 1)).toBe('z1 = 1.00');
  });
});
