/* The tracker's service worker (served as /sw.js by web/offline.py, which writes the
   release's configuration in place of the comment below).

   - The shell (style, scripts, icon, the outbox page) is kept at installation, once per
     release, in a cache named after the release; the old release's caches are removed when
     the new one takes over, so an update needs nothing from the person.
   - Static files (their names carry their hash) are served from the cache first.
   - Pages: the network first; each page that comes back is kept (the person's own cache,
     emptied at sign-out), and when the network does not answer the copy last seen is
     shown, marked « Hors connexion — page vue le … ».
   - Nothing else is touched: posts, the API, files, exports go to the network as always
     (the outbox, web/static/js/offline.js, keeps what is written offline). */
"use strict";

var CONFIG = /*CONFIG*/;
var SHELL_CACHE = "ccs-shell-" + CONFIG.version;
var PAGES_PREFIX = "ccs-pages-";
var SEEN_HEADER = "X-Seen-At";
var NETWORK_WAIT_MS = 8000;  // a page that does not come within this is shown as last seen
var MOST_PAGES_KEPT = 60;

/* A fetch of the worker's own, not one the person asked for: the server never sets the
   session cookie on its answer (one that came back after a sign-in or a sign-out would
   otherwise put back the cookie it set out with). */
function fetchInBackground(url) {
  var headers = {};
  headers[CONFIG.backgroundHeader] = "1";
  return fetch(url, { credentials: "same-origin", headers: headers });
}

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(SHELL_CACHE).then(function (cache) {
    return Promise.all(CONFIG.shell.map(function (url) {
      return fetchInBackground(url).then(function (response) {
        // The outbox page needs a session: kept only if it came back as itself.
        if (response.ok && !response.redirected) return cache.put(url, response);
      }).catch(function () { /* kept at the next visit */ });
    }));
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf("ccs-shell-") === 0 && name !== SHELL_CACHE;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

/* Messages from the pages (offline.js): who is signed in (another person's pages are
   removed), sign-out (the person's pages are removed), pages to keep ahead of need. */
self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type === "person") {
    event.waitUntil(forgetPagesExcept(data.user).then(function () {
      return data.user ? keepAhead(data.user, data.warm || []) : null;
    }));
  } else if (data.type === "signed-out") {
    event.waitUntil(forgetPagesExcept(null));
  }
});

function forgetPagesExcept(user) {
  return caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf(PAGES_PREFIX) === 0 && name !== PAGES_PREFIX + user;
    }).map(function (name) { return caches.delete(name); }));
  });
}

/* The forms the person may need offline, fetched once in the background. */
function keepAhead(user, urls) {
  return caches.open(PAGES_PREFIX + user).then(function (cache) {
    return Promise.all(urls.map(function (url) {
      return cache.match(url).then(function (found) {
        if (found) return null;
        return fetchInBackground(url).then(function (response) {
          if (!response.ok || response.redirected) return null;
          return stamped(response).then(function (kept) { return cache.put(url, kept); });
        }).catch(function () { return null; });
      });
    }));
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (CONFIG.neverKept.some(function (prefix) { return url.pathname.indexOf(prefix) === 0; })) return;
  if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(cacheFirst(request));
  } else if (request.mode === "navigate") {
    event.respondWith(networkFirst(request));
  }
  // htmx's partial requests and everything else: the network, as without a worker.
});

function cacheFirst(request) {
  return caches.match(request).then(function (found) {
    return found || fetch(request).then(function (response) {
      if (response.ok) {
        var copy = response.clone();
        caches.open(SHELL_CACHE).then(function (cache) { cache.put(request, copy); });
      }
      return response;
    });
  });
}

function networkFirst(request) {
  var network = fetch(request).then(function (response) {
    var html = (response.headers.get("Content-Type") || "").indexOf("text/html") === 0;
    if (response.ok && html && !response.redirected) keep(request, response.clone());
    return response;
  });
  var late = new Promise(function (resolve) {
    setTimeout(function () { resolve(null); }, NETWORK_WAIT_MS);
  });
  return Promise.race([network.catch(function () { return null; }), late]).then(function (response) {
    if (response) return response;
    return lastSeen(request).then(function (seen) {
      // Nothing kept: wait for the network after all (it may just be slow).
      return seen || network.catch(function () { return notSeen(request); });
    });
  });
}

/* A page seen by a signed-in person is kept in that person's cache (the page names them
   in <body data-user>); the sign-in page and other pages of nobody are not kept. */
function keep(request, response) {
  return response.text().then(function (body) {
    var user = (/<body[^>]*\sdata-user="([0-9a-f]+)"/.exec(body) || [])[1];
    if (!user) return null;
    return caches.open(PAGES_PREFIX + user).then(function (cache) {
      return cache.delete(request).then(function () {  // so it moves to the end of the keys
        return cache.put(request, stampedBody(body, response.headers));
      }).then(function () { return cache.keys(); }).then(function (keys) {
        // The pages seen last, not every page ever seen: a phone's storage is small.
        return Promise.all(keys.slice(0, Math.max(0, keys.length - MOST_PAGES_KEPT))
          .map(function (key) { return cache.delete(key); }));
      });
    });
  });
}

/* A copy of a page with the moment it was seen. */
function stamped(response) {
  return response.text().then(function (body) { return stampedBody(body, response.headers); });
}

function stampedBody(body, original) {
  var headers = new Headers(original);
  headers.set(SEEN_HEADER, String(Date.now()));
  return new Response(body, { status: 200, headers: headers });
}

function lastSeen(request) {
  var url = new URL(request.url);
  return caches.match(url.pathname + url.search).then(function (found) {
    if (!found) return null;
    return found.text().then(function (body) {
      var seen = Number(found.headers.get(SEEN_HEADER)) || Date.now();
      return new Response(marked(body, seen), {
        status: 200, headers: { "Content-Type": "text/html; charset=utf-8" }
      });
    });
  });
}

/* « Hors connexion — page vue le … » at the top of the page's content, in its language. */
function marked(body, seen) {
  var lang = (/<html lang="(\w+)"/.exec(body) || [])[1] || "fr";
  var when = new Date(seen).toLocaleString(lang === "en" ? "en-GB" : "fr-FR", {
    day: "numeric", month: "long", hour: "2-digit", minute: "2-digit"
  });
  var text = (CONFIG.seenOffline[lang] || CONFIG.seenOffline.fr).replace("{when}", when);
  var banner = '<p class="offline-banner" role="status" data-seen-at="' + seen + '">' +
    escapeHtml(text) + "</p>";
  return body.replace('<main id="contenu"', banner + '<main id="contenu"');
}

function notSeen(request) {
  var lang = (self.navigator.language || "fr").slice(0, 2) === "en" ? "en" : "fr";
  var text = CONFIG.notSeen[lang];
  var body = '<!doctype html><html lang="' + lang + '"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1"><title>' +
    escapeHtml(text) + "</title></head><body><p>" + escapeHtml(text) +
    '</p><p><a href="/">CCS</a></p></body></html>';
  return new Response(body, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, function (c) {
    return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
  });
}
