// The officers' form's service worker: keeps the page, its scripts, styles, fonts and images on the phone so
// the form opens with no signal. API calls are never cached: they pass straight through to the network.
//
// The cache name carries a hash of the cached files (services/fpn/form.py), so a new release of the form makes
// this file change, the browser installs it afresh, and the old copy is thrown away.
const CACHE = "fpn-form-{{ version }}";
const SHELL = {{ urls | tojson }};

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys()
    .then((names) => Promise.all(names.filter((n) => n.startsWith("fpn-form-") && n !== CACHE)
      .map((n) => caches.delete(n))))
    .then(() => self.clients.claim()));
});

// Cache first: every cached file belongs to this version of the form, so there is nothing newer to fetch.
self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin || !SHELL.includes(url.pathname)) {
    return;
  }
  event.respondWith(caches.match(event.request, {ignoreSearch: true})
    .then((cached) => cached || fetch(event.request)));
});
