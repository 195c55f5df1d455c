// Browser test of `versus serve` live reload in Debian's headless Chromium:
// an edit on disk shows up without any action, a broken front matter shows the
// error overlay over the last good page, fixing it removes the overlay, and a
// CSS-only change swaps the stylesheet without reloading. The overlay is
// readable over the default theme in light and dark mode.
// Uses $VERSUS_BIN, or `cargo build` + target/debug/versus. With
// $VERSUS_SCREENSHOTS set to a folder, the overlay is photographed there.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync, spawn } from 'node:child_process';
import { chromium } from 'playwright-core';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PATIENCE = 20000;
let site, server, base, context, userDir;

function binary() {
  if (process.env.VERSUS_BIN) return process.env.VERSUS_BIN;
  execFileSync('cargo', ['build', '--quiet'], { cwd: REPO, stdio: 'inherit' });
  return path.join(process.env.CARGO_TARGET_DIR || path.join(REPO, 'target'), 'debug', 'versus');
}

// Serve `dir` on a free port; resolves to [process, base URL].
function serveSite(dir) {
  const child = spawn(binary(), ['serve', '--port', '0', '--root', dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/http:\/\/\S+/);
      if (m) resolve([child, m[0].replace(/\/$/, '')]);
    });
    child.on('exit', (code) => reject(new Error(`versus serve exited (${code}): ${out}`)));
  });
}

async function startServer() {
  site = fs.mkdtempSync(path.join(os.tmpdir(), 'versus-serve-'));
  fs.cpSync(path.join(REPO, 'tests/fixtures/serve'), site, { recursive: true });
  let url;
  [server, url] = await serveSite(site);
  return url;
}

before(async () => {
  base = await startServer();
  userDir = fs.mkdtempSync(path.join(os.tmpdir(), 'versus-chromium-'));
  context = await chromium.launchPersistentContext(userDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run', '--disable-quic', '--disable-sync'],
  });
});

after(async () => {
  await context?.close();
  server?.kill();
  for (const dir of [userDir, site]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const TEA = () => path.join(site, 'content/drinks/tea.md');
const tea = (body) => `+++\ntitle = "Tea"\ndate = 2026-01-02\ntags = ["leaves"]\n+++\n\n${body}\n\n## Brewing\n\nSee [coffee](@/drinks/coffee.md#roasting).\n`;

async function open(url, from = base) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(from + url);
  // Wait until the live-reload socket is up (the hello arrives right after).
  await page.waitForFunction(() => performance.getEntriesByType('resource')
    .some((r) => r.name.includes('/__versus/livereload.js')), null, { timeout: PATIENCE });
  await page.waitForTimeout(300);
  return { page, errors };
}

test('an edit on disk shows up in the open page', async () => {
  const { page, errors } = await open('/drinks/tea/');
  assert.match(await page.textContent('main'), /Tea is leaves in hot water/);
  fs.writeFileSync(TEA(), tea('Tea, edited while the page was open.'));
  await page.waitForFunction(() => document.body.textContent.includes('edited while the page was open'),
    null, { timeout: PATIENCE });
  assert.deepEqual(errors, []);
  await page.close();
});

test('a broken front matter shows an overlay that goes when fixed', async () => {
  const { page, errors } = await open('/drinks/tea/');
  fs.writeFileSync(TEA(), '+++\ntitle = "Tea"\ndate = never\n+++\nBroken.\n');
  const overlay = page.locator('[role="alertdialog"]');
  await overlay.waitFor({ state: 'visible', timeout: PATIENCE });
  assert.match(await overlay.textContent(), /content\/drinks\/tea\.md:3:\d+/);
  // The last good page is still underneath.
  assert.match(await page.textContent('main'), /Tea/);
  // A page opened while broken shows it too.
  const other = await open('/drinks/coffee/');
  await other.page.locator('[role="alertdialog"]').waitFor({ state: 'visible', timeout: PATIENCE });
  await other.page.close();

  fs.writeFileSync(TEA(), tea('Tea, fixed again.'));
  await page.waitForFunction(() => document.body.textContent.includes('fixed again')
    && !document.querySelector('[role="alertdialog"]'), null, { timeout: PATIENCE });
  assert.deepEqual(errors, []);
  await page.close();
});

test('a CSS change swaps the stylesheet without a reload', async () => {
  const { page } = await open('/drinks/');
  await page.evaluate(() => { window.notReloaded = true; });
  fs.writeFileSync(path.join(site, 'static/style.css'), 'body { color: rgb(0, 128, 128); }\n');
  await page.waitForFunction(() => getComputedStyle(document.body).color === 'rgb(0, 128, 128)',
    null, { timeout: PATIENCE });
  assert.equal(await page.evaluate(() => window.notReloaded), true);
  await page.close();
});

// In the page: the WCAG contrast of the overlay's title, text and button
// against what is behind each (its own background and its ancestors',
// composited until one is opaque).
function overlayContrast(overlay) {
  const rgba = (c) => {
    const m = c.match(/rgba?\(([^)]+)\)/);
    if (!m) throw new Error(`unexpected colour ${c}`);
    const [r, g, b, a = 1] = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
    return { r, g, b, a };
  };
  const over = (back, top) => ({
    r: back.r * (1 - top.a) + top.r * top.a,
    g: back.g * (1 - top.a) + top.g * top.a,
    b: back.b * (1 - top.a) + top.b * top.a,
  });
  const lum = ({ r, g, b }) => {
    const ch = (v) => { v /= 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b);
  };
  const contrast = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const bg = rgba(getComputedStyle(e).backgroundColor);
      layers.push(bg);
      if (bg.a === 1) break;
    }
    const back = layers.reverse().reduce(over, { r: 255, g: 255, b: 255 });
    const fore = over(back, rgba(getComputedStyle(el).color));
    const [hi, lo] = [lum(fore), lum(back)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  return Object.fromEntries(['h2', 'pre', 'button'].map((s) => [s, contrast(overlay.querySelector(s))]));
}

test('the error overlay is readable over the default theme, light and dark', async () => {
  // A site as `versus init` makes it: the default theme styles `pre` blocks.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'versus-init-'));
  const root = path.join(dir, 'site');
  execFileSync(binary(), ['init', root], { stdio: 'ignore' });
  const [child, url] = await serveSite(root);
  try {
    const { page, errors } = await open('/', url);
    fs.writeFileSync(path.join(root, 'content/broken.md'), '+++\ntitle = "Broken"\ndate = never\n+++\nBroken.\n');
    const overlay = page.locator('[role="alertdialog"]');
    await overlay.waitFor({ state: 'visible', timeout: PATIENCE });
    for (const colorScheme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme });
      const measured = await overlay.evaluate(overlayContrast);
      for (const [part, ratio] of Object.entries(measured)) {
        assert.ok(ratio >= 4.5, `${colorScheme}: overlay ${part} contrast ${ratio.toFixed(2)}:1`);
      }
      if (process.env.VERSUS_SCREENSHOTS) {
        await page.screenshot({ path: path.join(process.env.VERSUS_SCREENSHOTS, `overlay-${colorScheme}.png`) });
      }
    }
    assert.deepEqual(errors, []);
    await page.close();
  } finally {
    child.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
