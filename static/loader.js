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
  // A « Copier » button (data-copy: the id of the field it copies) is there only where the clipboard is:
  // shown once the page is ready, its click copies the field and says so on the button.
  function offerCopy() {
    if (!navigator.clipboard) { return; }
    Array.prototype.forEach.call(document.querySelectorAll("button[data-copy][hidden]"), function (button) {
      button.hidden = false;
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", offerCopy); } else { offerCopy(); }
  document.addEventListener("htmx:afterSettle", offerCopy);
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button[data-copy]");
    var field = button && document.getElementById(button.getAttribute("data-copy"));
    if (!field) { return; }
    navigator.clipboard.writeText(field.value).then(function () {
      button.textContent = button.getAttribute("data-copied");
    });
  });
})(document.currentScript);
