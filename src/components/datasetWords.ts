import type { DatasetName } from '../core/config';
import { CLASS_NAMES } from '../data/load';

/** The words the views use for the images of a data set, so that Fashion-MNIST is not called digits. */
export interface DatasetWords {
  /** "digit" | "item of clothing" */
  item: string;
  /** "digits" | "items of clothing" */
  items: string;
  /** An image of the test set: "test digit" | "test image". */
  testItem: string;
  /** "test digits" | "test images" */
  testItems: string;
  /** "Draw a digit" | "Draw an item". */
  draw: string;
}

const WORDS: Record<DatasetName, DatasetWords> = {
  mnist: { item: 'digit', items: 'digits', testItem: 'test digit', testItems: 'test digits', draw: 'Draw a digit' },
  fashion: { item: 'item of clothing', items: 'items of clothing', testItem: 'test image', testItems: 'test images', draw: 'Draw an item' },
};

/** Words for images of unknown kind (a data set of the user's own). */
const IMAGE_WORDS: DatasetWords = { item: 'image', items: 'images', testItem: 'test image', testItems: 'test images', draw: 'Draw an image' };

/** The words for the images of `dataset` (those of MNIST for a name it does not know); `own`: a data set of the user's own. */
export function datasetWords(dataset: DatasetName, own = false): DatasetWords {
  return own ? IMAGE_WORDS : (WORDS[dataset] ?? WORDS.mnist);
}

/** "digit" or "item of clothing" (plural: "digits", "items of clothing"). */
export function itemWord(dataset: DatasetName, plural = false): string {
  const w = datasetWords(dataset);
  return plural ? w.items : w.item;
}

/** "a" or "an" before a word or number as it is spoken ("an 8", "an Ankle boot", "a T-shirt/top"). */
export function article(word: string): 'a' | 'an' {
  return /^(?:[aeiou]|8|11|18)/i.test(word) ? 'an' : 'a';
}

/**
 * A class label with its article: "a 7", "an 8", "a Sneaker", "an Ankle boot"; "unlabelled"
 * for none. `own`: the class names of the user's data set (its folder names, often plural, so
 * "labelled circles"), which replace the built-in ones (none: its images have no labels).
 */
export function classPhrase(dataset: DatasetName, label: number | null, own?: readonly string[] | null): string {
  if (label === null || own?.length === 0) return 'unlabelled';
  if (own) return `labelled ${own[label] ?? String(label)}`;
  const name = CLASS_NAMES[dataset]?.[label] ?? String(label);
  return `${article(name)} ${name}`;
}

/** "digit" for MNIST, "image" for anything else (Fashion-MNIST, a user's set): the short noun of labels and buttons. */
export function shortNoun(dataset: DatasetName, own = false): 'digit' | 'image' {
  return !own && dataset === 'mnist' ? 'digit' : 'image';
}

/** The text with its first letter in capitals ("test digit" → "Test digit"). */
export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
