// Imported by the generated service worker, before workbox registers its routes. The FSRS
// optimiser needs a cross-origin isolated page (SharedArrayBuffer for wasm threads); static hosts
// often cannot send COOP/COEP, so the service worker adds them (the coi-serviceworker idea) to
// the documents and workers it serves. Navigations are answered from the precached index.html,
// as workbox's navigation fallback would, and from the network while nothing is cached yet.
const COI_HEADERS = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

function withIsolation(response) {
  if (!response || response.status === 0 || response.type === 'opaque') return response;
  if (response.headers.get('Cross-Origin-Embedder-Policy')) return response;
  const headers = new Headers(response.headers);
  for (const [k, v] of Object.entries(COI_HEADERS)) headers.set(k, v);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

// Where the precache keeps index.html (its key carries a revision), found once per worker start:
// `caches.match(url, { ignoreSearch: true })` walks every cached entry on every navigation.
let precachedIndex;
async function findPrecachedIndex() {
  for (const name of await caches.keys()) {
    if (!name.startsWith('workbox-precache')) continue;
    const cache = await caches.open(name);
    for (const req of await cache.keys()) if (new URL(req.url).pathname.endsWith('/index.html')) return { cache, req };
  }
  return undefined;
}
async function cachedIndex(url) {
  precachedIndex ??= findPrecachedIndex();
  let found = await precachedIndex;
  if (!found) precachedIndex = undefined;
  let response = found && (await found.cache.match(found.req));
  // A new version's precache replaced the old one: look again.
  if (found && !response) {
    precachedIndex = findPrecachedIndex();
    found = await precachedIndex;
    response = found && (await found.cache.match(found.req));
  }
  return response ?? (await caches.match(url, { ignoreSearch: true }));
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    if (url.pathname.startsWith('/share-target')) return;
    const index = new URL('index.html', self.registration.scope).href;
    event.respondWith(
      (async () => {
        const cached = await cachedIndex(index);
        if (cached) return withIsolation(cached);
        return withIsolation(await fetch(request));
      })(),
    );
    return;
  }
  if (request.destination === 'worker' || request.destination === 'sharedworker') {
    event.respondWith(
      (async () => withIsolation((await caches.match(request, { ignoreSearch: true })) ?? (await fetch(request))))(),
    );
  }
});
