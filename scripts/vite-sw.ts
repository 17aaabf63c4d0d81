/**
 * Vite plugin (build only): writes dist/sw.js from src/sw/sw.js with this build's id and the
 * list of files it caches at install. The id is a hash of every listed file's name and bytes,
 * so any change to the app, its data or its models makes a new sw.js, which is how the
 * browser notices a new version.
 *
 * Cached at install: the app's page, scripts, workers, styles, wasm binaries and fonts (no
 * source maps, nothing of the benchmark page), the MNIST files and the pretrained models.
 * Fashion-MNIST (30 MB) is left to the first time it is loaded.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

const TEMPLATE = fileURLToPath(new URL('../src/sw/sw.js', import.meta.url));

/** Whether a file of the build is cached at install. */
export function precached(path: string): boolean {
  if (path.endsWith('.map') || path.startsWith('.vite/') || path === 'sw.js') return false;
  if (path.startsWith('src/bench/') || /(^|\/)bench[-.]/.test(path)) return false;
  if (/^data\/fashion-/.test(path)) return false;
  return true;
}

function listFiles(dir: string, root = dir): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? listFiles(full, root) : [relative(root, full).split('\\').join('/')];
  });
}

export function serviceWorker(): Plugin {
  let outDir = '';
  return {
    name: 'vae-service-worker',
    apply: 'build',
    configResolved(config) {
      outDir = join(config.root, config.build.outDir);
    },
    // After everything is written (the workers' files and public/ included): list what is there.
    closeBundle() {
      const list = listFiles(outDir).filter(precached).sort();
      const hash = createHash('sha256');
      for (const name of list) hash.update(name).update('\0').update(readFileSync(join(outDir, name)));
      const build = hash.digest('hex').slice(0, 12);
      const source = readFileSync(TEMPLATE, 'utf8')
        .replace('__BUILD__', build)
        .replace("'__PRECACHE__'", JSON.stringify(JSON.stringify(list)));
      writeFileSync(join(outDir, 'sw.js'), source);
    },
  };
}
