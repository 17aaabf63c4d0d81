/**
 * Global setup of the browser tests: serves the built app (dist/) once with `vite preview` on a
 * free port and provides its URL to the tests as inject('baseURL'). With E2E_BASE_URL set, uses
 * that server instead (e.g. a dev server) and starts nothing.
 */
import type { TestProject } from 'vitest/node';
import { startPreview } from '../scripts/preview-server.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const external = process.env.E2E_BASE_URL;
  if (external) {
    project.provide('baseURL', external);
    return undefined;
  }
  const server = await startPreview();
  console.log(`e2e: serving dist/ at ${server.url}`);
  project.provide('baseURL', server.url);
  return async () => {
    await server.close();
  };
}
