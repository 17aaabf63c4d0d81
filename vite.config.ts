import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { wasmThreadScripts } from './scripts/vite-wasm-threads';
import { serviceWorker } from './scripts/vite-sw';

/**
 * Content-Security-Policy of the built app. Scripts only from our origin; 'wasm-unsafe-eval'
 * lets the wasm backend compile its module; workers from our origin; no request may leave
 * the origin (connect-src 'self'). Styles: React and recharts set style attributes, which
 * CSP counts as inline styles.
 */
export const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data: blob:",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/**
 * Cross-origin isolation: with these two headers on the page and its workers the browser
 * gives them SharedArrayBuffer, which the threaded wasm build of tfjs needs. COEP
 * require-corp: every subresource must be same-origin or opt in (the app loads nothing
 * from another origin). Static hosts that cannot send headers get them from the service
 * worker (public/sw.js).
 */
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/** Puts the CSP into the built index.html (the dev server's HMR needs inline scripts, so not there). */
function cspMeta(): Plugin {
  return {
    name: 'csp-meta',
    apply: 'build',
    transformIndexHtml(html) {
      return html.replace('<head>', `<head>\n    <meta http-equiv="Content-Security-Policy" content="${CSP}" />`);
    },
  };
}

export default defineConfig({
  base: './',
  plugins: [react(), cspMeta(), serviceWorker()],
  worker: {
    format: 'es',
    plugins: () => [wasmThreadScripts()],
  },
  server: {
    headers: ISOLATION_HEADERS,
  },
  build: {
    target: 'es2022',
    // Fonts (KaTeX's) stay files: inlined as data: URLs, the small ones would be refused by the
    // CSP's font-src 'self', and widening font-src to data: is not needed for anything else.
    assetsInlineLimit: (file: string) => (/\.(woff2?|ttf|otf)$/i.test(file) ? false : undefined),
    sourcemap: true,
    chunkSizeWarningLimit: 4000,
    // dist/.vite/manifest.json: the module graph scripts/bench.mjs reads for the initial JS size.
    manifest: true,
    rolldownOptions: {
      // The benchmark page (scripts/bench.mjs) is a second entry; the app's page never loads it.
      input: { main: 'index.html', bench: 'src/bench/bench.html' },
    },
  },
  preview: {
    headers: { ...ISOLATION_HEADERS, 'Content-Security-Policy': CSP },
  },
});
