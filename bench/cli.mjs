#!/usr/bin/env node
// `istio-ls check` on the benchmark's workspaces: `node bench/cli.mjs [small|medium|large ...]`
// (after `node scripts/build.mjs`).
//
// For each size it generates the workspace (bench/generate.mjs) and measures,
// alternating so a shared machine's load weighs on both alike and keeping the
// best of three: the floor (reading and parsing every file with the `yaml`
// package alone, on one thread, in this process); `istio-ls check --format
// json` as a fresh process without the summary cache (cold); and the same
// with the cache it left (warm). The whole process counts (Node start-up,
// loading the bundle, worker threads, output). Every planted mistake must be
// reported and nothing else (file, line, code), else the run fails.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { tmpdir, availableParallelism, cpus } from 'node:os';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { generate, writeWorkspace, workspaceDir } from './generate.mjs';

const BIN = fileURLToPath(new URL('../bin/istio-ls.js', import.meta.url));
const RUNS = 3;
const sizes = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const cores = typeof availableParallelism === 'function' ? availableParallelism() : cpus().length;
let failed = false;

for (const size of sizes.length ? sizes : ['small', 'medium', 'large']) {
  const ws = generate(size);
  const dir = workspaceDir(size);
  writeWorkspace(dir, ws);
  const files = listYaml(dir);
  const cacheDir = mkdtempSync(join(tmpdir(), 'istio-ls-clibench-'));
  const floor = [];
  const cold = [];
  const warm = [];
  let planted;
  try {
    for (let i = 0; i < RUNS; i++) {
      floor.push(parseFloor(files));
      rmSync(cacheDir, { recursive: true, force: true });
      const c = check(dir, cacheDir);
      cold.push(c.ms);
      planted = comparePlanted(c.rows, ws.manifest);
      if (!planted.ok) break;
      warm.push(check(dir, cacheDir).ms);
    }
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
  const best = (list) => Math.round(Math.min(...list));
  const out = {
    size,
    cores,
    files: ws.manifest.files,
    documents: ws.manifest.documents,
    floorMs: best(floor),
    checkColdMs: best(cold),
    checkWarmMs: warm.length ? best(warm) : null,
    coldRatio: +(Math.min(...cold) / Math.min(...floor)).toFixed(2),
    runs: { floor: floor.map(Math.round), cold: cold.map(Math.round), warm: warm.map(Math.round) },
    planted: `${planted.found}/${planted.expected}`,
  };
  if (!planted.ok) {
    out.problems = planted.problems.slice(0, 20);
    failed = true;
  }
  console.log(JSON.stringify(out));
}
process.exit(failed ? 1 : 0);

function check(dir, cacheDir) {
  const t = performance.now();
  const r = spawnSync(process.execPath, [BIN, 'check', '.', '--format', 'json', '--cache-dir', cacheDir], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = performance.now() - t;
  if (r.status !== 0 && r.status !== 1) throw new Error(`istio-ls check exited ${r.status}: ${r.stderr}`);
  return { ms, rows: JSON.parse(r.stdout) };
}

/** Exactly the planted mistakes, nothing more: file, line (0-based in the manifest) and code. */
function comparePlanted(rows, manifest) {
  const expected = new Set(manifest.planted.map((p) => `${p.file}:${p.line}:${p.code}`));
  const got = new Set(rows.map((r) => `${r.file}:${r.line - 1}:${r.code}`));
  const problems = [...got].filter((k) => !expected.has(k)).map((k) => `unexpected ${k}`);
  for (const e of expected) if (!got.has(e)) problems.push(`missing ${e}`);
  return { expected: expected.size, found: [...expected].filter((e) => got.has(e)).length, ok: problems.length === 0, problems };
}

function listYaml(dir) {
  const files = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const f = join(d, e.name);
      if (e.isDirectory()) walk(f);
      else if (/\.ya?ml$/.test(e.name)) files.push(f);
    }
  };
  walk(dir);
  return files;
}

function parseFloor(files) {
  const t = performance.now();
  let docs = 0;
  for (const f of files) docs += parseAllDocuments(readFileSync(f, 'utf8')).length;
  if (docs === 0) throw new Error(`floor parsed nothing in ${relative(process.cwd(), files[0] ?? '.')}`);
  return performance.now() - t;
}
