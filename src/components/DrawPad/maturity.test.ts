import { describe, expect, it } from 'vitest';
import { hasLearned } from './maturity';

describe('hasLearned', () => {
  it('a fresh model at step 0 has not learned', () => {
    expect(hasLearned({ origin: null, step: 0, testElbo: null })).toBe(false);
  });
  it('a loaded (pretrained) model has', () => {
    expect(hasLearned({ origin: 'pretrained', step: 0, testElbo: null })).toBe(true);
  });
  it('the test ELBO decides once there is one: −250 not yet, −150 yes', () => {
    expect(hasLearned({ origin: null, step: 5000, testElbo: -250 })).toBe(false);
    expect(hasLearned({ origin: null, step: 10, testElbo: -150 })).toBe(true);
  });
  it('before any evaluation, the step count decides', () => {
    expect(hasLearned({ origin: null, step: 299, testElbo: null })).toBe(false);
    expect(hasLearned({ origin: null, step: 300, testElbo: null })).toBe(true);
  });
});
