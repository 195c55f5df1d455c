// The shipped JavaScript of the comparison surface: static/widget.js is
// exactly what scripts/minify-js makes of its sources in themes/default/src/
// (so nobody edits the minified file by hand or forgets to rebuild it), and
// what a site ships for its tables and widgets stays within the budget:
// 12,000 bytes minified and 5,000 gzipped.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { build, shipped } from './minify.mjs';
import { buildSite } from './harness.mjs';

const BUDGET = { minified: 12000, gzip: 5000 };

test('static/widget.js is the minified build of themes/default/src/', async () => {
  assert.equal(shipped(), await build(), 'themes/default/static/widget.js is stale: run scripts/minify-js');
});

test('the table and widget script a site ships fits the size budget', (t) => {
  const out = buildSite('tests/fixtures/table-site');
  try {
    const bytes = fs.readFileSync(path.join(out, 'widget.js'));
    const gzip = zlib.gzipSync(bytes, { level: 9 }).length;
    t.diagnostic(`widget.js: ${bytes.length} bytes minified, ${gzip} bytes gzipped`);
    assert.ok(bytes.length <= BUDGET.minified, `${bytes.length} bytes minified, over ${BUDGET.minified}`);
    assert.ok(gzip <= BUDGET.gzip, `${gzip} bytes gzipped, over ${BUDGET.gzip}`);
    // The pages load no other script of the comparison surface.
    const html = fs.readFileSync(path.join(out, 'tents/index.html'), 'utf8');
    const scripts = [...html.matchAll(/<script src="([^"]+)"/g)].map((m) => path.basename(m[1]));
    assert.deepEqual(scripts.filter((s) => s !== 'theme.js'), ['widget.js']);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});
