/**
 * One import in the import worker: the raw images read from the user's files, preprocessed
 * with the options chosen, summarized for the page. Pure (the image decoder is passed in), so it
 * runs in Node tests.
 */
import { proposeDecoder, proposeInvert, sizeReport, suggestLatent, valueRange } from '../data/import/analysis';
import { collectImages, type DecodeImage, type InputFile } from '../data/import/collect';
import { datasetHash, labelIndex, PIXELS, prepareImages, type UserDataset } from '../data/import/prepare';
import { DEFAULT_TEST_SHARE, splitIndices } from '../data/import/split';
import { ImportError, type RawImage } from '../data/import/types';
import type { ImportOptions, ImportProgress, ImportSummary } from '../protocol/import';

/** Images shown in the preview grid. */
export const PREVIEW_COUNT = 64;
/** The split's seed: fixed, so a data set is split the same way on every visit. */
export const SPLIT_SEED = 1;

export class ImportJob {
  private raws: RawImage[] = [];
  private name = '';
  private set: UserDataset | null = null;

  async load(files: InputFile[], name: string, decode: DecodeImage, opts: ImportOptions, onProgress: (p: ImportProgress) => void): Promise<ImportSummary> {
    let raws: RawImage[];
    try {
      raws = await collectImages(files, decode, (done, total) => onProgress({ phase: 'reading', done, total }));
    } catch (e) {
      if (e instanceof RangeError) throw new ImportError(`the images do not fit in this device's memory (${e.message}); try fewer`);
      throw e;
    }
    if (raws.length < 2) throw new ImportError(`a data set needs at least 2 images, the files hold ${raws.length}`);
    this.raws = raws;
    this.name = name;
    return this.process(opts, onProgress);
  }

  process(opts: ImportOptions, onProgress: (p: ImportProgress) => void = () => {}): ImportSummary {
    if (this.raws.length === 0) throw new ImportError('no images loaded');
    const raws = this.raws;
    const inv = proposeInvert(raws);
    const invert = opts.invert ?? inv.invert;
    const images = prepareImages(raws, { invert, centre: opts.centre }, (done) => onProgress({ phase: 'preprocessing', done, total: raws.length }));
    const { classNames, indices, note } = labelIndex(raws.map((r) => r.label));
    const split = splitIndices(raws.length, DEFAULT_TEST_SHARE, SPLIT_SEED);
    const hash = datasetHash(images, indices, classNames);
    this.set = { name: this.name, hash, n: raws.length, images, labels: indices, classNames, testShare: DEFAULT_TEST_SHARE, seed: SPLIT_SEED };
    const classCounts = classNames.map(() => 0);
    indices.forEach((c) => classNames.length && classCounts[c]!++);
    const dec = proposeDecoder(images, raws.length);
    const previewCount = Math.min(PREVIEW_COUNT, raws.length);
    return {
      name: this.name,
      n: raws.length,
      nTrain: split.train.length,
      nTest: split.test.length,
      ...sizeReport(raws),
      valueRange: valueRange(raws),
      classNames,
      classCounts,
      labelNote: note,
      lightShare: inv.lightShare,
      proposedInvert: inv.invert,
      invert,
      centre: opts.centre,
      decoder: dec.decoder,
      greyShare: dec.greyShare,
      latent: suggestLatent(split.train.length),
      hash,
      preview: images.slice(0, previewCount * PIXELS),
      previewCount,
    };
  }

  take(): UserDataset {
    if (!this.set) throw new ImportError('nothing imported yet');
    return this.set;
  }
}
