/* versus decision widget. Finds every [data-versus-widget] on the page, reads
   its data from the JSON script inside it, scores the checked answers, and
   shows the options ranked with the reasons. State lives in the URL hash,
   each key prefixed with the comparison's id (#cio-vs-cto.stage=early), so a
   result can be shared and a second widget on the page changes no key of the
   first; copies of the same comparison share their answers. No dependencies,
   no inline script needed. A part of static/widget.js (see src/common.js). */
var roots = document.querySelectorAll('[data-versus-widget]');
var widgets = [];
var serial = 0;

// Text from the data, isolated so right-to-left names do not reorder the line.
function bdi(text) { return h('bdi', null, text); }
// An element made of strings and (copies of) elements.
function line(tag, cls, parts) {
  var e = h(tag, cls);
  parts.forEach(function (p) {
    put(e, typeof p === 'string' ? document.createTextNode(p) : p.cloneNode(true));
  });
  return e;
}
function num(x) { return String(Math.round(x * 10) / 10); }
function signed(x) { return (x > 0 ? '+' : '\u2212') + num(Math.abs(x)); }
function points(x) { return num(x) + (Math.abs(x) === 1 ? ' point' : ' points'); }

function setupWidget(root) {
  var data, form = root.querySelector('form'), out = root.querySelector('[data-versus-result]');
  var status = root.querySelector('[data-versus-status]');
  try { data = JSON.parse(root.querySelector('script[data-versus-data]').textContent); } catch (e) { return; }
  if (!form || !out || !status) return;
  var prefix = data.id + '.';
  var oc = data.outcomes || {};
  var answers = {};
  data.questions.forEach(function (q) {
    q.answers.forEach(function (a) { answers[q.id + '=' + a.id] = a; });
  });
  data.signals.forEach(function (s) {
    answers['signals=' + s.id] = { label: s.text, weights: s.weights };
  });
  var inputs = Array.prototype.slice.call(form.querySelectorAll('input'));
  var names = inputs.map(function (i) { return i.name; })
    .filter(function (n, k, all) { return all.indexOf(n) === k; });
  var groups = Array.prototype.slice.call(form.querySelectorAll('fieldset'));
  // Half the questions answered is enough for a firm wording.
  var enough = Math.ceil(names.length / 2);
  out.id = 'vs-result-' + (++serial);

  // Each question gets its own Clear button, shown while it has an answer.
  groups.forEach(function (g) {
    var b = h('button', 'vs-clear', 'Clear');
    b.type = 'button';
    put(b, h('span', 'visually-hidden', ' answer: ' + g.querySelector('legend').textContent));
    b.addEventListener('click', function () {
      g.querySelectorAll('input').forEach(function (i) { i.checked = false; });
      changed();
      var first = g.querySelector('input');
      if (first) first.focus();
    });
    put(g, b);
  });

  // The compact summary that sticks to the bottom of the screen while the
  // questions scroll by: leader, progress, and a way to the full result.
  var summary = h('div', 'vs-summary');
  var sumText = h('p', 'vs-summary-text');
  var sumGo = h('button', 'vs-summary-go', 'See the result');
  sumGo.type = 'button';
  sumGo.addEventListener('click', function () { show(true); });
  put(summary, sumText);
  put(summary, sumGo);
  out.parentNode.insertBefore(summary, out);

  function state() {
    return names.map(function (n) {
      return [prefix + n, inputs.filter(function (i) { return i.name === n && i.checked; })
        .map(function (i) { return i.value; })];
    });
  }
  function save() {
    var mine = names.map(function (n) { return prefix + n; }).concat(names);
    var others = readHash().filter(function (p) { return mine.indexOf(p[0]) < 0; });
    writeHash(others.concat(state()));
  }
  // Apply the hash; false when it holds nothing for this widget. Keys
  // without the id prefix are links from before the prefix: read, not written.
  function restore(force) {
    var got = {}, bare = {};
    readHash().forEach(function (p) { got[p[0]] = p[1]; bare[p[0]] = p[1]; });
    var own = names.some(function (n) { return got[prefix + n]; });
    var old = !own && names.some(function (n) { return bare[n]; });
    if (!own && !old && !force) return false;
    inputs.forEach(function (i) {
      i.checked = ((own ? got[prefix + i.name] : old ? bare[i.name] : null) || []).indexOf(i.value) >= 0;
    });
    return own || old;
  }
  function show(focus) {
    out.scrollIntoView({ block: 'start' });
    if (focus) out.focus({ preventScroll: true });
  }

  function render() {
    var score = {}, why = [], gone = {}, ruled = [];
    data.options.forEach(function (o) { score[o.id] = 0; });
    inputs.forEach(function (i) {
      var a = i.checked && answers[i.name + '=' + i.value];
      if (!a) return;
      var push = data.options.filter(function (o) { return a.weights[o.id]; });
      push.forEach(function (o) { score[o.id] += a.weights[o.id]; });
      why.push({ a: a, push: push });
      // Deal-breakers: the first answer that rules an option out is named.
      (a.rules_out || []).forEach(function (r) {
        if (!gone[r.option]) { gone[r.option] = 1; ruled.push({ r: r, a: a }); }
      });
    });
    var done = names.filter(function (n) {
      return inputs.some(function (i) { return i.name === n && i.checked; });
    }).length;
    var progress = done + ' of ' + names.length + ' answered';
    groups.forEach(function (g) {
      g.querySelector('.vs-clear').hidden = !g.querySelector('input:checked');
    });
    out.textContent = '';
    out.classList.toggle('vs-has-result', why.length > 0);
    if (!why.length) {
      put(out, h('p', 'vs-outcome', 'Answer the questions to see which option fits.'));
      summary.hidden = true;
      status.textContent = '';
      return;
    }
    var ranked = data.options.filter(function (o) { return !gone[o.id]; })
      .sort(function (a, b) { return score[b.id] - score[a.id]; });
    var top = ranked[0], best = top ? score[top.id] : 0, next = ranked[1];
    var margin = typeof oc.close_margin === 'number' ? oc.close_margin : 0.15;
    var close = best > 0 ? ranked.filter(function (o) {
      return score[o.id] > 0 && score[o.id] >= (1 - margin) * best;
    }) : [];
    var firm = done >= enough;
    var head, text, short;
    if (!top) {
      head = ['Every option is ruled out'];
      text = 'Your answers rule out every option; see below which answer ruled out what.';
      short = head;
    } else if (best <= 0) {
      head = ['No clear direction yet'];
      text = 'Your answers do not point to any option so far.';
      short = head;
    } else if (close.length > 1) {
      var ids = close.map(function (o) { return o.id; });
      var combo = (oc.combinations || []).filter(function (c) {
        return c.options.indexOf(ids[0]) >= 0 && c.options.indexOf(ids[1]) >= 0 &&
          c.options.every(function (id) { return ids.indexOf(id) >= 0; });
      }).sort(function (a, b) { return b.options.length - a.options.length; })[0];
      head = ['Close call: '];
      close.forEach(function (o, k) { if (k) head.push(' or '); head.push(bdi(o.short)); });
      text = combo ? combo.text : oc.close ||
        'Several options fit your answers about equally well; compare them above.';
      short = head.slice();
    } else {
      head = [firm ? 'Best fit: ' : 'Leaning towards: ', bdi(top.name)];
      text = firm ? (oc.wins && oc.wins[top.id]) || top.name + ' fits your answers best.'
        : 'So far ' + top.name + ' leads; answer more questions for a firmer suggestion.';
      short = [firm ? 'Best fit: ' : 'Leading: ', bdi(top.short)];
    }
    var lead = next && best > 0 ? ', ' + points(best - score[next.id]) + ' ahead of ' + next.short : '';
    var o = h('div', 'vs-outcome');
    put(o, line('h3', 'vs-outcome-head', head));
    put(o, line('p', null, [bdi(text)]));
    put(o, h('p', 'vs-progress', progress));
    put(o, copyButton());
    put(out, o);

    put(out, h('h4', 'vs-ranking-head', 'Scores'));
    var list = h('ol', 'vs-ranking');
    ranked.forEach(function (opt) {
      var s = score[opt.id], li = h('li'), bar = h('span', 'vs-bar'), fill = h('span');
      put(li, line('span', 'vs-rank-name', [bdi(opt.name)]));
      fill.style.width = (best > 0 ? Math.max(0, s) / best * 100 : 0) + '%';
      bar.setAttribute('aria-hidden', 'true');
      put(bar, fill);
      put(li, bar);
      put(li, h('span', 'vs-rank-score', points(s)));
      put(list, li);
    });
    put(out, list);
    if (ruled.length) {
      var rl = h('ul', 'vs-ruled-out');
      ruled.forEach(function (x) {
        put(rl, line('li', null, [bdi(x.r.short), ': ' + x.r.reason + ', by your answer \u201c',
          bdi(x.a.label), '\u201d']));
      });
      put(out, h('h4', 'vs-ruled-out-head', 'Ruled out'));
      put(out, rl);
    }

    // Why: each answer that moved a score, what it moved, and its reason.
    var ul = h('ul', 'vs-why');
    why.forEach(function (r) {
      if (!r.push.length) return;
      var li = h('li');
      put(li, line('span', 'vs-why-label', [bdi(r.a.label)]));
      var w = [' ('];
      r.push.forEach(function (opt, k) {
        if (k) w.push(', ');
        w.push(bdi(opt.short), ' ' + signed(r.a.weights[opt.id]));
      });
      w.push(')');
      put(li, line('span', 'vs-why-weight', w));
      if (r.a.explain) put(li, line('span', 'vs-why-explain', [bdi(r.a.explain)]));
      put(ul, li);
    });
    if (ul.firstChild) {
      put(out, h('h4', 'vs-why-head', 'Why'));
      put(out, ul);
    }
    sumText.textContent = '';
    put(sumText, line('span', null, short));
    put(sumText, h('span', 'vs-summary-progress', progress));
    summary.hidden = false;
    // Screen readers hear the summary only, not the whole ranking.
    status.textContent = line('p', null, short).textContent + (best > 0 && close.length < 2 ? lead : '') +
      '. ' + progress + '.';
  }

  // "Copy link to this result": the page's address holds the answers.
  function copyButton() {
    var b = h('button', 'vs-copy', 'Copy link to this result');
    b.type = 'button';
    b.addEventListener('click', function () {
      // In an embed, the link leads to the comparison page itself.
      var canon = document.body.classList.contains('vs-embed') && document.querySelector('link[rel=canonical]');
      var url = (canon ? canon.href : location.href).split('#')[0] + location.hash;
      var done = function (ok) {
        b.textContent = ok ? 'Link copied' : 'Copy this link: ' + url;
        status.textContent = ok ? 'Link to this result copied.' : '';
      };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(url).then(function () { done(true); }, function () { done(false); });
      } else {
        done(false);
      }
    });
    return b;
  }

  function changed() { save(); sync(); }
  function sync() {
    // Every copy of this comparison on the page shows the same answers.
    widgets.forEach(function (w) { if (w.id === data.id) { if (w !== self) w.restore(true); w.render(); } });
  }
  var self = { id: data.id, restore: restore, render: render, save: save, show: show };

  form.addEventListener('change', changed);
  form.addEventListener('submit', function (e) { e.preventDefault(); });
  form.addEventListener('reset', function () { setTimeout(changed, 0); });
  root.classList.add('vs-live');
  return self;
}

Array.prototype.forEach.call(roots, function (root) {
  var w = setupWidget(root);
  if (w) widgets.push(w);
});
var shown = false;
widgets.forEach(function (w) {
  var had = w.restore(false);
  w.render();
  if (had) {
    w.save(); // old unprefixed keys become prefixed ones
    if (!shown && location.hash) { shown = true; w.show(false); }
  }
});

window.addEventListener('hashchange', function () {
  // A plain anchor (#decide) is navigation, not state: keep the answers.
  if (!readHash().length) return;
  if (written[location.hash]) {
    // Back or Forward to a state this page wrote earlier: the answers the
    // reader has now are newer; keep them and put them back in the URL.
    widgets.forEach(function (w) { w.save(); });
    return;
  }
  widgets.forEach(function (w) { w.restore(true); w.render(); });
});
