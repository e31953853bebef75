// Measures completion latency through the core facade on a workspace folder
// (default: examples/): every YAML file is indexed, then completion is asked
// at the end of every line of every file, several rounds. Prints the median,
// p95 and max in milliseconds. Run after `node scripts/build.mjs`.
//   node scripts/measure-completion.mjs [folder] [rounds]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';

const require = createRequire(import.meta.url);
const core = require('../dist/core.js');
const folder = resolve(process.argv[2] ?? 'examples');
const rounds = Number(process.argv[3] ?? 5);

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : /\.ya?ml$/.test(name) ? [p] : [];
  });
}

const service = core.getLanguageService();
const files = walk(folder).map((p) => ({ uri: pathToFileURL(p).href, text: readFileSync(p, 'utf8') }));
for (const f of files) service.updateFile(f.uri, f.text);
service.snapshot();

const times = [];
const withItems = [];
let items = 0;
for (let round = 0; round < rounds; round++) {
  for (const f of files) {
    for (let at = f.text.indexOf('\n'); at >= 0; at = f.text.indexOf('\n', at + 1)) {
      const t0 = performance.now();
      const n = service.doComplete(f.uri, f.text, at).items.length;
      const ms = performance.now() - t0;
      times.push(ms);
      if (n > 0) withItems.push(ms);
      items += n;
    }
  }
}
function report(label, list) {
  list.sort((a, b) => a - b);
  const pick = (q) => list[Math.min(list.length - 1, Math.floor(q * list.length))].toFixed(3);
  console.log(`${label}: ${list.length} completions, median ${pick(0.5)} ms, p95 ${pick(0.95)} ms, max ${list[list.length - 1].toFixed(3)} ms`);
}
console.log(`${folder}: ${files.length} files, ${items} items offered`);
report('every line end', times);
report('positions with items', withItems);
