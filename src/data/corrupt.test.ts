import { describe, expect, it } from 'vitest';
import { corrupt, eraseMask, maskProblem, paintMask, NOISE_FLIP } from './corrupt';

const ramp = () => Float32Array.from({ length: 784 }, (_, i) => (i % 97) / 96);

describe('corrupt', () => {
  it('erases the top half: rows 0–13 blank and unknown, rows 14–27 kept', () => {
    const x = ramp();
    const { observed, known } = corrupt(x, 'top');
    for (let i = 0; i < 784; i++) {
      const top = Math.floor(i / 28) < 14;
      expect(known[i]).toBe(top ? 0 : 1);
      expect(observed[i]).toBe(top ? 0 : x[i]);
    }
  });

  it('flips about NOISE_FLIP of the pixels and marks none known', () => {
    const x = ramp();
    const { observed, known } = corrupt(x, 'noise', 7);
    let flipped = 0;
    for (let i = 0; i < 784; i++) if (Math.abs(observed[i]! - x[i]!) > 1e-6) flipped++;
    // Binomial(784, 0.1): mean 78.4, sd 8.4; 4 sd either side.
    expect(flipped).toBeGreaterThan(784 * NOISE_FLIP - 34);
    expect(flipped).toBeLessThan(784 * NOISE_FLIP + 34);
    expect(known.every((k) => k === 0)).toBe(true);
  });
});

describe('erase mask', () => {
  it('paints a round brush: radius 1.5 at a pixel centre covers that pixel and its 8 neighbours… not the ones 2 away', () => {
    const m = new Uint8Array(784);
    // Centre of pixel (u = 10, v = 5) is (10.5, 5.5).
    expect(paintMask(m, 10.5, 5.5, 1.5, 1)).toBe(9);
    for (let row = 3; row <= 7; row++) {
      for (let col = 8; col <= 12; col++) {
        const inside = Math.abs(row - 5) <= 1 && Math.abs(col - 10) <= 1;
        expect(m[row * 28 + col], `(${col}, ${row})`).toBe(inside ? 1 : 0);
      }
    }
    // Painting again changes nothing; erasing with the brush undoes it.
    expect(paintMask(m, 10.5, 5.5, 1.5, 1)).toBe(0);
    expect(paintMask(m, 10.5, 5.5, 1.5, 0)).toBe(9);
    expect(m.every((v) => v === 0)).toBe(true);
  });

  it('clips the brush at the frame', () => {
    const m = new Uint8Array(784);
    // At the corner only the quarter disc inside the frame: pixel centres (0.5, 0.5), (1.5, 0.5), (0.5, 1.5).
    expect(paintMask(m, 0, 0, 1.6, 1)).toBe(3);
    expect(m[0]).toBe(1);
    expect(m[1]).toBe(1);
    expect(m[28]).toBe(1);
  });

  it('erases exactly the painted pixels and keeps the rest', () => {
    const x = ramp();
    const m = new Uint8Array(784);
    paintMask(m, 14, 14, 4, 1);
    const { observed, known } = eraseMask(x, m);
    for (let i = 0; i < 784; i++) {
      expect(known[i]).toBe(m[i] ? 0 : 1);
      expect(observed[i]).toBe(m[i] ? 0 : x[i]);
    }
  });

  it('refuses a mask that is empty, the wrong size or not 0/1, with the reason', () => {
    expect(maskProblem(new Uint8Array(784))).toMatch(/empty/);
    expect(maskProblem(new Uint8Array(10))).toMatch(/784 values, got 10/);
    expect(maskProblem([1, 0])).toMatch(/Uint8Array/);
    const bad = new Uint8Array(784);
    bad[3] = 2;
    expect(maskProblem(bad)).toMatch(/mask\[3\] = 2/);
    expect(() => eraseMask(ramp(), new Uint8Array(784))).toThrow(/empty/);
  });
});
