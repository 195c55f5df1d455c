// Browser tests of the search box, in Debian's headless Chromium: on the demo
// site (the repo root), and on a small site with Japanese and Russian pages
// published under a sub-path (base_url …/docs/). Built with $VERSUS_BIN
// (scripts/test sets it), or with `cargo build` + target/debug/versus.
// scripts/setup-browser.sh installs chromium and playwright-core.

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
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.xml': 'application/xml',
};

const servers = [];
const cleanup = [];
let context, userDir;

// A tiny static server for `root`, mounted at `prefix`, with a strict CSP
// (scripts only from 'self', no inline script).
function serve(root, prefix = '/') {
  return new Promise((resolve) => {
    const server = http.createServer((req, res) => {
      let rel = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      const file = rel.startsWith(prefix)
        ? path.join(root, path.normalize('/' + rel.slice(prefix.length) + (rel.endsWith('/') ? 'index.html' : '')))
        : null;
      if (!file || !file.startsWith(root) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
        res.writeHead(404, { 'content-type': 'text/plain' });
        return res.end('not found');
      }
      res.writeHead(200, {
        'content-type': TYPES[path.extname(file)] || 'application/octet-stream',
        'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self'",
      });
      fs.createReadStream(file).pipe(res);
    });
    servers.push(server);
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}`));
  });
}

function versusBin() {
  if (process.env.VERSUS_BIN) return process.env.VERSUS_BIN;
  execFileSync('cargo', ['build', '--quiet'], { cwd: REPO, stdio: 'inherit' });
  return path.join(process.env.CARGO_TARGET_DIR || path.join(REPO, 'target'), 'debug', 'versus');
}

function build(bin, root, baseUrl) {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'versus-search-'));
  cleanup.push(out);
  execFileSync(bin, ['build', '--root', root, '--output', out, '--base-url', baseUrl],
    { stdio: ['ignore', 'ignore', 'inherit'] });
  return out;
}

// A site in other scripts, to be published under /docs/.
function writeIntlSite() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'versus-intl-'));
  cleanup.push(root);
  const write = (rel, text) => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  };
  write('versus.toml', 'title = "Intl"\nbase_url = "https://example.org/docs/"\nbuild_search_index = true\n');
  write('content/_index.md', '+++\ntitle = "Home"\n+++\nWelcome.\n');
  write('content/ja.md', '+++\ntitle = "最高技術責任者"\n+++\n概要です。\n\n## 東京の事務所 {#tokyo}\n\n東京都庁の近くにあります。\n');
  write('content/ru.md', '+++\ntitle = "Директор"\n+++\nВступление.\n\n## Обязанности {#duties}\n\nТехнический директор отвечает за продукт.\n');
  return root;
}

let demo, intl;

before(async () => {
  const bin = versusBin();
  const demoOut = build(bin, REPO, 'http://127.0.0.1/');
  demo = await serve(demoOut);
  const intlOut = build(bin, writeIntlSite(), 'http://127.0.0.1/docs/');
  intl = (await serve(intlOut, '/docs/')) + '/docs';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'versus-chromium-'));
  userDir = dir;
  context = await chromium.launchPersistentContext(dir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run', '--disable-quic', '--disable-sync'],
  });
});

after(async () => {
  await context?.close();
  for (const s of servers) s.close();
  if (userDir) fs.rmSync(userDir, { recursive: true, force: true });
  for (const d of cleanup) fs.rmSync(d, { recursive: true, force: true });
});

async function open(url) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(url);
  await page.locator('.search:not([hidden])').waitFor();
  page.errors = errors;
  return page;
}

const box = (page) => page.getByRole('combobox', { name: 'Search this site' });
const results = (page) => page.locator('#search-results [role="option"] a');

test('typing a word from the demo content finds the page and heading, word highlighted', async () => {
  const page = await open(demo + '/');
  await box(page).fill('payroll');
  const first = results(page).first();
  await first.waitFor();
  assert.equal(await first.getAttribute('href'), '/guides/company-stage/#early-stage-companies-cto-first');
  assert.match(await first.locator('.search-result-heading').textContent(), /Early-stage companies: CTO first/);
  assert.equal(await first.locator('mark').first().textContent(), 'payroll');
  assert.match(await page.locator('#search-status').textContent(), /^1 result for “payroll”/);
  assert.equal(await box(page).getAttribute('aria-expanded'), 'true');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('results come as you type: a prefix is enough, and two words must both match', async () => {
  const page = await open(demo + '/guides/');
  await box(page).pressSequentially('budg', { delay: 20 });
  await results(page).first().waitFor();
  const hrefs = await results(page).evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.ok(hrefs.includes('/guides/signs-you-need-a-cio/#budget'), hrefs.join(' '));
  await box(page).fill('payroll laptops');
  await page.waitForFunction(() => document.querySelector('#search-status').textContent.includes('payroll laptops'));
  assert.equal(await results(page).count(), 1);
  await box(page).fill('payroll zebra');
  await page.waitForFunction(() => /No results/.test(document.querySelector('#search-status').textContent));
  assert.equal(await results(page).count(), 0);
  await page.close();
});

test('the live region announces the count only once the result links are listed', async () => {
  const page = await open(demo + '/');
  // Excerpt fragments arrive late, as on a slow connection: the count must wait for them.
  await page.route('**/f/*.json*', async (route) => {
    await new Promise((r) => setTimeout(r, 300));
    await route.continue();
  });
  await box(page).fill('payroll');
  await page.waitForFunction(() => document.querySelector('#search-status').textContent.includes('payroll'));
  assert.equal(await results(page).count(), 1);
  await page.close();
});

test('"/" focuses the box; arrows pick a result, Enter opens it at the heading; Esc closes', async () => {
  const page = await open(demo + '/');
  await page.locator('main').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('/');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'search-input');
  await page.keyboard.type('payroll');
  await results(page).first().waitFor();
  await page.keyboard.press('ArrowDown');
  const active = await box(page).getAttribute('aria-activedescendant');
  assert.equal(await page.locator('#' + active).getAttribute('aria-selected'), 'true');
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('.search-panel').isHidden(), true);
  assert.equal(await box(page).getAttribute('aria-expanded'), 'false');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await page.waitForURL('**/guides/company-stage/#early-stage-companies-cto-first');
  await page.close();
});

test('"/" typed into another field stays there', async () => {
  const page = await open(demo + '/');
  await box(page).fill('a/b');
  assert.equal(await box(page).inputValue(), 'a/b');
  await page.close();
});

test('the index is fetched lazily, in small pieces', async () => {
  const page = await context.newPage();
  const fetched = [];
  page.on('response', (r) => { if (r.url().includes('/search/')) fetched.push(new URL(r.url()).pathname); });
  await page.goto(demo + '/');
  await page.locator('.search:not([hidden])').waitFor();
  assert.deepEqual(fetched, [], 'nothing fetched before the box is used');
  await box(page).fill('payroll');
  await results(page).first().waitFor();
  assert.ok(fetched.includes('/search/index.json'));
  assert.ok(fetched.filter((p) => p.startsWith('/search/t/')).length <= 2, fetched.join(' '));
  assert.equal(fetched.filter((p) => p.startsWith('/search/f/')).length, 1, fetched.join(' '));
  await page.close();
});

test('Japanese and Russian under a sub-path base URL', async () => {
  const page = await open(intl + '/');
  await box(page).fill('東京');
  await results(page).first().waitFor();
  assert.equal(await results(page).first().getAttribute('href'), '/docs/ja/#tokyo');
  assert.equal(await results(page).first().locator('.search-result-heading mark').textContent(), '東京');
  await box(page).fill('технический');
  await page.waitForFunction(() => /технический/.test(document.querySelector('#search-status').textContent));
  await results(page).first().waitFor();
  assert.equal(await results(page).first().getAttribute('href'), '/docs/ru/#duties');
  await box(page).fill('ДИРЕКТОР');
  await page.waitForFunction(() => /ДИРЕКТОР/.test(document.querySelector('#search-status').textContent));
  assert.equal(await results(page).first().getAttribute('href'), '/docs/ru/');
  assert.deepEqual(page.errors, []);
  await page.close();
});
