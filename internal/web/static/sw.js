// Kinship's service worker, served at /sw.js for the whole site. It keeps
// only what is the same for everybody (the offline pages, styles, script,
// icons: fetched without cookies), never a signed-in page; shows the push
// notifications the server sends (their text says only that something
// waits); and sends check-ins made offline once the connection is back.
"use strict";

var VERSION = "kinship-6";
var SHELL = "kinship-shell-" + VERSION;
// The pages a phone without signal can still open. Fetched without
// cookies, so they hold nothing about the person.
var PUBLIC_PAGES = ["/offline", "/checkin/offline"];
// The offline pages are kept in the language the pages tell the worker
// they are in (see the "message" listener), as no cookie says it; a new
// version of the worker keeps them in the language of the kept ones. The
// worker's own address stays /sw.js in every language: a language chosen
// does not install another worker, which would wait behind this one.
var ASSETS = ["/static/app.css", "/static/icon.svg", "/static/icon-192.png", "/static/icon-maskable-192.png"];
// The page script is one file a language, named by what it holds
// (/static/app.es.3f9a….js: its words, then app.js); the offline pages
// name theirs, which is kept with them, and a name never changes what it
// holds, so a kept one is used as it is.
var PAGE_SCRIPT = /^\/static\/app\.[^\/]+\.js$/;

// scriptsOf lists the page scripts a page names.
function scriptsOf(page) {
  var out = [], re = /<script src="(\/static\/app\.[^"\/]+\.js)"/g, m;
  while ((m = re.exec(page))) { if (out.indexOf(m[1]) < 0) { out.push(m[1]); } }
  return out;
}

// keptLang is the language of the offline pages kept (by this version or
// the one before it), "" before any.
function keptLang() {
  return caches.match("/checkin/offline").then(function (r) { return r ? r.text() : ""; }).then(function (page) {
    var m = /<html[^>]*\slang="([^"]+)"/.exec(page);
    return m ? m[1] : "";
  });
}

// keep fetches paths (without cookies, the pages in lang) into the cache c,
// each offline page with the page script it names; page scripts no kept
// page names any more (another language's, an older version's) are let go.
function keep(c, paths, lang) {
  var scripts = [];
  return Promise.all(paths.map(function (path) {
    var page = PUBLIC_PAGES.indexOf(path) >= 0;
    var from = page && lang ? path + "?lang=" + encodeURIComponent(lang) : path;
    return fetch(new Request(from, { credentials: "omit", cache: "no-cache" })).then(function (r) {
      if (!r.ok) { throw new Error(path + ": " + r.status); }
      if (!page) { return c.put(path, r); }
      return r.clone().text().then(function (html) {
        var named = scriptsOf(html);
        scripts = scripts.concat(named);
        return Promise.all(named.map(function (src) {
          return c.match(src).then(function (hit) {
            if (hit) { return; }
            return fetch(new Request(src, { credentials: "omit" })).then(function (s) {
              if (!s.ok) { throw new Error(src + ": " + s.status); }
              // Kept only when it is the script its name says: mid-upgrade a
              // node of another build answers with its own (its ETag names
              // its own bytes), which would be served from here for as
              // long as pages name this one. The page is not kept either
              // (offline it would have no script), and the worker tries
              // again: the next page installs it, or tells it the language.
              if (s.headers.get("ETag") !== '"' + src.split(".").slice(-2)[0] + '"') { throw new Error(src + ": another build's"); }
              return c.put(src, s);
            });
          });
        }));
      }).then(function () { return c.put(path, r); });
    });
  })).then(function () {
    if (!paths.some(function (p) { return PUBLIC_PAGES.indexOf(p) >= 0; })) { return; }
    return c.keys().then(function (reqs) {
      return Promise.all(reqs.map(function (req) {
        var p = new URL(req.url).pathname;
        if (PAGE_SCRIPT.test(p) && scripts.indexOf(p) < 0) { return c.delete(req); }
      }));
    });
  });
}

self.addEventListener("install", function (e) {
  e.waitUntil(Promise.all([caches.open(SHELL), keptLang()]).then(function (v) {
    return keep(v[0], PUBLIC_PAGES.concat(ASSETS), v[1]);
  }).then(function () { return self.skipWaiting(); }));
});

// A page says its language ({lang: "es"}); when it is not the one the
// offline pages are kept in, they are fetched again in it.
self.addEventListener("message", function (e) {
  var lang = e.data && typeof e.data.lang === "string" ? e.data.lang : "";
  if (!/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(lang)) { return; }
  e.waitUntil(keptLang().then(function (had) {
    if (had === lang) { return; }
    return caches.open(SHELL).then(function (c) { return keep(c, PUBLIC_PAGES, lang); });
  }));
});

self.addEventListener("activate", function (e) {
  e.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k !== SHELL; }).map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

// Pages come from the network; without one, the check-in page becomes its
// offline shell and any other page the offline page. Styles, script and
// icons come from the cache first and are refreshed behind.
self.addEventListener("fetch", function (e) {
  var req = e.request;
  if (req.method !== "GET") { return; }
  var url = new URL(req.url);
  if (url.origin !== location.origin) { return; }
  if (req.mode === "navigate") {
    e.respondWith(fetch(req).catch(function () {
      var shell = url.pathname === "/checkin" || url.pathname === "/checkin/offline" ? "/checkin/offline" : "/offline";
      return caches.match(shell, { cacheName: SHELL }).then(function (r) {
        return r || new Response("You are offline.", { status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" } });
      });
    }));
    return;
  }
  if (PAGE_SCRIPT.test(url.pathname)) {
    e.respondWith(caches.match(url.pathname, { cacheName: SHELL }).then(function (hit) { return hit || fetch(req); }));
    return;
  }
  if (ASSETS.indexOf(url.pathname) >= 0) {
    e.respondWith(caches.open(SHELL).then(function (c) {
      return c.match(url.pathname).then(function (hit) {
        var fresh = fetch(new Request(url.pathname, { credentials: "omit" })).then(function (r) {
          if (r.ok) { c.put(url.pathname, r.clone()); }
          return r;
        });
        if (hit) { fresh.catch(function () {}); return hit; }
        return fresh;
      });
    }));
  }
});

// samePath keeps a notification's link on this site: a path, nothing else.
function samePath(p) {
  return typeof p === "string" && p.charAt(0) === "/" && p.charAt(1) !== "/" && p.indexOf("\\") < 0 ? p : "/notifications";
}

self.addEventListener("push", function (e) {
  var d = {};
  try { d = e.data ? e.data.json() : {}; } catch (x) { d = {}; }
  var body = typeof d.body === "string" && d.body ? d.body : "Kinship: something is waiting for you";
  e.waitUntil(self.registration.showNotification(typeof d.title === "string" && d.title ? d.title : "Kinship", {
    body: body,
    tag: typeof d.topic === "string" && d.topic ? d.topic : "kinship",
    renotify: true,
    requireInteraction: d.urgency === "high",
    icon: "/static/icon-192.png",
    badge: "/static/icon-maskable-192.png",
    data: { path: samePath(d.path) },
  }));
});

// A tap opens the page the notification is about: in a Kinship window
// already open when there is one, else in a new one.
self.addEventListener("notificationclick", function (e) {
  e.waitUntil(openFromNotification(e.notification));
});

// openFromNotification closes n and opens its page (see notificationclick).
function openFromNotification(n) {
  n.close();
  var path = samePath(n.data && n.data.path);
  var target = new URL(path, location.origin).href;
  return self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (list) {
    for (var i = 0; i < list.length; i++) {
      if (list[i].url === target && "focus" in list[i]) { return list[i].focus(); }
    }
    // A window this worker controls is taken to the page (navigate refuses
    // one it does not control); otherwise a new window opens.
    var open = function () { return self.clients.openWindow(target); };
    for (var j = 0; j < list.length; j++) {
      if ("navigate" in list[j]) {
        return list[j].navigate(target).then(function (c) { return c ? c.focus() : open(); }, open);
      }
    }
    return open();
  });
}

// Check-ins made offline wait in IndexedDB (see app.js) and are sent when
// the browser says the connection is back. The pages are told then, so a
// page that said "saved on this device" says it was sent (its own try may
// have failed, or found nothing left to send).
function tellPages() {
  return self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (list) {
    list.forEach(function (c) { c.postMessage({ kinship: "outbox" }); });
  });
}
importScripts("/static/outbox.js");
self.addEventListener("sync", function (e) {
  if (e.tag === "kinship-checkins") { e.waitUntil(kinshipOutbox.flush().then(tellPages)); }
});
