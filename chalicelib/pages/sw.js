/* 双拥填报's service worker: keeps the page and its own files so the page opens without a network.
   It never touches API requests: reports, lists and tokens go to the network or to the page's outbox. */
"use strict";
var CACHE = "sy-pages-v1";

function scope() {
  return self.registration.scope;
}

/* Fetch the page, keep it and the versioned assets it names; drop assets of older versions. */
function precache() {
  return caches.open(CACHE).then(function (cache) {
    return fetch(scope(), { cache: "no-cache", credentials: "omit" }).then(function (answer) {
      if (!answer.ok) return null;
      return answer
        .clone()
        .text()
        .then(function (html) {
          var assets = (html.match(/assets\/[\w.-]+\?v=\w+/g) || []).map(function (a) {
            return new URL(a, scope()).href;
          });
          var keep = [scope()].concat(assets);
          return cache
            .put(scope(), answer)
            .then(function () {
              return cache.addAll(assets);
            })
            .then(function () {
              return cache.keys();
            })
            .then(function (keys) {
              return Promise.all(
                keys
                  .filter(function (request) {
                    return keep.indexOf(request.url) < 0;
                  })
                  .map(function (request) {
                    return cache.delete(request);
                  })
              );
            });
        });
    });
  });
}

self.addEventListener("install", function (event) {
  self.skipWaiting();
  event.waitUntil(precache().catch(function () {}));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(self.clients.claim());
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  var root = new URL(scope());
  if (url.origin !== root.origin) return;
  if (request.mode === "navigate" && url.pathname === root.pathname) {
    // The page: from the network when there is one (and kept), else the kept copy.
    event.respondWith(
      fetch(request).then(
        function (answer) {
          if (answer.ok) {
            var copy = answer.clone();
            caches.open(CACHE).then(function (cache) {
              cache.put(scope(), copy);
            });
          }
          return answer;
        },
        function () {
          return caches.match(scope());
        }
      )
    );
  } else if (url.pathname.indexOf(root.pathname + "assets/") === 0 && url.search) {
    // A versioned asset never changes: the kept copy, else the network.
    event.respondWith(
      caches.match(request).then(function (hit) {
        return (
          hit ||
          fetch(request).then(function (answer) {
            if (answer.ok) {
              var copy = answer.clone();
              caches.open(CACHE).then(function (cache) {
                cache.put(request, copy);
              });
            }
            return answer;
          })
        );
      })
    );
  }
});
