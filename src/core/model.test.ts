import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, SETTINGS } from './config';
import { ARCHITECTURE_KEYS, sameNetwork } from './model';

describe('architecture keys', () => {
  it('each one builds a new network when it changes', () => {
    for (const k of ARCHITECTURE_KEYS) expect(SETTINGS[k].effect, k).toBe('rebuild');
  });

  it('weights fit across a change of init or seed, and not across a change of shape or function', () => {
    const a = { ...DEFAULT_CONFIG, hidden: [64, 32] };
    expect(sameNetwork(a, { ...a, init: 'glorot', seed: 7 })).toBe(true);
    expect(sameNetwork(a, { ...a, hidden: [64, 32] })).toBe(true);
    expect(sameNetwork(a, { ...a, hidden: [64] })).toBe(false);
    expect(sameNetwork(a, { ...a, hidden: [64, 33] })).toBe(false);
    expect(sameNetwork(a, { ...a, latentDim: 3 })).toBe(false);
    expect(sameNetwork(a, { ...a, activation: 'tanh' })).toBe(false);
    expect(sameNetwork(a, { ...a, decoder: 'gaussian' })).toBe(false);
  });
});
