// Redirect pages (`aliases`, a section's `redirect_to`): a reader who
// follows an old address with a `#part` lands on that part of the new
// page, as Zola's redirects do, under a CSP that allows only 'self' (the
// script is a file, not inline); without JavaScript the refresh still
// leads to the page.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixture } from './harness.mjs';

const site = fixture('tests/fixtures/zola-keys', { baseUrl: '/' });

for (const [hash, width] of [['#main', 1280], ['#main', 390], ['', 1280]]) {
  test(`an alias keeps the old address's part ("${hash}") at ${width} px`, async () => {
    const page = await site.open(`/news/${hash}`, { width });
    await page.waitForURL((url) => url.pathname === '/blog/');
    assert.equal(new URL(page.url()).hash, hash);
    assert.deepEqual(page.errors, [], 'no script or CSP error');
    if (hash) {
      await page.waitForFunction(() => document.getElementById('main').getBoundingClientRect().top < 120);
    }
    await page.done();
  });
}

test('without JavaScript the refresh still leads to the page', async () => {
  const page = await site.open('/news/#main', { js: false });
  await page.waitForURL((url) => url.pathname === '/blog/');
  await page.done();
});
