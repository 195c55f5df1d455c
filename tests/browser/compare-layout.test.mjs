// Browser tests of the comparison table's layout, by measurement: inside
// articles, on the comparison page, on phones, with long words and
// right-to-left text. Two sites: the demo (the repo root) and
// tests/fixtures/compare-site (2, 8 and right-to-left options).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { buildSite, serve, browser, open, overflow } from './harness.mjs';

let demo, fixture, b, dirs = [];

before(async () => {
  dirs = [buildSite('.'), buildSite('tests/fixtures/compare-site')];
  [demo, fixture] = await Promise.all(dirs.map((d) => serve(d)));
  b = await browser();
});
after(async () => {
  await b?.close();
  demo?.close();
  fixture?.close();
  dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
});

// Boxes of the first comparison table on the page (inside .prose if asked).
function boxes(page, within = '') {
  return page.evaluate((within) => {
    const wrap = document.querySelector(`${within} .vs-table-wrap`);
    const scroller = wrap.querySelector('.vs-table-scroll');
    const table = wrap.querySelector('table');
    const r = (e) => { const b = e.getBoundingClientRect(); return { top: b.top, bottom: b.bottom, left: b.left, right: b.right, width: b.width, height: b.height }; };
    const scrolls = [wrap, ...wrap.querySelectorAll('*')].filter((e) =>
      /auto|scroll/.test(getComputedStyle(e).overflowX) && e.scrollWidth > e.clientWidth + 1);
    return {
      wrap: r(wrap),
      scroller: r(scroller),
      scrollerStyle: { maxHeight: getComputedStyle(scroller).maxHeight, overflowY: getComputedStyle(scroller).overflowY },
      cutOff: scroller.scrollHeight - scroller.clientHeight,
      tableDisplay: getComputedStyle(table).display,
      tableBorder: getComputedStyle(table).borderTopWidth,
      framed: [wrap, scroller, table].filter((e) => getComputedStyle(e).borderTopStyle !== 'none' &&
        parseFloat(getComputedStyle(e).borderTopWidth) > 0).length,
      scrollers: scrolls.length,
      hint: r(wrap.querySelector('.vs-scroll-hint')),
      cols: [...table.querySelectorAll('thead th')].map(r),
      rows: [...table.querySelectorAll('tbody tr')].map(r),
      header: r(document.querySelector('.site-header')),
    };
  }, within);
}

test('an article with eight options at 1280 px: one frame, one scroller, a hint, a sticky first column', async () => {
  const page = await open(b, fixture.base + '/articles/table/', { width: 1280 });
  const m = await boxes(page, '.prose');
  assert.equal(m.tableDisplay, 'table', 'the theme\'s `.prose table { display: block }` does not apply');
  assert.equal(m.framed, 1, 'one frame, not two');
  assert.equal(m.scrollers, 1, 'one sideways scroller');
  assert.ok(m.cols.at(-1).right > m.scroller.right, 'the last column is off to the side');
  assert.ok(m.hint.height > 0 && m.hint.bottom <= m.scroller.top + 1, 'a visible hint above the table');
  assert.equal(m.cutOff, 0, 'no rows hidden in the scroller');
  // Scrolled sideways, the row labels stay at the left edge.
  await page.evaluate(() => { document.querySelector('.vs-table-scroll').scrollLeft = 600; });
  const left = await page.evaluate(() =>
    document.querySelector('.vs-table tbody th').getBoundingClientRect().left -
    document.querySelector('.vs-table-scroll').getBoundingClientRect().left);
  assert.ok(left >= 0 && left <= 2, `first column sticks (${left})`);
  assert.deepEqual(page.errors, []);
  await page.done();
});

test('an article with three options at 1280 px: every column shows, no hint, the header row sticks', async () => {
  for (const dark of [false, true]) {
    const page = await open(b, demo.base + '/guides/who-does-what/', { width: 1280, dark });
    let m = await boxes(page, '.prose');
    assert.equal(m.cols.length, 3);
    for (const c of m.cols) assert.ok(c.right <= m.scroller.right + 1, `column at ${c.left}..${c.right} inside ${m.scroller.right}`);
    assert.equal(m.hint.height, 0, 'no hint when everything fits');
    assert.equal(m.scrollers, 0);
    assert.equal(m.framed, 1);
    // Scroll the page so the table's top is under the site header: the header
    // row stays just below it while the rows pass.
    await page.evaluate(() => {
      const t = document.querySelector('.prose .vs-table tbody');
      window.scrollTo({ top: t.getBoundingClientRect().top + window.scrollY - 40, behavior: 'instant' });
    });
    m = await boxes(page, '.prose');
    assert.ok(m.rows[0].top < m.header.bottom, 'the first rows have scrolled under the header');
    assert.ok(Math.abs(m.cols[0].top - m.header.bottom) <= 2, `header row at ${m.cols[0].top}, site header ends at ${m.header.bottom}`);
    await page.done();
  }
});

test('the comparison page at 1280 px: no height cap, nothing cut off, the page scrolls under the mouse', async () => {
  const page = await open(b, demo.base + '/cio-vs-cto/', { width: 1280, height: 600 });
  const m = await boxes(page);
  assert.equal(m.scrollerStyle.maxHeight, 'none');
  assert.equal(m.cutOff, 0, 'every row is in the page, none inside a scroll box');
  assert.equal(m.scrollers, 0);
  for (const c of m.cols) assert.ok(c.right <= m.scroller.right + 1);
  assert.ok(m.rows.at(-1).bottom <= m.scroller.bottom + 1);
  // The wheel over the table scrolls the page.
  await page.mouse.move(m.scroller.left + 200, Math.min(m.scroller.top + 300, 590));
  await page.mouse.wheel(0, 400);
  await page.waitForFunction(() => window.scrollY > 0);
  await page.done();
});

test('phones: one card per dimension, each naming every option with its value', async () => {
  for (const [site, url, options] of [[() => demo, '/cio-vs-cto/', 3], [() => fixture, '/articles/table/', 8], [() => fixture, '/pair/', 2]]) {
    for (const dark of [false, true]) {
      const page = await open(b, site().base + url, { width: 375, dark });
      const m = await page.evaluate(() => {
        const table = document.querySelector('.vs-table');
        return {
          head: getComputedStyle(table.querySelector('thead')).display,
          cards: [...table.querySelectorAll('tbody tr:not(.vs-group-head)')].map((tr) => {
            const b = tr.getBoundingClientRect();
            return {
              left: b.left, right: b.right,
              cells: [...tr.querySelectorAll('td')].map((td) => ({
                name: td.querySelector('.vs-cell-option').innerText.trim(),
                value: td.querySelector('.vs-cell-value').innerText.trim(),
                right: td.getBoundingClientRect().right,
                left: td.getBoundingClientRect().left,
              })),
            };
          }),
          shorts: JSON.parse(document.querySelector('script[data-versus-data]').textContent)
            .options.map((o) => o.short),
        };
      });
      assert.equal(m.head, 'none', url);
      assert.ok(m.cards.length >= 3, url);
      for (const card of m.cards) {
        assert.ok(card.left >= 0 && card.right <= 375, `${url}: card inside the screen`);
        assert.ok(card.right - card.left >= 300, `${url}: a card is as wide as the screen`);
        assert.equal(card.cells.length, options);
        assert.deepEqual(card.cells.map((c) => c.name), m.shorts, `${url}: every option named`);
        for (const c of card.cells) {
          assert.ok(c.value.length > 0, `${url}: no value lost`);
          assert.ok(c.left >= card.left && c.right <= card.right + 0.5, `${url}: value inside its card`);
        }
      }
      const o = await overflow(page);
      assert.ok(o.scroll <= o.width, `${url} ${dark ? 'dark' : 'light'}: ${o.scroll} > ${o.width}`);
      await page.done();
    }
  }
});

test('320 px with long words, URLs and right-to-left text: nothing overflows sideways', async () => {
  for (const js of [true, false]) {
    for (const url of ['/scripts/', '/pair/', '/generators/', '/articles/table/', '/articles/two-widgets/']) {
      const page = await open(b, fixture.base + url, { width: 320, js });
      let o = await overflow(page);
      assert.ok(o.scroll <= o.width, `${url} (js ${js}): page is ${o.scroll} px wide`);
      if (js && url === '/scripts/') {
        // With a result showing, too.
        await page.getByLabel('Dampfschifffahrtsgesellschaftsmitarbeiterinnen', { exact: false }).check();
        await page.locator('.vs-result .vs-ranking').waitFor();
        o = await overflow(page);
        assert.ok(o.scroll <= o.width, `${url} with a result: page is ${o.scroll} px wide`);
      }
      await page.done();
    }
  }
});

test('right-to-left values run right to left, left-to-right ones left to right', async () => {
  const page = await open(b, fixture.base + '/scripts/', { width: 1280 });
  const dirs = await page.evaluate(() => Object.fromEntries(
    [...document.querySelectorAll('tbody tr:first-child td')].map((td) =>
      [td.dataset.option, getComputedStyle(td.querySelector('.vs-cell-value')).direction])));
  assert.deepEqual(dirs, { hebrew: 'rtl', arabic: 'rtl', german: 'ltr' });
  const legend = await page.evaluate(() =>
    getComputedStyle(document.querySelector('legend > span')).direction);
  assert.equal(legend, 'rtl');
  await page.done();
});

test('a search result\'s link to a table row shows that row below the sticky header row', async () => {
  const page = await open(b, demo.base + '/cio-vs-cto/#vs-row-stage', { width: 1280, height: 600 });
  await page.emulateMedia({ reducedMotion: 'reduce' });
  // The load's own smooth scroll to the row (motion was not reduced yet)
  // ends first: scrolling to the row while it runs lands where it was going.
  await page.evaluate(() => new Promise((done) => {
    let last = -1;
    const t = setInterval(() => { if (scrollY === last) { clearInterval(t); done(); } last = scrollY; }, 150);
  }));
  await page.evaluate(() => document.getElementById('vs-row-stage').scrollIntoView({ behavior: 'instant' }));
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  const m = await page.evaluate(() => ({
    row: document.getElementById('vs-row-stage').getBoundingClientRect().top,
    head: document.querySelector('.vs-table thead th').getBoundingClientRect().bottom,
    marked: getComputedStyle(document.querySelector('#vs-row-stage > th')).boxShadow,
  }));
  assert.ok(m.row >= m.head - 1, `row at ${m.row}, header row ends at ${m.head}`);
  assert.notEqual(m.marked, 'none', 'the row is marked');
  await page.done();
});
