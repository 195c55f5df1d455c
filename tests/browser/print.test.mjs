// Browser tests of comparisons on paper (print media emulated, at 720 px:
// the printable width of an A4 or Letter page): every option and value on
// the page, the reader's result first when there is one, no controls, no
// empty result box, link URLs printed.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { buildSite, serve, browser, open } from './harness.mjs';

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

async function printed(url, options = {}) {
  const page = await open(b, url, { width: 720, ...options });
  await page.emulateMedia({ media: 'print' });
  return page;
}

// Every table cell's box, and whether any part of the table is hidden.
function cells(page) {
  return page.evaluate(() => {
    const out = [];
    for (const wrap of document.querySelectorAll('.vs-table-wrap')) {
      const scroller = wrap.querySelector('.vs-table-scroll');
      out.push({
        clipped: scroller.scrollWidth > scroller.clientWidth + 1 || scroller.scrollHeight > scroller.clientHeight + 1,
        cells: [...wrap.querySelectorAll('tbody td')].map((td) => {
          const r = td.getBoundingClientRect();
          return { left: r.left, right: r.right, height: r.height, text: td.innerText.trim() };
        }),
        width: document.documentElement.clientWidth,
      });
    }
    return out;
  });
}

test('on paper every value of a table wider than the page is there, re-flowed', async () => {
  for (const [site, url, options] of [[() => fixture, '/generators/', 8], [() => fixture, '/articles/table/', 8], [() => demo, '/cio-vs-cto/', 3]]) {
    const page = await printed(site().base + url);
    const [t] = await cells(page);
    assert.equal(t.clipped, false, `${url}: nothing scrolled or cut off`);
    assert.ok(t.cells.length >= options * 3, url);
    for (const c of t.cells) {
      assert.ok(c.height > 0 && c.text.length > 0, `${url}: a value is printed`);
      assert.ok(c.left >= 0 && c.right <= t.width, `${url}: ${c.text} inside the page (${c.left}..${c.right})`);
    }
    if (options > 3) {
      assert.equal(await page.locator('.vs-table thead').isVisible(), false, 'cards, not columns');
      assert.equal(await page.locator('.vs-cell-option').first().isVisible(), true, 'each value names its option');
    } else {
      assert.equal(await page.locator('.vs-table thead').isVisible(), true, 'three options fit as a table');
    }
    assert.equal(await page.locator('.vs-scroll-hint').first().isVisible(), false);
    await page.done();
  }
});

test('on paper the widget prints the reader\'s result first, then the key; no controls', async () => {
  const page = await printed(demo.base + '/cio-vs-cto/#cio-vs-cto.stage=early&cio-vs-cto.technology=product');
  const w = page.locator('#decide [data-versus-widget]');
  const m = await w.evaluate((root) => ({
    result: root.querySelector('.vs-result').getBoundingClientRect().top,
    question: root.querySelector('fieldset').getBoundingClientRect().top,
  }));
  assert.ok(m.result < m.question, 'the result comes before the questions');
  assert.match(await w.locator('.vs-result h3').innerText(), /Chief Technology Officer/);
  assert.equal(await w.locator('.vs-key').first().isVisible(), true, 'the key prints');
  assert.equal(await w.locator('.vs-intro-static').isVisible(), true);
  for (const css of ['.vs-summary', '.vs-clear', '.vs-reset', '.vs-intro-live']) {
    assert.equal(await w.locator(css).first().isVisible(), false, `${css} is not printed`);
  }
  await page.done();
});

test('on paper an unanswered widget prints its key and no empty result', async () => {
  const page = await printed(demo.base + '/cio-vs-cto/');
  const w = page.locator('#decide [data-versus-widget]');
  assert.equal(await w.locator('.vs-result').isVisible(), false);
  assert.equal(await w.locator('.vs-key').first().isVisible(), true);
  assert.equal(await w.locator('.vs-explain').first().isVisible(), true);
  await page.done();
});

test('on paper links print their URL', async () => {
  const page = await printed(demo.base + '/cio-vs-cto/');
  const after = await page.evaluate(() => {
    const a = document.querySelector('.vs-table thead th a');
    return [a.getAttribute('href'), getComputedStyle(a, '::after').content];
  });
  assert.equal(after[1], `" (${after[0]})"`);
  await page.done();
});
