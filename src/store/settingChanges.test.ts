import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../core/config';
import { MINUS } from '../core/labels';
import { recordSettingChange } from './settingChanges';

const c0 = DEFAULT_CONFIG;

describe('recordSettingChange', () => {
  it('records what changed and where, in short labels', () => {
    const c1 = { ...c0, learningRate: 3e-3 };
    const a = recordSettingChange([], c0, c1, 120, 15360);
    expect(a).toEqual([{ step: 120, samples: 15360, what: `lr = 3e${MINUS}3`, before: c0 }]);
    const b = recordSettingChange(a, c1, { ...c1, beta: 2 }, 300, 38400);
    expect(b.map((c) => c.what)).toEqual([`lr = 3e${MINUS}3`, 'β = 2']);
  });

  it('records nothing when the settings are the same', () => {
    const none = recordSettingChange([], c0, { ...c0 }, 5, 640);
    expect(none).toEqual([]);
  });

  it('merges changes made at the same step, and drops one undone there', () => {
    const c1 = { ...c0, learningRate: 3e-3 };
    const a = recordSettingChange([], c0, c1, 120, 15360);
    const b = recordSettingChange(a, c1, { ...c1, beta: 2 }, 120, 15360);
    expect(b).toHaveLength(1);
    expect(b[0]!.what).toBe(`lr = 3e${MINUS}3, β = 2`);
    expect(recordSettingChange(a, c1, c0, 120, 15360)).toEqual([]);
  });
});
