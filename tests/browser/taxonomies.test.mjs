// The default theme's taxonomy pages (tests/fixtures/taxonomies: categories
// over listing pages, series with feeds) and a page with terms of both:
// axe finds nothing, light and dark, and nothing runs off the side at 360 px.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixture, axe, overflow } from './harness.mjs';

const site = fixture('tests/fixtures/taxonomies', { baseUrl: '/' });

for (const url of ['/categories/', '/categories/guides/', '/categories/guides/p/2/', '/series/getting-started/', '/blog/b/']) {
  test(`${url}: axe finds nothing, and it fits 360 px`, async () => {
    for (const [width, dark] of [[1280, false], [1280, true], [360, false]]) {
      const page = await site.open(url, { width, dark });
      assert.deepEqual(await axe(page), [], `${url} at ${width} px, ${dark ? 'dark' : 'light'}`);
      const { scroll, width: visible } = await overflow(page);
      assert.ok(scroll <= visible, `${url} at ${width} px is ${scroll} px wide`);
      assert.deepEqual(page.errors, []);
      await page.done();
    }
  });
}
