import { describe, expect, it } from 'vitest';
import { GRID_N_DEFAULT } from '../core/latent';
import { createAppStore } from './store';

describe('latent views slice', () => {
  it('starts with the grid at n = 15 over z1, z2, no selection, and all views open', () => {
    const s = createAppStore().getState();
    expect(s.grid).toEqual({ n: GRID_N_DEFAULT, dimX: 0, dimY: 1, hold: 'zero' });
    expect(GRID_N_DEFAULT).toBe(15);
    expect(s.selectedTestIndex).toBeNull();
    expect(s.latentViewsShown).toBe(true);
    expect(Object.values(s.latentViewOpen)).toEqual([true, true, true, true]);
    expect(s.map.count).toBeGreaterThanOrEqual(2000);
  });

  it('selects a digit, merges option changes, resamples the prior, and opens and closes views', () => {
    const store = createAppStore();
    const s = store.getState();
    s.selectTestIndex(42);
    s.setGridOptions({ dimX: 3 });
    s.setMapOptions({ projection: 'dims', ellipses: true });
    s.setInterpolationOptions({ spherical: true });
    s.resamplePrior();
    s.setLatentViewOpen('map', false);
    s.setLatentViewsShown(false);
    const t = store.getState();
    expect(t.selectedTestIndex).toBe(42);
    expect(t.grid).toEqual({ n: 15, dimX: 3, dimY: 1, hold: 'zero' });
    expect([t.map.projection, t.map.ellipses, t.map.count]).toEqual(['dims', true, 2000]);
    expect(t.interpolation.spherical).toBe(true);
    expect(t.prior.seed).toBe(s.prior.seed + 1);
    expect(t.latentViewOpen).toEqual({ grid: true, map: false, prior: true, interpolation: true });
    expect(t.latentViewsShown).toBe(false);
    // Plain data only: the slice's state survives JSON.
    const data = { grid: t.grid, map: t.map, prior: t.prior, interpolation: t.interpolation, selected: t.selectedTestIndex };
    expect(JSON.parse(JSON.stringify(data))).toEqual(data);
  });
});
