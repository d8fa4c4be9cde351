/* Pétale's service worker: lessons for the road.

   It keeps the pages the server marks as safe to keep (X-Petale-Hors-Ligne: a learner's own lesson
   pages and her space) as she opens them, and the lesson files she chose to keep (static/offline.js
   puts them in the "files" cache); when the network is away it answers from them, and with the
   offline page for anything else. It keeps no other page and no answer to a form; a form sent while the
   network is away (a page whose scripts could not run) is answered with a page that says so in words,
   never the browser's error. Signing out and deleting the account clear it (Clear-Site-Data), and the
   learner empties it from her profile. */
"use strict";

var PAGES = "petale-pages-v1", FILES = "petale-fichiers-v1", STATIC = "petale-statique-v1";
// The lessons she removed with « Retirer » (one entry per path, written by static/offline.js): not kept
// again as she opens them, until she asks with « Garder hors ligne ».
var REMOVED = "petale-retirees-v1";
var OFFLINE_PAGE = "/hors-ligne", NOT_SENT_PAGE = "/hors-ligne/envoi";

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(STATIC).then(function (cache) { return cache.addAll([OFFLINE_PAGE, NOT_SENT_PAGE]); })
    .then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(self.clients.claim());
});

// A notice is said once (« Leçon terminée, bravo ! » after « J'ai terminé »): the page kept for the road is
// the page without its notices, or reopening it offline, or reloading it there, would say it again.
var FLASHES = /(<div id="flashes"[^>]*>)[\s\S]*?(<\/div>)/;

function withoutFlashes(response) {
  return response.text().then(function (html) {
    // The text is decoded: its copy no longer has the network's encoding nor length.
    var headers = new Headers(response.headers);
    headers.delete("Content-Encoding");
    headers.delete("Content-Length");
    return new Response(html.replace(FLASHES, "$1$2"), { status: response.status, statusText: response.statusText,
                                                         headers: headers });
  });
}

// The offline pages are kept in the language of the pages she reads (Content-Language): kept at install,
// perhaps before she signed in, they are fetched again once her pages come in another language (an English
// account, or English chosen on her profile).
var offlineLanguage = null;

function keepOfflinePagesIn(language) {
  if (!language || language === offlineLanguage) { return; }
  offlineLanguage = language;
  caches.open(STATIC).then(function (cache) {
    return cache.match(OFFLINE_PAGE, { ignoreVary: true }).then(function (kept) {
      if (kept && kept.headers.get("Content-Language") === language) { return; }
      return cache.addAll([OFFLINE_PAGE, NOT_SENT_PAGE]);
    });
  }).catch(function () { offlineLanguage = null; });  // the network left meanwhile: tried again next page
}

function fromNetworkKeepingPage(request, path) {
  return fetch(request).then(function (response) {
    if (response.ok) { keepOfflinePagesIn(response.headers.get("Content-Language")); }
    if (response.ok && response.headers.get("X-Petale-Hors-Ligne") === "oui") {
      var copy = response.clone();
      caches.open(REMOVED).then(function (removed) { return removed.match(path); }).then(function (removed) {
        return removed ? null : Promise.all([caches.open(PAGES), withoutFlashes(copy)]).then(function (both) {
          return both[0].put(path, both[1]);
        });
      });
    }
    return response;
  });
}

// Answered as a new response, not the kept one: the kept one carries the address /hors-ligne, which htmx
// would put in the address bar; this one stays at the address she asked for, so that a reload once the
// network is back opens the page she wanted.
function offlinePage() {
  return caches.match(OFFLINE_PAGE, { ignoreVary: true }).then(function (kept) {
    if (!kept) { return kept; }
    return kept.text().then(function (html) {
      return new Response(html, { status: 200, headers: { "Content-Type": "text/html; charset=utf-8",
                                                           "Cache-Control": "no-store" } });
    });
  });
}

// A kept video is one whole file: the player asks for byte ranges, answered here from it.
function ranged(request, response) {
  var range = /bytes=(\d+)-(\d*)/.exec(request.headers.get("Range") || "");
  if (!range) { return response; }
  return response.blob().then(function (blob) {
    var start = parseInt(range[1], 10), end = range[2] ? parseInt(range[2], 10) : blob.size - 1;
    return new Response(blob.slice(start, end + 1), {
      status: 206,
      headers: { "Content-Type": response.headers.get("Content-Type") || "application/octet-stream",
                 "Content-Range": "bytes " + start + "-" + end + "/" + blob.size,
                 "Content-Length": String(end - start + 1) }
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  var sameOrigin = url.origin === self.location.origin;
  if (request.method !== "GET") {
    if (sameOrigin && request.mode === "navigate") {  // a form sent by the browser itself, not the page's script
      event.respondWith(fetch(request).catch(function () {
        return caches.match(NOT_SENT_PAGE, { ignoreVary: true });
      }));
    }
    return;
  }
  if (sameOrigin && url.pathname.indexOf("/static/") === 0) {
    // Fingerprinted files never change: the copy kept is the file.
    event.respondWith(caches.match(request).then(function (kept) {
      return kept || fetch(request).then(function (response) {
        if (response.ok) {
          var copy = response.clone();
          caches.open(STATIC).then(function (cache) { return cache.put(request, copy); });
        }
        return response;
      });
    }));
    return;
  }
  // htmx asks for a page again on Back when it no longer holds its copy (after signing out): a page too.
  var page = request.mode === "navigate" || request.headers.get("HX-Boosted") === "true" ||
    request.headers.get("HX-History-Restore-Request") === "true";
  if (sameOrigin && page) {
    event.respondWith(fromNetworkKeepingPage(request, url.pathname).catch(function () {
      return caches.match(url.pathname, { cacheName: PAGES, ignoreVary: true }).then(function (kept) {
        // A kept lesson file opened as a page (« Ouvrir le document (PDF) »): the copy kept, whatever its link.
        return kept || caches.open(FILES).then(function (cache) {
          return cache.match(request, { ignoreSearch: true, ignoreVary: true });
        }).then(function (file) { return file || offlinePage(); });
      });
    }));
    return;
  }
  // Lesson files: from the network while there is one, else the copy the learner chose to keep (the
  // signed link changes, the file does not: matched without its query).
  event.respondWith(fetch(request).catch(function (error) {
    return caches.open(FILES).then(function (cache) {
      return cache.match(request, { ignoreSearch: true, ignoreVary: true });
    }).then(function (kept) {
      if (!kept) { throw error; }
      return ranged(request, kept);
    });
  }));
});
