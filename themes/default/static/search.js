// Site search for the default theme. No dependencies, no inline script.
//
// The index (built by versus, src/search/) is fetched in small pieces:
// search/index.json (the manifest) when the box is first focused, then only
// the term chunks a query's words fall into, then one small text fragment
// per result shown. Queries are tokenized exactly like the index
// (src/search/tokenize.rs; shared cases in tests/search-tokenize.json).
(function () {
  'use strict';

  var FORMAT_VERSION = 2;
  var MAX_TERM_CHARS = 32;
  var PAGE_SIZE = 8;
  var MAX_CHUNKS_PER_TERM = 4;
  var WORD = /[\p{Alphabetic}\p{M}\p{N}]+/gu;
  var ONE_BASE_AND_MARKS = /^\P{M}\p{M}+$/u;

  // ---- Tokenizer: keep in step with src/search/tokenize.rs -------------

  function isBigram(cp) {
    return (cp >= 0x0E00 && cp <= 0x0EFF) || (cp >= 0x1000 && cp <= 0x109F) ||
      (cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0x1780 && cp <= 0x17FF) ||
      (cp >= 0x2E80 && cp <= 0x2FDF) || (cp >= 0x3040 && cp <= 0x30FF) ||
      (cp >= 0x3100 && cp <= 0x31FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
      (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA960 && cp <= 0xA97F) ||
      (cp >= 0xAC00 && cp <= 0xD7FF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
      (cp >= 0xFF66 && cp <= 0xFF9F) || (cp >= 0x20000 && cp <= 0x3FFFF);
  }

  function inFoldRange(cp) {
    return (cp >= 0xC0 && cp <= 0x24F) || (cp >= 0x370 && cp <= 0x3FF) ||
      cp === 0x401 || cp === 0x451 || (cp >= 0x1E00 && cp <= 0x1FFF);
  }

  function normalizeChar(ch) {
    var cp = ch.codePointAt(0);
    if (cp >= 0xFF01 && cp <= 0xFF5E) {
      cp -= 0xFEE0;
      ch = String.fromCodePoint(cp);
    }
    if (inFoldRange(cp)) {
      var d = ch.normalize('NFD');
      if (d !== ch && ONE_BASE_AND_MARKS.test(d)) {
        cp = d.codePointAt(0);
        ch = String.fromCodePoint(cp);
      }
    }
    if (cp >= 0x300 && cp <= 0x36F) return '';
    return ch.toLowerCase().replace(/ς/g, 'σ');
  }

  function pushPlain(term, start, end, out) {
    if (!term) return;
    var chars = Array.from(term);
    if (chars.length > MAX_TERM_CHARS) term = chars.slice(0, MAX_TERM_CHARS).join('');
    out.push({ term: term, start: start, end: end, tail: false });
  }

  function flushRun(run, out) {
    for (var k = 0; k + 1 < run.length; k++) {
      out.push({ term: run[k][2] + run[k + 1][2], start: run[k][0], end: run[k + 1][1], tail: false });
    }
    if (run.length) {
      var last = run[run.length - 1];
      out.push({ term: last[2], start: last[0], end: last[1], tail: run.length > 1 });
    }
    run.length = 0;
  }

  // Terms of `text` with their UTF-16 ranges in it.
  function tokenize(text) {
    var out = [];
    WORD.lastIndex = 0;
    var m;
    while ((m = WORD.exec(text)) !== null) {
      var word = m[0], offset = m.index, i = 0, plain = null, run = [];
      for (var ch of word) {
        var start = offset + i;
        i += ch.length;
        if (isBigram(ch.codePointAt(0))) {
          if (plain) { pushPlain(plain.term, plain.start, start, out); plain = null; }
          var n = normalizeChar(ch);
          if (n) run.push([start, offset + i, n]);
        } else {
          flushRun(run, out);
          if (!plain) plain = { start: start, term: '' };
          plain.term += normalizeChar(ch);
        }
      }
      if (plain) pushPlain(plain.term, plain.start, offset + word.length, out);
      flushRun(run, out);
    }
    return out;
  }

  // The query's distinct terms. A term of two or more characters, or a lone
  // CJK character, also matches the terms it begins.
  function queryTerms(text) {
    var seen = new Set(), out = [];
    tokenize(text).forEach(function (t) {
      if (t.tail || seen.has(t.term)) return;
      seen.add(t.term);
      var chars = Array.from(t.term);
      out.push({ term: t.term, prefix: chars.length >= 2 || isBigram(t.term.codePointAt(0)) });
    });
    return out;
  }

  function matches(q, term) {
    return term === q.term || (q.prefix && term.startsWith(q.term));
  }

  // Code point order (Rust's str order), not UTF-16 order.
  function fix(u) { return u >= 0xE000 ? u - 0x800 : u >= 0xD800 ? u + 0x2000 : u; }
  function compare(a, b) {
    var n = Math.min(a.length, b.length);
    for (var i = 0; i < n; i++) {
      var x = a.charCodeAt(i), y = b.charCodeAt(i);
      if (x !== y) return fix(x) - fix(y);
    }
    return a.length - b.length;
  }

  // ---- Index access ------------------------------------------------------

  function Index(base) {
    this.base = base;
    this.manifest = null;
    this.cache = new Map();
  }

  Index.prototype.get = function (path, fresh) {
    var url = this.base + path + (this.manifest ? '?v=' + this.manifest.hash : '');
    if (!this.cache.has(url)) {
      var self = this;
      var p = fetch(url, fresh ? { cache: 'no-cache' } : {}).then(function (r) {
        if (!r.ok) throw new Error('search: ' + url + ' answered ' + r.status);
        return r.json();
      });
      p.catch(function () { self.cache.delete(url); });
      this.cache.set(url, p);
    }
    return this.cache.get(url);
  };

  Index.prototype.load = function () {
    var self = this;
    if (!this.ready) {
      this.ready = this.get('index.json', true).then(function (m) {
        if (m.version !== FORMAT_VERSION) throw new Error('search: unknown index version ' + m.version);
        self.manifest = m;
      });
      this.ready.catch(function () { self.ready = null; });
    }
    return this.ready;
  };

  // Indexes of the chunks that can hold `q` (and, for a prefix, its longer forms).
  Index.prototype.chunksFor = function (q) {
    var chunks = this.manifest.chunks, lo = 0, hi = chunks.length - 1, at = 0;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (compare(chunks[mid], q.term) <= 0) { at = mid; lo = mid + 1; } else hi = mid - 1;
    }
    var out = [at];
    if (q.prefix) {
      for (var j = at + 1; j < chunks.length && out.length < MAX_CHUNKS_PER_TERM && chunks[j].startsWith(q.term); j++) {
        out.push(j);
      }
    }
    return out;
  };

  // For one query term: doc → { score, frags: fragment → vote }.
  function postingsFor(q, chunks) {
    var docs = new Map();
    chunks.forEach(function (chunk) {
      chunk.forEach(function (entry) {
        var term = entry[0];
        if (!matches(q, term)) return;
        var factor = term === q.term ? 1 : 0.5 + 0.4 * q.term.length / term.length;
        var p = entry[1], k = 0, doc = 0;
        while (k < p.length) {
          doc += p[k];
          var w = p[k + 1], count = p[k + 2];
          var score = factor * (Math.log2(1 + (w & 15)) + (w & 16 ? 2 : 0) + (w & 32 ? 4 : 0));
          var hit = docs.get(doc);
          if (!hit) { hit = { score: 0, frags: new Map() }; docs.set(doc, hit); }
          hit.score = Math.max(hit.score, score);
          for (var f = 0; f < count; f++) {
            // fragment × 2, + 1 when the term is in that fragment's heading
            var code = p[k + 3 + f], frag = code >> 1;
            var vote = (term === q.term ? 1 : 0.8) + (code & 1 ? 0.5 : 0);
            hit.frags.set(frag, Math.max(hit.frags.get(frag) || 0, vote));
          }
          k += 3 + count;
        }
      });
    });
    return docs;
  }

  // Ranked results: [{ doc, frag, score }]. Every query term must match.
  Index.prototype.search = function (terms) {
    var self = this;
    return Promise.all(terms.map(function (q) {
      return Promise.all(self.chunksFor(q).map(function (i) { return self.get('t/' + i + '.json'); }))
        .then(function (chunks) { return postingsFor(q, chunks); });
    })).then(function (perTerm) {
      if (!perTerm.length) return [];
      var n = self.manifest.docs, results = [];
      perTerm[0].forEach(function (_, doc) {
        var score = 0, fragVotes = new Map();
        for (var t = 0; t < perTerm.length; t++) {
          var hit = perTerm[t].get(doc);
          if (!hit) return;
          score += Math.log(1 + n / perTerm[t].size) * hit.score;
          hit.frags.forEach(function (vote, f) { fragVotes.set(f, (fragVotes.get(f) || 0) + vote); });
        }
        var frag = 0, best = -1;
        fragVotes.forEach(function (votes, f) {
          if (votes > best || (votes === best && f < frag)) { best = votes; frag = f; }
        });
        results.push({ doc: doc, frag: frag, score: score });
      });
      results.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
      return results;
    });
  };

  // { u, t, h, x }: URL (with the heading's anchor), title, heading, text.
  Index.prototype.fragment = function (r) {
    return this.get('f/' + r.doc + '.json').then(function (d) {
      var f = d.f[r.frag] || d.f[0];
      return { u: f[0] ? d.u + '#' + f[0] : d.u, t: d.t, h: f[1], x: f[2] };
    });
  };

  // ---- Drawing results ---------------------------------------------------

  // `text` as nodes, the ranges [start, end) wrapped in <mark>.
  function marked(text, ranges) {
    var frag = document.createDocumentFragment(), at = 0;
    ranges.forEach(function (r) {
      if (r[0] > at) frag.appendChild(document.createTextNode(text.slice(at, r[0])));
      var m = document.createElement('mark');
      m.textContent = text.slice(Math.max(r[0], at), r[1]);
      frag.appendChild(m);
      at = r[1];
    });
    if (at < text.length) frag.appendChild(document.createTextNode(text.slice(at)));
    return frag;
  }

  function hitRanges(tokens, terms) {
    var ranges = [];
    tokens.forEach(function (t) {
      if (!terms.some(function (q) { return matches(q, t.term); })) return;
      var last = ranges[ranges.length - 1];
      if (last && t.start <= last[1]) last[1] = Math.max(last[1], t.end);
      else ranges.push([t.start, t.end]);
    });
    return ranges;
  }

  function highlight(text, terms) {
    return marked(text, hitRanges(tokenize(text), terms));
  }

  // About 30 words of `text` around the first match.
  function excerpt(text, terms) {
    var tokens = tokenize(text);
    if (!text) return document.createDocumentFragment();
    var first = tokens.findIndex(function (t) { return terms.some(function (q) { return matches(q, t.term); }); });
    var from = Math.max(0, first - 8);
    var to = Math.min(tokens.length - 1, from + 30);
    var start = tokens.length && from > 0 ? tokens[from].start : 0;
    var end = tokens.length && to < tokens.length - 1 ? tokens[to].end : text.length;
    var slice = text.slice(start, end);
    var frag = document.createDocumentFragment();
    if (start > 0) frag.appendChild(document.createTextNode('… '));
    frag.appendChild(highlight(slice, terms));
    if (end < text.length) frag.appendChild(document.createTextNode(' …'));
    return frag;
  }

  // ---- The widget --------------------------------------------------------

  function Search(root) {
    this.root = root;
    this.input = root.querySelector('.search-input');
    this.panel = root.querySelector('.search-panel');
    this.status = root.querySelector('.search-status');
    this.list = root.querySelector('.search-results');
    this.more = root.querySelector('.search-more');
    this.index = new Index(root.getAttribute('data-search-index') || '/search/');
    this.seq = 0;
    this.results = [];
    this.shown = 0;
    this.active = -1;
    this.timer = 0;
    this.bind();
    root.hidden = false;
  }

  Search.prototype.bind = function () {
    var self = this;
    this.input.addEventListener('focus', function () {
      self.index.load().catch(function () {});
      if (self.input.value.trim()) self.open();
    });
    this.input.addEventListener('input', function () {
      clearTimeout(self.timer);
      self.timer = setTimeout(function () { self.run(); }, 60);
    });
    this.input.addEventListener('keydown', function (e) { self.key(e); });
    this.more.addEventListener('click', function () {
      self.showMore();
      self.input.focus();
    });
    // A result on this very page only moves the hash: close the panel too.
    this.list.addEventListener('click', function (e) {
      if (e.target.closest && e.target.closest('a')) self.close();
    });
    this.list.addEventListener('mousemove', function (e) {
      var li = e.target.closest && e.target.closest('[role="option"]');
      if (li) self.setActive(Array.prototype.indexOf.call(self.list.children, li), false);
    });
    document.addEventListener('pointerdown', function (e) {
      if (!self.root.contains(e.target)) self.close();
    });
    this.root.addEventListener('focusout', function (e) {
      if (!e.relatedTarget || !self.root.contains(e.relatedTarget)) self.close();
    });
    document.addEventListener('keydown', function (e) {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
      var t = e.target;
      if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
      e.preventDefault();
      self.input.focus();
      self.input.select();
    });
  };

  Search.prototype.key = function (e) {
    var n = this.list.children.length;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (!n) return;
      e.preventDefault();
      this.open();
      var step = e.key === 'ArrowDown' ? 1 : -1;
      this.setActive(this.active < 0 ? (step > 0 ? 0 : n - 1) : (this.active + step + n) % n, true);
    } else if (e.key === 'Enter') {
      var i = this.active >= 0 ? this.active : 0;
      var link = this.list.children[i] && this.list.children[i].querySelector('a');
      if (link && !this.panel.hidden) {
        e.preventDefault();
        window.location.href = link.href;
      }
    } else if (e.key === 'Escape') {
      if (!this.panel.hidden) {
        e.preventDefault();
        this.close();
      } else if (this.input.value) {
        e.preventDefault();
        this.input.value = '';
      } else {
        this.input.blur();
      }
    }
  };

  Search.prototype.open = function () {
    this.panel.hidden = false;
    this.input.setAttribute('aria-expanded', 'true');
  };

  Search.prototype.close = function () {
    this.panel.hidden = true;
    this.input.setAttribute('aria-expanded', 'false');
    this.setActive(-1, false);
  };

  Search.prototype.setActive = function (i, scroll) {
    var items = this.list.children;
    if (this.active >= 0 && items[this.active]) items[this.active].setAttribute('aria-selected', 'false');
    this.active = i;
    if (i >= 0 && items[i]) {
      items[i].setAttribute('aria-selected', 'true');
      this.input.setAttribute('aria-activedescendant', items[i].id);
      if (scroll) items[i].scrollIntoView({ block: 'nearest' });
    } else {
      this.input.removeAttribute('aria-activedescendant');
    }
  };

  Search.prototype.say = function (text) {
    this.status.textContent = text;
  };

  Search.prototype.run = function () {
    var self = this, seq = ++this.seq;
    var text = this.input.value.trim();
    var terms = queryTerms(text);
    this.terms = terms;
    if (!terms.length) {
      this.list.textContent = '';
      this.more.hidden = true;
      this.setActive(-1, false);
      if (text) { this.say('Type a word to search.'); this.open(); } else this.close();
      return;
    }
    this.open();
    this.index.load()
      .then(function () { return self.index.search(terms); })
      .then(function (results) {
        if (seq !== self.seq) return;
        self.results = results;
        self.shown = 0;
        self.list.textContent = '';
        self.setActive(-1, false);
        // The live region speaks once the result links are in the list, so
        // whoever hears "1 result" (or waits for it) finds the result there.
        return self.showMore().then(function () {
          if (seq !== self.seq) return;
          self.say(results.length === 0 ? 'No results for “' + text + '”.'
            : results.length === 1 ? '1 result for “' + text + '”.'
              : results.length + ' results for “' + text + '”.');
        });
      })
      .catch(function () {
        if (seq === self.seq) self.say('Search is not available right now.');
      });
  };

  Search.prototype.showMore = function () {
    var self = this, seq = this.seq, terms = this.terms;
    var batch = this.results.slice(this.shown, this.shown + PAGE_SIZE);
    var first = this.shown;
    this.shown += batch.length;
    this.more.hidden = this.shown >= this.results.length;
    var items = batch.map(function (r, k) {
      var li = document.createElement('li');
      li.id = 'search-result-' + (first + k);
      li.className = 'search-result';
      li.setAttribute('role', 'option');
      li.setAttribute('aria-selected', 'false');
      self.list.appendChild(li);
      return li;
    });
    return Promise.all(batch.map(function (r, k) {
      return self.index.fragment(r).then(function (f) {
        if (seq !== self.seq) return;
        var a = document.createElement('a');
        a.href = f.u;
        a.tabIndex = -1;
        var title = document.createElement('span');
        title.className = 'search-result-title';
        title.appendChild(highlight(f.t, terms));
        a.appendChild(title);
        if (f.h) {
          var heading = document.createElement('span');
          heading.className = 'search-result-heading';
          heading.appendChild(highlight(f.h, terms));
          a.appendChild(heading);
        }
        if (f.x) {
          var text = document.createElement('span');
          text.className = 'search-result-excerpt';
          text.appendChild(excerpt(f.x, terms));
          a.appendChild(text);
        }
        items[k].appendChild(a);
      }).catch(function () { items[k].remove(); });
    }));
  };

  // ---- Start -------------------------------------------------------------

  var api = { tokenize: tokenize, queryTerms: queryTerms, compare: compare };
  if (typeof globalThis !== 'undefined') globalThis.versusSearch = api;
  if (typeof document === 'undefined') return;
  function start() {
    document.querySelectorAll('[data-search-index]').forEach(function (root) {
      if (root.querySelector('.search-input')) new Search(root);
    });
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
