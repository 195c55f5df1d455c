// Things articles hold that were written for other themes, in the default
// theme at a phone's width and a desktop's (tests/fixtures/prose): a
// footnote of several paragraphs keeps them under one another beside its
// label, and an embed written for a wide column (`<iframe width="848">`)
// shrinks to the column instead of pushing the page sideways.

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
