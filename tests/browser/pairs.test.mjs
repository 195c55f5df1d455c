// Browser tests of an "A vs. B" page (examples/generators, `pairs = true`):
// on a 360 px phone, without JavaScript and on paper, both options' values
// are on screen in every row and nothing overflows sideways; axe-core finds
// nothing to flag.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { buildSite, serve, browser, open, overflow, axe } from './harness.mjs';

let site, b, dir;

before(async () => {
  dir = buildSite('examples/generators');
  site = await serve(dir);
  b = await browser();
});
after(async () => {
  await b?.close();
  site?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

// Every table row of the page: its label and, per option, whether its value
// is visible and inside the screen.
function rows(page, width) {
  return page.evaluate((width) => [...document.querySelectorAll('.vs-pair .vs-table tbody tr:not(.vs-group-head)')]
    .map((tr) => ({
      label: tr.querySelector('th').innerText.trim(),
      cells: [...tr.querySelectorAll('td')].map((td) => {
        const v = td.querySelector('.vs-cell-value').getBoundingClientRect();
        return {
          option: td.dataset.option,
          shown: v.width > 0 && v.height > 0 && getComputedStyle(td).visibility !== 'hidden',
          inside: v.left >= 0 && v.right <= width + 0.5,
        };
      }),
    })), width);
}

for (const [width, js, dark] of [[360, true, false], [360, false, false], [360, true, true], [1280, true, false]]) {
  test(`zola vs. hugo at ${width} px (js ${js}, dark ${dark}): both columns in every row, no sideways overflow`, async () => {
    const page = await open(b, site.base + '/generators/zola-vs-hugo/', { width, js, dark });
    const o = await overflow(page);
    assert.ok(o.scroll <= o.width, `page is ${o.scroll} px wide in ${o.width}`);
    const all = await rows(page, width);
    assert.equal(all.length, 6, 'every dimension once, in one of the two tables');
    for (const r of all) {
      assert.deepEqual(r.cells.map((c) => c.option), ['zola', 'hugo'], r.label);
      for (const c of r.cells) assert.ok(c.shown && c.inside, `${r.label}: ${c.option} ${JSON.stringify(c)}`);
    }
    assert.deepEqual(page.errors, []);
    if (js) assert.deepEqual(await axe(page), [], 'axe finds nothing');
    await page.done();
  });
}

test('zola vs. hugo on paper: both columns in every row, the widget\'s key, no sideways overflow', async () => {
  const page = await open(b, site.base + '/generators/zola-vs-hugo/', { width: 700 });
  await page.emulateMedia({ media: 'print' });
  const o = await overflow(page);
  assert.ok(o.scroll <= o.width, `page is ${o.scroll} px wide in ${o.width}`);
  for (const r of await rows(page, 700)) {
    for (const c of r.cells) assert.ok(c.shown && c.inside, `${r.label}: ${c.option}`);
  }
  const hidden = await page.evaluate(() => getComputedStyle(document.getElementById('other-pairs')).display);
  assert.equal(hidden, 'none', 'links to other pairs are left off paper');
  if (process.env.PAIRS_SCREENSHOT) {
    await page.screenshot({ path: process.env.PAIRS_SCREENSHOT, fullPage: true });
  }
  await page.done();
});

test('the comparison page lists the fifteen pairs, readable at 360 px', async () => {
  const page = await open(b, site.base + '/generators/', { width: 360 });
  const o = await overflow(page);
  assert.ok(o.scroll <= o.width, `page is ${o.scroll} px wide in ${o.width}`);
  const links = await page.evaluate(() => [...document.querySelectorAll('#pairs .vs-pairs a')].map((a) => {
    const r = a.getBoundingClientRect();
    return { text: a.innerText, inside: r.left >= 0 && r.right <= 360 && r.width > 0 };
  }));
  assert.equal(links.length, 15);
  assert.equal(links[0].text, 'Zola vs. Hugo');
  for (const l of links) assert.ok(l.inside, l.text);
  assert.deepEqual(await axe(page), []);
  await page.done();
});
