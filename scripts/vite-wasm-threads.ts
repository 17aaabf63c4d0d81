/**
 * Vite plugin (workers, build only): the threaded wasm build of tfjs loads its helper scripts
 * from files of this origin instead of blob: URLs.
 *
 * tfjs-backend-wasm starts each pthread of its threaded SIMD build as `new Worker(blob:…)`,
 * and that worker runs `importScripts(blob:…)` of `wasmFactory.toString()`. Under the app's
 * CSP (worker-src and script-src 'self') both are refused, and `toString()` of a minified
 * factory refers to names of the enclosing bundle (`ReferenceError: e is not defined`).
 * This plugin emits the two scripts as assets beside the worker chunks
 * (`assets/tfjs-wasm-pthread-<hash>.js`: Emscripten's pthread worker, and
 * `assets/tfjs-wasm-threaded-<hash>.js`: the unminified Emscripten module as shipped) and
 * rewrites the two places in tfjs's `backend_wasm.js` that build the blobs to use their URLs.
 * If a tfjs upgrade changes those lines, the build fails here rather than shipping a threaded
 * build that cannot start. The dev server sends no CSP and does not minify, so tfjs's blobs
 * work there unchanged.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Plugin } from 'vite';

const VIRTUAL = 'virtual:tfjs-wasm-thread-scripts';
const RESOLVED = '\0' + VIRTUAL;

/** The two replacements in backend_wasm.js: [what tfjs does, what we do instead]. */
const PATCHES: [RegExp, string][] = [
  [
    /const response = wasmWorkerContents\.replace\([^;]*;\s*const blob = new Blob\(\[response\][^;]*;\s*return URL\.createObjectURL\(blob\);/,
    'return pthreadWorkerUrl;',
  ],
  [/factoryConfig\.mainScriptUrlOrBlob = new Blob\(\[`var WasmBackendModuleThreadedSimd = ` \+\s*wasmFactoryThreadedSimd\.toString\(\)\],[^;]*;/, 'factoryConfig.mainScriptUrlOrBlob = threadedMainUrl;'],
];

function hashed(base: string, source: string): string {
  return `${base}-${createHash('sha256').update(source).digest('hex').slice(0, 8)}.js`;
}

export function wasmThreadScripts(): Plugin {
  const require = createRequire(import.meta.url);
  const wasmOut = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'wasm-out');
  return {
    name: 'tfjs-wasm-thread-scripts',
    apply: 'build',
    resolveId(id) {
      return id === VIRTUAL ? RESOLVED : null;
    },
    load(id) {
      if (id !== RESOLVED) return null;
      // The pthread worker ships as a JS string; tfjs escapes its newlines the same way before
      // making a blob of it (the string's only newlines come from "\n" escapes in its source).
      const { wasmWorkerContents } = require(join(wasmOut, 'tfjs-backend-wasm-threaded-simd.worker.js')) as { wasmWorkerContents: string };
      const worker = wasmWorkerContents.replace(/\n/g, '\\n');
      const main = readFileSync(join(wasmOut, 'tfjs-backend-wasm-threaded-simd.js'), 'utf8');
      const workerFile = hashed('tfjs-wasm-pthread', worker);
      const mainFile = hashed('tfjs-wasm-threaded', main);
      this.emitFile({ type: 'asset', fileName: `assets/${workerFile}`, source: worker });
      this.emitFile({ type: 'asset', fileName: `assets/${mainFile}`, source: main });
      // Worker chunks live in assets/ too, so the files resolve beside the importing chunk.
      return [
        `export const pthreadWorkerUrl = new URL(${JSON.stringify('./' + workerFile)}, import.meta.url).href;`,
        `export const threadedMainUrl = new URL(${JSON.stringify('./' + mainFile)}, import.meta.url).href;`,
      ].join('\n');
    },
    transform(code, id) {
      if (!/@tensorflow[\\/]tfjs-backend-wasm[\\/]dist[\\/]backend_wasm\.js$/.test(id.split('?')[0]!)) return null;
      let out = code;
      for (const [pattern, replacement] of PATCHES) {
        if (!pattern.test(out)) throw new Error(`tfjs-wasm-thread-scripts: ${pattern} not found in ${id}; tfjs-backend-wasm changed`);
        out = out.replace(pattern, replacement);
      }
      return { code: `import { pthreadWorkerUrl, threadedMainUrl } from '${VIRTUAL}';\n${out}`, map: null };
    },
  };
}
