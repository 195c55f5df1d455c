// The search box tokenizes queries with the same rules the Rust indexer uses
// for pages: run themes/default/static/search.js (no DOM) against the cases
// the Rust unit tests also read (tests/search-tokenize.json). Needs only node.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const source = fs.readFileSync(path.join(REPO, 'themes/default/static/search.js'), 'utf8');
const cases = JSON.parse(fs.readFileSync(path.join(REPO, 'tests/search-tokenize.json'), 'utf8'));

const sandbox = {};
vm.runInNewContext(source, sandbox);
const inner = sandbox.versusSearch;
// Values made in the sandbox have its prototypes; copy them into this realm.
const plain = (v) => JSON.parse(JSON.stringify(v));
const search = {
  tokenize: (text) => plain(inner.tokenize(text)),
  queryTerms: (text) => plain(inner.queryTerms(text)),
  compare: inner.compare,
};

test('search.js tokenizes the shared cases like the Rust indexer', () => {
  for (const [text, want] of cases) {
    assert.deepEqual(search.tokenize(text).map((t) => t.term), want, `tokenizing ${JSON.stringify(text)}`);
  }
});

test('token ranges point back into the text', () => {
  const text = 'Le CTO à Tōkyō: 東京都庁';
  const pieces = search.tokenize(text).map((t) => text.slice(t.start, t.end));
  assert.deepEqual(pieces, ['Le', 'CTO', 'à', 'Tōkyō', '東京', '京都', '都庁', '庁']);
});

test('queries drop CJK tails and know which terms may be prefixes', () => {
  assert.deepEqual(search.queryTerms('東京都 a cto CTO'), [
    { term: '東京', prefix: true }, { term: '京都', prefix: true },
    { term: 'a', prefix: false }, { term: 'cto', prefix: true },
  ]);
  assert.deepEqual(search.queryTerms('日'), [{ term: '日', prefix: true }]);
});

test('terms compare in code point order, like Rust strings', () => {
  assert.ok(search.compare('\uFFFD', '\u{20000}') < 0);
  assert.ok(search.compare('a', 'ab') < 0);
  assert.ok(search.compare('b', 'ab') > 0);
  assert.equal(search.compare('東京', '東京'), 0);
});
