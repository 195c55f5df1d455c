// Things articles hold that were written for other themes, in the default
// theme at a phone's width and a desktop's (tests/fixtures/prose): a
// footnote of several paragraphs keeps them under one another beside its
// label, and an embed written for a wide column (`<iframe width="848">`)
// shrinks to the column instead of pushing the page sideways. The pager's
// arrows, drawn by the stylesheet from files beside it, load and show.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixture } from './harness.mjs';

const site = fixture('tests/fixtures/prose', { baseUrl: '/' });

for (const width of [390, 1280]) {
  test(`footnotes and a wide embed fit the column at ${width} px`, async () => {
    const page = await site.open('/embeds/', { width });
    const m = await page.evaluate(() => {
      const box = (el) => el.getBoundingClientRect().toJSON();
      const note = document.getElementById('long');
      const [first, second] = note.querySelectorAll(':scope > p');
      return {
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: window.innerWidth,
        label: box(note.querySelector('.footnote-definition-label')),
        first: box(first),
        second: box(second),
        frame: box(document.querySelector('iframe.player')),
        prose: box(document.querySelector('.prose')),
      };
    });
    assert.ok(m.scrollWidth <= m.innerWidth, `no sideways scroll: ${m.scrollWidth} > ${m.innerWidth}`);
    assert.ok(m.second.top >= m.first.bottom, 'the second paragraph is under the first');
    assert.ok(Math.abs(m.second.left - m.first.left) < 0.5, 'both paragraphs start at one edge');
    assert.ok(m.label.right <= m.first.left, 'the label is beside the note');
    assert.ok(m.first.width > m.prose.width * 0.8, `the note takes the column: ${m.first.width}`);
    assert.ok(m.frame.right <= m.prose.right + 0.5, `the embed stays in the column: ${m.frame.right} > ${m.prose.right}`);
    assert.ok(m.frame.width > 300, 'the embed keeps a usable width');
    assert.deepEqual(page.errors, []);
    await page.done();
  });
}

for (const [width, dark] of [[390, true], [1280, false]]) {
  test(`the pager's arrows load and show beside their labels at ${width} px`, async () => {
    const page = await site.open('/second/', { width, dark });
    await page.locator('.pager').scrollIntoViewIfNeeded();
    await page.waitForFunction(() =>
      ['arrow-left.svg', 'arrow-right.svg'].every((name) =>
        performance.getEntriesByType('resource').some((e) => e.name.endsWith(`/${name}`))));
    const m = await page.evaluate(() => {
      const loaded = (name) => performance.getEntriesByType('resource')
        .find((e) => e.name.endsWith(`/${name}`)).responseStatus;
      const arrow = (sel, pseudo) => {
        const label = document.querySelector(sel);
        const style = getComputedStyle(label, pseudo);
        return { width: style.width, height: style.height, mask: style.maskImage,
                 paint: style.backgroundColor, text: getComputedStyle(label).color, label: label.textContent };
      };
      return {
        status: [loaded('arrow-left.svg'), loaded('arrow-right.svg')],
        prev: arrow('.pager-link.prev .pager-label', '::before'),
        next: arrow('.pager-link.next .pager-label', '::after'),
      };
    });
    assert.deepEqual(m.status, [200, 200]);
    for (const [arrow, file, label] of [[m.prev, 'arrow-left.svg', 'Previous'], [m.next, 'arrow-right.svg', 'Next']]) {
      assert.equal(arrow.label, label);
      assert.equal(`${arrow.width} ${arrow.height}`, '16px 16px');
      assert.ok(arrow.mask.includes(file), `${label}: ${arrow.mask}`);
      assert.equal(arrow.paint, arrow.text, `${label}: painted in the label's colour`);
    }
    assert.deepEqual(page.errors, []);
    await page.done();
  });
}
