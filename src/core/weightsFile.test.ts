import * as tf from './tf';
import { describe, expect, it } from 'vitest';
import { tinyConfig } from '../test/fixtures';
import { VAE } from './model';
import {
  checkShapes,
  crc32,
  decodeWeightsFile,
  encodeWeightsFile,
  fromFloat16Bits,
  toFloat16Bits,
  WeightsFileError,
  type WeightsDtype,
} from './weightsFile';

async function fileFor(model: VAE, dtype: WeightsDtype) {
  const weights = await model.getWeights();
  const bytes = encodeWeightsFile(weights, {
    dtype,
    config: { ...tinyConfig(), latentDim: model.latentDim },
    names: model.variables.map((v) => v.name),
    shapes: model.variables.map((v) => v.shape),
    test: { elbo: -123.4 },
  });
  return { weights, bytes };
}

describe('float16', () => {
  it('matches known binary16 encodings', () => {
    const cases: [number, number][] = [
      [0, 0x0000],
      [1, 0x3c00],
      [-2, 0xc000],
      [65504, 0x7bff], // largest half
      [2 ** -14, 0x0400], // smallest normal
      [2 ** -24, 0x0001], // smallest subnormal
      [1 / 3, 0x3555],
      [70000, 0x7c00], // overflow → +Infinity
      [1 + 2 ** -11, 0x3c00], // a tie: rounds to even (down)
      [1 + 3 * 2 ** -11, 0x3c02], // a tie: rounds to even (up)
    ];
    for (const [v, bits] of cases) expect(toFloat16Bits(v), `${v}`).toBe(bits);
    for (const [v, bits] of cases.slice(0, 6)) expect(fromFloat16Bits(bits)).toBe(v);
  });

  it('round-trips within half a unit in the last place (relative 2^-11)', () => {
    for (const v of [0.1, -0.37, 3.14159, 1e-3, -7.5e-2, 12.25]) {
      const back = fromFloat16Bits(toFloat16Bits(v));
      expect(Math.abs(back - v) / Math.abs(v)).toBeLessThanOrEqual(2 ** -11);
    }
  });
});

describe('weights file', () => {
  it('round-trips a model: encode → decode gives the same weights to float16 precision', async () => {
    const model = new VAE(tinyConfig());
    const { weights, bytes } = await fileFor(model, 'float16');
    const { header, weights: back } = decodeWeightsFile(bytes);
    expect(header.dtype).toBe('float16');
    expect(header.config.latentDim).toBe(2);
    expect(header.test).toEqual({ elbo: -123.4 });
    checkShapes(header, model.variables.map((v) => v.shape));
    expect(back.length).toBe(weights.length);
    // binary16 has an 11-bit significand: relative error ≤ 2^-11 for normal numbers, and an
    // absolute error ≤ 2^-25 in the subnormal range below 2^-14.
    let worst = 0;
    weights.forEach((w, t) => {
      for (let i = 0; i < w.length; i++) {
        worst = Math.max(worst, Math.abs(back[t]![i]! - w[i]!) / Math.max(Math.abs(w[i]!) * 2 ** -11, 2 ** -25));
      }
    });
    expect(worst).toBeLessThanOrEqual(1);
    // Two bytes per value plus a small header.
    expect(bytes.length).toBeLessThan(model.parameterCount * 2 + 4096);
    model.dispose();
  });

  it('int8 with a per-tensor scale round-trips within half a quantization step', async () => {
    const model = new VAE(tinyConfig());
    const { weights, bytes } = await fileFor(model, 'int8');
    const { header, weights: back } = decodeWeightsFile(bytes);
    weights.forEach((w, t) => {
      const scale = header.tensors[t]!.scale!;
      let max = 0;
      let worst = 0;
      for (let i = 0; i < w.length; i++) {
        max = Math.max(max, Math.abs(w[i]!));
        worst = Math.max(worst, Math.abs(back[t]![i]! - w[i]!));
      }
      expect(scale).toBeCloseTo(max / 127, 10);
      expect(worst).toBeLessThanOrEqual(scale / 2 + 1e-9);
    });
    expect(bytes.length).toBeLessThan(model.parameterCount + 4096);
    model.dispose();
  });

  it('loads into a model of the same shape and gives the same outputs to float16 precision', async () => {
    const a = new VAE(tinyConfig());
    const b = new VAE(tinyConfig({ seed: 99 }));
    const { bytes } = await fileFor(a, 'float16');
    b.setWeights(decodeWeightsFile(bytes).weights);
    const x = tf.ones([1, 784]) as tf.Tensor2D;
    const [ma, mb] = [a.encode(x).mu, b.encode(x).mu];
    const diff = (await tf.max(tf.abs(tf.sub(ma, mb))).data())[0]!;
    expect(diff).toBeLessThan(1e-2);
    tf.dispose([x, ma, mb]);
    a.dispose();
    b.dispose();
  });

  it('refuses corrupt, truncated and mismatched files with a message', async () => {
    const model = new VAE(tinyConfig());
    const { bytes } = await fileFor(model, 'float16');
    const refuse = (b: Uint8Array, re: RegExp) => expect(() => decodeWeightsFile(b)).toThrow(re);

    refuse(bytes.subarray(0, 8), /too short/);
    const badMagic = bytes.slice();
    badMagic[0] = 0x58;
    refuse(badMagic, /not a weights file/);
    const badVersion = bytes.slice();
    new DataView(badVersion.buffer).setUint32(4, 99, true);
    refuse(badVersion, /version 99/);
    refuse(bytes.subarray(0, bytes.length - 10), /truncated/);
    const flipped = bytes.slice();
    flipped[flipped.length - 100]! ^= 0x01;
    refuse(flipped, /checksum mismatch/);
    const badHeader = bytes.slice();
    badHeader[12] = 0x7b + 1; // '{' → '|'
    refuse(badHeader, /not valid JSON/);

    // A non-finite value with a matching checksum: refused all the same.
    const weights = await model.getWeights();
    weights[0]![3] = Infinity;
    const inf = encodeWeightsFile(weights, {
      dtype: 'float16',
      config: tinyConfig(),
      names: model.variables.map((v) => v.name),
      shapes: model.variables.map((v) => v.shape),
    });
    refuse(inf, /not finite/);

    // Shapes of another architecture.
    const other = new VAE(tinyConfig({ latentDim: 3 }));
    const { header } = decodeWeightsFile(bytes);
    expect(() => checkShapes(header, other.variables.map((v) => v.shape))).toThrow(WeightsFileError);
    expect(() => checkShapes(header, other.variables.map((v) => v.shape))).toThrow(/expects/);
    expect(() => checkShapes(header, other.variables.slice(1).map((v) => v.shape))).toThrow(/tensors/);
    model.dispose();
    other.dispose();
  });

  it('computes the standard CRC-32 check value', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });
});
