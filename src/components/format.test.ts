import { describe, expect, it } from 'vitest';
import { fmtCount } from './format';

describe('fmtCount (chart ticks of images seen)', () => {
  it('writes thousands and millions short, without rounding a tick onto its neighbour', () => {
    expect([0, 950, 1000, 3500, 7000, 10500, 14000, 100250, 1250000].map(fmtCount)).toEqual([
      '0',
      '950',
      '1k',
      '3.5k',
      '7k',
      '10.5k',
      '14k',
      '100.3k',
      '1.25M',
    ]);
  });
});
