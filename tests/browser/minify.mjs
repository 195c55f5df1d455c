// Builds the default theme's shipped widget.js from its readable sources
// (themes/default/src/common.js, widget.js and table.js, joined in one
// function scope) with terser, so versus ships
// small JavaScript without any tool at site-build time. `node minify.mjs`
// (or scripts/minify-js) writes the file; assets.test.mjs checks that the
// committed file is exactly what this produces and that it fits the budget.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { minify } from 'terser';

const THEME = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../themes/default');
export const SOURCES = ['src/common.js', 'src/widget.js', 'src/table.js'];
export const TARGET = 'static/widget.js';
const BANNER = '/* versus decision widget and table controls, built by scripts/minify-js\n' +
  '   from themes/default/src/ (common.js, widget.js, table.js): edit those. */\n';

/** The bytes static/widget.js must hold. */
export async function build() {
  const parts = SOURCES.map((s) => fs.readFileSync(path.join(THEME, s), 'utf8'));
  const code = `(function () {\n'use strict';\n${parts.join('\n')}\n})();\n`;
  const out = await minify(code, {
    ecma: 2015,
    compress: { passes: 2, unsafe_arrows: true },
    mangle: true,
    format: { comments: false },
  });
  return BANNER + out.code + '\n';
}

/** The shipped file as committed. */
export function shipped() {
  return fs.readFileSync(path.join(THEME, TARGET), 'utf8');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const text = await build();
  fs.writeFileSync(path.join(THEME, TARGET), text);
  console.log(`${TARGET}: ${Buffer.byteLength(text)} bytes`);
}
