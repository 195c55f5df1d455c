// Bounded load run (not a test) against a running `versus serve` on loopback:
// CONNECTIONS keep-alive clients fetch a mix of pages for SECONDS.
// Usage: node benches/serve_load.mjs http://127.0.0.1:PORT [SECONDS] [CONNECTIONS]
import http from "node:http";

const [base, secondsArg, connArg] = process.argv.slice(2);
const seconds = Number(secondsArg || 5);
const connections = Number(connArg || 16);
const paths = ["/", "/sec-01/", "/sec-01/page-00001/", "/style.css", "/atom.xml", "/nope/"];
const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
const end = Date.now() + seconds * 1000;
let ok = 0, errors = 0, bytes = 0;

function get(path) {
  return new Promise((resolve) => {
    http.get(base + path, { agent }, (res) => {
      res.on("data", (d) => (bytes += d.length));
      res.on("end", () => { (res.statusCode < 500 ? ok++ : errors++); resolve(); });
    }).on("error", () => { errors++; resolve(); });
  });
}

async function client(i) {
  for (let n = i; Date.now() < end; n++) await get(paths[n % paths.length]);
}
await Promise.all(Array.from({ length: connections }, (_, i) => client(i)));
console.log(`${ok} responses, ${errors} errors in ${seconds} s: ${(ok / seconds).toFixed(0)} req/s, ${(bytes / seconds / 1e6).toFixed(1)} MB/s`);
agent.destroy();
