/* Pétale on an intermittent connection. Progress made while the network is away (heartbeats, the
   video position, "J'ai terminé", quiz answers) waits in this browser, each item with the time it
   happened, and is sent in order when the network returns; the server credits each once. Lessons are
   kept for the road by the service worker (static/sw.js); the learner sees what is kept, and empties
   it, from her profile. Acts only on a learner's pages (the #reseau element names her, opaquely). */
(function () {
  "use strict";
  if (window.petaleOffline || !window.localStorage) { return; }  // htmx may run the loader again
  var QUEUE = "petale-attente", KEPT = "petale-gardees", STALE = "petale-a-rafraichir";
  var PAGES = "petale-pages-v1", FILES = "petale-fichiers-v1", STATIC = "petale-statique-v1";
  var REMOVED = "petale-retirees-v1", LANGUAGE = "petale-langue-gardee", LEAVING = "petale-deconnexion";
  // LAST: the mark of the learner last seen on this device, so that the offline page (which names no one)
  // can sign her out without the network; it goes with her sign-out like the rest of this browser's storage.
  var LAST = "petale-derniere";
  // stalled: the last try met no network (navigator.onLine is only a hint); sentWhat: what the last
  // sending carried, said in its own words (the time spent on a lesson is no lesson done).
  var flushing = false, stalled = false, results = [], sentHere = "", sentWhat = "", retrying = null;
  // failures: the tries in a row that met no answer (a tunnel, a tired server); the next waits longer each
  // time (3 s, 6 s, 12 s… up to a minute), back to the start once something arrives or the network returns.
  var failures = 0;
  // Whose session this is, as the server said (the token's answer): the offline page names no one, so what
  // waits there is sent only once the server has said it is hers.
  var serverOwner = "";
  var LOADER = (document.querySelector("script[data-scripts]") || {}).src || "";

  // Looked up each time: a boosted navigation replaces the body, and with it this element.
  function bar() { return document.getElementById("reseau"); }
  function text(name) { var b = bar(); return (b && b.getAttribute("data-" + name)) || ""; }
  function owner() { return text("learner") || serverOwner; }
  function budget() { return parseInt(text("budget"), 10) || 0; }
  function csrfToken() {
    try { return JSON.parse(document.body.getAttribute("data-hx-headers"))["X-CSRFToken"]; } catch (e) { return ""; }
  }
  function read(key) { try { return JSON.parse(localStorage.getItem(key)) || null; } catch (e) { return null; } }
  function write(key, value) {
    try { localStorage.setItem(key, JSON.stringify(value)); return true; } catch (e) { return false; }
  }
  function queue() { return read(QUEUE) || []; }
  function mine() {
    var me = owner();
    return me ? queue().filter(function (item) { return item.o === me; }) : [];
  }

  function sentKey(list) {
    var pair = (list || []).filter(function (field) { return field[0] === "envoi"; })[0];
    return pair ? pair[1] : "";
  }

  function enqueue(url, fields, kind) {
    var items = queue(), me = owner();
    if (kind === "complete" && items.some(function (item) { return item.k === kind && item.u === url && item.o === me; })) {
      show();  // pressed again: the lesson is done once, when she first said so
      return;
    }
    if (kind === "position") {  // only the last position of a video counts
      items = items.filter(function (item) { return !(item.k === "position" && item.u === url && item.o === me); });
    }
    if (kind === "quiz") {  // answered again from the same page before the first answers left: the last ones go
      items = items.filter(function (item) {
        return !(item.k === "quiz" && item.u === url && item.o === me && sentKey(item.f) === sentKey(fields));
      });
    }
    items.push({ o: owner(), u: url, f: fields, t: Date.now(), k: kind, n: 0,
                 title: (document.querySelector("h1") || {}).textContent || "" });
    write(QUEUE, items);
    show();
  }

  function fields(form) {
    var out = [];
    new FormData(form).forEach(function (value, name) { if (name !== "csrf_token") { out.push([name, value]); } });
    return out;
  }

  // What waits, in the words of what she did: lessons finished, quizzes answered. The video's position and
  // the time spent wait too, but she did not "do" them: counted, they read as a double count.
  function doneWaiting() {
    var items = mine(), words = [];
    [["complete", "done"], ["quiz", "quiz"]].forEach(function (kind) {
      var n = items.filter(function (item) { return item.k === kind[0]; }).length;
      if (n) { words.push(n === 1 ? text(kind[1] + "-one") : text(kind[1] + "-many").replace("{n}", n)); }
    });
    return words.join(" ");
  }

  function show() {
    retryWhileWaiting();
    var box = bar();
    if (!box) { return; }
    var waiting = mine().length, online = navigator.onLine, done = doneWaiting(), message = "";
    if (leaving() && !online) {  // online, she is being signed out (leaveIfAsked)
      message = text("leaving") + (done ? " " + done : "");
    } else if (!online) {
      message = text("offline") + (done ? " " + done : "");
    } else if (waiting) {
      message = text(stalled ? "stalled" : "sending") + (done ? " " + done : "");
    } else if (sentHere === location.pathname) {
      message = text(sentWhat);
    }
    box.textContent = message;
    if (!online && Object.keys(kept()).length) {  // where the lessons readable without the network are listed
      var way = document.createElement("a");
      way.href = text("space") + "#gardees-hors-ligne";
      way.textContent = text("readable");
      box.appendChild(document.createTextNode(" "));
      box.appendChild(way);
    }
    results.forEach(function (done) {
      var line = document.createElement("span");
      line.textContent = " " + text("arrived").replace("{t}", done.title) + " ";
      var link = document.createElement("a");
      link.href = done.url;
      link.textContent = text("result");
      line.appendChild(link);
      box.appendChild(line);
    });
    box.hidden = !box.textContent;
  }

  // A request lost in a tunnel may never answer: given up after a while, so the queue is tried again.
  function fetchWithin(url, options) {
    var control = window.AbortController ? new AbortController() : null;
    var timer = control ? setTimeout(function () { control.abort(); }, 10000) : null;
    if (control) { options.signal = control.signal; }
    return fetch(url, options).then(function (response) { clearTimeout(timer); return response; },
                                    function (error) { clearTimeout(timer); throw error; });
  }

  function freshToken() {
    // A page kept offline may carry an expired form token: ask for the session's current one.
    return fetchWithin(text("token-url"), { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : {}; })
      .then(function (data) {
        if (!text("learner")) { serverOwner = data.marque || ""; }
        return data.jeton || "";
      });
  }

  function sendOne(item, token) {
    var body = new FormData();
    body.append("csrf_token", token);
    (item.f || []).forEach(function (pair) { body.append(pair[0], pair[1]); });
    body.append("age", String(Math.max(0, Date.now() - item.t)));
    return fetchWithin(item.u, { method: "POST", body: body, credentials: "same-origin",
                                 headers: { "X-CSRFToken": token } });
  }

  function flush() {
    if (flushing || !navigator.onLine || !mine().length) { show(); leaveIfAsked(); return Promise.resolve(); }
    flushing = true;
    clearTimeout(retrying);  // this is the try: the next is planned once it is known how it went
    retrying = null;
    var sent = false, progress = false;
    show();
    return freshToken().then(function (token) {
      function next() {
        var items = mine();
        if (!items.length) { return null; }
        var item = items[0];
        return sendOne(item, token).then(function (response) {
          var rest = queue();
          var index = rest.findIndex(function (other) { return other.t === item.t && other.u === item.u; });
          if (response.status >= 500 && item.n < 4) {  // the server is unwell: try again later
            if (index >= 0) { rest[index].n += 1; write(QUEUE, rest); }
            stalled = true;
            failures += 1;
            return null;
          }
          stalled = false;
          failures = 0;
          if (index >= 0) { rest.splice(index, 1); write(QUEUE, rest); }
          if (response.ok) { sent = true; progress = progress || item.k === "complete" || item.k === "quiz"; }
          if (item.k === "complete" || item.k === "quiz") { markStale(lessonPage(item.u)); }
          if (item.k === "complete" && response.ok) { noteForms(item.u, "sent-done"); }
          if (item.k === "quiz") {
            // Refused on arrival (a question left blank): the page the server answered says why, with her
            // answers and the button ready again; the promise « envoyée au retour du réseau » is not left standing.
            if (response.ok) { results.push({ title: item.title, url: response.url }); }
            return response.text().then(function (html) { showQuizResult(item.u, html); show(); return next(); });
          }
          show();
          return next();
        });
      }
      return next();
    }).catch(function () {
      // The network went again, or did not answer: the rest waits here, and is tried again later (see
      // retryWhileWaiting). Said at once: "sending" would stay on screen while nothing leaves.
      stalled = true;
      failures += 1;
    }).then(function () {
      flushing = false;
      if (sent && !mine().length) {
        sentHere = location.pathname;
        sentWhat = progress ? "sent-all" : "sent-time";
        refreshSpace();
      }
      show();
      refreshStale();
      leaveIfAsked();
    });
  }

  // Back online on her space, shown as it was kept: once what waited has arrived, its progress and
  // « Reprendre » are fetched again and put in place (and the kept copy with them), no reload needed.
  function refreshSpace() {
    var shown = document.getElementById("avancement"), path = text("space");
    if (!shown || location.pathname !== path) { return; }
    fetch(path, { credentials: "same-origin", headers: { "X-Petale-Copie": "oui" } }).then(function (response) {
      if (!response.ok) { return null; }
      if (keeping && response.headers.get("X-Petale-Hors-Ligne") === "oui") {
        var copy = response.clone();
        caches.open(PAGES).then(function (cache) { return cache.put(path, copy); }).catch(function () {});
      }
      return response.text();
    }).then(function (html) {
      var fresh = html && new DOMParser().parseFromString(html, "text/html").getElementById("avancement");
      var here = document.getElementById("avancement");
      if (!fresh || !here) { return; }
      var put = document.importNode(fresh, true);
      here.parentNode.replaceChild(put, here);
      if (window.htmx) { window.htmx.process(put); }
    }).catch(function () {});
  }

  // A quiz answered offline, still on screen as it was kept (no result, read-only): once its answers have
  // arrived, the page shows what the server gave them: the result, or its refusal with her answers chosen
  // again and the button ready (the server's page writes them back), to correct and send again.
  function showQuizResult(url, html) {
    var form = document.getElementById("quiz");
    if (!form || new URL(form.action, location.href).pathname !== new URL(url, location.href).pathname) { return; }
    var answer = new DOMParser().parseFromString(html, "text/html"), fresh = answer.getElementById("quiz");
    if (!fresh) {  // refused with no quiz to show (her session over): the server's words where she pressed
      var words = answer.querySelector("main p"), note = form.querySelector(".kept-offline");
      if (words && note) { note.className = "error kept-offline"; note.textContent = words.textContent; }
      return;
    }
    var shown = document.importNode(fresh, true);
    form.parentNode.replaceChild(shown, form);
    if (window.htmx) { window.htmx.process(shown); }
  }

  // The player's script sends through here: straight away when nothing waits and the network is
  // there, else in the queue, so that items keep their order.
  function post(url, data, kind, leaving) {
    var list = Object.keys(data).map(function (name) { return [name, String(data[name])]; });
    if (!navigator.onLine || mine().length) { enqueue(url, list, kind); flush(); return; }
    var body = new FormData();
    body.append("csrf_token", csrfToken());
    list.forEach(function (pair) { body.append(pair[0], pair[1]); });
    if (leaving && navigator.sendBeacon && navigator.sendBeacon(url, body)) { return; }
    fetch(url, { method: "POST", body: body, credentials: "same-origin", keepalive: !!leaving })
      .catch(function () { stalled = true; failures += 1; enqueue(url, list, kind); });
  }
  window.petaleOffline = { post: post, flush: flush };

  // Where she pressed, what became of it: waiting for the network, then sent.
  function noteForm(form, name) {
    var note = form.querySelector(".kept-offline") || document.createElement("p");
    note.className = "notice kept-offline";
    note.setAttribute("role", "status");
    note.textContent = text(name);
    form.appendChild(note);
    // « J'ai terminé » is noted: pressing it again would do nothing, and the button says so by being off.
    // Quiz answers kept are this attempt's: shown as they left, read-only, never a second answer queued.
    var buttons = form.id ? document.querySelectorAll("button[form='" + form.id + "']") : [];
    Array.prototype.forEach.call(form.querySelectorAll("button"), function (button) { button.disabled = true; });
    Array.prototype.forEach.call(buttons, function (button) { button.disabled = true; });
    if (form.id === "quiz") {
      Array.prototype.forEach.call(form.querySelectorAll("input:not([type=hidden])"), function (input) { input.disabled = true; });
      // « tentatives : 0 sur 5 » beside answers kept would contradict them: the attempt waiting is counted.
      var count = form.querySelector("[data-waiting]");
      if (count) { count.textContent = count.getAttribute("data-waiting"); }
    }
  }
  // A kept page shown again (a reload) holds the form as it was kept, empty: her answers waiting are put back.
  function fillFrom(form, pairs) {
    Array.prototype.forEach.call(form.querySelectorAll("input:not([type=hidden])"), function (input) {
      var given = pairs.filter(function (pair) { return pair[0] === input.name; }).map(function (pair) { return pair[1]; });
      if (input.type === "radio" || input.type === "checkbox") { input.checked = given.indexOf(input.value) >= 0; }
      else { input.value = given[0] || ""; }
    });
  }
  function noteForms(url, name) {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-hors-ligne]"), function (form) {
      if (form.action === url) { noteForm(form, name); }
    });
  }
  // A page shown again (a kept copy, a reload) while what she did there still waits: said so again.
  function noteWaiting() {
    mine().forEach(function (item) {
      if (item.k === "quiz") {
        Array.prototype.forEach.call(document.querySelectorAll("form#quiz[data-hors-ligne]"), function (form) {
          if (form.action === item.u) { fillFrom(form, item.f || []); }
        });
      }
      if (item.k === "complete" || item.k === "quiz") { noteForms(item.u, item.k === "quiz" ? "kept" : "kept-done"); }
    });
  }

  // A quiz with a question left blank is refused here, at once, in the server's words beside each question
  // left: offline, nothing is kept that the server would refuse only when the network returns.
  function leftBlank(form) {
    var notes = [];
    Array.prototype.forEach.call(form.querySelectorAll("fieldset"), function (question) {
      var said = question.querySelector(".left");
      if (said) { said.remove(); }
      var answered = Array.prototype.some.call(question.querySelectorAll("input"), function (input) {
        return /radio|checkbox/.test(input.type) ? input.checked : !!input.value.trim();
      });
      if (answered) { return; }
      var note = document.createElement("p");
      note.className = "error left";
      note.tabIndex = -1;
      note.textContent = form.getAttribute("data-left");
      question.insertBefore(note, question.querySelector("legend").nextSibling);
      notes.push(note);
    });
    if (!notes.length) { return false; }
    // As the server's answer in place would: the notices of the page before (« bravo ! ») are not this one's.
    var flashes = document.getElementById("flashes");
    if (flashes) { flashes.textContent = ""; }
    notes[0].focus();
    return true;
  }

  // "J'ai terminé" and quiz answers given without a network: kept, and said so where she pressed.
  function keepForm(form) {
    // A new answer kept: the server's refusal of the one before (« Envoi trop ancien ») is not about it.
    Array.prototype.forEach.call(form.querySelectorAll("p.error[role=alert]"), function (old) { old.remove(); });
    enqueue(form.action, fields(form), form.id === "quiz" ? "quiz" : "complete");
    noteForm(form, form.id === "quiz" ? "kept" : "kept-done");
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.hasAttribute("data-deconnexion")) { forgetHistory(); }
    if (form.hasAttribute("data-offline-said") && !navigator.onLine) {
      event.preventDefault();
      event.stopPropagation();
      notChanged(form);
      return;
    }
    if (form.hasAttribute("data-copie")) {  // the offline page's: no token of its own, no name
      event.preventDefault();
      event.stopPropagation();
      signOutFromCopy(form);
      return;
    }
    if (form.hasAttribute("data-deconnexion")) {
      // Signing out clears this browser's storage: what waits goes first. Without the network, later.
      // Sent by the browser itself, not htmx, which would keep a copy of this page for Back.
      event.preventDefault();
      event.stopPropagation();
      if (!navigator.onLine) { signOutLater(); return; }
      flush().then(function () { if (mine().length) { signOutLater(); } else { form.submit(); } });
      return;
    }
    if (!form.hasAttribute("data-hors-ligne")) { return; }
    if (form.id === "quiz" && leftBlank(form)) { event.preventDefault(); event.stopPropagation(); return; }
    if (navigator.onLine) { markStale(location.pathname); sending(form, event.submitter); return; }  // its copy is refreshed once sent
    event.preventDefault();
    event.stopPropagation();  // before htmx, which would try the network
    keepForm(form);
  }, true);
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail && event.detail.elt;
    if (form && form.petaleSending) { clearTimeout(form.petaleSending); form.petaleSending = null; }
  });
  document.addEventListener("htmx:sendError", function (event) {  // a tunnel
    var form = event.detail && event.detail.elt;
    if (form && form.hasAttribute && form.hasAttribute("data-hors-ligne")) { keepForm(form); }
    if (form && form.hasAttribute && form.hasAttribute("data-deconnexion")) { signOutLater(); }
    if (form && form.hasAttribute && form.hasAttribute("data-offline-said")) { notChanged(form); }
  });

  // The language chosen without the network cannot reach the server: said where she chose it.
  function notChanged(form) {
    var note = form.querySelector(".not-changed") || document.createElement("p");
    note.className = "notice not-changed";
    note.setAttribute("role", "status");
    note.textContent = form.getAttribute("data-offline-said");
    form.appendChild(note);
  }

  // Signing out: htmx's copies of the pages she saw (for Back, in this tab's sessionStorage, which the
  // server's Clear-Site-Data leaves) go too, and a page of hers the browser kept whole (its back/forward
  // cache) is asked again when shown: Back after signing out shows none of her pages.
  function forgetHistory() {
    try { sessionStorage.removeItem("htmx-history-cache"); } catch (e) { /* storage refused: nothing kept */ }
  }
  window.addEventListener("pageshow", function (event) {
    if (event.persisted && document.getElementById("who")) { location.reload(); }
  });

  // Pressed online: said at once (the button off, « Envoi… »). A connection that hangs while "online" gives
  // no answer and no error: after a few seconds the request is given up, what she did waits in the queue
  // (sent once with the rest; the server credits it once) and the banner says the connection does not answer.
  function sending(form, submitter) {
    var button = submitter || form.querySelector("button");
    var label = button ? button.textContent : "";
    if (button) { button.disabled = true; button.textContent = text("busy"); }
    clearTimeout(form.petaleSending);
    form.petaleSending = setTimeout(function () {
      form.petaleSending = null;
      if (!document.contains(form)) { return; }
      if (window.htmx) { window.htmx.trigger(form, "htmx:abort"); }
      if (button) { button.textContent = label; }
      stalled = true;
      keepForm(form);
      flush();
    }, 4000);
  }

  // Signing out from the offline page: without the network, as from any page (signOutLater); with it, in
  // her session, with its own token, once what waits has gone.
  function signOutFromCopy(form) {
    if (!text("learner") && !serverOwner) { serverOwner = localStorage.getItem(LAST) || ""; }
    if (!navigator.onLine) { signOutLater(); return; }
    freshToken().then(function (token) {
      return flush().then(function () {
        if (mine().length) { signOutLater(); return; }
        form.querySelector("input[name=csrf_token]").value = token;
        form.submit();
      });
    }).catch(function () { signOutLater(); });
  }

  // Signing out without the network: the server cannot be told yet, but the phone may change hands now.
  // The lessons kept here go at once; what she did waits (it is hers, sent in her session only), then she
  // is signed out as soon as the network returns (the server's answer clears the rest of this browser).
  function leaving() { var me = owner(); return !!me && read(LEAVING) === me; }
  function signOutLater() {
    write(LEAVING, owner());
    forgetHistory();
    looksSignedOut();
    [KEPT, STALE, LANGUAGE, LAST].forEach(function (key) { localStorage.removeItem(key); });
    show();
    if (!keeping) { return; }
    Promise.all([PAGES, FILES, REMOVED].map(function (name) { return caches.delete(name); })).then(function () {
      // What the page on screen says is kept goes with it.
      Array.prototype.forEach.call(document.querySelectorAll(".keep-offline"), drawKeeping);
      var list = document.getElementById("gardees-hors-ligne");
      if (list) { list.petaleReady = false; setUpKeptList(list); }
    }).catch(function () {});
  }
  // Signed out offline: the phone may change hands now, so the page stops naming her and offers nothing to
  // keep (what was kept is being erased); the server is told when the network returns.
  function looksSignedOut() {
    var who = document.getElementById("who");
    if (who) { who.remove(); }
    Array.prototype.forEach.call(document.querySelectorAll(".keep-offline"), function (box) { box.hidden = true; });
  }
  var signingOut = false;
  function leaveIfAsked() {
    var form = document.querySelector("form[data-deconnexion]");
    if (signingOut || !form || !leaving() || !navigator.onLine || mine().length) { return; }
    signingOut = true;
    // The page may be a copy kept for the road, its form token long expired: the session's own is asked for.
    freshToken().then(function (token) {
      if (!token || !leaving()) { signingOut = false; return; }
      form.querySelector("input[name=csrf_token]").value = token;
      form.submit();
    }).catch(function () { signingOut = false; });
  }

  window.addEventListener("online", function () { failures = 0; flush(); });

  // The offline page stands at the address she asked for (static/sw.js): when the network returns, it
  // says so, sends what waited (once the server has said whose session it is) and offers that page. Asked
  // on the "online" event; and, only on that page and while the phone says it is online yet the server did
  // not answer (a tunnel, where no "online" event will come), again 5 s after each try. Never otherwise: no
  // timer wakes a phone that is offline, or on any other page, or once the network is back.
  var trying = false, nextTry = null;
  function offlineCopy() { return document.getElementById("retour-reseau"); }
  function tryReturn() {
    clearTimeout(nextTry);
    var back = offlineCopy();
    if (trying || !back || !back.hidden || !navigator.onLine) { return; }
    trying = true;
    reachable(text("offline-pages").split(" ")[0] || "/hors-ligne").then(function (there) {
      trying = false;
      if (offlineCopy() !== back || !back.hidden) { return; }
      if (there) { returned(back); } else if (navigator.onLine) { nextTry = setTimeout(tryReturn, 5000); }
    });
  }
  function returned(back) {
    var title = document.getElementById("hors-ligne-titre"), said = document.querySelector(".offline-said");
    if (title) { title.textContent = title.getAttribute("data-back"); }
    if (said) { said.hidden = true; }
    var offlinePath = text("offline-pages").split(" ")[0];
    if (location.pathname !== offlinePath) { back.querySelector("a").href = location.pathname + location.search; }
    back.hidden = false;
    freshToken().then(flush, function () {}).then(show);
  }
  window.addEventListener("online", tryReturn);
  window.addEventListener("offline", function () { clearTimeout(nextTry); show(); });
  // What waits (a send that met a tired server, a tunnel) is tried again, only while something waits and
  // the phone says it is online (the "online" event sends it otherwise): no timer wakes it for nothing. After
  // a failure, 3 s then twice as long after each new one, up to a minute: a tunnel of ten minutes costs
  // about fifteen tries, not two hundred. Otherwise (something left waiting) every 15 s.
  function retryWhileWaiting() {
    var wanted = navigator.onLine && mine().length > 0;
    if (wanted && !retrying && !flushing) {
      var delay = failures ? Math.min(3000 * Math.pow(2, failures - 1), 60000) : 15000;
      retrying = setTimeout(function () { retrying = null; flush(); }, delay);
    }
    if (!wanted && retrying) { clearTimeout(retrying); retrying = null; }
  }

  // --- lessons for the road -------------------------------------------------------------------
  var keeping = "serviceWorker" in navigator && !!window.caches;
  if (keeping && owner()) {
    navigator.serviceWorker.register(text("worker"), { scope: "/" }).catch(function () {});
  }

  function kept() { return read(KEPT) || {}; }
  function used() {
    var all = kept();
    return Object.keys(all).reduce(function (sum, path) { return sum + (all[path].bytes || 0); }, 0);
  }
  function megabytes(bytes) {  // "15 ko", "1,2 Mo": the reader's units, from the browser's Intl
    var small = bytes < 1048576;
    // The page's language, as the server gave it (a boosted page changes the body, not <html lang>).
    return new Intl.NumberFormat(text("lang") || document.documentElement.lang || "fr", {
      style: "unit", unit: small ? "kilobyte" : "megabyte", unitDisplay: "short", maximumFractionDigits: small ? 0 : 1
    }).format(small ? Math.max(bytes ? 1 : 0, Math.ceil(bytes / 1024)) : bytes / 1048576);
  }

  function keepFiles(box, urls, label, video) {
    var path = box.getAttribute("data-path"), status = box.querySelector(".keep-status");
    var held = kept()[path] || {};
    // The poster and captions go with the lesson and with its video: fetched and counted once.
    urls = urls.filter(function (url) { return !holds(held, [url]); });
    return caches.open(FILES).then(function (cache) {
      return Promise.all(urls.map(function (url) {
        return fetch(url, { credentials: "same-origin" }).then(function (response) {
          if (!response.ok) { throw new Error(response.status); }
          var size = parseInt(response.headers.get("Content-Length"), 10);
          return cache.put(url, response.clone()).then(function () {
            return isNaN(size) ? response.blob().then(function (blob) { return blob.size; }) : size;
          });
        });
      }));
    }).then(function (sizes) {
      var all = kept(), entry = all[path] || { title: box.getAttribute("data-title"), bytes: 0, files: [] };
      entry.files = entry.files.concat(urls);
      entry.bytes += sizes.reduce(function (a, b) { return a + b; }, 0);
      entry.kept = true;
      if (video) { entry.video = video; }
      all[path] = entry;
      write(KEPT, all);
      drawKeeping(box);
      status.textContent = label;
    }).catch(function () { status.textContent = text("keep-failed"); });
  }

  function reachable(url) {
    // A HEAD request, which the service worker leaves to the network; "no-cors" so that a video on another
    // site (a CDN) answers too, opaquely: an answer means the network is there.
    return fetchWithin(url, { method: "HEAD", mode: "no-cors", credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.type === "opaque" || response.ok; }, function () { return false; });
  }

  function pathOf(url) { return new URL(url, location.href).pathname; }
  function filesOf(button) { return button.getAttribute("data-files").split(" ").filter(Boolean); }
  function holds(entry, urls) {  // signed links change, the files do not: compared without their query
    var have = (entry.files || []).map(pathOf);
    return urls.every(function (url) { return have.indexOf(pathOf(url)) >= 0; });
  }

  // On the lesson: « Gardée hors ligne » and « Retirer » once kept; the buttons for what is not kept yet. A
  // lesson opened here is kept already (its page, by the worker): with no file to add, « Garder hors ligne »
  // would promise nothing more, so it is said kept, not offered.
  function drawKeeping(box) {
    var entry = kept()[box.getAttribute("data-path")], here = !!entry, missing = false;
    entry = entry || {};
    Array.prototype.forEach.call(box.querySelectorAll("button[data-files]"), function (button) {
      button.hidden = here && holds(entry, filesOf(button));
      // Its page kept, not its PDF: not said « gardée » as if all of it were (a walk opened the PDF offline).
      missing = missing || (here && !button.hidden && !button.hasAttribute("data-video"));
    });
    box.querySelector(".keep-remove").hidden = !here;
    box.querySelector(".keep-status").textContent =
      here ? text(missing ? "kept-page" : entry.video ? "kept-video" : "kept-lesson") : "";
  }

  // « Retirer »: the lesson's page and files leave this device (a file another kept lesson uses stays).
  // What she removed is not kept again as she opens it (static/sw.js reads the same cache), until she
  // presses « Garder hors ligne ».
  function markRemoved(paths) {
    return caches.open(REMOVED).then(function (cache) {
      return Promise.all(paths.map(function (path) { return cache.put(path, new Response("")); }));
    });
  }
  function unmarkRemoved(path) {
    return caches.open(REMOVED).then(function (cache) { return cache.delete(path); }).catch(function () {});
  }
  function isRemoved(path) {
    return caches.open(REMOVED).then(function (cache) { return cache.match(path); }).then(function (found) { return !!found; },
                                                                                         function () { return false; });
  }

  function removeKept(path) {
    var all = kept(), entry = all[path] || {};
    delete all[path];
    var others = Object.keys(all).reduce(function (paths, other) {
      return paths.concat((all[other].files || []).map(pathOf));
    }, []);
    var files = (entry.files || []).filter(function (url) { return others.indexOf(pathOf(url)) < 0; });
    return markRemoved([path]).then(function () {
      return caches.open(FILES);
    }).then(function (cache) {
      return Promise.all(files.map(function (url) { return cache.delete(url, { ignoreSearch: true }); }));
    }).then(function () {
      return caches.open(PAGES);
    }).then(function (cache) {
      return cache.delete(path);
    }).then(function () { write(KEPT, all); });
  }

  // What she did online changed a page kept for the road (« J'ai terminé », a quiz answered, sent now or
  // from the queue): its copy, and her space's, are fetched again once the change has reached the server,
  // so that offline they do not offer « J'ai terminé » for a lesson already done.
  function lessonPage(url) { return pathOf(url).replace(/\/(terminer|quiz)$/, ""); }
  function markStale(path) {
    var paths = read(STALE) || [];
    [path, text("space")].forEach(function (one) { if (one && paths.indexOf(one) < 0) { paths.push(one); } });
    write(STALE, paths);
  }
  function refreshStale() {
    var paths = read(STALE) || [];
    if (!keeping || !navigator.onLine || !paths.length || mine().length) { return; }
    localStorage.removeItem(STALE);
    caches.open(PAGES).then(function (cache) {
      return Promise.all(paths.map(function (path) {
        return cache.match(path, { ignoreVary: true }).then(function (found) { return found && copyPage(cache, path); })
          .catch(function () { markStale(path); });
      }));
    }).catch(function () {});
  }
  function copyPage(cache, path) {
    // The header tells the server it is a copy for the road, not a visit.
    return fetch(path, { credentials: "same-origin", headers: { "X-Petale-Copie": "oui" } }).then(function (response) {
      if (response.ok && response.headers.get("X-Petale-Hors-Ligne") === "oui") { return cache.put(path, response); }
      return null;
    });
  }

  // The service worker keeps a page it fetched itself; a page reached another way (after « J'ai terminé »:
  // a form, then a redirect the worker never sees; her space, first shown before the worker was there) is
  // fetched again here so that what the page says is kept is kept.
  function keepThisPage(path) {
    return caches.open(PAGES).then(function (cache) {
      return cache.match(path, { ignoreVary: true }).then(function (found) { return found ? null : copyPage(cache, path); });
    }).catch(function () {});
  }

  // A kept page reopened whole (a reload, Back from the PDF viewer, a tab the phone discarded) needs its
  // scripts too: the first page of a session loaded them before the worker was there to keep them.
  function keepScripts() {
    // The scripts the loader put in the head stay there across boosted pages; the loader's own tag does
    // not (htmx drops the scripts of a page it swaps in), so its address was noted when this script began.
    var urls = Array.prototype.map.call(document.querySelectorAll("script[src]"), function (s) { return s.src; });
    if (LOADER) { urls.push(LOADER); }
    return caches.open(STATIC).then(function (cache) {
      return Promise.all(urls.map(function (url) {
        return cache.match(url).then(function (found) { return found || cache.add(url); });
      }));
    }).catch(function () {});
  }

  function setUpKeeping(box) {
    if (box.petaleReady || leaving()) { return; }
    box.petaleReady = true;
    box.hidden = false;
    var path = box.getAttribute("data-path"), all = kept();
    var page = all[path] || { title: box.getAttribute("data-title"), bytes: 0, files: [] };
    drawKeeping(box);
    isRemoved(path).then(function (removed) {
      if (removed) { return; }  // she removed it: kept again only when she asks
      if (navigator.onLine) { keepThisPage(path); keepScripts(); }
      // The page itself is kept by the service worker as it is opened: counted here for the budget.
      var now = kept();
      page = now[path] || page;
      page.bytes = Math.max(page.bytes, document.documentElement.outerHTML.length);
      page.order = parseInt(box.getAttribute("data-order"), 10) || 0;  // its place in the course
      now[path] = page;
      write(KEPT, now);
      drawKeeping(box);
    });
    var player = document.querySelector("video source");
    if (page.video && player) {
      // Without the network the video plays from the low-quality copy kept here, and says so. A kept page
      // reopened whole may believe it is online (navigator.onLine is only a hint): the video is asked for.
      (navigator.onLine ? reachable(player.src) : Promise.resolve(false)).then(function (there) {
        if (there) { return; }
        player.src = page.video;
        player.parentNode.load();
        var quality = document.querySelector("figure.video .quality");
        if (quality) { quality.textContent = text("kept-quality"); }
      });
    }
    box.addEventListener("click", function (event) {
      if (event.target.closest(".keep-remove")) {
        removeKept(path).then(function () { drawKeeping(box); }, function () {});
        return;
      }
      var button = event.target.closest("button[data-files]");
      if (!button) { return; }
      var urls = filesOf(button);
      var needed = parseInt(button.getAttribute("data-bytes"), 10) || 0;
      if (budget() && used() + needed > budget()) {
        box.querySelector(".keep-status").textContent = text("full").replace("{u}", megabytes(used()))
          .replace("{b}", megabytes(budget()));
        return;
      }
      box.querySelector(".keep-status").textContent = text("keeping");
      // Removed earlier with « Retirer »: she asks again, so the page comes back with its files, and is
      // kept as she opens it from now on.
      unmarkRemoved(path).then(function () { keepThisPage(path); });
      keepFiles(box, urls, button.getAttribute("data-done"), button.getAttribute("data-video"));
    });
  }

  // A video not kept on this device cannot play without the network: rather than a black player whose button
  // does nothing, say so and point to the transcript; « passer en qualité basse » needs the network too. When
  // the low-quality copy is kept, setUpKeeping plays it and nothing is said here.
  function setUpVideo() {
    var figure = document.querySelector("figure.video");
    if (!figure || figure.petaleReady) { return; }
    figure.petaleReady = true;
    var video = figure.querySelector("video"), source = figure.querySelector("video source");
    function keptHere() { var entry = kept()[location.pathname]; return !!(entry && entry.video); }
    function say() {
      if (keptHere() || figure.querySelector(".video-offline")) { return; }
      var note = document.createElement("p"), transcript = document.getElementById("transcription");
      note.className = "video-offline notice";
      note.setAttribute("role", "status");
      note.textContent = text("video-not-kept");
      if (transcript) {
        var link = document.createElement("a");
        link.href = "#transcription";
        link.textContent = text("read-transcript");
        note.appendChild(document.createTextNode(" "));
        note.appendChild(link);
      }
      figure.insertBefore(note, video);
      video.hidden = true;
      downloadNeedsNetwork(figure);
    }
    if (!navigator.onLine) { say(); }
    // navigator.onLine is only a hint: a play that finds no network says the same.
    if (source) {
      source.addEventListener("error", function () {
        reachable(source.src).then(function (there) { if (!there) { say(); } });
      });
    }
  }
  // Once for every page: the network back, the player comes back; « passer en qualité basse » offline is
  // caught before htmx's boost (on the link itself) would fetch a page the network cannot give.
  window.addEventListener("online", function () {
    var note = document.querySelector("figure.video .video-offline");
    if (note) { note.parentNode.querySelector("video").hidden = false; note.remove(); }
    var words = document.querySelector("figure.video .download-offline");
    if (words) { words.parentNode.querySelector("a[download]").hidden = false; words.remove(); }
  });
  // « Télécharger la vidéo » of a video not kept here leads nowhere without the network: the link gives way
  // to words saying so, as « passer en qualité basse » does, and comes back with the network.
  function downloadNeedsNetwork(figure) {
    var link = figure.querySelector("figcaption a[download]");
    if (!link || link.hidden) { return; }
    var words = document.createElement("span");
    words.className = "download-offline";
    words.textContent = text("download-needs-network");
    link.hidden = true;
    link.parentNode.insertBefore(words, link.nextSibling);
  }
  // navigator.onLine is only a hint: a tap while it says online asks the network first (one HEAD), then
  // downloads or says why not.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("figure.video figcaption a[download]");
    var entry = kept()[location.pathname];
    if (!link || link.petaleChecked || (entry && entry.video)) { return; }
    event.preventDefault();
    event.stopPropagation();
    (navigator.onLine ? reachable(link.href) : Promise.resolve(false)).then(function (there) {
      if (!there) { downloadNeedsNetwork(link.closest("figure.video")); return; }
      link.petaleChecked = true;
      link.click();
      link.petaleChecked = false;
    });
  }, true);
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("figure.video .quality a[href*='qualite=basse']");
    if (!link || (navigator.onLine && !document.querySelector("figure.video .video-offline"))) { return; }
    event.preventDefault();
    event.stopPropagation();
    link.parentNode.textContent = text("low-needs-network");
  }, true);

  function setUpShelf(shelf) {
    if (shelf.petaleReady) { return; }
    shelf.petaleReady = true;
    shelf.hidden = false;
    function draw() {
      var all = kept(), list = shelf.querySelector("ul");
      list.textContent = "";
      Object.keys(all).sort(function (a, b) { return (all[a].order || 1e9) - (all[b].order || 1e9); }).forEach(function (path) {
        var item = document.createElement("li"), link = document.createElement("a");
        link.href = path;
        link.textContent = all[path].title || path;
        link.lang = "fr";  // a lesson's title is French content, whatever the page's language
        item.appendChild(link);
        item.appendChild(document.createTextNode(" — " + megabytes(all[path].bytes || 0) +
          (withFiles(all[path]) ? " · " + text("with-files") : "") + " "));
        item.appendChild(removeButton(all[path].title || path, function () { return removeKept(path).then(draw); }));
        list.appendChild(item);
      });
      shelf.querySelector(".shelf-usage").textContent = text("usage").replace("{u}", megabytes(used()))
        .replace("{b}", megabytes(budget()));
      shelf.querySelector(".shelf-empty").hidden = Object.keys(all).length > 0;
    }
    shelf.querySelector("button").addEventListener("click", function () {
      var paths = Object.keys(kept()).filter(function (path) { return path !== text("space"); });
      markRemoved(paths).then(function () {
        return Promise.all([caches.delete(PAGES), caches.delete(FILES)]);
      }).then(function () {
        localStorage.removeItem(KEPT);
        draw();
      });
    });
    draw();
  }

  function withFiles(entry) { return !!entry && !!entry.kept && (entry.files || []).length > 0; }

  function removeButton(title, remove) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "link";
    button.textContent = text("remove");
    button.setAttribute("aria-label", text("remove-named").replace("{t}", title));
    button.addEventListener("click", function () { remove().catch(function () {}); });
    return button;
  }

  // The pages this device can open without the network, as links, each with « Retirer »: on the offline
  // pages, and on her space when there is any (never a link to the page it is on). Titles are read from
  // the kept copies (their <title>, without the site's name).
  function setUpKeptList(section) {
    if (section.petaleReady || !keeping) { return; }
    section.petaleReady = true;
    var onSpace = section.hasAttribute("data-space-path");
    if (onSpace && navigator.onLine && owner()) { keepThisPage(section.getAttribute("data-space-path")); }
    caches.open(PAGES).then(function (cache) {
      return cache.keys().then(function (requests) {
        return Promise.all(requests.map(function (request) {
          return cache.match(request).then(function (response) { return response.text(); }).then(function (html) {
            var title = new DOMParser().parseFromString(html, "text/html").title, cut = title.lastIndexOf("·");
            return { path: new URL(request.url).pathname, title: (cut > 0 ? title.slice(0, cut) : title).trim() };
          });
        }));
      });
    }).then(function (pages) {
      var list = section.querySelector("ul"), all = kept();
      // Drawn afresh: a page shown again from the history (Back) comes with the list it had.
      list.textContent = "";
      // Her space is kept so that « Reprendre » works offline, but it is no lesson: not listed, no « Retirer ».
      pages = pages.filter(function (page) { return page.path !== location.pathname && page.path !== text("space"); });
      function tidy() {
        var none = !list.children.length;
        section.querySelector(".empty").hidden = !none;
        section.hidden = none && onSpace;
      }
      // In course order (each lesson notes its place as it is kept); a page kept before that, by title, last.
      function place(page) { return (all[page.path] && all[page.path].order) || 1e9; }
      pages.sort(function (a, b) { return place(a) - place(b) || a.title.localeCompare(b.title); }).forEach(function (page) {
        var item = document.createElement("li"), link = document.createElement("a");
        link.href = page.path;
        // The title the lesson gave (as written, French content); its copy's <title> was spaced in the
        // language of the page it was kept in (« Fiche: » in English).
        link.textContent = (all[page.path] && all[page.path].title) || page.title || page.path;
        link.lang = "fr";
        item.appendChild(link);
        item.appendChild(document.createTextNode((withFiles(all[page.path]) ? " — " + text("with-files") : "") + " "));
        item.appendChild(removeButton(link.textContent, function () {
          return removeKept(page.path).then(function () { item.remove(); tidy(); });
        }));
        list.appendChild(item);
      });
      tidy();
    }).catch(function () {});
  }

  // The kept copies speak the language they were fetched in: when she chooses another one, her space, the
  // lessons and the offline pages are fetched again in it.
  function keepInLanguage() {
    var now = text("lang"), was = localStorage.getItem(LANGUAGE);
    if (!now || !navigator.onLine) { return; }
    if (!was) { localStorage.setItem(LANGUAGE, now); return; }
    if (was === now) { return; }
    localStorage.setItem(LANGUAGE, now);
    caches.open(PAGES).then(function (cache) {
      return cache.keys().then(function (requests) {
        return Promise.all(requests.map(function (request) { return copyPage(cache, new URL(request.url).pathname); }));
      });
    }).catch(function () {});
    caches.open(STATIC).then(function (cache) {
      return Promise.all(text("offline-pages").split(" ").filter(Boolean).map(function (path) {
        return fetch(path, { credentials: "same-origin", cache: "no-store" }).then(function (response) {
          return response.ok ? cache.put(path, response) : null;
        });
      }));
    }).catch(function () { localStorage.removeItem(LANGUAGE); });
  }

  function scan() {
    if (text("learner")) { localStorage.setItem(LAST, text("learner")); }
    if (leaving()) { looksSignedOut(); }
    // htmx swaps the body only: after choosing another language, <html lang> is the new one's here.
    if (text("lang")) { document.documentElement.lang = text("lang"); }
    tryReturn();
    var keptList = document.getElementById("gardees-hors-ligne");
    if (keptList) { setUpKeptList(keptList); }
    noteWaiting();
    setUpVideo();
    if (!keeping || !owner()) { show(); leaveIfAsked(); return; }
    keepInLanguage();
    refreshStale();
    Array.prototype.forEach.call(document.querySelectorAll(".keep-offline"), setUpKeeping);
    var shelf = document.getElementById("hors-ligne-gestion");
    if (shelf) { setUpShelf(shelf); }
    show();
    leaveIfAsked();  // signed out offline, she came back online through a page of hers
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", scan); } else { scan(); }
  document.addEventListener("htmx:load", scan);
  flush();
})();
