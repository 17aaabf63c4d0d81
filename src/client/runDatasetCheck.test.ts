import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../core/config';
import type { RunDataset } from '../core/runDataset';
import { checkRunDataset, configForLoad, currentRunDataset, pretrainedRefusal } from './runDatasetCheck';

const shapes: RunDataset = { kind: 'user', name: 'shapes', n: 1200, hash: '0a1b2c3d' };
const letters: RunDataset = { kind: 'user', name: 'letters', n: 5000, hash: 'ffee0011' };
const mnist: RunDataset = { kind: 'builtin', name: 'mnist' };

describe('which data set a run may be loaded on', () => {
  it('the current set: the worker-reported user set, else the built-in set of the settings in effect', () => {
    const fashionCfg = { ...DEFAULT_CONFIG, dataset: 'fashion' as const };
    expect(currentRunDataset(null, fashionCfg)).toEqual({ kind: 'builtin', name: 'fashion' });
    expect(currentRunDataset({ config: DEFAULT_CONFIG }, fashionCfg)).toEqual(mnist);
    expect(currentRunDataset({ config: DEFAULT_CONFIG, userData: { name: 'shapes', n: 1200, hash: '0a1b2c3d', classNames: [] } }, fashionCfg)).toEqual(shapes);
  });

  it('loads a run on its own set, and a built-in run on another built-in set (which the settings load)', () => {
    expect(checkRunDataset('r', shapes, { ...shapes, name: 'renamed' }, [])).toEqual({ ok: true });
    expect(checkRunDataset('r', { kind: 'builtin', name: 'fashion' }, mnist, [])).toEqual({ ok: true });
  });

  it('refuses a user-set run on another set, offering the run\'s set when it is kept in this browser', () => {
    const kept = checkRunDataset('r', shapes, letters, [{ hash: 'ffee0011', n: 5000 }, { hash: '0a1b2c3d', n: 1200 }]);
    expect(kept).toMatchObject({ ok: false, switchTo: { kind: 'user', hash: '0a1b2c3d', name: 'shapes' } });
    const gone = checkRunDataset('r', shapes, mnist, [{ hash: 'ffee0011', n: 5000 }]);
    expect(gone.ok).toBe(false);
    if (gone.ok) return;
    expect(gone.switchTo).toBeNull();
    expect(gone.message).toMatch(/"shapes" \(1,200 images, hash 0a1b2c3d\).*the built-in MNIST.*not kept in this browser/);
    // Same hash, another count: not the same content.
    expect(checkRunDataset('r', shapes, mnist, [{ hash: '0a1b2c3d', n: 1199 }])).toMatchObject({ switchTo: null });
  });

  it('refuses a built-in run while a user set is loaded, offering the built-in set', () => {
    const c = checkRunDataset('r', mnist, shapes, []);
    expect(c).toMatchObject({ ok: false, switchTo: { kind: 'builtin', name: 'mnist' } });
    if (!c.ok) expect(c.message).toMatch(/trained on the built-in MNIST, but the data set loaded now is your data set "shapes"/);
  });

  it('loads a user-set run with the built-in name in effect, so that the worker keeps the user set', () => {
    const saved = { ...DEFAULT_CONFIG, dataset: 'fashion' as const, beta: 2 };
    const current = { config: DEFAULT_CONFIG } as Parameters<typeof configForLoad>[2];
    expect(configForLoad(saved, shapes, current)).toEqual({ ...saved, dataset: 'mnist' });
    expect(configForLoad(saved, { kind: 'builtin', name: 'fashion' }, current)).toBe(saved);
  });

  it('refuses the MNIST-trained models on a user set, naming both, and lets them load on a built-in set', () => {
    expect(pretrainedRefusal('mnist-j2', mnist)).toBeNull();
    expect(pretrainedRefusal('mnist-j20', { kind: 'builtin', name: 'fashion' })).toBeNull();
    expect(pretrainedRefusal('mnist-j2', shapes)).toBe(
      'The trained model "mnist-j2" learned the built-in MNIST, but the data set loaded now is your data set "shapes" (1,200 images, hash 0a1b2c3d). ' +
        'A model is only evaluated on the data it learned, so it was not loaded and nothing changed. Go back to MNIST (the Your data tab) to load it.',
    );
  });
});
