// The initial-JS budget of issue 12: what index.html loads before the first screen (its entry
// script and the chunks it preloads), gzipped, must stay within 250 kB. Screens are split by route.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const BUDGET_KB = 250;
const dist = new URL("../dist/", import.meta.url).pathname;
const html = readFileSync(join(dist, "index.html"), "utf8");
const urls = [...html.matchAll(/<(?:script[^>]+src|link[^>]+rel="modulepreload"[^>]+href)="([^"]+\.js)"/g)].map((m) => m[1]);
if (urls.length === 0) {
  console.error("check-bundle: index.html loads no script; is this a vite build?");
  process.exit(1);
}
let total = 0;
for (const url of urls) {
  const file = join(dist, url.replace(/^\/static\//, ""));
  const size = gzipSync(readFileSync(file)).length;
  total += size;
  console.log(`  ${(size / 1024).toFixed(1).padStart(7)} kB gz  ${url}`);
}
const kb = total / 1024;
console.log(`initial JS: ${kb.toFixed(1)} kB gzip (budget ${BUDGET_KB} kB)`);
if (kb > BUDGET_KB) {
  console.error("check-bundle: over budget; load the new code with the route that needs it (route `lazy`).");
  process.exit(1);
}
