// The CLI reuses the summaries of unchanged files from the persisted cache
// (as the server does), and a missing, stale or corrupt cache changes nothing
// but the work done.
import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeWorkspace } from '../helpers/lspClient.mjs';
import { run, ROOT } from './run.mjs';

const fromCache = (r) => Number(/\((\d+) from the summary cache/.exec(r.err)?.[1]);

test('a second run reads unchanged files from the cache and reports the same', () => {
  const ws = makeWorkspace(join(ROOT, 'examples'));
  const cacheDir = mkdtempSync(join(tmpdir(), 'istio-ls-clicache-'));
  const args = ['check', '.', '--format', 'json', '--verbose', '--cache-dir', cacheDir];
  const first = run(args, ws);
  assert.equal(fromCache(first), 0, first.err);
  const files = Number(/indexed (\d+) files/.exec(first.err)[1]);
  assert.ok(files > 10);
  const second = run(args, ws);
  assert.equal(fromCache(second), files, second.err);
  assert.equal(second.out, first.out);
  assert.equal(second.code, first.code);

  // An edited file is read again; the others still come from the cache.
  appendFileSync(join(ws, 'book-typos/book-typos.yaml'), '\n# edited\n');
  const third = run(args, ws);
  assert.equal(fromCache(third), files - 1);
  assert.equal(third.out, first.out);

  // A corrupt cache is ignored, with the reason.
  const [cacheFile] = readdirSync(cacheDir);
  const [header] = readFileSync(join(cacheDir, cacheFile), 'utf8').split('\n');
  writeFileSync(join(cacheDir, cacheFile), `${header}\n[garbage`);
  const fourth = run(args, ws);
  assert.equal(fromCache(fourth), 0);
  assert.match(fourth.err, /corrupt cache/);
  assert.equal(fourth.out, first.out);

  // --no-cache reads everything and says so.
  const fifth = run(['check', '.', '--format', 'json', '--verbose', '--no-cache'], ws);
  assert.match(fifth.err, /cache: disabled/);
  assert.equal(fifth.out, first.out);
});

test('settings that change summaries (the default namespace) do not reuse them', () => {
  const ws = makeWorkspace(join(ROOT, 'examples'));
  const cacheDir = mkdtempSync(join(tmpdir(), 'istio-ls-clicache-'));
  const base = ['check', '.', '--format', 'json', '--verbose', '--cache-dir', cacheDir];
  run(base, ws);
  const other = run([...base, '--namespace', 'prod'], ws);
  assert.equal(fromCache(other), 0);
  assert.match(other.err, /cache made with other settings/);
  assert.deepEqual(JSON.parse(other.out), JSON.parse(run([...base, '--namespace', 'prod', '--no-cache'], ws).out));
});
