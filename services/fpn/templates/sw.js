// The officers' form's service worker: keeps the page and this version's scripts and styles on the phone, so
// the form opens with no signal. API calls are never cached: they pass straight through to the network.
//
// The static files' URLs carry a hash of their content (shared/pages.py), so a cached file is never out of date:
// they are answered from the cache. The page is asked of the network first, so that a new release is used on the
// next load with signal; with no signal, or none within a few seconds, the kept copy is used. The cache name
// carries the version (services/fpn/form.py), so a release installs this worker afresh and drops the old copy.
const CACHE = "fpn-form-{{ version }}";
const PAGE = "/";
const STATIC = {{ urls | tojson }};
const PAGE_WAIT_MS = 4000;

self.addEventListener("install", (event) => {
  // The page straight from the server (not the browser's HTTP cache), so that it names this version's files.
  const page = new Request(PAGE, {cache: "reload"});
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll([page, ...STATIC])).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys()
    .then((names) => Promise.all(names.filter((n) => n.startsWith("fpn-form-") && n !== CACHE)
      .map((n) => caches.delete(n))))
    .then(() => self.clients.claim()));
});

// The page is kept only together with the files it names: a page from the network is kept when it names this
// worker's version of the files (all of which it keeps), and otherwise only used, until the worker of its own
// version is installed.
const VERSION_PATH = STATIC.length ? STATIC[0].split("/").slice(0, 3).join("/") + "/" : "/static/";

function keepIfSameVersion(response) {
  response.clone().text().then((page) => {
    if (page.includes(VERSION_PATH)) caches.open(CACHE).then((cache) => cache.put(PAGE, response));
  });
}

function pageFromNetworkOrKept(request) {
  const kept = () => caches.match(PAGE);
  const network = fetch(request)
    .then((response) => {
      if (!response.ok) return kept().then((page) => page || response);
      keepIfSameVersion(response.clone());
      return response;
    })
    .catch(kept);
  const tooSlow = new Promise((resolve) => setTimeout(resolve, PAGE_WAIT_MS)).then(kept);
  return Promise.race([network, tooSlow.then((page) => page || network)]);
}

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname === PAGE) {
    event.respondWith(pageFromNetworkOrKept(event.request));
  } else if (url.pathname.startsWith("/static/")) {
    event.respondWith(caches.match(event.request, {ignoreSearch: true})
      .then((cached) => cached || fetch(event.request)));
  }
});
