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
})(document.currentScript);
