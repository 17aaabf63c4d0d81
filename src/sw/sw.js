/* global self, caches, fetch, Request, Response, Headers, URL */
/**
 * The app's service worker (built into dist/sw.js by scripts/vite-sw.ts, which replaces
 * BUILD and PRECACHE below with the build's id and file list).
 *
 * - Offline: at install it caches every file of this build (the page, its scripts and
 *   workers, the wasm binaries, fonts, the MNIST data and the pretrained models), in a cache
 *   named by the build. Every same-origin GET is answered from the caches first, then from
 *   the network (and what the network gives is kept for next time: Fashion-MNIST, for one, is
 *   cached when it is first loaded rather than at install). Other origins are not touched.
 * - Updates: a new build has a new sw.js, which the browser finds on a visit; it caches the new
 *   build completely, then takes over and tells the pages. A page keeps running the build it
 *   loaded (its files are still in the previous build's cache, kept until the build after),
 *   and the next load is wholly the new build: never a mix.
 * - Cross-origin isolation: every response it serves gets COOP same-origin and COEP
 *   require-corp, so a static host that cannot send those headers still gets an isolated page
 *   (and the threaded wasm build) from the second load on.
 */
const BUILD = '__BUILD__';
const PRECACHE = /** @type {string[]} */ (JSON.parse('__PRECACHE__'));
const PREFIX = 'vae-playground-';
const CACHE = PREFIX + BUILD;

/** The response with the isolation headers added (opaque and redirect responses cannot be rebuilt). */
function isolated(response) {
  if (!response || response.status === 0 || response.type === 'opaqueredirect') return response;
  const headers = new Headers(response.headers);
  headers.set('Cross-Origin-Opener-Policy', 'same-origin');
  headers.set('Cross-Origin-Embedder-Policy', 'require-corp');
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      // cache: 'reload' skips the HTTP cache, so the cache holds this build's files, not stale ones.
      await cache.addAll(PRECACHE.map((path) => new Request(new URL(path, self.registration.scope), { cache: 'reload' })));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      // Keep this build and the one before it (pages still open on it may load its lazy
      // chunks); caches.keys() lists caches in the order they were made.
      const others = (await caches.keys()).filter((k) => k.startsWith(PREFIX) && k !== CACHE);
      await Promise.all(others.slice(0, -1).map((k) => caches.delete(k)));
      await self.clients.claim();
      for (const client of await self.clients.matchAll({ type: 'window' })) {
        client.postMessage({ type: 'sw-activated', build: BUILD });
      }
    })(),
  );
});

self.addEventListener('message', (event) => {
  if (event.data?.type === 'sw-build?') event.source?.postMessage({ type: 'sw-build', build: BUILD });
});

/** A navigation: this build's page, whatever the query (the settings live in the query). */
async function page(request) {
  const cached = await caches.match(new URL('index.html', self.registration.scope).href, { cacheName: CACHE, ignoreVary: true });
  if (cached) return cached;
  return fetch(request);
}

async function respond(request) {
  if (request.mode === 'navigate') return page(request);
  // This build's cache first, then any other build's (a page still running the previous build).
  // ignoreVary: the server may send "Vary: Origin", and module scripts are requested with an
  // Origin header that the install's requests did not have; the files are the same.
  const hit = (await caches.match(request, { cacheName: CACHE, ignoreVary: true })) ?? (await caches.match(request, { ignoreVary: true }));
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok && response.type === 'basic') {
    const copy = response.clone();
    void caches.open(CACHE).then((c) => c.put(request, copy));
  }
  return response;
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  // Range requests (media) are not cached; none are made today.
  if (request.headers.has('range')) return;
  event.respondWith(respond(request).then(isolated));
});
