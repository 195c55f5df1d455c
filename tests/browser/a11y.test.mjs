// axe-core over the pages where readers meet comparisons: the home page, an
// article with a table, articles with a table and widgets, the comparison
// page (light and dark, before and after answering), and two widgets on one
// page. (The demo's /guides/company-stage/ also has a widget, but its
// Markdown task list renders unlabelled checkboxes: a Markdown matter.)

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { buildSite, serve, browser, open, axe } from './harness.mjs';

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

const PAGES = [
  [() => demo, '/'],
  [() => demo, '/guides/who-does-what/'],
  [() => demo, '/cio-vs-cto/'],
  [() => fixture, '/articles/table/'],
  [() => fixture, '/articles/two-widgets/'],
  [() => fixture, '/scripts/'],
];

for (const [site, url] of PAGES) {
  test(`axe finds nothing on ${url} (light and dark, 1280 and 375 px)`, async () => {
    for (const [width, dark] of [[1280, false], [1280, true], [375, false]]) {
      const page = await open(b, site().base + url, { width, dark });
      assert.deepEqual(await axe(page), [], `${url} at ${width} px, ${dark ? 'dark' : 'light'}`);
      await page.done();
    }
  });
}

test('axe finds nothing in an answered widget, nor without JavaScript', async () => {
  for (const dark of [false, true]) {
    const page = await open(b, demo.base + '/cio-vs-cto/#cio-vs-cto.stage=early&cio-vs-cto.concerns=security', { width: 375, dark });
    await page.locator('#decide .vs-result h3').waitFor();
    assert.equal(await page.locator('#decide .vs-summary').isVisible(), true);
    assert.deepEqual(await axe(page), [], `375 px, dark ${dark}`);
    await page.setViewportSize({ width: 1280, height: 800 });
    assert.deepEqual(await axe(page), [], `1280 px, dark ${dark}`);
    await page.done();
  }
  for (const url of ['/articles/two-widgets/', '/scripts/']) {
    const plain = await open(b, fixture.base + url, { width: 375, widget: false });
    assert.equal(await plain.locator('.vs-live').count(), 0);
    assert.deepEqual(await axe(plain), [], `${url} without the widget's script`);
    await plain.done();
  }
});

test('axe finds nothing in open search results, before and after picking one with the arrow keys', async () => {
  for (const [width, dark] of [[1280, false], [375, true]]) {
    const page = await open(b, demo.base + '/', { width, dark });
    const input = page.getByRole('combobox', { name: 'Search this site' });
    await input.fill('cto');
    await page.locator('#search-results a[role="option"][href]').first().waitFor();
    await page.waitForFunction(() => /result/.test(document.querySelector('#search-status').textContent));
    assert.deepEqual(await axe(page), [], `results at ${width} px, dark ${dark}`);
    await input.press('ArrowDown');
    assert.deepEqual(await axe(page), [], `a result picked at ${width} px, dark ${dark}`);
    await page.done();
  }
});
