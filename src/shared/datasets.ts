/**
 * The sizes of the data sets (MNIST and Fashion-MNIST alike, as scripts/build-data.mjs writes
 * them): the model core uses N for the weight prior λ = 1/N, the data layer checks the files'
 * shapes, and the page bounds the test-digit fields and says what was loaded.
 */

/** N, the number of training images. */
export const TRAIN_IMAGES = 60_000;

/** The number of test images; test digits are indexed 0 … TEST_IMAGES − 1. */
export const TEST_IMAGES = 10_000;
