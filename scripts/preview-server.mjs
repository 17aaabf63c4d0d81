// Serves the built app (dist/) with `vite preview`, through Vite's JS API, on a free port.
// The project's vite.config.ts supplies the preview headers (COOP/COEP for cross-origin
// isolation, CSP), so the browser tests and the benchmark see what a deployment sees.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { preview } from 'vite';

export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * @typedef {{ url: string, port: number, close: () => Promise<void> }} PreviewHandle
 */

/**
 * Starts `vite preview` of `<root>/dist` on 127.0.0.1 and a port chosen by the OS.
 * @param {{ root?: string, host?: string, quiet?: boolean }} [options]
 * @returns {Promise<PreviewHandle>}
 */
export async function startPreview(options = {}) {
  const root = options.root ?? PROJECT_ROOT;
  const host = options.host ?? '127.0.0.1';
  const outDir = join(root, 'dist');
  if (!existsSync(join(outDir, 'index.html'))) {
    throw new Error(`${outDir}/index.html is missing: run "npm run build" first`);
  }
  const configFile = join(root, 'vite.config.ts');
  const server = await preview({
    root,
    configFile: existsSync(configFile) ? configFile : false,
    logLevel: options.quiet === false ? 'info' : 'warn',
    // Port 0: the OS picks a free port, so parallel runs and a developer's own server don't clash.
    preview: { host, port: 0, strictPort: true, open: false },
  });
  const address = server.httpServer.address();
  if (!address || typeof address === 'string') {
    await server.close();
    throw new Error(`vite preview did not report a TCP address (${String(address)})`);
  }
  const port = address.port;
  return {
    url: `http://${host}:${port}/`,
    port,
    close: () => server.close(),
  };
}
