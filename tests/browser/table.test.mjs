// Browser tests of the comparison table's controls (themes/default/src/table.js)
// on tests/fixtures/table-site: eight tents with number, rating and bool
// rows. Sorting by a number, only the rows that differ, choosing two of eight
// options, deal-breakers beside it, the state in the URL (reload, Back),
// several tables on one page, keyboard and screen-reader use, 360 px
// phones, print, and the whole table without JavaScript.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixture, overflow } from './harness.mjs';

const site = fixture('tests/fixtures/table-site');

const PAGE = '/tents/';
const ARTICLE = '/articles/two-tables/';
const ALL = ['alder', 'birch', 'cedar', 'dune', 'elm', 'fir', 'gale', 'heath'];

// The options of a table's header row as shown (hidden columns left out),
// and whether every row's cells follow that order.
function columns(page, nth = 0) {
  return page.evaluate((nth) => {
    const table = document.querySelectorAll('.vs-table')[nth];
    const shown = (cells) => [...cells].filter((c) => c.getClientRects().length)
      .map((c) => c.getAttribute('data-option'));
    const head = shown(table.querySelectorAll('thead th[data-option]'));
    const rows = [...table.querySelectorAll('tbody tr[data-dim]')].filter((r) => r.getClientRects().length);
    return { head, aligned: rows.every((r) => shown(r.querySelectorAll('td')).join() === head.join()) };
  }, nth);
}
// The labels of the rows shown.
function rows(page, nth = 0) {
  return page.evaluate((nth) => [...document.querySelectorAll('.vs-table')[nth]
    .querySelectorAll('tbody tr[data-dim]')].filter((r) => r.getClientRects().length)
    .map((r) => r.querySelector('th').textContent.trim()), nth);
}
const hash = (page) => page.evaluate(() => decodeURIComponent(location.hash));

test('sorting by a number orders the columns, best first offered first, and the URL keeps it', async () => {
  const page = await site.open(PAGE);
  const tools = page.locator('.vs-tools').first();
  const sort = tools.getByLabel('Sort options by');
  // Only number and rating rows are offered, each both ways; the better end first.
  const offered = await sort.locator('option').allInnerTexts();
  assert.deepEqual(offered, [
    'the order as written',
    'Weight: lowest first (best first)', 'Weight: highest first',
    'Packed length: lowest first', 'Packed length: highest first',
    'Sleeps: highest first (best first)', 'Sleeps: lowest first',
    'Rain test: highest first (best first)', 'Rain test: lowest first',
    'Doors: lowest first', 'Doors: highest first',
  ]);
  await sort.selectOption({ label: 'Weight: lowest first (best first)' });
  let cols = await columns(page);
  assert.deepEqual(cols.head, ['gale', 'alder', 'elm', 'birch', 'cedar', 'dune', 'heath', 'fir']);
  assert.ok(cols.aligned, 'every row follows the header order');
  assert.match(await hash(page), /tents~sort=weight,asc/);
  // Ties keep the written order: Sleeps 4, 3, 3, 2, 2, 2, 1, 1.
  await sort.selectOption({ label: 'Sleeps: highest first (best first)' });
  cols = await columns(page);
  assert.deepEqual(cols.head, ['fir', 'dune', 'heath', 'birch', 'cedar', 'elm', 'alder', 'gale']);
  assert.match(await page.locator('.vs-tools-note').first().innerText(), /Sorted by Sleeps: highest first/);
  await page.reload();
  await page.waitForSelector('.vs-tools');
  assert.deepEqual((await columns(page)).head, cols.head);
  assert.equal(await page.locator('.vs-tools select').first().inputValue(), 'sleeps,desc');
  // Back to the order as written: the key leaves the URL.
  await page.locator('.vs-tools select').first().selectOption('');
  assert.deepEqual((await columns(page)).head, ALL);
  assert.doesNotMatch(await hash(page), /sort/);
  assert.deepEqual(page.errors, []);
  await page.done();
});

test('"only rows that differ" hides the rows where every shown option agrees', async () => {
  const page = await site.open(PAGE);
  const all = await rows(page);
  assert.ok(all.includes('Warranty'));
  await page.locator('.vs-tools').first().getByLabel('Only rows that differ').check();
  assert.deepEqual(await rows(page), all.filter((r) => r !== 'Warranty'));
  assert.match(await hash(page), /tents~only=differences/);
  assert.match(await page.locator('.vs-tools-note').first().innerText(), /1 of 7 rows hidden/);
  // With two options shown, the rows where those two agree go too, and a
  // group whose rows are all hidden loses its heading.
  await page.goto(site.base + PAGE + '#tents~only=differences&tents~show=birch,cedar');
  await page.waitForFunction(() => document.querySelector('.vs-tools-note')?.textContent.includes('4 of 7'));
  assert.deepEqual(await rows(page), ['Weight', 'Rain test', 'Made for snow']);
  await page.goto(site.base + PAGE + '#tents~only=differences&tents~show=birch,elm');
  await page.waitForFunction(() => document.querySelector('.vs-tools-note')?.textContent.includes('rows hidden'));
  assert.deepEqual(await rows(page), ['Weight', 'Packed length', 'Rain test', 'Doors']);
  const heads = () => page.locator('.vs-table').first().locator('.vs-group-head').evaluateAll(
    (els) => els.map((e) => [e.textContent.trim(), e.getClientRects().length > 0]));
  assert.deepEqual(await heads(), [['Carrying', true], ['Living', true]]);
  // Alder and Gale differ only in what they weigh and measure packed.
  await page.goto(site.base + PAGE + '#tents~only=differences&tents~show=alder,gale');
  await page.waitForFunction(() => document.querySelector('.vs-tools-note')?.textContent.includes('5 of 7'));
  assert.deepEqual(await rows(page), ['Weight', 'Packed length']);
  assert.deepEqual(await heads(), [['Carrying', true], ['Living', false]]);
  assert.deepEqual(page.errors, []);
  await page.done();
});

test('choosing two of eight options shows them side by side without a sideways scroller', async () => {
  const page = await site.open(PAGE);
  const tools = page.locator('.vs-tools').first();
  const pick = tools.locator('details.vs-pick');
  assert.equal(await pick.locator('summary').innerText(), 'Options shown: 8 of 8');
  await pick.locator('summary').click();
  for (const o of ['alder', 'dune', 'elm', 'fir', 'gale', 'heath']) {
    await pick.locator(`input[value="${o}"]`).uncheck();
  }
  assert.equal(await pick.locator('summary').innerText(), 'Options shown: 2 of 8');
  assert.deepEqual((await columns(page)).head, ['birch', 'cedar']);
  assert.match(await hash(page), /tents~show=birch,cedar/);
  const wrap = page.locator('.vs-table-wrap').first();
  assert.match(await wrap.getAttribute('class'), /\bvs-n2\b/);
  assert.equal(await wrap.locator('.vs-scroll-hint').isVisible(), false);
  const box = await wrap.locator('.vs-table-scroll').evaluate((e) => ({ scroll: e.scrollWidth, width: e.clientWidth }));
  assert.ok(box.scroll <= box.width, `no sideways scroll: ${JSON.stringify(box)}`);
  // The two columns share the width the table has.
  const widths = await wrap.locator('thead th[data-option]:visible').evaluateAll((ths) => ths.map((t) => t.getBoundingClientRect().width));
  assert.equal(widths.length, 2);
  assert.ok(widths.every((w) => w > 300), `${widths}`);
  // The last option cannot be unticked.
  await pick.locator('input[value="birch"]').uncheck();
  await pick.locator('input[value="cedar"]').click(); // put back at once
  assert.deepEqual((await columns(page)).head, ['cedar']);
  assert.equal(await pick.locator('input[value="cedar"]').isChecked(), true);
  assert.equal(await page.locator('.vs-table-wrap [role=status]').first().innerText(), 'At least one option stays shown.');
  await pick.getByRole('button', { name: 'Show all' }).click();
  assert.deepEqual((await columns(page)).head, ALL);
  assert.doesNotMatch(await hash(page), /show/);
  assert.deepEqual(page.errors, []);
  await page.done();
});

test('all of the state comes back on reload and after Back, beside the widget\'s answers', async () => {
  const page = await site.open(PAGE);
  const tools = page.locator('.vs-tools').first();
  await tools.getByLabel('Sort options by').selectOption('weight,desc');
  await tools.getByLabel('Only rows that differ').check();
  await tools.locator('summary').click();
  for (const o of ['alder', 'birch', 'dune', 'elm', 'gale']) await tools.locator(`input[value="${o}"]`).uncheck();
  // A deal-breaker in the widget: snow rules out the five tents not made for it.
  const w = page.locator('[data-versus-widget]');
  await w.getByLabel('In the snow, too').check();
  await w.locator('.vs-ruled-out').waitFor();
  assert.equal(await w.locator('.vs-ruled-out li').count(), 5);
  assert.match(await w.locator('.vs-ruled-out').innerText(), /Alder: needs Made for snow: Yes/);
  assert.deepEqual(await w.locator('.vs-ranking .vs-rank-name').allInnerTexts(), ['Cedar Two', 'Fir Four', 'Heath Three']);
  const want = { head: ['fir', 'heath', 'cedar'], rows: await rows(page), hash: await hash(page) };
  assert.deepEqual(want.head, (await columns(page)).head);
  assert.match(want.hash, /tents\.season=winter/);
  assert.match(want.hash, /tents~sort=weight,desc&tents~only=differences&tents~show=cedar,fir,heath|tents~show=cedar,fir,heath/);

  const check = async () => {
    await page.waitForSelector('.vs-tools-on');
    assert.deepEqual((await columns(page)).head, want.head);
    assert.deepEqual(await rows(page), want.rows);
    assert.equal(await hash(page), want.hash);
    assert.equal(await page.locator('.vs-tools input[type=checkbox]').first().isChecked(), true);
    assert.equal(await w.getByLabel('In the snow, too').isChecked(), true);
  };
  await page.reload();
  await check();
  // Away to another page and Back.
  await page.locator('a', { hasText: 'Three stoves' }).first().click();
  await page.waitForURL(/\/stoves\//);
  await page.goBack();
  await check();
  assert.deepEqual(page.errors, []);
  await page.done();
});

test('tables of two comparisons on one page keep their own state; copies of one share it', async () => {
  const page = await site.open(ARTICLE);
  const tables = page.locator('.vs-table-wrap');
  assert.equal(await tables.count(), 3);
  await tables.nth(0).getByLabel('Sort options by').selectOption('weight,asc');
  // The second copy of the tents follows; the stoves do not move.
  assert.deepEqual((await columns(page, 2)).head, (await columns(page, 0)).head);
  assert.equal(await tables.nth(2).getByLabel('Sort options by').inputValue(), 'weight,asc');
  assert.deepEqual((await columns(page, 1)).head, ['ember', 'flint', 'glow']);
  await tables.nth(1).getByLabel('Sort options by').selectOption('boil,asc');
  assert.deepEqual((await columns(page, 1)).head, ['flint', 'ember', 'glow']);
  assert.equal(await hash(page), '#tents~sort=weight,asc&stoves~sort=boil,asc');
  // Three options: the stoves' table offers the choice too; two would not need it.
  assert.equal(await tables.nth(1).locator('details.vs-pick').count(), 1);
  // Only the table that changed speaks.
  const spoken = await page.locator('.vs-table-wrap [role=status]').allInnerTexts();
  assert.deepEqual(spoken.map((s) => s.trim() !== ''), [true, true, false]);
  await page.reload();
  await page.waitForSelector('.vs-tools-on');
  assert.deepEqual((await columns(page, 1)).head, ['flint', 'ember', 'glow']);
  assert.deepEqual((await columns(page, 2)).head, (await columns(page, 0)).head);
  assert.deepEqual(page.errors, []);
  await page.done();
});

test('the controls work from the keyboard, show their focus and announce the change', async () => {
  const page = await site.open(PAGE);
  const sort = page.locator('.vs-tools select').first();
  await sort.focus();
  const ring = await sort.evaluate((e) => getComputedStyle(e).outlineStyle);
  assert.notEqual(ring, 'none');
  await page.keyboard.press('ArrowDown');
  await page.waitForFunction(() => location.hash.includes('sort=weight'));
  const status = page.locator('.vs-table-wrap [role=status]').first();
  assert.equal(await status.innerText(), 'Sorted by Weight: lowest first (best first).');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.closest('label')?.textContent.trim()), 'Only rows that differ');
  await page.keyboard.press('Space');
  await page.waitForFunction(() => location.hash.includes('only=differences'));
  assert.match(await status.innerText(), /1 of 7 rows hidden/);
  // The options' list opens with Enter; its boxes are named by option.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  assert.equal(await page.locator('details.vs-pick').first().evaluate((d) => d.open), true);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Space');
  assert.match(await status.innerText(), /Showing 7 of 8 options: Gale, Elm,/);
  const names = await page.locator('details.vs-pick input').first().evaluate((i) => i.labels[0].textContent.trim());
  assert.equal(names, 'Alder');
  assert.deepEqual(page.errors, []);
  await page.done();
});

test('at 360 px the controls and the table fit the screen', async () => {
  const page = await site.open(PAGE + '#tents~sort=sleeps,desc&tents~only=differences', { width: 360, height: 740 });
  await page.locator('details.vs-pick summary').first().click();
  const o = await overflow(page);
  assert.ok(o.scroll <= o.width, `page overflows sideways: ${JSON.stringify(o)}`);
  const boxes = await page.locator('.vs-tools').first().locator('select, label, summary, fieldset, button')
    .evaluateAll((els) => els.map((e) => { const r = e.getBoundingClientRect(); return [r.left, r.right]; }));
  for (const [l, r] of boxes) assert.ok(l >= 0 && r <= 360, `control at ${l}..${r}`);
  // A phone shows cards: each card lists the options in the sorted order.
  const first = await page.locator('.vs-table tbody tr[data-dim]').first().locator('td .vs-cell-option')
    .allInnerTexts();
  assert.deepEqual(first.slice(0, 3), ['Fir', 'Dune', 'Heath']);
  assert.deepEqual(page.errors, []);
  await page.done();
});

test('print shows the table as the reader left it, with the note saying so, and no controls', async () => {
  const page = await site.open(PAGE + '#tents~sort=weight,asc&tents~only=differences&tents~show=alder,fir,gale');
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.vs-tools').first().isVisible(), false);
  const note = page.locator('.vs-tools-note').first();
  assert.equal(await note.isVisible(), true);
  assert.equal(await note.innerText(),
    'Showing 3 of 8 options: Gale, Alder, Fir. Sorted by Weight: lowest first (best first). 1 of 7 rows hidden: the same for every option shown.');
  // Three options print as a table (not cards), in the chosen order.
  assert.equal(await page.locator('.vs-table thead').first().isVisible(), true);
  assert.deepEqual((await columns(page)).head, ['gale', 'alder', 'fir']);
  assert.equal(await page.locator('.vs-table').first().evaluate((t) => t.scrollWidth <= t.parentElement.clientWidth), true);
  await page.done();
});

test('without JavaScript the whole table is there, with no controls', async () => {
  const page = await site.open(PAGE + '#tents~show=birch,cedar&tents~only=differences', { js: false });
  assert.equal(await page.locator('.vs-tools').count(), 0);
  assert.deepEqual((await columns(page)).head, ALL);
  assert.equal((await rows(page)).length, 7);
  // The deal-breakers are in the printed key.
  const key = await page.locator('[data-question=season] .vs-key-out').allInnerTexts();
  assert.equal(key.length, 5);
  assert.equal(key[0], 'rules out Alder (needs Made for snow: Yes)');
  await page.done();
});
