// Browser tests of <comparison>/embed/: the table and the widget without the
// site around them, in an <iframe> on a page of another origin that pastes
// the snippet shown on the comparison page, under CSPs that allow only
// 'self' (the embed) and 'self' plus the embed's origin (the host page).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { buildSite, tempDir, serve, browser, open, axe, overflow } from './harness.mjs';

let site, host, b, dirs = [];

before(async () => {
  const out = tempDir();
  site = await serve(out);
  buildSite('tests/fixtures/compare-site', { out, baseUrl: site.base + '/' });
  const hostDir = tempDir();
  fs.writeFileSync(path.join(hostDir, 'favicon.ico'), '');
  dirs = [out, hostDir];
  host = await serve(hostDir,
    `default-src 'self'; frame-src ${site.base}; script-src 'self' ${site.base}; style-src 'self'`);
  b = await browser();
  // The host page: the snippet exactly as the comparison page shows it.
  const page = await open(b, site.base + '/pair/', { width: 1280 });
  const snippet = await page.locator('pre.vs-embed-snippet').innerText();
  await page.done();
  fs.writeFileSync(path.join(hostDir, 'index.html'),
    `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Host</title></head>
<body><main><h1>Another site</h1><p>Before the frame.</p>\n${snippet}\n<p>After the frame.</p></main></body></html>`);
});
after(async () => {
  await b?.close();
  site?.close();
  host?.close();
  dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
});

test('the comparison page shows a snippet with absolute URLs', async () => {
  const page = await open(b, site.base + '/pair/', { width: 1280 });
  const snippet = await page.locator('pre.vs-embed-snippet').innerText();
  assert.ok(snippet.includes(`<iframe src="${site.base}/pair/embed/"`), snippet);
  assert.ok(snippet.includes(`<script src="${site.base}/versus-embed.js" async></script>`), snippet);
  await page.done();
});

test('the embed page: table and widget, no site chrome, no sideways overflow, no axe violations', async () => {
  for (const width of [320, 375, 1280]) {
    const page = await open(b, site.base + '/scripts/embed/', { width });
    assert.equal(await page.locator('.site-header, .site-nav, .site-footer').count(), 0);
    assert.equal(await page.locator('table.vs-table').count(), 1);
    assert.equal(await page.locator('.vs-widget.vs-live').count(), 1);
    const o = await overflow(page);
    assert.ok(o.scroll <= o.width, `${width} px: ${o.scroll}`);
    assert.deepEqual(await axe(page), [], `${width} px`);
    assert.deepEqual(page.errors, []);
    await page.done();
  }
});

test('embedded on another origin, the frame takes the height of its content, also when it grows', async () => {
  const page = await open(b, host.base + '/', { width: 1000 });
  const frameEl = page.locator('iframe[data-versus-embed]');
  await frameEl.waitFor();
  const frame = page.frameLocator('iframe[data-versus-embed]');
  await frame.locator('.vs-widget.vs-live').waitFor();
  const embedded = () => page.frame({ url: /\/pair\/embed\/(#.*)?$/ });
  const content = () => embedded().evaluate(() => Math.ceil(document.documentElement.getBoundingClientRect().height));
  const fits = async () => {
    const want = await content();
    return page.waitForFunction((want) => {
      const h = document.querySelector('iframe[data-versus-embed]').getBoundingClientRect().height;
      return Math.abs(h - want) <= 1;
    }, want, { timeout: 5000 });
  };
  await fits();
  const before = (await frameEl.boundingBox()).height;
  assert.notEqual(before, 800, 'resized from the snippet\'s 800 px');
  await frame.getByLabel('Less than five years').check();
  await frame.locator('.vs-result h3').waitFor();
  await fits();
  assert.ok((await frameEl.boundingBox()).height > before, 'grew with the result');
  // The frame fills the width and has no scroll bar of its own.
  assert.deepEqual(await embedded().evaluate(() => [
    document.documentElement.scrollHeight <= window.innerHeight + 1,
    document.documentElement.scrollWidth <= window.innerWidth,
  ]), [true, true]);
  assert.deepEqual(page.errors, [], 'no CSP violation on the host page');
  await page.done();
});
