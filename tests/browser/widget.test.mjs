// Browser tests of the decision widget on the demo site, in Debian's
// headless Chromium. The site is built into a temp folder with $VERSUS_BIN
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
let ROOT;
const PAGE = '/cio-vs-cto/';
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.xml': 'application/xml',
};

let server, base, context, userDir;

// A tiny static server for public/ on 127.0.0.1, with the CSP the widget
// claims to work under (scripts only from 'self', no inline script).
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

async function launch(options = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'versus-chromium-'));
  const ctx = await chromium.launchPersistentContext(dir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run', '--disable-quic', '--disable-sync'],
    ...options,
  });
  return { ctx, dir };
}

// Build the demo site (the repo root is a versus site) into a temp folder.
function buildSite() {
  let bin = process.env.VERSUS_BIN;
  if (!bin) {
    execFileSync('cargo', ['build', '--quiet'], { cwd: REPO, stdio: 'inherit' });
    bin = path.join(process.env.CARGO_TARGET_DIR || path.join(REPO, 'target'), 'debug', 'versus');
  }
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'versus-site-'));
  execFileSync(bin, ['build', '--root', REPO, '--output', out, '--base-url', 'http://127.0.0.1/'],
    { stdio: ['ignore', 'ignore', 'inherit'] });
  return out;
}

before(async () => {
  ROOT = buildSite();
  assert.ok(fs.existsSync(path.join(ROOT, 'cio-vs-cto/index.html')), `no demo comparison page in ${ROOT}`);
  base = await serve();
  ({ ctx: context, dir: userDir } = await launch());
});

after(async () => {
  await context?.close();
  server?.close();
  if (userDir) fs.rmSync(userDir, { recursive: true, force: true });
  if (ROOT) fs.rmSync(ROOT, { recursive: true, force: true });
});

async function open(hash = '') {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(base + PAGE + hash);
  await page.locator('.vs-widget.vs-live').waitFor();
  page.errors = errors;
  return page;
}

const widget = (page) => page.locator('#decide [data-versus-widget]');
const answer = (page, label) => widget(page).getByLabel(label, { exact: false });

async function ranking(page) {
  return widget(page).locator('.vs-ranking .vs-rank-name').allTextContents();
}

test('early-stage startup building its product: CTO first, with that answer as a reason', async () => {
  const page = await open();
  await answer(page, 'Early stage').check();
  await answer(page, 'It is the product we sell').check();
  const names = await ranking(page);
  assert.equal(names[0], 'Chief Technology Officer');
  const result = widget(page).locator('.vs-result');
  assert.match(await result.locator('.vs-outcome-head').textContent(), /Leaning towards: Chief Technology Officer/, "two of five answers: a softer wording");
  const why = await result.locator('.vs-why li').allTextContents();
  assert.ok(why.some((t) => t.includes('Early stage') && t.includes('CTO +3')), why.join('\n'));
  assert.ok(why.some((t) => t.includes('It is the product we sell')), why.join('\n'));
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('growth stage worried about compliance and security: CIO first', async () => {
  const page = await open();
  await answer(page, 'Growth stage').check();
  await answer(page, 'Security and data protection').check();
  await answer(page, 'Compliance, regulation').check();
  assert.equal((await ranking(page))[0], 'Chief Information Officer');
  const hash = new URL(page.url()).hash;
  assert.match(hash, /^#(.*&)?cio-vs-cto\.stage=growth(&|$)/);
  assert.match(hash, /[#&]cio-vs-cto\.concerns=security,compliance(&|$)/);
  await page.close();
});

test('post-acquisition: interim leader first', async () => {
  const page = await open();
  await answer(page, 'In transition').check();
  await answer(page, 'Merging systems and teams after an acquisition').check();
  await answer(page, 'For a few months').check();
  assert.equal((await ranking(page))[0], 'Interim or fractional leader');
  const text = await widget(page).locator('.vs-outcome').textContent();
  assert.match(text, /interim or fractional leader fits best/i);
  await page.close();
});

test('answers live in the URL: reload and shared links restore them', async () => {
  const page = await open();
  await answer(page, 'Growth stage').check();
  await answer(page, 'Security and data protection').check();
  const url = page.url();
  assert.ok(url.includes('#'), url);
  await page.reload();
  await page.locator('.vs-widget.vs-live').waitFor();
  assert.equal(await answer(page, 'Growth stage').isChecked(), true);
  assert.equal(await answer(page, 'Security and data protection').isChecked(), true);
  assert.equal((await ranking(page))[0], 'Chief Information Officer');

  const other = await context.newPage();
  await other.goto(base + PAGE + '#cio-vs-cto.stage=early&cio-vs-cto.technology=product');
  await other.locator('.vs-widget.vs-live').waitFor();
  assert.equal(await answer(other, 'Early stage').isChecked(), true);
  assert.equal((await ranking(other))[0], 'Chief Technology Officer');
  await other.close();

  // Reset clears the answers, the result and the hash.
  await widget(page).getByRole('button', { name: 'Reset answers' }).click();
  await page.waitForFunction(() => !location.hash);
  assert.equal(await answer(page, 'Growth stage').isChecked(), false);
  assert.equal(await widget(page).locator('.vs-ranking').count(), 0);
  await page.close();
});

test('in-page anchors do not wipe the answers', async () => {
  const page = await open('#stage=early');
  await page.getByRole('link', { name: 'At a glance' }).first().click();
  await page.waitForFunction(() => location.hash === '#at-a-glance');
  assert.equal(await answer(page, 'Early stage').isChecked(), true);
  await page.close();
});

test('keyboard only: Tab into the form, arrows pick a radio, Space ticks a box', async () => {
  const page = await open();
  // Tab from the top of the page until focus reaches the widget's first radio.
  const first = answer(page, 'Early stage');
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab');
    if (await first.evaluate((el) => el === document.activeElement)) break;
  }
  assert.equal(await first.evaluate((el) => el === document.activeElement), true, 'Tab reaches the first answer');
  // Focus must be visible.
  const outline = await first.evaluate((el) => getComputedStyle(el).outlineStyle);
  assert.notEqual(outline, 'none');
  await page.keyboard.press('ArrowDown'); // moves to and selects "Growth stage"
  assert.equal(await answer(page, 'Growth stage').isChecked(), true);
  await page.keyboard.press('Tab'); // the answered group's own Clear button
  assert.equal(await page.evaluate(() => document.activeElement.className), 'vs-clear');
  await page.keyboard.press('Tab'); // next group: "What is technology mainly for"
  await page.keyboard.press('ArrowDown'); // "It runs the business behind what we sell"
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowUp');
  assert.equal(await answer(page, 'It runs the business behind what we sell').isChecked(), true);
  await page.keyboard.press('Tab'); // its Clear button
  await page.keyboard.press('Tab'); // first checkbox of "worries": Security
  await page.keyboard.press('Space');
  assert.equal(await answer(page, 'Security and data protection').isChecked(), true);
  assert.equal((await ranking(page))[0], 'Chief Information Officer');
  assert.match(await page.evaluate(() => location.hash), /stage=growth/);
  await page.close();
});

test('without JavaScript the table, the signals and the checklist are all there', async () => {
  const { ctx, dir } = await launch({ javaScriptEnabled: false });
  try {
    const page = await ctx.newPage();
    await page.goto(base + PAGE);
    const table = page.locator('table.vs-table');
    assert.equal(await table.isVisible(), true);
    assert.equal(await table.locator('thead th[scope=col]').count(), 3);
    assert.equal(await table.locator('tbody th[scope=row]').count(), 9); // the demo's nine dimensions
    assert.equal(await page.locator('#signs .vs-signal-list li').first().isVisible(), true);
    const legends = page.locator('#decide fieldset legend');
    assert.match(await page.locator('#decide .vs-key').first().innerText(), /\+\d/);
    assert.ok(await legends.count() >= 4);
    assert.equal(await legends.first().isVisible(), true);
    assert.equal(await page.getByLabel('Early stage', { exact: false }).isVisible(), true);
    assert.equal(await page.locator('.vs-result').isVisible(), false, 'empty result box is hidden');
    // Native form controls still work as a checklist.
    await page.getByLabel('Security and data protection').check();
    assert.equal(await page.getByLabel('Security and data protection').isChecked(), true);
  } finally {
    await ctx.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('data.json is served and matches the page', async () => {
  const res = await fetch(base + PAGE + 'data.json');
  assert.equal(res.status, 200);
  const data = await res.json();
  assert.deepEqual(data.options.map((o) => o.id), ['cio', 'cto', 'interim']);
  const page = await open();
  const embedded = await page.evaluate(() =>
    JSON.parse(document.querySelector('#decide script[data-versus-data]').textContent));
  assert.deepEqual(embedded.questions.map((q) => q.id), data.questions.map((q) => q.id));
  await page.close();
});
