// The analysis core is a pure library: no transport, no editor API, no file system.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const CORE = new URL('../../server/src/core/', import.meta.url).pathname;
const FORBIDDEN = /from\s+['"](vscode|vscode-languageserver(\/node)?|vscode-languageclient(\/node)?|fs|node:fs|fs\/promises|node:fs\/promises|child_process|node:child_process|net|node:net|http|https|node:http|node:https|worker_threads|node:worker_threads)['"]|require\(/;

function files(dir) {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

test('server/src/core imports no transport, editor or file-system module', () => {
  const all = files(CORE);
  assert.ok(all.length > 40, `found ${all.length} core files`);
  const offenders = all.flatMap((f) =>
    readFileSync(f, 'utf8')
      .split('\n')
      .map((line, i) => ({ line, i }))
      .filter(({ line }) => FORBIDDEN.test(line))
      .map(({ line, i }) => `${f.slice(CORE.length)}:${i + 1}: ${line.trim()}`),
  );
  assert.deepEqual(offenders, []);
});

test('no core file is much over 500 lines', () => {
  const long = files(CORE)
    .map((f) => ({ f: f.slice(CORE.length), n: readFileSync(f, 'utf8').split('\n').length }))
    .filter(({ n }) => n > 550)
    .map(({ f, n }) => `${f}: ${n}`);
  assert.deepEqual(long, []);
});
