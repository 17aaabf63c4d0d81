import { describe, expect, it } from 'vitest';
import { DEFAULT_CHAIN_SETTINGS } from '../protocol/inference';
import { decodeChainSettings, encodeChainSettings } from './inferenceUrl';

describe('posterior lab settings in the address', () => {
  it('round-trips the settings, seed included', () => {
    const s = { ...DEFAULT_CHAIN_SETTINGS, method: 'rwmh' as const, chains: 8, stepSize: 0.25, seed: 12345 };
    expect(encodeChainSettings(s)).toBe('rwmh-8-0.25-10-200-1000-12345');
    expect(decodeChainSettings(encodeChainSettings(s))).toEqual(s);
  });

  it('ignores values that do not parse or break a limit', () => {
    expect(decodeChainSettings('hmc-0-0.1-10-200-1000-1')).toBeNull(); // 0 chains
    expect(decodeChainSettings('hmc-4-0-10-200-1000-1')).toBeNull(); // step size 0
    expect(decodeChainSettings('nuts-4-0.1-10-200-1000-1')).toBeNull();
    expect(decodeChainSettings('hmc-4-0.1-10-200-1000')).toBeNull();
    expect(decodeChainSettings('hmc-4-x-10-200-1000-1')).toBeNull();
  });
});
