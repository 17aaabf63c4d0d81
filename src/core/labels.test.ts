import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MINUS, labelPair, shortList, shortNumber } from './labels';

/** Reads a label back as a number (the Unicode minus as '-'). */
const parse = (s: string) => Number(s.replaceAll(MINUS, '-').replace('∞', 'Infinity'));

describe('shortNumber', () => {
  it('shortens the values whose plain text is a long float', () => {
    expect(String(1 / 60000)).toBe('0.000016666666666666667');
    expect(shortNumber(1 / 60000)).toBe(`1.67e${MINUS}5`);
    expect(shortNumber(0.1 + 0.2)).toBe('0.3');
    expect(shortNumber(1e-7)).toBe(`1e${MINUS}7`);
    expect(shortNumber(123456.789)).toBe('1.23e5');
    expect(shortNumber(2 / 3)).toBe('0.667');
    expect(shortNumber(-1 / 3)).toBe(`${MINUS}0.333`);
  });

  it('writes the learning rates of the settings as they are usually written', () => {
    expect(shortNumber(3e-3)).toBe(`3e${MINUS}3`);
    expect(shortNumber(1e-3)).toBe(`1e${MINUS}3`);
    expect(shortNumber(5e-4)).toBe(`5e${MINUS}4`);
    expect(shortNumber(0.02)).toBe('0.02');
    expect(shortNumber(0.9)).toBe('0.9');
  });

  it('writes whole numbers below a million in full, −0 as 0, and the non-finite by name', () => {
    expect(shortNumber(-0)).toBe('0');
    expect(shortNumber(0)).toBe('0');
    expect(shortNumber(128)).toBe('128');
    expect(shortNumber(60000)).toBe('60000');
    expect(shortNumber(-42)).toBe(`${MINUS}42`);
    expect(shortNumber(2 ** 31 - 1)).toBe('2.15e9');
    expect(shortNumber(NaN)).toBe('NaN');
    expect(shortNumber(-Infinity)).toBe(`${MINUS}∞`);
  });

  it('decides the form after rounding (9999.7 rounds up into the next decade)', () => {
    expect(shortNumber(9999.7)).toBe('1e4');
    expect(shortNumber(0.0099996)).toBe('0.01');
    expect(shortNumber(9.9996e-3 * 0.1)).toBe(`1e${MINUS}3`);
    expect(shortNumber(Number.MAX_VALUE)).toBe('1.8e308');
  });

  it('is at most 10 characters and within 0.5 % of the value, for every finite double', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (v) => {
        const s = shortNumber(v);
        expect(s.length).toBeLessThanOrEqual(10);
        expect(s).not.toContain('-');
        const back = parse(s);
        if (v === 0) expect(back).toBe(0);
        // The smallest subnormals have fewer than 3 significant digits to round to; near the
        // largest double the rounded text reads back as Infinity.
        else if (Math.abs(v) > 1e-300 && Math.abs(v) < 1e307) expect(Math.abs(back - v)).toBeLessThanOrEqual(0.005 * Math.abs(v));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('shortList and labelPair', () => {
  it('joins widths and puts spaces around "="', () => {
    expect(shortList([512, 256])).toBe('512-256');
    expect(labelPair('β', shortNumber(1 / 60000))).toBe(`β = 1.67e${MINUS}5`);
  });
});
