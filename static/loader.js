/* Pétale: fetches the scripts listed in data-scripts once the page has loaded and painted, so that on a
   slow link the text and images come first. Without JavaScript every page works as plain HTML. */
(function (me) {
  var urls = me.getAttribute("data-scripts").split(" ");
  function load() {
    urls.forEach(function (url) {
      var script = document.createElement("script");
      script.src = url;
      script.async = false;
      document.head.appendChild(script);
    });
  }
  function afterPaint() { requestAnimationFrame(function () { setTimeout(load, 0); }); }
  if (document.readyState === "complete") { afterPaint(); } else { window.addEventListener("load", afterPaint); }
  // No style attribute is ours (the CSP refuses them): one an extension leaves (a password manager's
  // style="" on hidden inputs) would be refused again, once per element, when htmx puts its snapshot of
  // this page back on Back. The snapshot is taken without them.
  document.addEventListener("htmx:beforeHistorySave", function (event) {
    Array.prototype.forEach.call(event.detail.historyElt.querySelectorAll("[style]"), function (element) {
      element.removeAttribute("style");
    });
  });
})(document.currentScript);
