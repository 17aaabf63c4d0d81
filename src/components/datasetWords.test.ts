import { describe, expect, it } from 'vitest';
import { article, capitalize, classPhrase, datasetWords, itemWord, shortNoun } from './datasetWords';

describe('datasetWords', () => {
  it('says digits for MNIST and never for Fashion-MNIST', () => {
    expect(itemWord('mnist')).toBe('digit');
    expect(itemWord('mnist', true)).toBe('digits');
    expect(datasetWords('mnist').draw).toBe('Draw a digit');
    const fashion = datasetWords('fashion');
    expect(itemWord('fashion')).toBe('item of clothing');
    expect(itemWord('fashion', true)).toBe('items of clothing');
    expect(fashion.draw).toBe('Draw an item');
    for (const text of Object.values(fashion)) expect(text).not.toMatch(/digit/i);
    expect(datasetWords('mnist', true).testItems).toBe('test images');
  });

  it('names a class with its article', () => {
    expect(classPhrase('mnist', 7)).toBe('a 7');
    expect(classPhrase('mnist', 8)).toBe('an 8');
    expect(classPhrase('fashion', 7)).toBe('a Sneaker');
    expect(classPhrase('fashion', 9)).toBe('an Ankle boot');
    expect(classPhrase('fashion', 0)).toBe('a T-shirt/top');
    expect(classPhrase('mnist', null)).toBe('unlabelled');
    expect(article('18')).toBe('an');
    expect(article('1')).toBe('a');
  });

  it('names the classes of a user\'s set by its own (folder) names, and calls its images unlabelled when it has none', () => {
    expect(classPhrase('mnist', 1, ['circles', 'squares'])).toBe('labelled squares');
    expect(classPhrase('fashion', 0, ['apple', 'pear'])).toBe('labelled apple');
    expect(classPhrase('mnist', 0, [])).toBe('unlabelled');
    // Without own names: the built-in set's.
    expect(classPhrase('mnist', 1, null)).toBe('a 1');
  });

  it('says digit for MNIST only: image for Fashion-MNIST and for a user\'s set', () => {
    expect(shortNoun('mnist')).toBe('digit');
    expect(shortNoun('fashion')).toBe('image');
    expect(shortNoun('mnist', true)).toBe('image');
    for (const text of Object.values(datasetWords('fashion', true))) expect(text).not.toMatch(/digit|clothing/i);
  });

  it('keeps the MNIST labels the views are found by (pad, map) as they are, and changes them for other sets', () => {
    const label = (w: ReturnType<typeof datasetWords>, noun: string) => [`Test ${noun} index`, `Load test ${noun}`, `${capitalize(w.testItems)} shown`, `Selected ${w.testItem}`, `Map of ${w.testItems}`];
    expect(label(datasetWords('mnist'), shortNoun('mnist'))).toEqual(['Test digit index', 'Load test digit', 'Test digits shown', 'Selected test digit', 'Map of test digits']);
    expect(label(datasetWords('mnist', true), shortNoun('mnist', true))).toEqual(['Test image index', 'Load test image', 'Test images shown', 'Selected test image', 'Map of test images']);
  });
});
