import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../core/config';
import { MINUS } from '../../core/labels';
import { comparisonLabel, describeChanges, iwaeCurveName } from './curveLabels';

describe('curve labels', () => {
  it('labels a compared run by the settings that differ, short', () => {
    const current = { config: DEFAULT_CONFIG };
    const run = { run: 3, label: 'J = 20, 512 relu, Bernoulli', config: { ...DEFAULT_CONFIG, weightDecay: 1 / 60000 } };
    expect(comparisonLabel(run, current)).toBe(`run 3: λ = 1.67e${MINUS}5`);
    expect(comparisonLabel({ ...run, label: 'loaded "x": J = 2' }, current)).toBe(`run 3 (loaded "x"): λ = 1.67e${MINUS}5`);
    expect(comparisonLabel(run, undefined)).toBe('run 3: J = 20, 512 relu, Bernoulli');
  });

  it('says where each setting changed', () => {
    expect(describeChanges([{ step: 100, samples: 12800, what: `lr = 3e${MINUS}3` }, { step: 1234, samples: 157952, what: 'β = 2' }])).toBe(
      `At 12.8k images (step 100): lr = 3e${MINUS}3. At 158k images (step 1,234): β = 2.`,
    );
  });

  it("names the IWAE curve by every k its evaluations used, and none without one", () => {
    expect(iwaeCurveName([{}, {}])).toBeNull();
    expect(iwaeCurveName([{}, { iwae: { k: 5, bound: -100 } }, { iwae: { k: 5, bound: -99 } }])).toBe('IWAE bound (test), k = 5');
    expect(iwaeCurveName([{ iwae: { k: 5, bound: -100 } }, { iwae: { k: 10, bound: -99 } }])).toBe('IWAE bound (test), k = 5, 10');
  });
});
