/**
 * Short texts of numbers for labels (run legends, markers of a changed setting): at most three
 * significant digits, a true minus sign (U+2212), and an exponent for very small or very large
 * values, so that 1/60000 reads "1.67e−5" and not "0.000016666666666666667". Pure.
 */

/** The minus sign of typeset numbers (U+2212), not the hyphen. */
export const MINUS = '\u2212';

/** Whole numbers below this are written out in full (a batch size, a seed, a step count). */
const WHOLE_LIMIT = 1e6;
/** Other values from SMALL up to LARGE are written as decimals; outside, with an exponent. */
const SMALL = 0.01;
const LARGE = 1e4;

/**
 * A number in at most 10 characters: whole numbers below 10⁶ exactly ("60000"); other values
 * in [0.01, 10⁴) rounded to 3 significant digits ("0.3", "12.3"); the rest as m·10^e with m
 * to 3 significant digits, written "1.67e−5" or "1.23e5". −0 is "0". Not finite: "NaN", "∞", "−∞".
 */
export function shortNumber(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === 0) return '0';
  const sign = v < 0 ? MINUS : '';
  const a = Math.abs(v);
  if (a === Infinity) return `${sign}∞`;
  if (Number.isInteger(a) && a < WHOLE_LIMIT) return sign + String(a);
  // Rounding can carry into the next decade (9999.7 → 1.00e4): decide the form after rounding.
  const rounded = Number(a.toPrecision(3));
  if (rounded >= SMALL && rounded < LARGE) return sign + String(rounded);
  // From `a`, not `rounded`: near the largest double, rounding up overflows to Infinity.
  const [mantissa, exponent] = a.toExponential(2).split('e') as [string, string];
  const m = mantissa.replace(/\.?0+$/, '');
  const e = Number(exponent);
  return `${sign}${m}e${e < 0 ? MINUS : ''}${Math.abs(e)}`;
}

/** A list of whole numbers (hidden layer widths): "512-256". */
export function shortList(values: readonly number[]): string {
  return values.map(shortNumber).join('-');
}

/** "name = value", with spaces around the sign. */
export function labelPair(name: string, value: string): string {
  return `${name} = ${value}`;
}
