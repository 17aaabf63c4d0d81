import { describe, expect, it } from 'vitest';
import { vectorText } from './vectors';

describe('vectorText', () => {
  it('shows every component of a short vector, two decimals, Unicode minus', () => {
    expect(vectorText([0.123, -1.306])).toBe('(0.12, −1.31)');
  });
  it('counts the components it leaves out', () => {
    expect(vectorText([1, 2, 3, 4, 5], 3)).toBe('(1.00, 2.00, 3.00, … +2)');
  });
  it('marks a value that is not finite', () => {
    expect(vectorText([Number.NaN, 0])).toBe('(—, 0.00)');
  });
});
