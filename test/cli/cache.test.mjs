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

test('a larger repository is summarised on worker threads, with the same findings as on one thread', () => {
  const files = {};
  for (let i = 0; i < 80; i++) {
    files[`ns${i % 8}/vs${i}.yaml`] = `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: vs${i}\n  namespace: ns${i % 8}\nspec:\n  hosts: ["vs${i}.example.com"]\n  gateways: ["${i % 10 === 0 ? 'missing' : 'mesh'}"]\n  http:\n  - route:\n    - destination:\n        host: svc${i}\n`;
  }
  const ws = makeWorkspace(files);
  const r = run(['check', '.', '--format', 'json', '--verbose', '--no-cache'], ws);
  const workers = Number(/, (\d+) worker threads\)/.exec(r.err)?.[1]);
  assert.ok(workers >= 1, r.err);
  const rows = JSON.parse(r.out);
  assert.deepEqual(rows.map((x) => `${x.file}:${x.line} ${x.code}`), [0, 10, 20, 30, 40, 50, 60, 70].map((i) => `ns${i % 8}/vs${i}.yaml:8 ILS0209`).sort());
  const small = run(['check', 'ns0', '--format', 'json', '--verbose', '--no-cache'], ws);
  assert.match(small.err, /, 0 worker threads\)/);
});

test('a cache larger than one read chunk (1 MB) is read back whole; a damaged entry line discards it', () => {
  // Non-ASCII text in every file: a line cut between two read chunks may also cut a character.
  const files = {};
  for (let i = 0; i < 300; i++) {
    const routes = Array.from({ length: 12 }, (_, r) => `  - match:\n    - uri:\n        prefix: /ünïcode-${r}\n    route:\n    - destination:\n        host: svc${i}-${r}\n`).join('');
    files[`ns${i % 6}/vs${i}.yaml`] = `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: vs${i}\n  namespace: ns${i % 6}\n  annotations:\n    note: "größer als ein Block — ${'ж'.repeat(40)}"\nspec:\n  hosts: ["vs${i}.example.com"]\n  gateways: ["${i % 50 === 0 ? 'missing' : 'mesh'}"]\n  http:\n${routes}`;
  }
  const ws = makeWorkspace(files);
  const cacheDir = mkdtempSync(join(tmpdir(), 'istio-ls-clicache-'));
  const args = ['check', '.', '--format', 'json', '--verbose', '--cache-dir', cacheDir];
  const first = run(args, ws);
  assert.equal(fromCache(first), 0, first.err);
  const [cacheFile] = readdirSync(cacheDir);
  const bytes = readFileSync(join(cacheDir, cacheFile));
  assert.ok(bytes.length > 1 << 20, `the cache spans more than one chunk (${bytes.length} bytes)`);
  const second = run(args, ws);
  assert.equal(fromCache(second), 300, second.err);
  assert.equal(second.out, first.out);
  assert.equal(JSON.parse(first.out).filter((r) => r.code === 'ILS0209').length, 6);

  // One character changed in an entry line far from the start: the checksum no longer matches.
  const damaged = Buffer.from(bytes);
  const at = damaged.indexOf('vs250.example.com');
  damaged[at + 2] = '9'.charCodeAt(0);
  writeFileSync(join(cacheDir, cacheFile), damaged);
  const third = run(args, ws);
  assert.equal(fromCache(third), 0);
  assert.match(third.err, /corrupt cache \(checksum\)/);
  assert.equal(third.out, first.out);
});
