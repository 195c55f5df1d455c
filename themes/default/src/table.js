/* versus comparison table controls. Above every comparison table
   ([data-versus-table]) it adds: "Sort options by" (the number and rating
   rows, lowest or highest first, the better end named), "Only rows that
   differ" (rows where every shown option has the same value are hidden),
   and a choice of the options to show. Without JavaScript the full table
   stays as written. The state lives in the URL hash, under keys made of the
   comparison's id and a tilde (#tents~sort=weight,asc): the widget's
   keys (#cio-vs-cto.stage=early) and other comparisons' tables never clash,
   and copies of one comparison's table share their state. A part of
   static/widget.js (see src/common.js). */
var tables = [];

function each(list, f) { Array.prototype.forEach.call(list, f); }

function setupTable(wrap) {
  var id = wrap.getAttribute('data-versus-table'), key = id + '~';
  var table = wrap.querySelector('table'), scroll = wrap.querySelector('.vs-table-scroll');
  if (!table || !scroll) return;
  var hint = wrap.querySelector('.vs-scroll-hint');
  var all = [], short = {};
  each(table.querySelectorAll('thead th[data-option]'), function (th) {
    var o = th.getAttribute('data-option');
    all.push(o);
    short[o] = th.getAttribute('data-short');
  });
  var rows = Array.prototype.slice.call(table.querySelectorAll('tbody tr[data-dim]'));
  var byDim = {}, sorts = [];
  rows.forEach(function (tr) {
    var d = tr.getAttribute('data-dim');
    byDim[d] = tr;
    if (tr.querySelectorAll('td[data-sort]').length > 1) sorts.push(tr);
  });

  var tools = h('div', 'vs-tools');
  tools.setAttribute('role', 'group');
  tools.setAttribute('aria-label', 'Change the table');
  // A labelled checkbox in `parent`: gives the checkbox.
  function box(parent, text) {
    var l = put(parent, h('label', 'vs-tool-check')), c = put(l, h('input'));
    c.type = 'checkbox';
    put(l, text);
    return c;
  }
  var sel, boxes = {}, count;
  if (sorts.length) {
    sel = h('select');
    var add = function (value, text) { put(sel, h('option', null, text)).value = value; };
    add('', 'the order as written');
    sorts.forEach(function (tr) {
      var d = tr.getAttribute('data-dim'), b = tr.getAttribute('data-better');
      var l = tr.querySelector('th').textContent.trim();
      var hi = [d + ',desc', l + ': highest first'], lo = [d + ',asc', l + ': lowest first'];
      (b === 'lower' ? lo : hi)[1] += b ? ' (best first)' : '';
      (b === 'higher' ? [hi, lo] : [lo, hi]).forEach(function (o) { add(o[0], o[1]); });
    });
    put(put(tools, h('label', 'vs-tool', 'Sort options by ')), sel);
  }
  var diff = box(tools, document.createTextNode(' Only rows that differ'));
  if (all.length > 2) {
    var pick = put(tools, h('details', 'vs-pick'));
    count = put(put(pick, h('summary', null, 'Options shown: ')), h('span'));
    var fs = put(pick, h('fieldset'));
    put(fs, h('legend', 'visually-hidden', 'Options to show'));
    all.forEach(function (o) { (boxes[o] = box(fs, h('bdi', null, ' ' + short[o]))).value = o; });
    var every = put(fs, h('button', 'vs-show-all', 'Show all'));
    every.type = 'button';
    every.addEventListener('click', function () {
      all.forEach(function (o) { boxes[o].checked = true; });
      changed();
    });
  }
  var note = h('p', 'vs-tools-note'), status = put(wrap, h('p', 'visually-hidden'));
  status.setAttribute('role', 'status');
  wrap.insertBefore(tools, hint || scroll);
  wrap.insertBefore(note, hint || scroll);

  // The state in the hash; what is not there (or not valid) is the default.
  // `sort` is the list's value: `<dimension>,asc` or `<dimension>,desc`.
  function read() {
    var got = {}, st = { sort: '', diff: false, show: all };
    readHash().forEach(function (p) { got[p[0]] = p[1]; });
    var s = got[key + 'sort'] || [];
    if (sorts.indexOf(byDim[s[0]]) >= 0) st.sort = s[0] + (s[1] === 'desc' ? ',desc' : ',asc');
    st.diff = (got[key + 'only'] || [])[0] === 'differences';
    var show = all.filter(function (o) { return (got[key + 'show'] || []).indexOf(o) >= 0; });
    if (show.length) st.show = show;
    return st;
  }
  function fromControls() {
    var show = all.filter(function (o) { return !boxes[o] || boxes[o].checked; });
    return { sort: sel ? sel.value : '', diff: diff.checked, show: show };
  }
  function save(st) {
    var mine = [key + 'sort', key + 'only', key + 'show'];
    var pairs = readHash().filter(function (p) { return mine.indexOf(p[0]) < 0; });
    pairs.push([key + 'sort', st.sort ? st.sort.split(',') : []]);
    pairs.push([key + 'only', st.diff ? ['differences'] : []]);
    pairs.push([key + 'show', st.show.length < all.length ? st.show : []]);
    writeHash(pairs);
  }

  // Show `st`: controls, column order, hidden columns and rows, and the
  // note saying what is not as written. Returns that note.
  function apply(st) {
    if (sel) sel.value = st.sort;
    diff.checked = st.diff;
    all.forEach(function (o) { if (boxes[o]) boxes[o].checked = st.show.indexOf(o) >= 0; });
    var order = all.slice(), n = st.show.length;
    if (st.sort) {
      var v = {}, by = st.sort.split(','), desc = by[1] === 'desc';
      each(byDim[by[0]].querySelectorAll('td[data-option]'), function (td) {
        var s = td.getAttribute('data-sort');
        v[td.getAttribute('data-option')] = s === null ? null : +s;
      });
      // Options without a value go last, either way; ties keep their order.
      order.sort(function (a, b) {
        var x = v[a], y = v[b];
        return (x === null) - (y === null) || (x === null ? 0 : desc ? y - x : x - y) ||
          all.indexOf(a) - all.indexOf(b);
      });
    }
    each(table.rows, function (tr) {
      var cells = {};
      each(tr.children, function (c) { cells[c.getAttribute('data-option')] = c; });
      order.forEach(function (o) {
        var c = cells[o];
        if (!c) return;
        put(tr, c);
        c.hidden = st.show.indexOf(o) < 0;
      });
    });
    var same = 0;
    rows.forEach(function (tr) {
      var seen = st.show.map(function (o) {
        var c = tr.querySelector('td[data-option="' + o + '"] .vs-cell-value');
        return c ? c.innerHTML : '';
      });
      tr.hidden = st.diff && seen.every(function (x) { return x === seen[0]; });
      if (tr.hidden) same++;
    });
    each(table.querySelectorAll('.vs-group-head'), function (head) {
      head.hidden = !head.parentNode.querySelector('tr[data-dim]:not([hidden])');
      head.firstElementChild.colSpan = n + 1;
    });
    wrap.className = wrap.className.replace(/\bvs-n\w+/, 'vs-n' + (n > 8 ? 'many' : n));
    if (hint) hint.textContent = 'Scroll sideways to see all ' + n + ' options.';
    if (count) count.textContent = n + ' of ' + all.length;
    // The note says what differs from the table as written (also on paper).
    var parts = [];
    if (n < all.length) {
      parts.push('Showing ' + n + ' of ' + all.length + ' options: ' + order.filter(function (o) {
        return st.show.indexOf(o) >= 0;
      }).map(function (o) { return short[o]; }).join(', '));
    }
    if (st.sort) parts.push('Sorted by ' + sel.options[sel.selectedIndex].text);
    if (st.diff) parts.push(same + ' of ' + rows.length + ' rows hidden: the same for every option shown');
    note.textContent = parts.length ? parts.join('. ') + '.' : '';
    note.hidden = !parts.length;
    return note.textContent || 'Showing the whole table.';
  }

  function changed() {
    var st = fromControls();
    if (!st.show.length) {
      // At least one option stays: put back the one just unticked.
      st = read();
      apply(st);
      status.textContent = 'At least one option stays shown.';
      return;
    }
    save(st);
    tables.forEach(function (t) { if (t.id === id && t !== self) t.apply(st); });
    status.textContent = apply(st);
  }
  tools.addEventListener('change', changed);
  wrap.classList.add('vs-tools-on');
  var self = { id: id, apply: apply, read: read };
  return self;
}

each(document.querySelectorAll('[data-versus-table]'), function (wrap) {
  var t = setupTable(wrap);
  if (t) tables.push(t);
});
function restoreTables() { tables.forEach(function (t) { t.apply(t.read()); }); }
restoreTables();
window.addEventListener('hashchange', restoreTables);
