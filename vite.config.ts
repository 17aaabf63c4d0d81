import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

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
  plugins: [react(), cspMeta()],
  worker: {
    format: 'es',
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
    headers: { 'Content-Security-Policy': CSP },
  },
});
