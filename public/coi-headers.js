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
        const cached = await caches.match(index, { ignoreSearch: true });
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
