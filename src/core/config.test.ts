import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, SETTINGS, describeDifferences, effectiveBeta, effectiveLearningRate, rebuildKeysChanged, validateConfig, validateSetting, type NumberSetting, type SettingKey } from './config';
import { PRESETS } from './presets';

describe('config table', () => {
  it('the defaults validate, and so do the presets', () => {
    expect(validateConfig(DEFAULT_CONFIG).ok).toBe(true);
    for (const p of PRESETS) expect(validateConfig(p.config), p.name).toMatchObject({ ok: true });
  });

  it('refuses each kind of bad value with a message naming the field', () => {
    const bad: [SettingKey, unknown][] = [
      ['learningRate', -1],
      ['learningRate', Number.NaN],
      ['learningRate', Number.POSITIVE_INFINITY],
      ['learningRate', '0.1'],
      ['batchSize', 0],
      ['batchSize', 12.5],
      ['latentDim', 201],
      ['hidden', []],
      ['hidden', [512, -3]],
      ['activation', 'swish'],
      ['estimator', 'C'],
      ['beta', 21],
      ['weightPriorStd', 0],
      ['weightInitStd', -0.1],
      ['decoderWeights', 'laplace'],
    ];
    for (const [key, value] of bad) {
      const msg = validateSetting(key, value);
      expect(msg, `${key}=${String(value)}`).toContain(SETTINGS[key].label.split(' ')[0]!);
      const whole = validateConfig({ ...DEFAULT_CONFIG, [key]: value });
      expect(whole.ok).toBe(false);
      if (!whole.ok) expect(whole.errors[0]!.field).toBe(key);
    }
  });

  it('refuses unknown fields', () => {
    expect(validateConfig({ ...DEFAULT_CONFIG, foo: 1 }).ok).toBe(false);
  });

  it('knows which changes need a rebuild', () => {
    expect(rebuildKeysChanged(DEFAULT_CONFIG, { ...DEFAULT_CONFIG, learningRate: 0.1, beta: 2 })).toEqual([]);
    expect(rebuildKeysChanged(DEFAULT_CONFIG, { ...DEFAULT_CONFIG, hidden: [256, 256] })).toEqual(['hidden']);
  });

  it('KL warm-up raises β linearly', () => {
    const c = { beta: 2, klWarmupSteps: 100 };
    expect(effectiveBeta(c, 0)).toBe(0);
    expect(effectiveBeta(c, 50)).toBe(1);
    expect(effectiveBeta(c, 500)).toBe(2);
    expect(effectiveBeta({ beta: 2, klWarmupSteps: 0 }, 0)).toBe(2);
  });

  it('the learning rate falls along a half cosine to 1 % over the decay steps, then stays', () => {
    const c = { learningRate: 2e-3, lrDecaySteps: 100 };
    // t = 0: cos 0 = 1 → η. t = T/2: ½(1 + cos π/2) = ½ → η(0.01 + 0.99·0.5) = 0.505 η.
    // t = T/4: ½(1 + cos π/4) = 0.853553… → η(0.01 + 0.99·0.853553) = 0.855018 η.
    expect(effectiveLearningRate(c, 0)).toBeCloseTo(2e-3, 12);
    expect(effectiveLearningRate(c, 50)).toBeCloseTo(1.01e-3, 12);
    expect(effectiveLearningRate(c, 25)).toBeCloseTo(2e-3 * 0.855018, 8);
    expect(effectiveLearningRate(c, 100)).toBeCloseTo(2e-5, 12);
    expect(effectiveLearningRate(c, 5000)).toBeCloseTo(2e-5, 12);
    expect(effectiveLearningRate({ learningRate: 2e-3, lrDecaySteps: 0 }, 5000)).toBe(2e-3);
  });

  it('a config saved before the decay setting existed reads as no decay', () => {
    const old: Partial<typeof DEFAULT_CONFIG> = { ...DEFAULT_CONFIG };
    delete old.lrDecaySteps;
    const r = validateConfig(old);
    expect(r.ok && r.config.lrDecaySteps).toBe(0);
  });
});

describe('describeDifferences', () => {
  it('names each differing setting with its value in the other config, in table order', () => {
    const other = { ...DEFAULT_CONFIG, beta: 4, latentDim: 20, hidden: [256, 128], optimizer: 'sgd' as const };
    expect(describeDifferences(DEFAULT_CONFIG, other)).toBe('J = 20, hidden = 256-128, optimizer = SGD + momentum, β = 4');
    expect(describeDifferences(DEFAULT_CONFIG, { ...DEFAULT_CONFIG })).toBe('same settings');
    expect(describeDifferences(DEFAULT_CONFIG, { ...DEFAULT_CONFIG, estimator: 'A', learningRate: 0.02 })).toBe('lr = 0.02, estimator = A (Monte-Carlo KL)');
  });

  it('gives short labels for values whose plain text is a long float', () => {
    const long = { ...DEFAULT_CONFIG, weightDecay: 1 / 60000, beta: 0.1 + 0.2, learningRate: 1e-7, momentum: 0.123456789 };
    expect(describeDifferences(DEFAULT_CONFIG, long)).toBe('lr = 1e\u22127, momentum = 0.123, β = 0.3, λ = 1.67e\u22125');
  });

  it('keeps every single-setting label short, for every value the table allows', () => {
    const keys = (Object.keys(SETTINGS) as SettingKey[]).filter((k) => SETTINGS[k].kind === 'number');
    fc.assert(
      fc.property(fc.constantFrom(...keys), fc.double({ min: 0, max: 1, noNaN: true }), (key, t) => {
        const s = SETTINGS[key] as NumberSetting;
        const raw = s.min + t * (s.max - s.min);
        const value = s.integer ? Math.round(raw) : raw;
        const label = describeDifferences({ ...DEFAULT_CONFIG, [key]: s.default === value ? value + 1 : value }, { ...DEFAULT_CONFIG, [key]: value });
        // The longest name ("warm-up") + " = " + a number of at most 10 characters.
        expect(label.length).toBeLessThanOrEqual(20);
      }),
    );
  });
});

describe('decoder weight settings (full VB)', () => {
  it('a prior std α ≤ 0 and an initial s that is not positive are refused as not positive', () => {
    expect(validateSetting('weightPriorStd', 0)).toBe('Weight prior std α must be positive (greater than 0)');
    expect(validateSetting('weightPriorStd', -2)).toBe('Weight prior std α must be positive (greater than 0)');
    expect(validateSetting('weightInitStd', 0)).toBe('Initial weight std s₀ must be positive (greater than 0)');
    expect(validateSetting('weightPriorStd', 0.5)).toBeNull();
  });

  it('an older config without them reads as a point-estimate decoder', () => {
    const old: Partial<typeof DEFAULT_CONFIG> = { ...DEFAULT_CONFIG };
    delete old.decoderWeights;
    delete old.weightPriorStd;
    delete old.weightInitStd;
    const v = validateConfig(old);
    expect(v).toMatchObject({ ok: true, config: { decoderWeights: 'point', weightPriorStd: 1, weightInitStd: 0.01 } });
  });

  it('the choice and s₀ rebuild the network; α applies live', () => {
    const v = { ...DEFAULT_CONFIG, decoderWeights: 'variational' as const, weightInitStd: 0.05, weightPriorStd: 0.3 };
    expect(rebuildKeysChanged(DEFAULT_CONFIG, v)).toEqual(['decoderWeights', 'weightInitStd']);
  });
});
