{% load static %}/* Service worker of the service points pages (scope: the folder it is served from).
   Keeps the map page, its assets and the public points data, so that a phone that lost its signal still opens
   the page with the last data it saw. Pages and data: network first, the cache when offline. Assets: cache first. */
"use strict";
const CACHE = "{{ version }}";
const PAGE = "{% url 'worker_services_portal:point_map' %}";
const DATA = "{% url 'worker_services_portal:point_data' %}";
const ASSETS = [
  "{% static 'gonghui/portal.css' %}",
  "{% static 'gonghui/portal.js' %}",
  "{% static 'htmx/htmx.min.js' %}",
  "{% static 'gonghui/favicon.svg' %}",
  "{% static 'worker_services/points/map.js' %}",
  "{% static 'worker_services/points/points.css' %}",
];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) => Promise.all(
      [PAGE, DATA, ...ASSETS].map((url) => cache.add(new Request(url, { credentials: "same-origin" })).catch(() => null))
    )).then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE && k.startsWith("points-")).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

function networkFirst(request, fallbackUrl) {
  return fetch(request).then((response) => {
    if (response.ok && request.method === "GET") {
      const copy = response.clone();
      caches.open(CACHE).then((cache) => cache.put(fallbackUrl || request, copy));
    }
    return response;
  }).catch(() => caches.open(CACHE).then((cache) =>
    cache.match(request, { ignoreSearch: false }).then((hit) => hit || cache.match(fallbackUrl || request, { ignoreSearch: true }))
  ).then((hit) => hit || Response.error()));
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname === DATA) {
    event.respondWith(networkFirst(request, DATA));
  } else if (url.pathname === PAGE) {
    // The map page without its query is what is kept: the page sorts the kept data by distance itself.
    event.respondWith(networkFirst(request, url.search ? null : PAGE).then((r) => r));
  } else if (ASSETS.includes(url.pathname)) {
    event.respondWith(caches.match(request).then((hit) => hit || fetch(request)));
  }
});
