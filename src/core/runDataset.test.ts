import { describe, expect, it } from 'vitest';
import { datasetMismatchMessage, describeRunDataset, needsSameDataset, runDatasetOf, runDatasetSchema, sameRunDataset, type RunDataset } from './runDataset';

const shapes: RunDataset = { kind: 'user', name: 'shapes', n: 1200, hash: '0a1b2c3d' };
const letters: RunDataset = { kind: 'user', name: 'letters', n: 5000, hash: 'ffee0011' };
const mnist: RunDataset = { kind: 'builtin', name: 'mnist' };
const fashion: RunDataset = { kind: 'builtin', name: 'fashion' };

describe('the data set a run records', () => {
  it('accepts a built-in name and a user set with name, count and hash', () => {
    expect(runDatasetSchema.parse(mnist)).toEqual(mnist);
    expect(runDatasetSchema.parse(shapes)).toEqual(shapes);
  });

  it('refuses an unknown built-in, a bad hash, a count below 1 or fractional, an empty or long name', () => {
    const bad: unknown[] = [
      { kind: 'builtin', name: 'cifar' },
      { ...shapes, hash: 'XYZ12345' },
      { ...shapes, hash: 'abc' },
      { ...shapes, n: 0 },
      { ...shapes, n: 1.5 },
      { ...shapes, name: '' },
      { ...shapes, name: 'x'.repeat(201) },
      { kind: 'other', name: 'shapes' },
    ];
    for (const d of bad) expect(runDatasetSchema.safeParse(d).success, JSON.stringify(d)).toBe(false);
  });

  it('is the user set when one is loaded, else the built-in set of the settings', () => {
    expect(runDatasetOf('fashion')).toEqual(fashion);
    expect(runDatasetOf('mnist', null)).toEqual(mnist);
    expect(runDatasetOf('mnist', { name: 'shapes', n: 1200, hash: '0a1b2c3d' })).toEqual(shapes);
  });

  it('describes both kinds in words', () => {
    expect(describeRunDataset(mnist)).toBe('the built-in MNIST');
    expect(describeRunDataset(fashion)).toBe('the built-in Fashion-MNIST');
    expect(describeRunDataset(shapes)).toBe('your data set "shapes" (1,200 images, hash 0a1b2c3d)');
  });

  it('matches a user set by its content (hash and count), not by its name', () => {
    expect(sameRunDataset(shapes, { ...shapes, name: 'renamed' })).toBe(true);
    expect(sameRunDataset(shapes, { ...shapes, hash: '0a1b2c3e' })).toBe(false);
    expect(sameRunDataset(shapes, { ...shapes, n: 1201 })).toBe(false);
    expect(sameRunDataset(mnist, mnist)).toBe(true);
    expect(sameRunDataset(mnist, fashion)).toBe(false);
    expect(sameRunDataset(mnist, shapes)).toBe(false);
  });

  it('needs the same set only when a user set is on either side (built-in sets switch by themselves)', () => {
    expect(needsSameDataset(fashion, mnist)).toBe(false);
    expect(needsSameDataset(shapes, shapes)).toBe(false);
    expect(needsSameDataset(shapes, mnist)).toBe(true);
    expect(needsSameDataset(mnist, shapes)).toBe(true);
    expect(needsSameDataset(shapes, letters)).toBe(true);
  });

  it('says why a run is refused, naming both sets and what to do', () => {
    expect(datasetMismatchMessage('my run', shapes, letters, false)).toBe(
      '"my run" was trained on your data set "shapes" (1,200 images, hash 0a1b2c3d), but the data set loaded now is your data set "letters" (5,000 images, hash ffee0011). ' +
        'A model is only evaluated on the data it learned, so the run was not loaded and nothing changed. ' +
        '"shapes" is not kept in this browser: import it again (the Your data tab), then load the run.',
    );
    expect(datasetMismatchMessage('my run', shapes, mnist, true)).toMatch(/trained on your data set "shapes".*loaded now is the built-in MNIST\..*Switch to "shapes" to load it\.$/);
    // A built-in set can always be switched to.
    expect(datasetMismatchMessage('r', fashion, shapes, false)).toMatch(/trained on the built-in Fashion-MNIST, but .* "shapes" .*Switch to the built-in Fashion-MNIST to load it\.$/);
  });
});
