/**
 * Registers the app's service worker (dist/sw.js; see src/sw/sw.js), and says why a page is
 * not cross-origin isolated and when a new version has been installed.
 */
import { useAppStore } from '../store/store';

export interface IsolationFacts {
  isolated: boolean;
  /** HTTPS or localhost: service workers and SharedArrayBuffer need a secure context. */
  secure: boolean;
  /** The browser has service workers. */
  serviceWorkers: boolean;
  /** A service worker of this app answered this page's load. */
  controlled: boolean;
}

/** Why this page load is not cross-origin isolated (null when it is). */
export function isolationReason(f: IsolationFacts): string | null {
  if (f.isolated) return null;
  const why = 'the wasm backend runs single-threaded';
  if (!f.secure) return `This page is not cross-origin isolated, so ${why}: it is not served over HTTPS (or from localhost).`;
  if (!f.serviceWorkers) {
    return `This page is not cross-origin isolated, so ${why}: the server sends no COOP/COEP headers and this browser has no service workers to add them.`;
  }
  if (!f.controlled) {
    return `This page is not cross-origin isolated, so ${why}: the server sends no COOP/COEP headers. The app's service worker adds them from the next load on: reload to use every core.`;
  }
  return `This page is not cross-origin isolated although the app's service worker adds COOP/COEP headers (the browser or an extension may refuse them), so ${why}.`;
}

/** The notice for a service worker that took over: a new version, or the first install. */
export function activationNotice(build: string, hadController: boolean): string {
  return hadController
    ? `A new version of the app (build ${build}) is installed; it runs from the next load. This page stays on the version it loaded.`
    : `The app is installed for offline use (build ${build}): it loads and trains without the network from now on.`;
}

/** Registers the service worker (built app only; the dev server serves modules it cannot cache). */
export function startServiceWorker(): void {
  const push = (m: string) => useAppStore.getState().pushNotice(m);
  const sw = 'serviceWorker' in navigator ? navigator.serviceWorker : null;
  const reason = isolationReason({
    isolated: globalThis.crossOriginIsolated === true,
    secure: globalThis.isSecureContext === true,
    serviceWorkers: sw !== null,
    controlled: Boolean(sw?.controller),
  });
  if (reason) push(reason);
  // (Typed loosely: the unit tests' tsconfig has no vite/client types.)
  const prod = (import.meta as ImportMeta & { env?: { PROD?: boolean } }).env?.PROD === true;
  if (!sw || !prod) return;
  const hadController = Boolean(sw.controller);
  sw.addEventListener('message', (ev: MessageEvent<{ type?: string; build?: string }>) => {
    if (ev.data?.type !== 'sw-activated' || !ev.data.build) return;
    // A new version is news (an alert); the first install is a quiet line beside the data status.
    if (hadController) push(activationNotice(ev.data.build, true));
    else useAppStore.getState().setStatusNote(`Ready offline (build ${ev.data.build}).`);
  });
  sw.register('./sw.js', { scope: './' }).catch((e: unknown) => {
    push(`Offline use is unavailable: the service worker could not be registered (${(e as Error).message}).`);
  });
}
