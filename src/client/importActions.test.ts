import { describe, expect, it } from 'vitest';
import { datasetName } from './importActions';

describe('datasetName', () => {
  it("is a zip's or a picked folder's name, else the first file's with how many more", () => {
    expect(datasetName(['shapes.zip'])).toBe('shapes');
    expect(datasetName(['shapes/circles/1.png', 'shapes/squares/2.png'])).toBe('shapes');
    expect(datasetName(['train-images.idx3-ubyte.gz', 'train-labels.idx1-ubyte.gz'])).toBe('train-images.idx3-ubyte and 1 more');
    expect(datasetName(['a.png', 'b.png', 'c.png'])).toBe('a and 2 more');
    expect(datasetName(['x.npy'])).toBe('x');
  });
});
