/* versus embeds, both ends in one small file.
   Inside <comparison>/embed/ (body.vs-embed, in a frame): tell the parent
   page the document's height whenever it changes.
   On the page that embeds it (loaded by the snippet shown on the comparison
   page): give every <iframe data-versus-embed> the height its page reports,
   accepting messages only from this script's own origin. */
(function () {
  'use strict';
  var TYPE = 'versus-embed-height';
  if (document.body && document.body.classList.contains('vs-embed')) {
    if (window.parent === window) return;
    var last = 0;
    var report = function () {
      var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
      if (height === last) return;
      last = height;
      window.parent.postMessage({ type: TYPE, height: height }, '*');
    };
    if (window.ResizeObserver) new ResizeObserver(report).observe(document.documentElement);
    window.addEventListener('load', report);
    report();
    return;
  }
  var script = document.currentScript;
  var origin = script ? new URL(script.src, location.href).origin : location.origin;
  function frames() { return document.querySelectorAll('iframe[data-versus-embed]'); }
  Array.prototype.forEach.call(frames(), function (f) {
    f.style.border = '0';
    f.style.width = '100%';
  });
  window.addEventListener('message', function (e) {
    if (e.origin !== origin || !e.data || e.data.type !== TYPE || typeof e.data.height !== 'number') return;
    Array.prototype.forEach.call(frames(), function (f) {
      if (f.contentWindow === e.source) f.style.height = Math.max(0, Math.min(e.data.height, 100000)) + 'px';
    });
  });
})();
