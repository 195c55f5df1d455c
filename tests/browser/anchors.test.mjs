// Heading anchors in the default theme. With Zola's `insert_anchor_links =
// "left"` (the notes section of tests/fixtures/zola-keys) the `#` link
// hangs in the gutter before the heading, so the heading's text starts
// where the prose starts, and the link stays on screen when it has focus,
// from a phone to a desktop width. The default (right) anchor of the demo
// site follows the text.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixture, overflow } from './harness.mjs';

const site = fixture('tests/fixtures/zola-keys', { baseUrl: '/' });
const demo = fixture('.', { baseUrl: '/' });

// Where the heading's text, the paragraph after it and its anchor are.
function measure(page) {
  return page.evaluate(() => {
    const h = document.querySelector('.prose h2');
    const anchor = h.querySelector('.anchor');
    const text = [...h.childNodes].find((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
    const range = document.createRange();
    range.selectNodeContents(text);
    const line = [...range.getClientRects()].find((r) => r.width > 0);
    const a = anchor.getBoundingClientRect();
    return {
      first: h.firstChild === anchor,
      text: { left: line.left, top: line.top, bottom: line.bottom },
      prose: h.nextElementSibling.getBoundingClientRect().left,
      anchor: { left: a.left, right: a.right, top: a.top, bottom: a.bottom },
      opacity: getComputedStyle(anchor).opacity,
    };
  });
}

for (const width of [1280, 768, 390, 360]) {
  test(`a "left" anchor hangs before the heading at ${width} px`, async () => {
    const page = await site.open('/notes/note-1/', { width });
    await page.focus('.prose h2 .anchor');
    await page.waitForFunction(() => getComputedStyle(document.querySelector('.prose h2 .anchor')).opacity === '1');
    const m = await measure(page);
    assert.ok(m.first, 'the anchor comes before the text');
    assert.ok(Math.abs(m.text.left - m.prose) < 0.5,
      `the heading's text starts at ${m.text.left} px, the prose at ${m.prose} px`);
    assert.ok(m.anchor.right <= m.text.left, `the anchor (${m.anchor.left}–${m.anchor.right} px) overlaps the text at ${m.text.left} px`);
    assert.ok(m.anchor.left >= 0, `the focused anchor starts off screen, at ${m.anchor.left} px`);
    assert.ok(m.anchor.bottom > m.text.top && m.anchor.top < m.text.bottom,
      `the anchor (${m.anchor.top}–${m.anchor.bottom} px) is not on the heading's line (${m.text.top}–${m.text.bottom} px)`);
    const { scroll, width: visible } = await overflow(page);
    assert.ok(scroll <= visible, `the page is ${scroll} px wide at ${width} px`);
    assert.deepEqual(page.errors, []);
    await page.done();
  });
}

test('a "right" anchor (the default) follows the heading text on its line', async () => {
  for (const width of [1280, 360]) {
    const page = await demo.open('/guides/who-does-what/', { width });
    const m = await page.evaluate(() => {
      const h = document.querySelector('.prose h2');
      const anchor = h.querySelector('.anchor');
      const text = h.firstChild;
      const range = document.createRange();
      range.selectNodeContents(text);
      const lines = [...range.getClientRects()].filter((r) => r.width > 0);
      const last = lines[lines.length - 1];
      const a = anchor.getBoundingClientRect();
      return {
        last: h.lastChild === anchor && !anchor.classList.contains('anchor-left'),
        textLeft: lines[0].left,
        prose: h.getBoundingClientRect().left,
        after: a.left >= last.right,
        sameLine: a.bottom > last.top && a.top < last.bottom,
      };
    });
    assert.ok(m.last, 'the anchor ends the heading');
    assert.ok(Math.abs(m.textLeft - m.prose) < 0.5, 'the heading starts at its left edge');
    assert.ok(m.after && m.sameLine, `at ${width} px the anchor follows the text's last line`);
    await page.done();
  }
});

test('on a right-to-left page a "left" anchor hangs in the right-hand gutter', async () => {
  for (const width of [1280, 390]) {
    const page = await site.open('/notes/note-1/', { width });
    // What a site whose language runs right to left gets (`dir` on <html>).
    await page.evaluate(() => { document.documentElement.dir = 'rtl'; });
    await page.focus('.prose h2 .anchor');
    const m = await page.evaluate(() => {
      const h = document.querySelector('.prose h2');
      const text = [...h.childNodes].find((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
      const range = document.createRange();
      range.selectNodeContents(text);
      const line = [...range.getClientRects()].find((r) => r.width > 0);
      return {
        text: line.right,
        prose: h.nextElementSibling.getBoundingClientRect().right,
        anchor: h.querySelector('.anchor').getBoundingClientRect(),
        viewport: document.documentElement.clientWidth,
      };
    });
    assert.ok(Math.abs(m.text - m.prose) < 0.5, `at ${width} px the heading ends at ${m.text} px, the prose at ${m.prose} px`);
    assert.ok(m.anchor.left >= m.text, `at ${width} px the anchor (${m.anchor.left} px) is not right of the text (${m.text} px)`);
    assert.ok(m.anchor.right <= m.viewport, `at ${width} px the anchor ends off screen, at ${m.anchor.right} px`);
    await page.done();
  }
});
