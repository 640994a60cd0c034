// Imported by the generated service worker: receives files shared to the installed app
// (Web Share Target, POST multipart) and hands them to the import screen through a cache.
self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'POST' || url.pathname !== '/share-target') return;
  event.respondWith(
    (async () => {
      const form = await event.request.formData();
      const file = form.get('file');
      if (file && typeof file !== 'string') {
        const cache = await caches.open('prepdeck-shared-files');
        await cache.put('/shared-file', new Response(file, { headers: { 'X-File-Name': encodeURIComponent(file.name) } }));
      }
      return Response.redirect('/#/import?shared=1', 303);
    })(),
  );
});
