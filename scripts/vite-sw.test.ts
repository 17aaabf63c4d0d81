import { describe, expect, it } from 'vitest';
import { precached } from './vite-sw';

describe('precached: what the service worker caches at install', () => {
  it('the app: page, scripts, workers, wasm, styles, fonts, MNIST and the pretrained models', () => {
    for (const f of [
      'index.html',
      'assets/main-DywzBeUd.js',
      'assets/worker-Db31h3bO.js',
      'assets/tfjs-wasm-pthread-ee98f555.js',
      'assets/tfjs-backend-wasm-threaded-simd-BLCcuiBu.wasm',
      'assets/main-BFibcEWy.css',
      'assets/KaTeX_Main-Regular-B22Nviop.woff2',
      'data/manifest.json',
      'data/mnist-train-images.idx.gz',
      'pretrained/mnist-j20.bin',
      'pretrained/mnist-j20.json',
    ]) {
      expect(precached(f), f).toBe(true);
    }
  });

  it('not source maps, the build manifest, the benchmark page, the service worker itself or Fashion-MNIST', () => {
    for (const f of [
      'assets/main-DywzBeUd.js.map',
      '.vite/manifest.json',
      'src/bench/bench.html',
      'assets/bench-Cx1.js',
      'sw.js',
      'data/fashion-train-images.idx.gz',
    ]) {
      expect(precached(f), f).toBe(false);
    }
  });
});
