// Browser tests of typed comparison data on tests/fixtures/typed-site (rows
// from a CSV file): group headings and typed cells in the table, and
// deal-breakers in the decision widget: an answer rules options out, the
// result says which answer ruled out what, and the state is in the URL.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixture } from './harness.mjs';

const site = fixture('tests/fixtures/typed-site');

const PAGE = '/databases/';

test('the table shows group headings and typed cells from the CSV', async () => {
  const page = await site.open(PAGE);
  const groups = await page.locator('.vs-table .vs-group-head th').allTextContents();
  assert.deepEqual(groups.map((t) => t.trim()), ['Features', 'Limits']);
  const json = page.locator('.vs-table tr', { hasText: 'JSON support' });
  assert.match(await json.locator('td[data-option="lite"]').innerText(), /Partial \(stored as text\)/);
  assert.match(await json.locator('td[data-option="pg"]').innerText(), /Yes/);
  const size = page.locator('.vs-table tr', { hasText: 'Largest database' });
  assert.equal(await size.locator('td.vs-best-cell').getAttribute('data-option'), 'my');
  assert.deepEqual(page.errors, []);
  await page.done();
});

test('a deal-breaker rules options out and says which answer did it', async () => {
  const page = await site.open(PAGE);
  const w = page.locator('[data-versus-widget]').first();
  await w.getByLabel('Replicated, on several machines').check();
  const result = w.locator('[data-versus-result]');
  await result.locator('.vs-ruled-out').waitFor();
  const ruled = await result.locator('.vs-ruled-out li').allInnerTexts();
  assert.deepEqual(ruled, [
    'SQLite: needs Built-in replication: Yes, by your answer \u201cReplicated, on several machines\u201d',
  ]);
  const ranked = await result.locator('.vs-ranking .vs-rank-name').allInnerTexts();
  assert.deepEqual(ranked, ['PostgreSQL', 'MySQL']);
  // A second deal-breaker: only PostgreSQL has PL/Python.
  await w.getByLabel('Yes, in Python').check();
  await page.waitForFunction(() => document.querySelectorAll('.vs-ruled-out li').length === 2);
  assert.match(await result.locator('.vs-outcome-head').innerText(), /PostgreSQL/);
  assert.match(await result.locator('.vs-ruled-out').innerText(), /MySQL: needs Stored procedure languages: PL\/Python/);
  const hash = await page.evaluate(() => decodeURIComponent(location.hash));
  assert.match(hash, /databases\.scale=cluster/);
  assert.match(hash, /databases\.procs=yes/);
  assert.deepEqual(page.errors, []);
  await page.done();
});

test('ruling out every option says so, and the state comes back from the URL', async () => {
  const page = await site.open(PAGE + '#databases.scale=embedded&databases.procs=yes');
  const result = page.locator('[data-versus-widget] [data-versus-result]').first();
  await result.locator('.vs-outcome-head').waitFor();
  assert.equal((await result.locator('.vs-outcome-head').innerText()).trim(), 'Every option is ruled out');
  assert.equal(await result.locator('.vs-ruled-out li').count(), 3);
  assert.deepEqual(page.errors, []);
  await page.done();
});
