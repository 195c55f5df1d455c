// Browser test of the default theme's `tabs` shortcode (tabs.js), on the
// `authoring` fixture site, in Debian's headless Chromium: the WAI-ARIA tabs
// pattern (roles, one tab in the tab order, arrows/Home/End move and show),
// tab sets of one group switching together, the choice remembered on the
// next page load. Built with $VERSUS_BIN (scripts/test sets it), or `cargo build`.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const FIXTURE = path.join(REPO, 'tests/fixtures/authoring');
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript',
  '.svg': 'image/svg+xml',
};

let ROOT, server, base, browser;

// public/ on 127.0.0.1 under a strict CSP: tabs.js must work from its file.
function serve() {
  return new Promise((resolve) => {
    server = http.createServer((req, res) => {
      let rel = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      if (rel.endsWith('/')) rel += 'index.html';
      const file = path.join(ROOT, path.normalize(rel));
      if (!file.startsWith(ROOT) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
        res.writeHead(404, { 'content-type': 'text/plain' });
        return res.end('not found');
      }
      res.writeHead(200, {
        'content-type': TYPES[path.extname(file)] || 'application/octet-stream',
        'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self'",
      });
      fs.createReadStream(file).pipe(res);
    });
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}`));
  });
}

function buildSite() {
  let bin = process.env.VERSUS_BIN;
  if (!bin) {
    execFileSync('cargo', ['build', '--quiet'], { cwd: REPO, stdio: 'inherit' });
    bin = path.join(process.env.CARGO_TARGET_DIR || path.join(REPO, 'target'), 'debug', 'versus');
  }
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'versus-tabs-'));
  execFileSync(bin, ['build', '--root', FIXTURE, '--output', out, '--base-url', 'http://127.0.0.1/'],
    { stdio: ['ignore', 'ignore', 'inherit'] });
  return out;
}

before(async () => {
  ROOT = buildSite();
  base = await serve();
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run', '--disable-quic', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
  server?.close();
  if (ROOT) fs.rmSync(ROOT, { recursive: true, force: true });
});

async function open(context) {
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
  await page.goto(base + '/guide/callouts/');
  await page.waitForSelector('.tabs-ready [role=tab]');
  return page;
}

// Per tab set: the selected tab's label and which panels are visible.
const state = (page) => page.evaluate(() => [...document.querySelectorAll('.tabs')].map((set) => ({
  selected: [...set.querySelectorAll('[role=tab]')]
    .filter((t) => t.getAttribute('aria-selected') === 'true').map((t) => t.textContent),
  visible: [...set.querySelectorAll('[role=tabpanel]')].filter((p) => !p.hidden)
    .map((p) => p.dataset.tabLabel),
})));

test('tabs follow the WAI-ARIA tabs pattern from the keyboard', async () => {
  const context = await browser.newContext();
  const page = await open(context);
  const first = page.locator('.tabs').first();
  const tabs = first.locator('[role=tablist] > [role=tab]');
  assert.equal(await tabs.count(), 2);
  // Each tab controls its panel, which is labelled by it.
  for (let i = 0; i < 2; i++) {
    const tab = tabs.nth(i);
    const panel = page.locator('#' + await tab.getAttribute('aria-controls'));
    assert.equal(await panel.getAttribute('role'), 'tabpanel');
    assert.equal(await panel.getAttribute('aria-labelledby'), await tab.getAttribute('id'));
  }
  // Only the selected tab is in the tab order.
  assert.deepEqual(await tabs.evaluateAll((ts) => ts.map((t) => t.tabIndex)), [0, -1]);
  await tabs.nth(0).focus();
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'macOS');
  assert.deepEqual((await state(page))[0], { selected: ['macOS'], visible: ['macOS'] });
  assert.deepEqual(await tabs.evaluateAll((ts) => ts.map((t) => t.tabIndex)), [-1, 0]);
  // Right from the last wraps to the first; Left from the first to the last.
  await page.keyboard.press('ArrowRight');
  assert.deepEqual((await state(page))[0].selected, ['Linux']);
  await page.keyboard.press('ArrowLeft');
  assert.deepEqual((await state(page))[0].selected, ['macOS']);
  await page.keyboard.press('Home');
  assert.deepEqual((await state(page))[0].selected, ['Linux']);
  await page.keyboard.press('End');
  assert.deepEqual((await state(page))[0].selected, ['macOS']);
  // Tab moves on into the panel, not to the other tab.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('role')), 'tabpanel');
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('a group switches together and is remembered on the next load', async () => {
  const context = await browser.newContext();
  const page = await open(context);
  assert.deepEqual(await state(page), [
    { selected: ['Linux'], visible: ['Linux'] },
    { selected: ['Linux'], visible: ['Linux'] },
  ]);
  await page.locator('.tabs').nth(1).getByRole('tab', { name: 'macOS' }).click();
  assert.deepEqual(await state(page), [
    { selected: ['macOS'], visible: ['macOS'] },
    { selected: ['macOS'], visible: ['macOS'] },
  ]);
  await page.screenshot({ path: path.join(os.tmpdir(), 'versus-tabs.png'), fullPage: true });
  const again = await open(context);
  assert.deepEqual((await state(again)).map((s) => s.selected[0]), ['macOS', 'macOS']);
  assert.deepEqual([...page.errors, ...again.errors], []);
  await context.close();
});
