/* What the decision widget (widget.js) and the table controls (table.js)
   share. These three files are the readable sources of the shipped
   static/widget.js: scripts/minify-js joins them, in the order common.js,
   widget.js, table.js, inside one function scope with 'use strict', and
   minifies the result with terser. They are not loaded on their own.

   The URL hash holds the state of both, as `key=value,value` pairs joined
   by `&`: the widget's keys are `<comparison>.<question>`, the table's
   `<comparison>~<what>`, and each writer keeps the other's pairs. */

function h(tag, cls, text) {
  var e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text != null) e.textContent = text;
  return e;
}

// Append `child` to `parent`; gives `child`.
function put(parent, child) { return parent.appendChild(child); }

// Hashes this page wrote itself: Back or Forward to one keeps the answers.
var written = {};

// The hash as an ordered list of [key, [values]]; plain anchors give [].
function readHash() {
  var out = [];
  location.hash.slice(1).split('&').forEach(function (part) {
    var i = part.indexOf('=');
    if (i < 1) return;
    try {
      out.push([decodeURIComponent(part.slice(0, i)),
        decodeURIComponent(part.slice(i + 1)).split(',').filter(Boolean)]);
    } catch (e) { /* malformed escape: ignore that part */ }
  });
  return out;
}
// Replace the hash (no new history entry); pairs without values are left out.
function writeHash(pairs) {
  var s = pairs.filter(function (p) { return p[1].length; }).map(function (p) {
    return encodeURIComponent(p[0]) + '=' + p[1].map(encodeURIComponent).join(',');
  }).join('&');
  history.replaceState(history.state, '', s ? '#' + s : location.pathname + location.search);
  written[location.hash] = true;
}
