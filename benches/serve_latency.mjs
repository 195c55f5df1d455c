// Benchmark (not a test) of `versus serve`: time from writing a change to the
// reload notice on the live-reload socket, debounce included. Median of N edits
// of one page, then of a template one output uses, then (5 edits) of the page
// template every page uses.
// Usage: node --experimental-websocket benches/serve_latency.mjs BINARY SITE [EDITS]
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync, readdirSync, mkdirSync, existsSync } from "node:fs";
import { join } from "node:path";

const [binary, site, editsArg] = process.argv.slice(2);
const edits = Number(editsArg || 20);
const server = spawn(binary, ["serve", "--port", "0", "--root", site], { stdio: ["ignore", "pipe", "inherit"] });
const base = await new Promise((resolve, reject) => {
  let out = "";
  server.stdout.on("data", (d) => {
    out += d;
    const m = out.match(/http:\/\/[^\s]+/);
    if (m) resolve(m[0].replace(/\/$/, ""));
  });
  server.on("exit", () => reject(new Error("server exited: " + out)));
});
server.stdout.resume();

const ws = new WebSocket(base.replace("http://", "ws://") + "/__versus/ws");
const waiters = [];
ws.onmessage = (e) => {
  const m = JSON.parse(e.data);
  if (m.type === "hello") return;
  const w = waiters.shift();
  if (w) w(m);
};
await new Promise((r) => (ws.onopen = r));
const next = () => new Promise((r) => waiters.push(r));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function measure(file, mutate, count = edits) {
  const times = [];
  for (let i = 0; i < count; i++) {
    const text = readFileSync(file, "utf8");
    const got = next();
    const t0 = performance.now();
    writeFileSync(file, mutate(text, i));
    const m = await got;
    times.push(performance.now() - t0);
    if (m.type === "error") throw new Error(m.text);
    await sleep(150);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], min: times[0], max: times[times.length - 1] };
}

const content = join(site, "content");
const section = readdirSync(content).filter((d) => d.startsWith("sec-")).sort()[0];
const page = join(content, section, readdirSync(join(content, section)).filter((f) => f.startsWith("page-")).sort()[0]);
const one = await measure(page, (t, i) => t + `\nEdit number ${i}.\n`);
console.log(`one-page edit: median ${one.median.toFixed(1)} ms (min ${one.min.toFixed(1)}, max ${one.max.toFixed(1)}) over ${edits}`);

const templates = join(site, "templates");
if (!existsSync(templates)) mkdirSync(templates);
const tpl = join(templates, "404.html");
writeFileSync(tpl, "<!doctype html><title>404</title><body>Not found</body>\n");
await sleep(2000);
while (waiters.length) waiters.shift()({});
const t = await measure(tpl, (text, i) => text.replace(/(<!-- \d+ -->)?\n$/, `<!-- ${i} -->\n`));
console.log(`template change (404.html, one output): median ${t.median.toFixed(1)} ms (min ${t.min.toFixed(1)}, max ${t.max.toFixed(1)}) over ${edits}`);

// The worst case: the page template, which every page is rendered with.
const pageTpl = join(templates, "page.html");
const theme = new URL("../themes/default/templates/page.html", import.meta.url);
const copied = next();
// A marker inside the content block, so the copy and each edit change every page.
const marked = readFileSync(theme, "utf8").replace("{%- endblock content %}", "<!-- copy -->{%- endblock content %}");
if (!marked.includes("<!-- copy -->")) throw new Error("page.html has no content block to mark");
writeFileSync(pageTpl, marked);
await copied;
await sleep(500);
const heavy = Math.min(edits, 5);
const p = await measure(pageTpl, (text, i) => text.replace(/<!-- (copy|\d+) -->/, `<!-- ${i} -->`), heavy);
console.log(`template change (page.html, every page): median ${p.median.toFixed(1)} ms (min ${p.min.toFixed(1)}, max ${p.max.toFixed(1)}) over ${heavy}`);
ws.close();
server.kill();
