// Browser tests of the default theme's chrome on the demo site, in Debian's
// headless Chromium: the light/dark toggle (follows the system until the
// reader picks, remembers the pick, works from the keyboard, hides without
// JavaScript) and the phone header. The site is built into a temp folder
// with $VERSUS_BIN (scripts/test sets it), or with `cargo build`.

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
const LIGHT_BG = 'rgb(255, 255, 255)';
const DARK_BG = 'rgb(14, 17, 23)';

let ROOT, server, base, browser;

// public/ on 127.0.0.1 under a strict CSP: no inline script may run, so the
// theme has to work from its own file.
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
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'versus-site-'));
  execFileSync(bin, ['build', '--root', REPO, '--output', out, '--base-url', 'http://127.0.0.1/'],
    { stdio: ['ignore', 'ignore', 'inherit'] });
  return out;
}

before(async () => {
  ROOT = buildSite();
  base = await serve();
  // A fresh temporary profile; each test's context has its own storage.
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

// A page in a context of its own (fresh localStorage), errors collected.
async function open(url, options = {}) {
  const context = await browser.newContext({ colorScheme: 'light', ...options });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
  await page.goto(base + url);
  return page;
}

const background = (page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
const toggle = (page) => page.locator('.site-header [data-theme-toggle]');

test('without a choice the theme follows the system setting', async () => {
  for (const [scheme, bg, pressed] of [['light', LIGHT_BG, 'false'], ['dark', DARK_BG, 'true']]) {
    const page = await open('/', { colorScheme: scheme });
    assert.equal(await background(page), bg, scheme);
    assert.equal(await toggle(page).getAttribute('aria-pressed'), pressed, scheme);
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), undefined);
    // The system changes while the page is open: page and toggle follow.
    const other = scheme === 'light' ? 'dark' : 'light';
    await page.emulateMedia({ colorScheme: other });
    assert.equal(await background(page), other === 'dark' ? DARK_BG : LIGHT_BG, `${scheme} → ${other}`);
    // (The media query's change event comes after the style change.)
    await page.waitForFunction((p) => document.querySelector('[data-theme-toggle]')
      .getAttribute('aria-pressed') === p, pressed === 'true' ? 'false' : 'true');
    assert.deepEqual(page.errors, []);
    await page.context().close();
  }
});

test('the toggle flips the colours from the keyboard and the choice survives a reload', async () => {
  const page = await open('/guides/who-does-what/');
  const button = toggle(page);
  assert.ok(await button.isVisible());
  assert.equal(await button.getAttribute('aria-pressed'), 'false');
  assert.equal(await button.getAttribute('type'), 'button');
  assert.match(await button.textContent(), /Dark theme/);
  await button.focus();
  await page.keyboard.press('Space');
  assert.equal(await background(page), DARK_BG);
  assert.equal(await button.getAttribute('aria-pressed'), 'true');

  await page.reload();
  assert.equal(await background(page), DARK_BG, 'kept across a reload');
  assert.equal(await toggle(page).getAttribute('aria-pressed'), 'true');
  // Another page of the site, and a system that turns light: still dark.
  await page.goto(base + '/cio-vs-cto/');
  await page.emulateMedia({ colorScheme: 'light' });
  assert.equal(await background(page), DARK_BG);

  await toggle(page).focus();
  await page.keyboard.press('Enter');
  assert.equal(await background(page), LIGHT_BG);
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.reload();
  assert.equal(await background(page), LIGHT_BG, 'a light choice wins over a dark system');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('the choice is on <html> before the body is parsed (no flash of the other theme)', async () => {
  const context = await browser.newContext({ colorScheme: 'light' });
  await context.addInitScript(() => {
    try { localStorage.setItem('versus-theme', 'dark'); } catch (e) { /* opaque origin */ }
    new MutationObserver((_, observer) => {
      if (document.body) {
        window.themeAtBody = document.documentElement.getAttribute('data-theme');
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
  const page = await context.newPage();
  await page.goto(base + '/');
  assert.equal(await page.evaluate(() => window.themeAtBody), 'dark');
  await context.close();
});

test('a chosen dark theme has the same colours as the system dark theme, each set in one place', async () => {
  // Each colour token is declared once, as light-dark(<light>, <dark>), and
  // the used colour-scheme picks the half: the system's, or the reader's.
  const tokens = async (scheme, choice) => {
    const page = await open('/', { colorScheme: scheme });
    if (choice) {
      await page.evaluate((c) => localStorage.setItem('versus-theme', c), choice);
      await page.reload();
    }
    const values = await page.evaluate(() => {
      const declared = {};
      const walk = (rules) => {
        for (const r of rules) {
          if (r.style) for (const p of r.style) if (p.startsWith('--')) declared[p] = (declared[p] || 0) + 1;
          if (r.cssRules) walk(r.cssRules);
        }
      };
      for (const sheet of document.styleSheets) walk(sheet.cssRules);
      // What each token resolves to, as a colour and as a shadow.
      // (Inside a box of a fixed colour, so a token that is no colour
      // resolves to that, whatever the scheme.)
      const box = document.body.appendChild(document.createElement('div'));
      box.style.color = 'rgb(1, 2, 3)';
      const probe = box.appendChild(document.createElement('div'));
      const resolved = Object.keys(declared).sort().map((n) => {
        probe.style.color = `var(${n})`;
        probe.style.boxShadow = `var(${n})`;
        const cs = getComputedStyle(probe);
        return [n, `${cs.color} ${cs.boxShadow}`];
      });
      box.remove();
      return { declared, resolved: Object.fromEntries(resolved) };
    });
    await page.context().close();
    return values;
  };
  const system = await tokens('dark', null);
  const chosen = await tokens('light', 'dark');
  assert.ok(Object.keys(system.resolved).length > 10, JSON.stringify(system));
  assert.deepEqual(chosen.resolved, system.resolved);
  assert.equal(system.resolved['--bg'], 'rgb(14, 17, 23) none');
  // The colour tokens that differ between light and dark are declared once
  // each (the toggle's icon switch is no colour: it resolves to neither).
  const light = await tokens('light', null);
  const dark = Object.keys(system.resolved).filter((n) => light.resolved[n] !== system.resolved[n]);
  assert.ok(dark.includes('--fg') && dark.includes('--callout-note') && dark.length > 15, `${dark}`);
  const twice = dark.filter((n) => system.declared[n] > 1);
  assert.deepEqual(twice, []);
});

test('without JavaScript the system setting rules and no dead toggle shows', async () => {
  for (const [scheme, bg] of [['light', LIGHT_BG], ['dark', DARK_BG]]) {
    const page = await open('/', { colorScheme: scheme, javaScriptEnabled: false });
    assert.equal(await background(page), bg, scheme);
    assert.equal(await toggle(page).isVisible(), false);
    await page.context().close();
  }
});

test('at 375 px the header keeps the site title on one line', async () => {
  const page = await open('/guides/who-does-what/', { viewport: { width: 375, height: 812 } });
  const measure = () => page.evaluate(() => {
    const title = document.querySelector('.brand-title');
    const lineHeight = parseFloat(getComputedStyle(title).lineHeight);
    return {
      header: document.querySelector('.site-header').getBoundingClientRect().height,
      lines: Math.round(title.getBoundingClientRect().height / lineHeight),
      overflow: document.documentElement.scrollWidth - window.innerWidth,
    };
  });
  const demo = await measure();
  assert.equal(demo.lines, 1, JSON.stringify(demo));
  assert.ok(demo.header <= 64, JSON.stringify(demo));
  assert.ok(demo.overflow <= 0, JSON.stringify(demo));
  assert.ok(await toggle(page).isVisible());
  assert.ok(await page.locator('.menu-button').isVisible());

  // The title `versus init` writes fits too; a very long one takes two lines, never more.
  for (const [title, lines] of [['My comparison site', 1], ['The very long name of a comparison site about many things', 2]]) {
    await page.evaluate((t) => { document.querySelector('.brand-title').textContent = t; }, title);
    const m = await measure();
    assert.equal(m.lines, lines, `${title}: ${JSON.stringify(m)}`);
    assert.ok(m.overflow <= 0, `${title}: ${JSON.stringify(m)}`);
  }
  await page.context().close();
});
