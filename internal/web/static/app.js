// Kinship's only script: progressive enhancement. Every page works without it.
document.addEventListener("DOMContentLoaded", function () {
  // Move focus to the error summary so screen readers hear what to fix.
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
});

// In the installed app's own window the browser names the app before the
// page's title ("Kinship - Home"), so the title there is the page's alone,
// not "Home · Kinship" once more (web.go's docTitle writes the tab's).
(function () {
  var own = document.querySelector('meta[name="application-title"]');
  if (own && own.content && window.matchMedia && matchMedia("(display-mode: standalone)").matches) { document.title = own.content; }
})();

// kinshipStrings are the page's words for this script, in the reader's
// language, from the message catalog: kinshipWords, ahead of this script
// in the same file, one file a language (web/script.go); a page written
// before that carried them in its body's data-strings. kt returns one,
// filling {name} fields from args.
var kinshipStrings = null;
function kt(key, args) {
  if (kinshipStrings === null) {
    if (typeof kinshipWords === "object" && kinshipWords) { kinshipStrings = kinshipWords; }
    else { try { kinshipStrings = JSON.parse(document.body.dataset.strings || "{}"); } catch (e) { kinshipStrings = {}; } }
  }
  var s = kinshipStrings[key];
  if (typeof s !== "string") { s = key; }
  for (var k in (args || {})) { s = s.split("{" + k + "}").join(args[k]); }
  return s;
}

// milestoneLine is a milestone card's words in the page's language, as the
// server writes them (app.MilestoneLine): the frame's body is in its
// sender's language, the card is read in each reader's own.
function milestoneLine(m) {
  kt("");
  var ms = m.milestone, forms = (kinshipStrings.milestone_units || {})[ms.unit], words = ms.label;
  if (forms) {
    var cat = "other";
    try { cat = new Intl.PluralRules(document.documentElement.lang).select(ms.count); } catch (e) { cat = "other"; }
    words = (forms[cat] || forms.other || ms.label).split("{n}").join(String(ms.count));
  }
  var line = kinshipStrings.milestone_line;
  if (typeof line !== "string") { return m.body; }
  return line.split("{name}").join(m.author.display_name).split("{milestone}").join(words);
}

// kinshipWhen writes an instant as the server's pages do (web/when.go,
// i18n/format.go): "Fri 4 Dec, 14:35" ("vie, 4 dic, 14:35") in the zone tz,
// with the year when it is not this year's, in the page's language.
function kinshipWhen(iso, tz) {
  var d = new Date(iso);
  if (isNaN(d)) { return iso; }
  var parts = function (t, zone) {
    var o = {};
    new Intl.DateTimeFormat("en-US", { timeZone: zone, weekday: "short", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "2-digit", hourCycle: "h23" })
      .formatToParts(t).forEach(function (p) { o[p.type] = p.value; });
    return o;
  };
  var p, now;
  try { p = parts(d, tz || "UTC"); now = parts(new Date(), tz || "UTC"); } catch (e) { p = parts(d, "UTC"); now = parts(new Date(), "UTC"); }
  kt("");
  var names = kinshipStrings.weekdays || ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  var months = kinshipStrings.months || ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  var h = parseInt(p.hour, 10) % 24;
  var time = ("0" + h).slice(-2) + ":" + p.minute;
  if (kinshipStrings.hours === "12") {
    time = kt(h >= 12 ? "pm" : "am", { time: ((h % 12) || 12) + ":" + p.minute });
  }
  var wd = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].indexOf(p.weekday);
  return kt(p.year !== now.year ? "when_year" : "when",
    { weekday: names[wd], day: String(parseInt(p.day, 10)), month: months[parseInt(p.month, 10) - 1], year: p.year, time: time });
}

// kinshipDay writes a day kept as "YYYY-MM-DD" as the pages write a
// calendar day: "Fri 4 Dec" ("vie, 4 dic"), in the page's language.
function kinshipDay(ymd) {
  var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd || "");
  if (!m) { return ymd; }
  kt("");
  var names = kinshipStrings.weekdays || ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  var months = kinshipStrings.months || ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  var y = parseInt(m[1], 10), mo = parseInt(m[2], 10), d = parseInt(m[3], 10);
  var wd = new Date(Date.UTC(y, mo - 1, d)).getUTCDay();
  return kt("day", { weekday: names[wd], day: String(d), month: months[mo - 1] });
}

// The browser's time zone, for visitors' pages (members choose theirs in
// the profile): kept in a cookie the server reads. A page drawn in UTC for
// want of a zone is drawn again once, in the browser's.
document.addEventListener("DOMContentLoaded", function () {
  var tz = "";
  try { tz = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { return; }
  if (!tz) { return; }
  var had = (document.cookie.match(/(?:^|; )kinship_tz=([^;]*)/) || [])[1];
  if (had !== encodeURIComponent(tz)) {
    document.cookie = "kinship_tz=" + encodeURIComponent(tz) + "; path=/; max-age=31536000; samesite=lax";
    if (!had && document.querySelector("[data-zone-unknown]")) { location.reload(); }
  }
});

// Sign-up and profile: an empty time zone or country is filled from the
// browser (its zone, and the zone's country, else the region of its
// language: a phone in Los Angeles reading es-MX is in the United States,
// whose crisis lines answer it); the person can change both before saving.
document.addEventListener("DOMContentLoaded", function () {
  var zone = document.querySelector("input[data-browser-zone]");
  var country = document.querySelector("select[data-browser-country]");
  if (!zone && !country) { return; }
  var tz = "";
  try { tz = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { tz = ""; }
  // Chromium names some zones as ICU does ("Asia/Calcutta"): their option says so.
  var option = tz ? document.querySelector('#zone-list option[data-zone="' + tz.replace(/"/g, "") + '"], #zone-list option[data-browser-zone-name="' + tz.replace(/"/g, "") + '"]') : null;
  if (zone && !zone.value && tz) { zone.value = option ? option.value : tz; }
  if (country && !country.value) {
    var code = option ? option.getAttribute("data-country") || "" : "";
    if (code && !country.querySelector('option[value="' + code + '"]')) { code = ""; }
    if (!code) {
      (navigator.languages || [navigator.language || ""]).some(function (l) {
        var m = /^[a-z]{2,3}[-_](?:[A-Za-z]{4}[-_])?([A-Za-z]{2})\b/.exec(l || "");
        if (m && country.querySelector('option[value="' + m[1].toUpperCase() + '"]')) { code = m[1].toUpperCase(); return true; }
        return false;
      });
    }
    if (code) { country.value = code; }
  }
  var summary = document.getElementById("place-summary");
  if (summary && zone && zone.value) {
    summary.textContent = zone.value + (country && country.value ? " · " + country.options[country.selectedIndex].text : "");
  }
});

// "Use my location": fill the coordinates for this search only. The
// position goes into the form on this page and nowhere else.
document.addEventListener("DOMContentLoaded", function () {
  var btn = document.getElementById("use-location");
  if (!btn || !navigator.geolocation) { return; }
  btn.hidden = false;
  btn.addEventListener("click", function () {
    var status = document.getElementById("location-status");
    status.textContent = kt("location_finding");
    navigator.geolocation.getCurrentPosition(function (pos) {
      document.getElementById("f-lat").value = pos.coords.latitude.toFixed(4);
      document.getElementById("f-lng").value = pos.coords.longitude.toFixed(4);
      document.getElementById("f-near").value = "";
      status.textContent = kt("location_filled");
    }, function () {
      status.textContent = kt("location_failed");
    }, { maximumAge: 600000, timeout: 15000 });
  });
});

// Live chat: messages arrive over the socket and are sent through it; the
// page works the same without JavaScript through its forms. New messages
// from others are announced politely in the status line.
document.addEventListener("DOMContentLoaded", function () {
  var chat = document.getElementById("chat");
  if (!chat || !window.WebSocket) { return; }
  var conv = chat.dataset.conv, me = chat.dataset.me, kind = chat.dataset.kind, leader = chat.dataset.leader === "yes";
  // An archived group's chat is read-only: no reactions, and one's own
  // message may only be deleted.
  var archived = chat.dataset.archived === "yes";
  var last = parseInt(chat.dataset.change, 10) || 0;
  var log = document.getElementById("chat-log"), status = document.getElementById("latest");
  var form = document.getElementById("composer");
  var reactions = [["with_you", "💙", kt("reaction_with_you")], ["thank_you", "🙏", kt("reaction_thank_you")], ["proud", "🎉", kt("reaction_proud")]];
  var ws = null, live = false, retry = 500, pending = {}, readTimer = null;

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs) { if (attrs[k] !== undefined && attrs[k] !== null) { e.setAttribute(k, attrs[k]); } }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }
  function hidden(name, value) { return el("input", { type: "hidden", name: name, value: value }); }
  function actionForm(id) {
    var f = el("form", { method: "post", action: "/messages/" + id + "/action" });
    f.appendChild(hidden("conv", conv));
    f.appendChild(hidden("kind", kind));
    return f;
  }
  function when(iso) { return kinshipWhen(iso, chat.dataset.tz); }
  // render builds a message exactly as the server writes it.
  function render(m) {
    var mine = m.author.id === me;
    var li = el("li", { id: "m-" + m.id, "data-seq": m.seq, "data-change": m.change });
    li.className = "msg" + (mine ? " mine" : "") + (m.state !== "visible" ? " gone" : "") + (m.kind === "milestone" ? " milestone" : "");
    var meta = el("p", { "class": "meta" });
    meta.appendChild(el("strong", {}, m.author.display_name));
    meta.appendChild(document.createTextNode(" "));
    meta.appendChild(el("time", { datetime: m.created_at }, when(m.created_at)));
    if (m.edited_at && m.state === "visible") { meta.appendChild(document.createTextNode(" ")); meta.appendChild(el("small", {}, kt("chat_edited"))); }
    li.appendChild(meta);
    var words = m.milestone ? milestoneLine(m) : m.body;
    var body = m.state === "deleted" ? kt("chat_deleted") : m.state === "removed" ? kt("chat_removed", { reason: m.reason }) : m.state === "hidden" ? kt("chat_hidden", { reason: m.reason }) : words;
    li.appendChild(el("p", { "class": "body" }, body));
    if (m.state === "held") { li.appendChild(el("p", { "class": "hint held" }, m.decided ? kt("chat_held_decided", { reason: m.reason }) : kt("chat_held"))); }
    if (m.state !== "visible") { return li; }
    var allowed = m.allowed_reactions || [];
    if (allowed.length && !archived) {
      var rs = el("form", { method: "post", action: "/messages/" + m.id + "/action", "class": "reactions" });
      reactions.forEach(function (r) {
        if (allowed.indexOf(r[0]) < 0) { return; }
        var count = 0, pressed = false;
        (m.reactions || []).forEach(function (x) { if (x.kind === r[0]) { count = x.count; pressed = x.member_ids.indexOf(me) >= 0; } });
        var b = el("button", { name: pressed ? "unreact" : "react", value: r[0], "aria-pressed": pressed ? "true" : "false" });
        b.appendChild(el("span", { "aria-hidden": "true" }, r[1]));
        b.appendChild(document.createTextNode(" " + r[2]));
        if (count) { b.appendChild(document.createTextNode(" ")); b.appendChild(el("span", { "class": "count" }, String(count))); }
        rs.appendChild(b);
      });
      li.appendChild(rs);
    }
    var acts = el("p", { "class": "acts" });
    if (mine && archived) { acts.appendChild(actLink(m.id, "delete", kt("delete"))); }
    else if (mine) { acts.appendChild(actLink(m.id, "edit", kt("edit_or_delete"))); }
    else {
      if (leader && kind === "group") { acts.appendChild(writeLink(m.id)); acts.appendChild(document.createTextNode(" ")); }
      acts.appendChild(actLink(m.id, "report", kt("report")));
      if (leader && kind === "group") { acts.appendChild(document.createTextNode(" ")); acts.appendChild(actLink(m.id, "remove", kt("remove"))); }
    }
    li.appendChild(acts);
    return li;
  }
  // A message's "Report", "Edit or delete" and "Remove" link to its own
  // page; here they open its forms in place, below the message.
  function actLink(id, what, words) {
    var a = el("a", { href: "/messages/" + id + "/action#" + what, "aria-expanded": "false", "aria-controls": "act-" + id }, words);
    a.appendChild(el("span", { "class": "visually-hidden" }, " " + kt("this_message")));
    return a;
  }
  // A facilitator's "Write privately" opens the message's page, where the
  // button that starts the conversation is.
  function writeLink(id) {
    var a = el("a", { "class": "write", href: "/messages/" + id + "/action#write" }, kt("write_privately"));
    a.appendChild(el("span", { "class": "visually-hidden" }, " " + kt("to_its_author")));
    return a;
  }
  function actPanel(li, what) {
    var id = li.id.slice(2);
    var p = el("div", { "class": "act-panel", id: "act-" + id, "data-what": what });
    if (what === "report") {
      var rf = el("form", { method: "post", action: "/reports" });
      rf.appendChild(hidden("target_type", "message"));
      rf.appendChild(hidden("target_id", id));
      rf.appendChild(hidden("back", location.pathname));
      rf.appendChild(el("label", { "for": "rr-" + id }, kt("report_why")));
      var sel = el("select", { id: "rr-" + id, name: "reason" });
      ["harassment", "selling_drugs", "spam", "threat", "self_harm", "privacy", "other"].forEach(function (o) {
        sel.appendChild(el("option", { value: o }, kt("reason_" + o)));
      });
      rf.appendChild(sel);
      rf.appendChild(el("button", { type: "submit", "class": "secondary" }, kt("report_send")));
      p.appendChild(rf);
    } else if (what === "edit") {
      var f = actionForm(id);
      f.appendChild(hidden("action", "edit"));
      f.appendChild(el("label", { "for": "edit-" + id }, kt("your_message")));
      var ta = el("textarea", { id: "edit-" + id, name: "body", rows: "2" });
      ta.value = li.querySelector(".body").textContent;
      f.appendChild(ta);
      f.appendChild(el("button", { type: "submit", "class": "secondary" }, kt("save")));
      p.appendChild(f);
      var del = actionForm(id);
      del.appendChild(hidden("action", "delete"));
      del.appendChild(el("button", { type: "submit", "class": "link" }, kt("delete")));
      p.appendChild(del);
    } else if (what === "delete") {
      var only = actionForm(id);
      only.appendChild(hidden("action", "delete"));
      only.appendChild(el("button", { type: "submit", "class": "danger" }, kt("delete")));
      p.appendChild(only);
    } else {
      var rm = actionForm(id);
      rm.appendChild(hidden("action", "delete"));
      rm.appendChild(el("label", { "for": "reason-" + id }, kt("remove_reason")));
      rm.appendChild(el("input", { id: "reason-" + id, name: "reason", type: "text", required: "" }));
      rm.appendChild(el("button", { type: "submit", "class": "danger" }, kt("remove")));
      p.appendChild(rm);
    }
    return p;
  }
  // closePanel closes a message's open forms and says so on its links.
  function closePanel(li) {
    var p = li.querySelector(".act-panel");
    if (p) { p.remove(); }
    li.querySelectorAll(".acts a:not(.write)").forEach(function (a) { a.setAttribute("aria-expanded", "false"); });
    return p;
  }
  function upsert(m, announce) {
    var old = document.getElementById("m-" + m.id);
    if (old) {
      if (parseInt(old.dataset.change, 10) >= m.change) { return; }
      var fresh = render(m), open = old.querySelector(".act-panel");
      if (!open) { old.replaceWith(fresh); return; }
      // Forms open on it stay open, with what was typed and where the
      // focus was; what the message shows around them is the new.
      for (var c = old.firstChild; c;) { var n = c.nextSibling; if (c !== open) { old.removeChild(c); } c = n; }
      while (fresh.firstChild) { old.insertBefore(fresh.firstChild, open); }
      old.className = fresh.className;
      old.dataset.change = fresh.dataset.change;
      var a = old.querySelector('.acts a[href$="#' + open.dataset.what + '"]');
      if (a) { a.setAttribute("aria-expanded", "true"); } else { open.remove(); }
      return;
    }
    var li = render(m), after = null;
    var items = log.children;
    for (var i = items.length - 1; i >= 0; i--) {
      if (parseInt(items[i].dataset.seq, 10) < m.seq) { after = items[i]; break; }
    }
    if (after) { after.after(li); } else if (items.length && parseInt(items[0].dataset.seq, 10) > m.seq) { log.prepend(li); } else { log.appendChild(li); }
    if (announce && m.author.id !== me && m.state === "visible") {
      status.textContent = kt("chat_new", { name: m.author.display_name, body: m.milestone ? milestoneLine(m) : m.body });
    }
    markRead(m.seq);
  }
  function markRead(seq) {
    if (document.hidden) { return; }
    clearTimeout(readTimer);
    readTimer = setTimeout(function () { send({ op: "read", conv: conv, seq: seq }); }, 800);
  }
  function send(req) {
    if (!live) { return false; }
    ws.send(JSON.stringify(req));
    return true;
  }
  function connect() {
    // The socket opens subscribed to the conversation after the last
    // change the page has: its answer comes with the greeting, no request.
    ws = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/api/v1/ws?conv=" + encodeURIComponent(conv) + "&after=" + last);
    ws.onopen = function () { retry = 500; };
    ws.onmessage = function (e) {
      var f;
      try { f = JSON.parse(e.data); } catch (x) { return; }
      if (f.ref && pending[f.ref] !== undefined && f.type === "ack" && f.result && f.result.safety) { showSafety(f.result.safety); f.result = f.result.message; }
      if (f.type === "subscribed") { live = true; chat.dataset.live = "yes"; if (status.textContent === kt("reconnecting")) { status.textContent = ""; } }
      else if (f.type === "message" && f.conv === conv) { if (f.change > last) { last = f.change; } upsert(f.message, true); }
      else if (f.type === "ack" && f.ref && pending[f.ref]) { delete pending[f.ref]; if (f.result && f.result.id) { upsert(f.result, false); } }
      else if (f.type === "error") {
        var text = pending[f.ref];
        if (text !== undefined && form) { delete pending[f.ref]; form.elements.body.value = text; }
        status.textContent = kt("not_sent", { error: f.words || f.error });
      }
      else if (f.type === "notification") { showNotice(f); }
      else if (f.type === "removed" && f.conv === conv) {
        live = false; ws.onclose = null; ws.close();
        status.textContent = kt("chat_left");
        if (form) { form.hidden = true; }
      }
    };
    ws.onclose = function (e) {
      live = false; chat.dataset.live = "";
      if (e.code === 4401) {
        status.textContent = kt("signed_out");
        if (form) { form.hidden = true; }
        return;
      }
      status.textContent = kt("reconnecting");
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 10000);
    };
  }
  if (form) {
    form.addEventListener("submit", function (e) {
      var body = form.elements.body.value;
      if (!live || !body.trim()) { return; }
      e.preventDefault();
      var id = "c" + Date.now().toString(36) + Math.random().toString(36).slice(2, 8);
      pending[id] = body;
      send({ op: "send", ref: id, conv: conv, client_id: id, body: body });
      form.elements.body.value = "";
      form.elements.body.focus();
    });
    form.elements.body.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); form.requestSubmit(); }
    });
  }
  // Reactions go over the socket; edits and removals use their forms.
  log.addEventListener("submit", function (e) {
    var f = e.target, b = e.submitter;
    if (!live || !f.classList.contains("reactions") || !b || !b.value) { return; }
    e.preventDefault();
    var id = f.getAttribute("action").split("/")[2];
    send({ op: b.name, message_id: id, reaction: b.value, ref: "r" + Date.now() });
  });
  // A message's links to its page open its forms in place (again: close
  // them; opened in a new tab, they open the page); Escape closes them and
  // goes back to the link.
  log.querySelectorAll(".acts a:not(.write)").forEach(function (a) {
    a.setAttribute("aria-expanded", "false");
    a.setAttribute("aria-controls", "act-" + a.closest("li").id.slice(2));
  });
  log.addEventListener("click", function (e) {
    var a = e.target.closest(".acts a:not(.write)");
    if (!a || e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) { return; } // a new tab: the page
    e.preventDefault();
    var li = a.closest("li"), what = a.hash.slice(1);
    var was = closePanel(li);
    if (was && was.dataset.what === what) { return; }
    var p = actPanel(li, what);
    li.appendChild(p);
    a.setAttribute("aria-expanded", "true");
    p.querySelector("select, textarea, input:not([type=hidden]), button").focus();
  });
  log.addEventListener("keydown", function (e) {
    var p = e.key === "Escape" && e.target.closest(".act-panel");
    if (!p) { return; }
    var li = p.closest("li"), a = li.querySelector('.acts a[href$="#' + p.dataset.what + '"]');
    closePanel(li);
    if (a) { a.focus(); }
  });
  setInterval(function () { send({ op: "ping" }); }, 30000);
  connect();
});

// Notices that need someone now (a partner's call for support) appear on
// every open page at once, politely announced. The frame carries no text:
// only what kind of notice it is and where to look.
var noticeKinds = ["support_alert", "support_update", "crisis_flag"];
// bumpCount adds one to a count in the menu (the crisis queue's) and shows it.
function bumpCount(id) {
  var b = document.getElementById(id);
  if (!b) { return; }
  var n = b.querySelector(".n");
  n.textContent = String((parseInt(n.textContent, 10) || 0) + 1);
  b.hidden = false;
}
// refreshUnread fetches the unread count after a moment (the notification
// may still be committing) and updates the badge in the menu.
function refreshUnread() {
  setTimeout(function () {
    fetch("/api/v1/notifications", { credentials: "same-origin" }).then(function (r) { return r.ok ? r.json() : null; }).then(function (j) {
      var b = document.getElementById("unread-count");
      if (!j || !b) { return; }
      b.querySelector(".n").textContent = String(j.unread);
      b.hidden = j.unread === 0;
    }).catch(function () {});
  }, 400);
}
function showNotice(f) {
  if (f.kind === "unread") { refreshUnread(); return; }
  if (f.kind === "crisis_flag") { bumpCount("crisis-count"); }
  var box = document.getElementById("live-notice");
  if (!box) { return; }
  box.textContent = "";
  var p = document.createElement("p");
  p.appendChild(document.createTextNode(kt("notice_" + (noticeKinds.indexOf(f.kind) >= 0 ? f.kind : "other")) + " "));
  if (f.link && f.link.charAt(0) === "/") {
    var a = document.createElement("a");
    a.href = f.link;
    a.textContent = kt("open");
    p.appendChild(a);
  }
  box.appendChild(p);
  box.hidden = false;
}
// The author's private safety note after sending a chat message: shown
// next to the composer, where they are looking, and announced (the box is
// an alert region). It is one short line with the first lines to call in
// one tap (the emergency number, then the crisis line), and "More help"
// opens the rest, so the composer stays on a phone's screen.
function showSafety(n) {
  var box = document.getElementById("chat-help") || document.getElementById("live-notice");
  if (!box || !n) { return; }
  box.textContent = "";
  var msg = n.message || "";
  if (n.level === "words") {
    // A word on words: no risk, so no lines and no "More help".
    var w = document.createElement("p");
    w.className = "help-line";
    w.textContent = msg;
    box.appendChild(w);
    box.hidden = false;
    (document.getElementById("composer") || box).scrollIntoView({ block: "nearest" });
    return;
  }
  var cut = msg.indexOf(". ");
  var lead = document.createElement("p");
  lead.className = "help-line";
  lead.appendChild(document.createTextNode((cut > 0 ? msg.slice(0, cut + 1) : msg) + " "));
  // A line's first number; where a country has several emergency
  // numbers, each that says what it reaches ("Call 110 (police)").
  var calls = 0;
  (n.resources || []).some(function (r) {
    var nums = (r.actions || []).filter(function (a) { return a.kind === "call"; })
      .filter(function (a, i) { return i === 0 || a.reaches; });
    nums.forEach(function (call) {
      var l = document.createElement("a");
      l.href = call.href;
      l.className = "button";
      l.textContent = call.label;
      lead.appendChild(l);
      lead.appendChild(document.createTextNode(" "));
    });
    if (nums.length) { calls++; }
    return calls >= 2;
  });
  box.appendChild(lead);
  var more = document.createElement("details");
  var sum = document.createElement("summary");
  sum.textContent = kt("more_help");
  more.appendChild(sum);
  if (cut > 0) {
    var full = document.createElement("p");
    full.textContent = msg.slice(cut + 2);
    more.appendChild(full);
  }
  if (n.craving && n.craving.steps) {
    var ol = document.createElement("ol");
    n.craving.steps.forEach(function (s) { var li = document.createElement("li"); li.textContent = s; ol.appendChild(li); });
    more.appendChild(ol);
  }
  (n.resources || []).forEach(function (r) {
    var q = document.createElement("p");
    q.appendChild(document.createTextNode(r.name + ": "));
    if (r.actions && r.actions.length) {
      r.actions.forEach(function (a) {
        var l = document.createElement("a");
        l.href = a.href;
        l.className = "button" + (a.kind === "call" ? "" : " secondary");
        l.textContent = a.label;
        q.appendChild(l);
        q.appendChild(document.createTextNode(" "));
      });
    } else { q.appendChild(document.createTextNode(r.contact)); }
    more.appendChild(q);
  });
  var reach = document.createElement("p");
  var a = document.createElement("a");
  a.href = "/support";
  a.textContent = kt("reach_now");
  reach.appendChild(a);
  more.appendChild(reach);
  box.appendChild(more);
  if (n.offer_alert) {
    var f = document.createElement("form");
    f.method = "post"; f.action = "/support/now";
    var b = document.createElement("button");
    b.type = "submit"; b.className = "danger"; b.textContent = kt("alert_people");
    f.appendChild(b);
    more.insertBefore(f, reach);
  }
  box.hidden = false;
  // The composer just below stays on screen, and so the box above it.
  var composer = document.getElementById("composer");
  (composer || box).scrollIntoView({ block: "nearest" });
}
document.addEventListener("DOMContentLoaded", function () {
  if (document.body.dataset.live !== "on" || document.getElementById("chat") || !window.WebSocket) { return; }
  var retry = 1000;
  function connect() {
    var ws = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/api/v1/ws");
    ws.onmessage = function (e) {
      var f;
      try { f = JSON.parse(e.data); } catch (x) { return; }
      if (f.type === "hello") { document.body.dataset.socket = "open"; document.dispatchEvent(new CustomEvent("kinship:socket")); }
      if (f.type !== "notification") { return; }
      // The support page shows where the member's call stands and puts
      // the news in place itself; a notice beside it would say it twice.
      if ((f.kind === "support_update" || f.kind === "support_reach") && document.getElementById("alert-status")) {
        document.dispatchEvent(new CustomEvent("kinship:support"));
      } else if (f.kind !== "support_reach") { showNotice(f); }
    };
    ws.onopen = function () { retry = 1000; };
    ws.onclose = function (e) { document.body.dataset.socket = ""; if (e.code === 4401) { return; } setTimeout(connect, retry); retry = Math.min(retry * 2, 30000); };
    setInterval(function () { if (ws.readyState === 1) { ws.send('{"op":"ping"}'); } }, 30000);
  }
  connect();
});

// The support page's status box says where the member's call for support
// stands and who it reached. When the socket says something changed
// (someone is responding, it went to the peers on duty, it was closed,
// another device took it), the page asks for the box's words, a small JSON
// answer, and puts in place only what changed: the box is a live region,
// so a screen reader hears the news and not the page again. Without a
// socket (or while a push is still on its way), it looks again, less and
// less often: after 2 s, 3 s, 4.5 s … at most once a minute.
document.addEventListener("DOMContentLoaded", function () {
  var box = document.getElementById("alert-status");
  var says = document.getElementById("alert-says"), reach = document.getElementById("alert-reach");
  if (!box || !says || !reach || !window.fetch) { return; }
  var wait = 2000, timer = null, closed = false;
  function show(j) {
    var text = (j.lead || "") + (j.lead && j.rest ? " " : "") + (j.rest || "");
    if (says.textContent !== text) {
      says.textContent = "";
      if (j.lead) {
        var b = document.createElement("strong");
        b.textContent = j.lead;
        says.appendChild(b);
      }
      if (j.rest) { says.appendChild(document.createTextNode((j.lead ? " " : "") + j.rest)); }
    }
    if (j.status === "resolved") {
      closed = true;
      reach.hidden = true;
      delete reach.dataset.pending;
      var f = box.querySelector("form");
      if (f) { f.hidden = true; }
      return;
    }
    if (reach.textContent !== j.reach) { reach.textContent = j.reach; }
    reach.hidden = !j.reach;
    if (j.reach_pending) { reach.dataset.pending = "yes"; } else { delete reach.dataset.pending; }
  }
  function later() {
    if (closed || timer) { return; }
    if (document.body.dataset.socket === "open" && !reach.dataset.pending) { return; } // the socket says when
    timer = setTimeout(look, wait);
    wait = Math.min(wait * 1.5, 60000);
  }
  function look() {
    timer = null;
    fetch("/support/status", { credentials: "same-origin", headers: { Accept: "application/json" } }).then(function (r) {
      return r.ok ? r.json() : null;
    }).then(function (j) {
      if (j && j.id === box.dataset.alert) { show(j); }
      later();
    }).catch(later);
  }
  function now() {
    if (timer) { clearTimeout(timer); timer = null; }
    wait = 2000;
    if (!closed) { look(); }
  }
  document.addEventListener("kinship:support", now);
  // A socket that opens (again) may have missed news meanwhile.
  document.addEventListener("kinship:socket", now);
  later();
});

// The installed app: the service worker keeps the offline pages and shows
// push notifications. Pages work the same without it. It is told the
// page's language, so the offline pages it keeps read as the pages do
// (another language chosen, it keeps them again in that one). Its address
// is the same in every language: a new address would install a second
// worker to wait behind the first.
if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {});
  navigator.serviceWorker.ready.then(function (reg) {
    if (reg.active) { reg.active.postMessage({ lang: document.documentElement.lang || "en" }); }
  }).catch(function () {});
}

// Check-ins made without a connection wait on this device (outbox.js) and
// are sent when it is back: by Background Sync where the browser has it,
// else when a page opens or the browser says it is online again.
document.addEventListener("DOMContentLoaded", function () {
  if (!window.kinshipOutbox || !window.indexedDB) { return; }
  var status = document.getElementById("offline-status") || document.getElementById("live-notice");
  function say(text) {
    if (!status) { return; }
    status.textContent = text;
    status.hidden = false;
  }
  // had: a check-in waited on this device while this page was open, so
  // the page may say it was sent once none waits.
  var had = false, retry = null, wait = 2000;
  // report says what became of the waiting check-ins, whoever sent them:
  // this page, or the worker's Background Sync (it tells the page).
  function report() {
    return kinshipOutbox.list().then(function (left) {
      if (left.length) { had = true; } else if (had) {
        had = false;
        if (document.querySelector("form.checkin[data-offline]")) { say(kt("offline_sent")); }
      }
      return kinshipOutbox.takeNotes().then(function (notes) {
        if (notes && notes.length) { say(notes.map(function (n) { return typeof n === "string" ? n : kt("offline_not_saved", { date: kinshipDay(n.date), why: n.why }); }).join(" ")); }
        return left;
      });
    });
  }
  // flush sends what waits; while something still waits and the browser
  // is online it tries again, less and less often (the server may have
  // been busy, or the connection not quite back).
  function flush() {
    if (retry) { clearTimeout(retry); retry = null; }
    if (!navigator.onLine) { return; }
    kinshipOutbox.list().then(function (l) {
      if (l.length) { had = true; }
      return kinshipOutbox.flush();
    }).then(function () { wait = 2000; }, function () {}).then(report).then(function (left) {
      if (left.length && navigator.onLine) {
        retry = setTimeout(flush, wait);
        wait = Math.min(wait * 2, 60000);
      }
    }).catch(function () {});
  }
  window.addEventListener("online", flush);
  if (navigator.serviceWorker) {
    navigator.serviceWorker.addEventListener("message", function (e) {
      if (e.data && e.data.kinship === "outbox") { report().catch(function () {}); }
    });
    if (navigator.serviceWorker.startMessages) { navigator.serviceWorker.startMessages(); }
  }
  flush();
  var form = document.querySelector("form.checkin");
  if (!form) { return; }
  form.addEventListener("submit", function (e) {
    if (!form.hasAttribute("data-offline") && navigator.onLine) { return; }
    e.preventDefault();
    var v = function (name) { var el = form.elements[name]; return el ? el.value : ""; };
    if (!v("mood") || v("craving") === "" || !v("used")) {
      say(kt("offline_choose_all"));
      return;
    }
    var sleep = parseFloat(v("sleep_hours").replace(",", "."));
    var c = {
      mood: parseInt(v("mood"), 10), craving: parseInt(v("craving"), 10), used: v("used") === "true",
      sleep_hours: isNaN(sleep) ? null : sleep, note: v("note"),
      tags: v("tags").split(",").map(function (t) { return t.trim(); }).filter(Boolean),
      date: kinshipOutbox.localDay(), made_at: new Date().toISOString(),
    };
    kinshipOutbox.add(c).then(function () {
      had = true;
      say(kt("offline_saved", { date: kinshipDay(c.date) }));
      form.reset();
      if (navigator.serviceWorker && navigator.serviceWorker.ready) {
        navigator.serviceWorker.ready.then(function (reg) {
          if (reg.sync) { return reg.sync.register("kinship-checkins"); }
        }).catch(function () {});
      }
      flush();
    }).catch(function () {
      say(kt("offline_not_kept"));
    });
  });
});

// "Turn on notifications on this device" (the security page): asks the
// browser's permission, subscribes with the instance's key and tells
// Kinship the subscription. Without push support the button stays hidden.
document.addEventListener("DOMContentLoaded", function () {
  var box = document.getElementById("push-setup");
  if (!box || !("serviceWorker" in navigator) || !("PushManager" in window) || !window.Notification) { return; }
  var status = document.getElementById("push-status"), button = document.getElementById("push-enable");
  function key(b64) {
    var s = (b64 + "===".slice((b64.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = atob(s), out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) { out[i] = raw.charCodeAt(i); }
    return out;
  }
  box.hidden = false;
  navigator.serviceWorker.ready.then(function (reg) { return reg.pushManager.getSubscription(); }).then(function (sub) {
    if (sub && Notification.permission === "granted") { status.textContent = kt("push_on"); button.textContent = kt("push_again"); }
  }).catch(function () {});
  button.addEventListener("click", function () {
    status.textContent = kt("push_asking");
    Notification.requestPermission().then(function (p) {
      if (p !== "granted") { throw new Error(kt("push_refused")); }
      return navigator.serviceWorker.ready;
    }).then(function (reg) {
      return reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key(box.dataset.vapidKey) });
    }).then(function (sub) {
      var j = sub.toJSON();
      return fetch("/api/v1/me/push-subscriptions", { method: "POST", credentials: "same-origin", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ endpoint: j.endpoint, keys: { p256dh: j.keys.p256dh, auth: j.keys.auth } }) });
    }).then(function (r) {
      if (!r.ok) { return r.json().catch(function () { return {}; }).then(function (p) { throw new Error(p.detail || kt("push_not_saved")); }); }
      location.assign("/settings/security?done=push#notification-devices");
    }).catch(function (e) {
      status.textContent = e && e.message && e.message.indexOf(" ") > 0 ? e.message : kt("push_failed", { error: e && e.name || "error" });
    });
  });
});
