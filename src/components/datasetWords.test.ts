import { describe, expect, it } from 'vitest';
import { article, classPhrase, datasetWords, itemWord } from './datasetWords';

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
});
