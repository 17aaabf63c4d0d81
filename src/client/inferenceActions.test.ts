import { describe, expect, it } from 'vitest';
import { dimsFor } from './inferenceActions';

describe('posterior lab: plotted dimensions', () => {
  it('keeps valid dimensions, falls back to z1, z2 when they do not fit, and to [0, 0] for J = 1', () => {
    expect(dimsFor([3, 7], 20)).toEqual([3, 7]);
    expect(dimsFor([3, 7], 5)).toEqual([0, 1]);
    expect(dimsFor([2, 2], 5)).toEqual([0, 1]);
    expect(dimsFor([0, 1], 1)).toEqual([0, 0]);
  });
});
