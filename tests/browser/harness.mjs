// Shared by the browser tests: build a versus site into a temp folder with
// $VERSUS_BIN (or a fresh `cargo build`), serve it on 127.0.0.1 under a CSP
// that allows only 'self', open headless Chromium pages at a given width,
// and run axe-core in them; `fixture` does the first three for a test file.

import { before, after } from 'node:test';
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.xml': 'application/xml',
};
const AXE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Build the site at `root` (relative to the repo) into `out` (a new temp
 * folder unless given), with `baseUrl` as its base URL if given.
 */
export function buildSite(root, { out, baseUrl } = {}) {
  let bin = process.env.VERSUS_BIN;
  if (!bin) {
    execFileSync('cargo', ['build', '--quiet'], { cwd: REPO, stdio: 'inherit' });
    bin = path.join(process.env.CARGO_TARGET_DIR || path.join(REPO, 'target'), 'debug', 'versus');
  }
  out ??= tempDir();
  const args = ['build', '--root', path.join(REPO, root), '--output', out];
  if (baseUrl) args.push('--base-url', baseUrl);
  execFileSync(bin, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  return out;
}

/** A new, empty temp folder. */
export function tempDir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'versus-site-'));
}

/**
 * Serve `dir` on an ephemeral port under a CSP of `csp` (default: only
 * 'self'); resolves to { base, close }.
 */
export function serve(dir, csp = "default-src 'self'; script-src 'self'; style-src 'self'") {
  const server = http.createServer((req, res) => {
    let rel = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (rel.endsWith('/')) rel += 'index.html';
    const file = path.join(dir, path.normalize(rel));
    if (!file.startsWith(dir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      return res.end('not found');
    }
    res.writeHead(200, {
      'content-type': TYPES[path.extname(file)] || 'application/octet-stream',
      'content-security-policy': csp,
    });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({
      base: `http://127.0.0.1:${server.address().port}`,
      close: () => server.close(),
    }));
  });
}

/**
 * The fixture site at `root` for the tests of one file: built (`buildSite`,
 * with `baseUrl`), served and given a browser before they run, all of it
 * gone after. `base` is its address once built; `open(url, options)` opens
 * the page at `url` of it (`open`'s options).
 */
export function fixture(root, { baseUrl } = {}) {
  const made = {
    base: '',
    open: (url, options) => open(made.browser, made.base + url, options),
  };
  before(async () => {
    made.dir = buildSite(root, { baseUrl });
    made.server = await serve(made.dir);
    made.base = made.server.base;
    made.browser = await browser();
  });
  after(async () => {
    await made.browser?.close();
    made.server?.close();
    if (made.dir) fs.rmSync(made.dir, { recursive: true, force: true });
  });
  return made;
}

/** One headless Chromium for a test file. */
export async function browser() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run', '--disable-quic', '--disable-sync'],
  });
}

/**
 * A page of its own context: `width` px wide, light or `dark`, with or
 * without JavaScript (`js: false`), or without the widget's script only
 * (`widget: false`: what readers without JavaScript get, with JavaScript
 * left on for axe), with browser `permissions` granted. Page errors are collected in `page.errors`.
 */
export async function open(b, url, { width = 1280, height = 800, dark = false, js = true, widget = true, permissions = [] } = {}) {
  const ctx = await b.newContext({
    viewport: { width, height },
    colorScheme: dark ? 'dark' : 'light',
    javaScriptEnabled: js,
    permissions,
  });
  const page = await ctx.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
  if (!widget) await page.route('**/widget.js', (route) => route.abort());
  await page.goto(url);
  if (js && widget) {
    await page.waitForFunction(() => !document.querySelector('[data-versus-widget]:not(.vs-live), [data-versus-table]:not(.vs-tools-on)'));
  }
  page.done = () => ctx.close();
  return page;
}

/** axe-core's violations on the page, as readable strings. */
export async function axe(page) {
  // Through CDP, so the page's CSP (script-src 'self') does not block it.
  await page.evaluate(AXE);
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document);
    return r.violations.map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  return result;
}

/** The page's scroll width and its visible width: wider means sideways overflow. */
export function overflow(page) {
  return page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    width: document.documentElement.clientWidth,
  }));
}
