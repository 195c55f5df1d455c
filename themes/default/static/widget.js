/* versus decision widget. Finds every [data-versus-widget] on the page, reads
   its data from the JSON script inside it, scores the checked answers, and
   shows the options ranked with the reasons. State lives in the URL hash
   (#stage=early&concerns=security,compliance) so a result can be shared.
   No dependencies, no inline script needed. */
(function () {
  'use strict';
  var roots = document.querySelectorAll('[data-versus-widget]');
  var many = roots.length > 1;

  function h(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }
  function num(x) { return String(Math.round(x * 10) / 10); }
  function signed(x) { return (x > 0 ? '+' : '\u2212') + num(Math.abs(x)); }

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
  function writeHash(pairs) {
    var s = pairs.filter(function (p) { return p[1].length; }).map(function (p) {
      return encodeURIComponent(p[0]) + '=' + p[1].map(encodeURIComponent).join(',');
    }).join('&');
    history.replaceState(history.state, '', s ? '#' + s : location.pathname + location.search);
  }

  function setup(root) {
    var data, form = root.querySelector('form'), out = root.querySelector('[data-versus-result]');
    try { data = JSON.parse(root.querySelector('script[data-versus-data]').textContent); } catch (e) { return; }
    if (!form || !out) return;
    var prefix = many ? data.id + '.' : '';
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

    function state() {
      return names.map(function (n) {
        return [prefix + n, inputs.filter(function (i) { return i.name === n && i.checked; })
          .map(function (i) { return i.value; })];
      });
    }
    function save() {
      var mine = names.map(function (n) { return prefix + n; });
      var others = readHash().filter(function (p) { return mine.indexOf(p[0]) < 0; });
      writeHash(others.concat(state()));
    }
    // Apply the hash; false when it holds nothing for this widget.
    function restore(force) {
      var got = {};
      readHash().forEach(function (p) { got[p[0]] = p[1]; });
      var any = names.some(function (n) { return got[prefix + n]; });
      if (!any && !force) return false;
      inputs.forEach(function (i) {
        i.checked = (got[prefix + i.name] || []).indexOf(i.value) >= 0;
      });
      return true;
    }

    function render() {
      var score = {}, why = [];
      data.options.forEach(function (o) { score[o.id] = 0; });
      inputs.forEach(function (i) {
        var a = i.checked && answers[i.name + '=' + i.value];
        if (!a) return;
        var push = data.options.filter(function (o) { return a.weights[o.id]; });
        push.forEach(function (o) { score[o.id] += a.weights[o.id]; });
        why.push({ a: a, push: push });
      });
      out.textContent = '';
      if (!why.length) {
        out.appendChild(h('p', 'vs-outcome', 'Answer the questions to see which option fits.'));
        return;
      }
      var ranked = data.options.slice().sort(function (a, b) { return score[b.id] - score[a.id]; });
      var top = ranked[0], best = score[top.id];
      var margin = typeof oc.close_margin === 'number' ? oc.close_margin : 0.15;
      var close = best > 0 ? ranked.filter(function (o) {
        return score[o.id] > 0 && score[o.id] >= (1 - margin) * best;
      }) : [];
      var head, text;
      if (best <= 0) {
        head = 'No clear direction yet';
        text = 'Your answers do not point to any option so far.';
      } else if (close.length > 1) {
        var ids = close.map(function (o) { return o.id; });
        var combo = (oc.combinations || []).filter(function (c) {
          return c.options.indexOf(ids[0]) >= 0 && c.options.indexOf(ids[1]) >= 0 &&
            c.options.every(function (id) { return ids.indexOf(id) >= 0; });
        }).sort(function (a, b) { return b.options.length - a.options.length; })[0];
        head = 'Close call: ' + close.map(function (o) { return o.short; }).join(' or ');
        text = combo ? combo.text : oc.close ||
          'Several options fit your answers about equally well; compare them above.';
      } else {
        head = 'Best fit: ' + top.name;
        text = (oc.wins && oc.wins[top.id]) || top.name + ' fits your answers best.';
      }
      var o = h('div', 'vs-outcome');
      o.appendChild(h('p', 'vs-outcome-head', head));
      o.appendChild(h('p', null, text));
      out.appendChild(o);

      var list = h('ol', 'vs-ranking');
      ranked.forEach(function (opt) {
        var s = score[opt.id], li = h('li'), bar = h('span', 'vs-bar'), fill = h('span');
        li.appendChild(h('span', 'vs-rank-name', opt.name));
        fill.style.width = (best > 0 ? Math.max(0, s) / best * 100 : 0) + '%';
        bar.setAttribute('aria-hidden', 'true');
        bar.appendChild(fill);
        li.appendChild(bar);
        li.appendChild(h('span', 'vs-rank-score', num(s) + (Math.abs(s) === 1 ? ' point' : ' points')));
        list.appendChild(li);
      });
      out.appendChild(list);

      // Why: each answer that moved a score, what it moved, and its reason.
      var ul = h('ul', 'vs-why');
      why.forEach(function (r) {
        if (!r.push.length) return;
        var li = h('li');
        li.appendChild(h('span', 'vs-why-label', r.a.label));
        li.appendChild(h('span', 'vs-why-weight', ' (' + r.push.map(function (o) {
          return o.short + ' ' + signed(r.a.weights[o.id]);
        }).join(', ') + ')'));
        if (r.a.explain) li.appendChild(h('span', 'vs-why-explain', ' ' + r.a.explain));
        ul.appendChild(li);
      });
      if (ul.firstChild) {
        out.appendChild(h('p', 'vs-why-head', 'Why'));
        out.appendChild(ul);
      }
    }

    form.addEventListener('change', function () { save(); render(); });
    form.addEventListener('submit', function (e) { e.preventDefault(); });
    form.addEventListener('reset', function () {
      setTimeout(function () { save(); render(); }, 0);
    });
    window.addEventListener('hashchange', function () {
      // A plain anchor (#decide) is navigation, not state: keep the answers.
      if (readHash().length) { restore(true); render(); }
    });
    root.classList.add('vs-live');
    if (!restore(false) && state().some(function (p) { return p[1].length; })) save();
    render();
  }

  Array.prototype.forEach.call(roots, setup);
})();
