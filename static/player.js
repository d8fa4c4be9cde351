/* Pétale lesson tracking: heartbeats while the lesson is visible and the learner active, and the
   video position saved as it plays and when the page is left. Loaded on every page (it is tiny
   and cached); it acts only where an element carries data-lesson. */
(function () {
  "use strict";
  var BEAT_MS = 30000, IDLE_MS = 120000, SAVE_MS = 10000, END_S = 10;

  function csrfToken() {
    try { return JSON.parse(document.body.getAttribute("data-hx-headers"))["X-CSRFToken"]; }
    catch (e) { return ""; }
  }

  function send(url, fields, leaving, kind) {
    // Through static/offline.js when it is there: kept while the network is away, sent in order after.
    if (window.petaleOffline) { window.petaleOffline.post(url, fields, kind, leaving); return; }
    var body = new FormData();
    body.append("csrf_token", csrfToken());
    Object.keys(fields).forEach(function (k) { body.append(k, fields[k]); });
    if (leaving && navigator.sendBeacon) { navigator.sendBeacon(url, body); return; }
    fetch(url, { method: "POST", body: body, credentials: "same-origin", keepalive: !!leaving });
  }

  function track(root) {
    if (root.petaleTracked) { return; }
    root.petaleTracked = true;
    var seq = 0, lastActive = Date.now(), savedAt = -1;
    var video = root.querySelector("video");
    var start = parseInt(root.getAttribute("data-position"), 10) || 0;
    ["pointerdown", "keydown", "scroll", "touchstart"].forEach(function (name) {
      window.addEventListener(name, function () { lastActive = Date.now(); }, { passive: true });
    });

    function playing() { return video && !video.paused && !video.ended; }

    // The rule of portal/player/tracking.py's near_end: less than max(10 s, a tenth) left is nothing to resume.
    function nearEnd(seconds) {
      var d = video.duration;
      return d && d - seconds < Math.max(Math.min(END_S, d / 3), d / 10);
    }

    function savePosition(leaving) {
      // A video never played stands at 0 (it loads nothing before play): saving that would lose the
      // position the learner had reached on an earlier visit. Its last seconds count as its start (the
      // server says so too, from the duration sent): « Reprendre » never starts at the end.
      if (!video || !video.played.length) { return; }
      var position = video.ended || nearEnd(video.currentTime) ? 0 : Math.floor(video.currentTime);
      if (position === savedAt) { return; }
      savedAt = position;
      send(root.getAttribute("data-position-url"),
           { position: position, duration: Math.floor(video.duration) || "" }, leaving, "position");
    }

    function offerDone() {
      // Watched to the end: « J'ai terminé » is offered where she is looking, under the video.
      var offer = root.querySelector(".after-video");
      if (!offer) { return; }
      offer.hidden = false;
      // One « J'ai terminé » on screen: the one under the video stands for the form's own.
      var own = document.querySelector("#lecon-terminee > button");
      if (own) { own.hidden = true; }
      var button = offer.querySelector("button");
      if (button) { button.focus(); }
    }

    if (video) {
      video.addEventListener("loadedmetadata", function () {
        // A position saved in the last seconds (or past the end of a shorter new cut) starts from the top.
        if (start && nearEnd(start)) { video.currentTime = 0; } else if (start && video.currentTime < 1) { video.currentTime = start; }
      });
      video.addEventListener("ended", function () { savePosition(false); offerDone(); });
      video.addEventListener("pause", function () { savePosition(false); });
      video.addEventListener("timeupdate", function () { if (playing()) { lastActive = Date.now(); } });
    }

    // The timers run only while something is followed: the heartbeat while the page is visible (a video
    // playing, or a text or PDF being read) and she is active, the position's save while the video plays.
    // Stopped otherwise, so a paused video or a hidden tab wakes nothing; started again on play, on her
    // return to the page, on her next touch. Each stop sends a last beat: the time followed until then
    // counts (the server credits the time since the previous beat, tracking.py), none after it. Started again,
    // a first beat says so at once (resumed): the server credits nothing across the gap, and the time
    // followed from there counts from that beat.
    var beat = null, save = null, stopped = false;
    function gone() {
      if (document.body.contains(root)) { return false; }
      stopBeat(false); stopSave();
      return true;
    }
    function sendBeat(leaving, resumed) {
      seq += 1;
      var fields = { view: root.getAttribute("data-view"), seq: seq };
      if (resumed) { fields.resumed = "y"; }
      send(root.getAttribute("data-beat-url"), fields, leaving, "beat");
    }
    function idle() { return Date.now() - lastActive > IDLE_MS && !playing(); }
    function startBeat() {
      if (beat || document.visibilityState !== "visible" || !document.body.contains(root)) { return; }
      if (stopped) { sendBeat(false, true); }
      beat = setInterval(function () {
        if (gone()) { return; }
        if (idle()) { stopBeat(false); return; }  // nothing followed for two minutes: her next touch starts it
        sendBeat(false);
      }, BEAT_MS);
    }
    function stopBeat(final) {
      if (!beat) { return; }
      clearInterval(beat);
      beat = null;
      stopped = true;
      if (final && !idle()) { sendBeat(true); }
    }
    function startSave() {
      if (save || !playing()) { return; }
      save = setInterval(function () { if (!gone() && playing()) { savePosition(false); } }, SAVE_MS);
    }
    function stopSave() { clearInterval(save); save = null; }
    ["pointerdown", "keydown", "scroll", "touchstart"].forEach(function (name) {
      window.addEventListener(name, function () { if (document.body.contains(root)) { startBeat(); } }, { passive: true });
    });
    if (video) {
      video.addEventListener("play", function () { startSave(); startBeat(); });
      video.addEventListener("playing", startSave);
      video.addEventListener("pause", stopSave);
      video.addEventListener("ended", stopSave);
    }
    startBeat();

    document.addEventListener("visibilitychange", function () {
      if (gone()) { return; }
      if (document.visibilityState === "hidden") { savePosition(true); stopBeat(true); } else { startBeat(); }
    });
    window.addEventListener("pagehide", function () { if (document.body.contains(root)) { savePosition(true); } });
  }

  function scan() {
    var root = document.querySelector("[data-lesson]");
    if (root) { track(root); }
  }

  // Fetched after the page has loaded (static/loader.js): the document is usually complete already.
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", scan); } else { scan(); }
  document.addEventListener("htmx:load", scan);
})();
