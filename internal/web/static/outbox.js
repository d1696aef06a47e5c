// Check-ins made offline wait here, in IndexedDB on this device only, until
// they reach the server; the page and the service worker share this file.
// Each keeps the local day it was made ("YYYY-MM-DD"), which the server
// accepts for a few days back.
var kinshipOutbox = (function () {
  "use strict";
  var NAME = "kinship-outbox", CHECKINS = "checkins", NOTES = "notes";
  function open() {
    return new Promise(function (ok, fail) {
      var r = indexedDB.open(NAME, 1);
      r.onupgradeneeded = function () {
        r.result.createObjectStore(CHECKINS, { keyPath: "id", autoIncrement: true });
        r.result.createObjectStore(NOTES, { keyPath: "id", autoIncrement: true });
      };
      r.onsuccess = function () { ok(r.result); };
      r.onerror = function () { fail(r.error); };
    });
  }
  // run does fn(store) in one transaction and resolves with its request's result.
  function run(store, mode, fn) {
    return open().then(function (db) {
      return new Promise(function (ok, fail) {
        var t = db.transaction(store, mode), req = fn(t.objectStore(store));
        t.oncomplete = function () { db.close(); ok(req ? req.result : undefined); };
        t.onerror = t.onabort = function () { db.close(); fail(t.error); };
      });
    });
  }
  // localDay is today's date where the person is, as the server writes dates.
  function localDay(d) {
    d = d || new Date();
    return d.getFullYear() + "-" + ("0" + (d.getMonth() + 1)).slice(-2) + "-" + ("0" + d.getDate()).slice(-2);
  }
  function add(checkin) {
    checkin.date = checkin.date || localDay();
    return run(CHECKINS, "readwrite", function (s) { return s.add(checkin); });
  }
  function list() { return run(CHECKINS, "readonly", function (s) { return s.getAll(); }); }
  function remove(id) { return run(CHECKINS, "readwrite", function (s) { return s.delete(id); }); }
  // note keeps, for the page to word in its reader's language, the day of a
  // refused check-in and why ({date, why}).
  function note(text) { return run(NOTES, "readwrite", function (s) { return s.add({ text: text }); }); }
  // takeNotes returns what the person should read about refused check-ins, once.
  function takeNotes() {
    return run(NOTES, "readonly", function (s) { return s.getAll(); }).then(function (ns) {
      return run(NOTES, "readwrite", function (s) { return s.clear(); }).then(function () {
        return ns.map(function (n) { return n.text; });
      });
    });
  }
  // send posts one check-in. Refused ones (too old, not valid) are dropped
  // with a note saying why; anything that may pass later (offline, signed
  // out, busy) keeps it and fails, so that the browser tries again.
  function send(c) {
    var body = { mood: c.mood, craving: c.craving, used: c.used, note: c.note || "", tags: c.tags || [], date: c.date };
    if (c.sleep_hours !== null && c.sleep_hours !== undefined) { body.sleep_hours = c.sleep_hours; }
    return fetch("/api/v1/checkins", { method: "POST", credentials: "same-origin", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) })
      .then(function (r) {
        if (r.ok) { return remove(c.id); }
        if (r.status === 401 || r.status === 403 || r.status === 408 || r.status === 429 || r.status >= 500) {
          throw new Error("kinship: check-in of " + c.date + " not sent yet (" + r.status + ")");
        }
        return r.json().catch(function () { return {}; }).then(function (p) {
          var why = p.detail || p.message || "it was refused";
          return note({ date: c.date, why: why }).then(function () { return remove(c.id); });
        });
      });
  }
  var running = null;
  // flush sends every waiting check-in in the order they were made.
  function flush() {
    if (running) { return running; }
    running = list().then(function (items) {
      return items.reduce(function (p, c) { return p.then(function () { return send(c); }); }, Promise.resolve());
    });
    var done = function () { running = null; };
    running.then(done, done);
    return running;
  }
  return { add: add, list: list, flush: flush, takeNotes: takeNotes, localDay: localDay };
})();
