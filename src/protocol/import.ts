import type { DecoderFamily } from '../core/config';
import type { UserDataset } from '../data/import/prepare';

/** How the images become 28×28: inversion (null: as proposed from the data) and centring by mass. */
export interface ImportOptions {
  invert: boolean | null;
  centre: boolean;
}

/** What the page shows about an imported set before anything trains. */
export interface ImportSummary {
  name: string;
  n: number;
  nTrain: number;
  nTest: number;
  /** Image sizes found, "W×H" → count; mixed when more than one (every image is resized to 28×28). */
  sizes: Record<string, number>;
  mixed: boolean;
  /** Grey levels found in the files (0..255). */
  valueRange: { min: number; max: number };
  classNames: string[];
  /** Images per class, in classNames order. */
  classCounts: number[];
  labelNote: string | null;
  /** Share of images with a light border, and whether inversion is proposed. */
  lightShare: number;
  proposedInvert: boolean;
  /** The options in effect. */
  invert: boolean;
  centre: boolean;
  /** Proposed decoder, from the share of grey ink pixels. */
  decoder: DecoderFamily;
  greyShare: number;
  latent: number;
  hash: string;
  /** The first images after preprocessing, 784 bytes each. */
  preview: Uint8Array;
  previewCount: number;
}

export interface ImportProgress {
  phase: 'reading' | 'preprocessing';
  done: number;
  total: number;
}

/** A file handed to the import worker, with its path inside a picked folder. */
export interface ImportFile {
  path: string;
  file: Blob;
}

export interface ImportWorkerApi {
  /** Reads and decodes the files, then preprocesses them with `opts`. */
  load(files: ImportFile[], name: string, opts: ImportOptions, onProgress: (p: ImportProgress) => void): Promise<ImportSummary>;
  /** Preprocesses the loaded images again with other options. */
  reprocess(opts: ImportOptions): Promise<ImportSummary>;
  /** The prepared data set (its arrays transferred). */
  take(): Promise<UserDataset>;
}

/** Which of the user's data sets a run trains on: enough to tell it apart from another. */
export interface UserDatasetInfo {
  name: string;
  hash: string;
  /** Images in the whole set (train and test). */
  n: number;
  classNames: string[];
}
