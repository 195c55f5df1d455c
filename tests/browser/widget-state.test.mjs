// Browser tests of the decision widget's result and state: the sticky
// summary with progress, shared links that open at the result, clearing one
// question, copies of one comparison on a page, stable hash keys, Back after
// a jump link, what screen readers hear, and the printed key without
// JavaScript. Sites: the demo and tests/fixtures/compare-site.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { buildSite, serve, browser, open } from './harness.mjs';

let demo, fixture, b, dirs = [];

before(async () => {
  dirs = [buildSite('.'), buildSite('tests/fixtures/compare-site')];
  [demo, fixture] = await Promise.all(dirs.map((d) => serve(d)));
  b = await browser();
});
after(async () => {
  await b?.close();
  demo?.close();
  fixture?.close();
  dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
});

const inView = (page, css) => page.evaluate((css) => {
  const r = document.querySelector(css).getBoundingClientRect();
  return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight;
}, css);
const hash = (page) => page.evaluate(() => decodeURIComponent(location.hash));

test('on a phone the leader and the progress stay in view while answering', async () => {
  const page = await open(b, demo.base + '/cio-vs-cto/', { width: 375, height: 700 });
  const w = page.locator('#decide [data-versus-widget]');
  assert.equal(await w.locator('.vs-summary').isVisible(), false, 'no summary before any answer');
  await w.getByLabel('Early stage').check();
  assert.equal(await inView(page, '#decide .vs-summary'), true, 'summary on screen');
  const result = await page.evaluate(() => document.querySelector('#decide .vs-result').getBoundingClientRect().top);
  assert.ok(result > 700, 'the full result is below the screen');
  let text = await w.locator('.vs-summary').innerText();
  assert.match(text, /Leading: CTO/);
  assert.match(text, /1 of 5 answered/);
  assert.match(await w.locator('.vs-result h3').innerText(), /^Leaning towards: Chief Technology Officer/);
  await w.getByLabel('It is the product we sell').check();
  await w.getByLabel('For the long term').check();
  text = await w.locator('.vs-summary').innerText();
  assert.match(text, /Best fit: CTO/);
  assert.match(text, /3 of 5 answered/);
  assert.equal(await inView(page, '#decide .vs-summary'), true);
  // "See the result" brings the result into view and focus.
  await w.getByRole('button', { name: 'See the result' }).click();
  await page.waitForFunction(() => {
    const r = document.querySelector('#decide .vs-result').getBoundingClientRect();
    return r.top >= 0 && r.top < window.innerHeight / 2;
  });
  assert.equal(await page.evaluate(() => document.activeElement.matches('#decide .vs-result')), true);
  assert.deepEqual(page.errors, []);
  await page.done();
});

test('in an article at 1280 px the summary stays in view too', async () => {
  const page = await open(b, fixture.base + '/articles/table/', { width: 1280, height: 700 });
  await page.getByLabel('A book or manual').check();
  assert.equal(await inView(page, '.vs-summary'), true);
  assert.match(await page.locator('.vs-summary').innerText(), /Leading: mdBook[\s\S]*1 of 3 answered/);
  await page.done();
});

test('a shared result link opens at the result', async () => {
  const page = await open(b, demo.base + '/cio-vs-cto/#cio-vs-cto.stage=early&cio-vs-cto.technology=product', { width: 375 });
  await page.waitForFunction(() => {
    const r = document.querySelector('#decide .vs-result').getBoundingClientRect();
    return r.top >= 0 && r.top < window.innerHeight;
  });
  assert.match(await page.locator('#decide .vs-result h3').innerText(), /Chief Technology Officer/);
  await page.done();
});

test('links from before the id prefix still open, and are rewritten with it', async () => {
  const page = await open(b, demo.base + '/cio-vs-cto/#stage=early', { width: 1280 });
  assert.equal(await page.getByLabel('Early stage').isChecked(), true);
  assert.equal(await hash(page), '#cio-vs-cto.stage=early');
  await page.done();
});

test('each question can be cleared on its own', async () => {
  const page = await open(b, demo.base + '/cio-vs-cto/', { width: 1280 });
  const stage = page.locator('#decide fieldset[data-question=stage]');
  const concerns = page.locator('#decide fieldset[data-question=concerns]');
  assert.equal(await stage.getByRole('button', { name: /Clear/ }).isVisible(), false, 'nothing to clear yet');
  await page.getByLabel('Early stage').check();
  await page.getByLabel('Security and data protection').check();
  await stage.getByRole('button', { name: 'Clear answer: Where is your company right now?' }).click();
  assert.equal(await stage.locator('input:checked').count(), 0);
  assert.equal(await page.getByLabel('Security and data protection').isChecked(), true);
  assert.equal(await hash(page), '#cio-vs-cto.concerns=security');
  assert.equal(await stage.getByRole('button', { name: /Clear/ }).isVisible(), false);
  assert.equal(await concerns.getByRole('button', { name: /Clear/ }).isVisible(), true);
  await page.done();
});

test('two copies of one comparison share their answers; another comparison keeps its own keys', async () => {
  const page = await open(b, fixture.base + '/articles/two-widgets/', { width: 1280 });
  const copies = page.locator('[data-versus-widget]:has(input[name=stay])');
  assert.equal(await copies.count(), 2);
  await copies.nth(0).getByLabel('Less than five years').check();
  assert.equal(await copies.nth(1).getByLabel('Less than five years').isChecked(), true);
  await copies.nth(1).getByLabel('Being free to move').check();
  assert.equal(await copies.nth(0).getByLabel('Being free to move').isChecked(), true);
  assert.equal(await copies.nth(0).getByLabel('Less than five years').isChecked(), true);
  await page.getByLabel('קוראים בישראל').check();
  assert.equal(await hash(page), '#pair.stay=short&pair.care=freedom&scripts.reader=israel');
  const heads = await copies.locator('.vs-result h3').allInnerTexts();
  assert.deepEqual(heads, ['Best fit: Renting', 'Best fit: Renting']);
  await page.done();
});

test('the hash keys of a widget do not depend on how many widgets the page has', async () => {
  const keys = [];
  for (const url of ['/generators/', '/articles/table/']) {
    const page = await open(b, fixture.base + url, { width: 1280 });
    await page.getByLabel('A book or manual').check();
    keys.push(await hash(page));
    await page.done();
  }
  assert.deepEqual(keys, ['#generators.kind=book', '#generators.kind=book']);
  const page = await open(b, fixture.base + '/articles/two-widgets/#pair.stay=long', { width: 1280 });
  assert.equal(await page.locator('[data-versus-widget] input[value=long]:checked').count(), 2);
  await page.done();
});

test('Back after a jump link keeps the answers given since', async () => {
  const page = await open(b, fixture.base + '/articles/two-widgets/', { width: 1280 });
  const copies = page.locator('[data-versus-widget]:has(input[name=stay])');
  await copies.nth(0).getByLabel('Less than five years').check();
  await page.getByRole('link', { name: 'To the second copy' }).click();
  await page.waitForFunction(() => location.hash === '#second-copy');
  await copies.nth(1).getByLabel('Being free to move').check();
  assert.equal(await hash(page), '#pair.stay=short&pair.care=freedom');
  await page.goBack();
  // Back lands on the entry the jump left (#pair.stay=short); the answers
  // given since stay, and go back into the address.
  await page.waitForFunction(() => decodeURIComponent(location.hash) === '#pair.stay=short&pair.care=freedom',
    null, { timeout: 5000 });
  assert.equal(await copies.nth(0).getByLabel('Being free to move').isChecked(), true, 'the later answer survives Back');
  assert.equal(await copies.nth(0).getByLabel('Less than five years').isChecked(), true);
  assert.equal(await hash(page), '#pair.stay=short&pair.care=freedom');
  await page.done();
});

test('screen readers hear the summary only; result parts are headings; "all that apply" names its group', async () => {
  const page = await open(b, demo.base + '/cio-vs-cto/', { width: 1280 });
  const w = page.locator('#decide [data-versus-widget]');
  await w.getByLabel('Growth stage').check();
  await w.getByLabel('Security and data protection').check();
  await w.getByLabel('It runs the business behind what we sell').check();
  const status = await w.locator('[role=status]').textContent();
  assert.match(status, /^Best fit: CIO, \d+(\.\d)? points ahead of (CTO|Interim)\. 3 of 5 answered\.$/);
  assert.equal(await w.locator('.vs-result[aria-live], .vs-result [aria-live]').count(), 0, 'the ranking is not read on every change');
  assert.match(await w.getByRole('heading', { level: 3 }).innerText(), /^Best fit: Chief Information Officer/);
  assert.deepEqual(await w.getByRole('heading', { level: 4 }).allInnerTexts(), ['Scores', 'Why']);
  assert.equal(await w.getByRole('group', { name: 'Which of these worry you most? (choose all that apply)' }).count(), 1);
  await page.done();
});

test('without JavaScript the widget is a key: what each answer counts for, its reasons, no promise of live updates', async () => {
  const page = await open(b, demo.base + '/cio-vs-cto/', { width: 375, js: false });
  const w = page.locator('#decide [data-versus-widget]');
  const early = w.locator('label', { hasText: 'Early stage' });
  assert.equal(await early.locator('.vs-key').isVisible(), true);
  assert.match(await early.locator('.vs-key').innerText(), /CTO \+3 \(strongly for\)/);
  assert.equal(await w.locator('.vs-explain').first().isVisible(), true);
  assert.equal(await w.locator('.vs-intro-live').isVisible(), false);
  const intro = await w.locator('.vs-intro-static').innerText();
  assert.match(intro, /Add up the points/);
  assert.doesNotMatch(await page.locator('#decide').innerText(), /updates as you go/);
  assert.equal(await w.locator('.vs-result').isVisible(), false);
  await page.done();
  // With JavaScript, the key gives way to the live result.
  const live = await open(b, demo.base + '/cio-vs-cto/', { width: 375 });
  assert.equal(await live.locator('#decide .vs-key').first().isVisible(), false);
  assert.equal(await live.locator('#decide .vs-intro-live').isVisible(), true);
  await live.done();
});

test('"Copy link to this result" copies an address that opens at the same result', async () => {
  const page = await open(b, demo.base + '/cio-vs-cto/', { width: 375, permissions: ['clipboard-read', 'clipboard-write'] });
  const w = page.locator('#decide [data-versus-widget]');
  await w.getByLabel('Growth stage').check();
  await w.getByLabel('Compliance, regulation').check();
  await w.getByRole('button', { name: 'Copy link to this result' }).click();
  await w.getByRole('button', { name: 'Link copied' }).waitFor();
  const url = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(url, page.url());
  assert.match(decodeURIComponent(url), /#cio-vs-cto\.stage=growth&cio-vs-cto\.concerns=compliance$/);
  const head = await w.locator('.vs-result h3').innerText();
  await page.done();
  const shared = await open(b, url, { width: 375 });
  await shared.waitForFunction(() => {
    const r = document.querySelector('#decide .vs-result').getBoundingClientRect();
    return r.top >= 0 && r.top < window.innerHeight;
  });
  assert.equal(await shared.locator('#decide .vs-result h3').innerText(), head);
  await shared.done();
});

test('keyboard focus moving down the questions is never hidden under the summary', async () => {
  const page = await open(b, demo.base + '/cio-vs-cto/', { width: 375, height: 640 });
  await page.emulateMedia({ reducedMotion: 'reduce' }); // no smooth scrolling to wait for
  const w = page.locator('#decide [data-versus-widget]');
  await w.getByLabel('Early stage').check();
  await w.getByLabel('Early stage').focus();
  for (let i = 0; i < 20; i++) {
    await page.keyboard.press('Tab');
    const m = await page.evaluate(() => {
      const f = document.activeElement.getBoundingClientRect();
      const s = document.querySelector('#decide .vs-summary').getBoundingClientRect();
      return { inForm: !!document.activeElement.closest('#decide form'), bottom: f.bottom, summary: s.top };
    });
    if (!m.inForm) break;
    assert.ok(m.bottom <= m.summary + 1, `focused control (bottom ${m.bottom}) under the summary (top ${m.summary})`);
  }
  await page.done();
});
