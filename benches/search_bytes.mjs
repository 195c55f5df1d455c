// Bytes a reader downloads to search a built site: versus's own index
// (search/ + search.js) next to Pagefind's, for the same queries, in headless
// Chromium with an empty cache. A local server gzips text responses (as
// static hosts do; Pagefind's .pf_* files are already compressed and go out
// as they are) and counts the bytes it sends for every request.
//
//   node benches/search_bytes.mjs --site /tmp/s1k/public --page /sec-01/page-00001/ \
//        --query pipeline --query "throughput benchmark" [--pagefind /path/to/pagefind]
//
// With --pagefind (or `pagefind` on PATH) the script runs `pagefind --site`
// once when <site>/pagefind/ is missing, then queries it through its JS API
// (pagefind.js: search(), then data() of the first results, as its UI does).
// Needs chromium and tests/browser/node_modules (scripts/setup-browser.sh).

import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(REPO, 'tests/browser/package.json'));
const { chromium } = require('playwright-core');

const RESULTS_SHOWN = 8; // search.js shows 8 results at a time; ask Pagefind for as many
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript',
  '.mjs': 'text/javascript', '.json': 'application/json', '.svg': 'image/svg+xml',
  '.xml': 'application/xml', '.wasm': 'application/wasm',
};
const COMPRESSIBLE = new Set(['.html', '.css', '.js', '.mjs', '.json', '.svg', '.xml']);

function args() {
  const out = { queries: [], page: '/', pagefind: null, site: null };
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const v = argv[i + 1];
    if (argv[i] === '--site') { out.site = path.resolve(v); i++; }
    else if (argv[i] === '--page') { out.page = v; i++; }
    else if (argv[i] === '--query') { out.queries.push(v); i++; }
    else if (argv[i] === '--pagefind') { out.pagefind = v; i++; }
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  if (!out.site || !out.queries.length) {
    throw new Error('usage: search_bytes.mjs --site DIR [--page /path/] --query WORDS… [--pagefind BIN]');
  }
  return out;
}

// Static server over `root` that records [path, wire bytes, raw bytes].
function serve(root, log) {
  const BENCH = '<!doctype html><meta charset="utf-8"><title>pagefind bench</title><p>bench</p>';
  return new Promise((resolve) => {
    const server = http.createServer((req, res) => {
      const url = new URL(req.url, 'http://x');
      if (url.pathname === '/__pagefind_bench.html') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return res.end(BENCH);
      }
      let rel = decodeURIComponent(url.pathname);
      if (rel.endsWith('/')) rel += 'index.html';
      const file = path.join(root, path.normalize(rel));
      if (!file.startsWith(root) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
        res.writeHead(404);
        log.push([url.pathname, 0, 0, 404]);
        return res.end();
      }
      const ext = path.extname(file);
      let body = fs.readFileSync(file);
      const raw = body.length;
      const headers = { 'content-type': TYPES[ext] || 'application/octet-stream', 'cache-control': 'no-store' };
      if (COMPRESSIBLE.has(ext) && /\bgzip\b/.test(req.headers['accept-encoding'] || '')) {
        body = zlib.gzipSync(body, { level: 6 });
        headers['content-encoding'] = 'gzip';
      }
      headers['content-length'] = body.length;
      res.writeHead(200, headers);
      res.end(body);
      log.push([url.pathname, body.length, raw, 200]);
    });
    server.listen(0, '127.0.0.1', () => resolve({ server, base: `http://127.0.0.1:${server.address().port}` }));
  });
}

function sum(rows) {
  return rows.reduce((a, r) => ({ wire: a.wire + r[1], raw: a.raw + r[2], n: a.n + 1 }), { wire: 0, raw: 0, n: 0 });
}

async function versusQuery(browser, base, page, query, log) {
  const ctx = await browser.newContext();
  const tab = await ctx.newPage();
  await tab.goto(base + page);
  await tab.locator('.search:not([hidden])').waitFor();
  await tab.waitForLoadState('networkidle');
  const ui = sum(log.splice(0).filter((r) => /\/search\.(js|css)$/.test(r[0])));
  await tab.locator('#search-input').fill(query);
  await tab.waitForFunction(() => {
    const s = document.querySelector('#search-status').textContent;
    if (/No results|not available/.test(s)) return true;
    const items = document.querySelectorAll('#search-results [role="option"]');
    return items.length > 0 && [...items].every((li) => li.querySelector('a'));
  });
  await tab.waitForLoadState('networkidle');
  const status = await tab.locator('#search-status').textContent();
  const first = await tab.locator('#search-results a').first().getAttribute('href').catch(() => null);
  const rows = log.splice(0).filter((r) => r[0].includes('/search/'));
  await ctx.close();
  return { ui, query: sum(rows), rows, status, first };
}

// All queries one after another in one tab: what each costs once the
// manifest (versus) or the runtime and WebAssembly (Pagefind) are loaded.
async function versusSession(browser, base, page, queries, log) {
  const ctx = await browser.newContext();
  const tab = await ctx.newPage();
  await tab.goto(base + page);
  await tab.locator('.search:not([hidden])').waitFor();
  await tab.waitForLoadState('networkidle');
  log.splice(0);
  const out = [];
  for (const q of queries) {
    await tab.locator('#search-input').fill(q);
    await tab.waitForFunction((want) => {
      const s = document.querySelector('#search-status').textContent;
      if (!s.includes(want)) return false;
      if (/No results|not available/.test(s)) return true;
      const items = document.querySelectorAll('#search-results [role="option"]');
      return items.length > 0 && [...items].every((li) => li.querySelector('a'));
    }, q);
    await tab.waitForLoadState('networkidle');
    out.push(sum(log.splice(0).filter((r) => r[0].includes('/search/'))));
  }
  await ctx.close();
  return out;
}

async function pagefindSession(browser, base, queries, log) {
  const ctx = await browser.newContext();
  const tab = await ctx.newPage();
  await tab.goto(base + '/__pagefind_bench.html');
  log.splice(0);
  const out = [];
  for (const q of queries) {
    await tab.evaluate(async ([q, shown]) => {
      const pf = await import('/pagefind/pagefind.js');
      const r = await pf.search(q);
      await Promise.all(r.results.slice(0, shown).map((x) => x.data()));
    }, [q, RESULTS_SHOWN]);
    await tab.waitForLoadState('networkidle');
    out.push(sum(log.splice(0).filter((r) => r[0].includes('/pagefind/'))));
  }
  await ctx.close();
  return out;
}

async function pagefindQuery(browser, base, query, log) {
  const ctx = await browser.newContext();
  const tab = await ctx.newPage();
  await tab.goto(base + '/__pagefind_bench.html');
  log.splice(0);
  const out = await tab.evaluate(async ([q, shown]) => {
    const pf = await import('/pagefind/pagefind.js');
    const r = await pf.search(q);
    const data = await Promise.all(r.results.slice(0, shown).map((x) => x.data()));
    return { count: r.results.length, first: data[0] ? data[0].url : null };
  }, [query, RESULTS_SHOWN]);
  await tab.waitForLoadState('networkidle');
  const rows = log.splice(0).filter((r) => r[0].includes('/pagefind/'));
  await ctx.close();
  return { query: sum(rows), rows, status: `${out.count} results`, first: out.first };
}

function gzipSize(file) {
  return fs.existsSync(file) ? zlib.gzipSync(fs.readFileSync(file), { level: 6 }).length : 0;
}

function dirBytes(dir) {
  let total = 0, files = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) { total += fs.statSync(path.join(e.parentPath ?? e.path, e.name)).size; files++; }
  }
  return { total, files };
}

const kb = (n) => (n / 1024).toFixed(1) + ' KB';

async function main() {
  const opt = args();
  let pagefind = opt.pagefind;
  if (!pagefind) {
    try { execFileSync('pagefind', ['--version'], { stdio: 'ignore' }); pagefind = 'pagefind'; } catch { /* none */ }
  }
  const pfDir = path.join(opt.site, 'pagefind');
  if (pagefind && !fs.existsSync(pfDir)) {
    execFileSync(pagefind, ['--site', opt.site], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const hasPagefind = fs.existsSync(path.join(pfDir, 'pagefind.js'));

  const log = [];
  const { server, base } = await serve(opt.site, log);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'versus-bench-chromium-'));
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run', '--disable-quic', '--disable-sync'],
  });
  const report = { site: opt.site, page: opt.page, index: {}, queries: [] };
  report.index.versus = dirBytes(path.join(opt.site, 'search'));
  if (hasPagefind) report.index.pagefind = dirBytes(pfDir);
  report.ui = {
    'versus search.js + search.css (gzip)': gzipSize(path.join(opt.site, 'search.js')) + gzipSize(path.join(opt.site, 'search.css')),
  };
  if (hasPagefind) {
    report.ui['pagefind-ui.js + pagefind-ui.css (gzip)'] =
      gzipSize(path.join(pfDir, 'pagefind-ui.js')) + gzipSize(path.join(pfDir, 'pagefind-ui.css'));
  }
  try {
    for (const q of opt.queries) {
      const v = await versusQuery(browser, base, opt.page, q, log);
      const entry = { query: q, versus: v };
      if (hasPagefind) entry.pagefind = await pagefindQuery(browser, base, q, log);
      report.queries.push(entry);
    }
    report.session = { versus: await versusSession(browser, base, opt.page, opt.queries, log) };
    if (hasPagefind) report.session.pagefind = await pagefindSession(browser, base, opt.queries, log);
  } finally {
    await browser.close();
    server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }

  console.log(`\n## ${opt.site}\n`);
  console.log(`index on disk: versus ${kb(report.index.versus.total)} in ${report.index.versus.files} files` +
    (hasPagefind ? `; pagefind ${kb(report.index.pagefind.total)} in ${report.index.pagefind.files} files` : ''));
  for (const [k, v] of Object.entries(report.ui)) console.log(`loaded with every page: ${k}: ${kb(v)}`);
  console.log('\n| query | engine | requests | bytes on the wire (gzip) | bytes uncompressed | results | first result |');
  console.log('|---|---|---:|---:|---:|---|---|');
  for (const e of report.queries) {
    for (const engine of ['versus', 'pagefind']) {
      const r = e[engine];
      if (!r) continue;
      console.log(`| ${e.query} | ${engine} | ${r.query.n} | ${kb(r.query.wire)} | ${kb(r.query.raw)} | ${r.status.trim()} | ${r.first ?? '–'} |`);
    }
  }
  console.log('\nThe same queries one after another in one tab (bytes on the wire, gzip):\n');
  console.log('| query | ' + Object.keys(report.session).join(' | ') + ' |');
  console.log('|---|' + Object.keys(report.session).map(() => '---:').join('|') + '|');
  opt.queries.forEach((q, i) => {
    console.log(`| ${q} | ` + Object.values(report.session).map((s) => `${kb(s[i].wire)} (${s[i].n} req.)`).join(' | ') + ' |');
  });
  if (process.env.VERBOSE) console.log(JSON.stringify(report, null, 2));
}

main().catch((e) => { console.error(e); process.exit(1); });
