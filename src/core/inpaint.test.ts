import * as tf from './tf';
import { describe, expect, it } from 'vitest';
import { corrupt, NOISE_FLIP } from '../data/corrupt';
import { tinyConfig } from '../test/fixtures';
import { inpaint } from './inpaint';
import { VAE } from './model';

const digit = () => Float32Array.from({ length: 784 }, (_, i) => ((i * 7) % 3 === 0 ? 1 : 0));

describe('corrupt', () => {
  it('erases a half: those pixels blank and unknown, the rest kept and known', () => {
    const { observed, known } = corrupt(digit(), 'top');
    for (let i = 0; i < 784; i++) {
      const top = Math.floor(i / 28) < 14;
      expect(known[i]).toBe(top ? 0 : 1);
      expect(observed[i]).toBe(top ? 0 : digit()[i]);
    }
    const left = corrupt(digit(), 'left');
    expect(left.known[0]).toBe(0);
    expect(left.known[27]).toBe(1);
  });

  it(`flips about ${NOISE_FLIP * 100} % of the pixels for noise, reproducibly, and marks none known`, () => {
    const a = corrupt(digit(), 'noise', 3);
    const b = corrupt(digit(), 'noise', 3);
    expect(Array.from(a.observed)).toEqual(Array.from(b.observed));
    const flipped = a.observed.reduce((n, v, i) => n + (v !== digit()[i] ? 1 : 0), 0);
    // Binomial(784, 0.1): mean 78.4, s.d. 8.4; ±5 s.d.
    expect(flipped).toBeGreaterThan(36);
    expect(flipped).toBeLessThan(121);
    expect(a.known.every((k) => k === 0)).toBe(true);
  });
});

describe('inpaint', () => {
  it('keeps the known pixels at every step, fills the rest with values in [0, 1], and does not leak', async () => {
    const model = new VAE(tinyConfig());
    const { observed, known } = corrupt(digit(), 'bottom');
    const obs = tf.tensor2d(observed, [1, 784]);
    const kn = tf.tensor2d(known, [1, 784]);
    inpaint(model, obs, kn, 2, 1).dispose();
    const before = tf.memory().numTensors;
    const out = inpaint(model, obs, kn, 5, 1);
    expect(out.shape).toEqual([5, 784]);
    const v = await out.data();
    out.dispose();
    expect(tf.memory().numTensors).toBe(before);
    for (let t = 0; t < 5; t++) {
      for (let i = 0; i < 784; i++) {
        const x = v[t * 784 + i]!;
        if (known[i] === 1) expect(x).toBe(observed[i]);
        else {
          expect(x).toBeGreaterThanOrEqual(0);
          expect(x).toBeLessThanOrEqual(1);
        }
      }
    }
    expect(() => inpaint(model, obs, kn, 0)).toThrow(/steps/);
    tf.dispose([obs, kn]);
    model.dispose();
  });
});
