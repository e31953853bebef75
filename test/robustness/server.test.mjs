// The real server over stdio, on a workspace full of what breaks language
// servers: binary and non-UTF-8 files, a file over the size limit, a million
// lines, an alias bomb, deep nesting, a BOM with CRLF and emoji, Helm
// templates, a symlink loop, symlinks out of the workspace, an unreadable
// file, and files created, changed, renamed and deleted during the initial
// scan. The server must publish what it should, read nothing outside the
// workspace, answer every request, and exit cleanly.
import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, symlinkSync, chmodSync, rmSync, renameSync, unlinkSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from '../../bench/lsp-client.mjs';
import { generate, writeWorkspace } from '../../bench/generate.mjs';
import { withCursor } from '../helpers/lspClient.mjs';

const VS_WITH_TYPO = (name) => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: ${name}
  namespace: shop
spec:
  hosts: [${name}]
  http:
  - route:
    - destnation: {host: ${name}}
`;
const CLEAN_VS = (name) => VS_WITH_TYPO(name).replace('destnation', 'destination');

const root = mkdtempSync(join(tmpdir(), 'istio-ls-robust-'));
const ws = join(root, 'ws');
const outside = join(root, 'outside');
const uri = (rel) => pathToFileURL(join(ws, rel)).href;
test.after(() => {
  try {
    chmodSync(join(ws, 'unreadable.yaml'), 0o644);
  } catch {
    /* already gone */
  }
  rmSync(root, { recursive: true, force: true });
});

function nastyWorkspace() {
  mkdirSync(ws, { recursive: true });
  mkdirSync(outside, { recursive: true });
  writeFileSync(join(ws, 'typo.yaml'), VS_WITH_TYPO('reviews'));
  writeFileSync(join(ws, 'binary.yaml'), Buffer.from([0x61, 0x3a, 0x20, 0x00, 0x01, 0xff, 0xfe, 0x00, 0x0a]));
  writeFileSync(join(ws, 'latin1.yaml'), Buffer.concat([Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: caf'), Buffer.from([0xe9]), Buffer.from('}\n')]));
  writeFileSync(join(ws, 'oversize.yaml'), VS_WITH_TYPO('big') + `# ${'x'.repeat(20_000)}\n`);
  writeFileSync(join(ws, 'million-lines.yaml'), '#\n'.repeat(1_000_000));
  const bomb = ['x0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let i = 1; i <= 9; i++) bomb.push(`x${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
  writeFileSync(join(ws, 'bomb.yaml'), `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: bomb, namespace: b}\n${bomb.join('\n')}\nspec: {hosts: *a9, http: [{route: *a9}]}\n`);
  writeFileSync(join(ws, 'deep.yaml'), `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: deep}\nspec:\n  hosts: ${'['.repeat(20000)}${']'.repeat(20000)}\n`);
  // BOM, CRLF, emoji and CJK: the unknown field is on line 4 (0-based), its column counts UTF-16 units.
  writeFileSync(join(ws, 'crlf-bom.yaml'), '\uFEFF' + ['apiVersion: v1 # 😀', 'kind: Service # 中文', 'metadata:', '  name: crlf', '  labels: {e: "😀😀"}', '---', 'apiVersion: networking.istio.io/v1', 'kind: Gateway # 🎉', 'metadata: {annotations: {a: "😀中"}, Name: g}', ''].join('\r\n'));
  writeFileSync(join(ws, 'helm.yaml'), 'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}\n');
  writeFileSync(join(ws, 'kustomization.yaml'), 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [typo.yaml]\n');
  writeFileSync(join(ws, 'data.yaml'), JSON.stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'json' } }));
  // A symlink loop, and links out of the workspace to content with findings.
  mkdirSync(join(ws, 'loop'));
  writeFileSync(join(ws, 'loop', 'inside.yaml'), CLEAN_VS('loop'));
  symlinkSync('.', join(ws, 'loop', 'self'));
  symlinkSync('..', join(ws, 'loop', 'parent'));
  writeFileSync(join(outside, 'secret.yaml'), VS_WITH_TYPO('secret'));
  symlinkSync(join(outside, 'secret.yaml'), join(ws, 'link-file.yaml'));
  symlinkSync(outside, join(ws, 'link-dir'));
  writeFileSync(join(ws, 'unreadable.yaml'), VS_WITH_TYPO('hidden'));
  chmodSync(join(ws, 'unreadable.yaml'), 0o000);
}

const codesOf = (client, rel) => (client.diagnostics.get(uri(rel)) ?? []).map((d) => d.code).sort();

test('the server indexes a hostile workspace, publishes what it should, and keeps serving', async (t) => {
  nastyWorkspace();
  const client = new LspClient({ configuration: (items) => items.map((i) => (i.section === 'istio' ? { maxFileSize: 10_000 } : {})) });
  try {
    await client.initialize(ws);
    const indexed = await client.waitFor('istio-ls/indexed', () => true, 120_000);
    await new Promise((r) => setTimeout(r, 300));
    assert.ok(indexed.files >= 10, JSON.stringify(indexed));

    assert.deepStrictEqual(codesOf(client, 'typo.yaml'), ['IST0106']);
    assert.deepStrictEqual(codesOf(client, 'binary.yaml'), ['ILS0003']);
    assert.deepStrictEqual(codesOf(client, 'latin1.yaml'), ['ILS0003']);
    const oversize = client.diagnostics.get(uri('oversize.yaml'));
    assert.equal(oversize.length, 1, 'one information message for a file over the limit');
    assert.equal(oversize[0].code, 'ILS0003');
    assert.equal(oversize[0].severity, 3);
    assert.match(oversize[0].message, /istio\.maxFileSize/);
    assert.deepStrictEqual(codesOf(client, 'million-lines.yaml'), ['ILS0003']);
    assert.deepStrictEqual(codesOf(client, 'helm.yaml'), ['ILS0002']);
    assert.deepStrictEqual(codesOf(client, 'kustomization.yaml'), []);
    assert.deepStrictEqual(codesOf(client, 'data.yaml'), []);
    assert.ok(codesOf(client, 'bomb.yaml').includes('IST0106'), 'the alias bomb file is analysed');
    assert.ok(client.diagnostics.has(uri('deep.yaml')), 'deep nesting is reported, not fatal');

    // BOM + CRLF + emoji: exact LSP position of `Name` (UTF-16 columns, BOM dropped as editors do).
    const crlf = client.diagnostics.get(uri('crlf-bom.yaml'));
    assert.equal(crlf.length, 1, JSON.stringify(crlf));
    const line = 'metadata: {annotations: {a: "😀中"}, Name: g}';
    assert.deepStrictEqual(crlf[0].range, { start: { line: 8, character: line.indexOf('Name') }, end: { line: 8, character: line.indexOf('Name') + 4 } });

    // The loop is walked once; nothing outside the workspace was read or published.
    assert.deepStrictEqual(codesOf(client, 'loop/inside.yaml'), []);
    for (const published of client.diagnostics.keys()) {
      assert.ok(published.startsWith(pathToFileURL(ws).href + '/'), `published outside the workspace: ${published}`);
      assert.ok(!published.includes('/loop/self/') && !published.includes('/loop/parent/'), `walked into the loop: ${published}`);
      assert.ok(!published.includes('link-'), `followed a link out of the workspace: ${published}`);
    }
    // A change event for the link does not make the server read through it either.
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('link-file.yaml'), type: 2 }, { uri: uri('link-dir/secret.yaml'), type: 1 }] });
    await new Promise((r) => setTimeout(r, 500));
    assert.ok(![...client.diagnostics.keys()].some((u) => u.includes('link-')), 'no diagnostics through a link out of the workspace');

    if (process.getuid?.() === 0) {
      t.diagnostic('running as root: chmod 000 does not stop reads, the unreadable-file case is not checked');
    } else {
      assert.deepStrictEqual(codesOf(client, 'unreadable.yaml'), []);
      assert.ok(client.logs.some((l) => l.includes('unreadable.yaml')), 'the unreadable file is logged');
    }

    // Opening the million-line file does not wedge the server: another request is answered
    // (how fast is measured by the benchmark, bench/pathological.mjs, not here).
    client.open(uri('million-lines.yaml'), readFileSync(join(ws, 'million-lines.yaml'), 'utf8'));
    client.open(uri('typo.yaml'), VS_WITH_TYPO('reviews'));
    const onHosts = withCursor(VS_WITH_TYPO('reviews').replace('  hosts', '  h$0osts')).position;
    const hover = await client.request('textDocument/hover', { textDocument: { uri: uri('typo.yaml') }, position: onHosts });
    assert.ok(hover?.contents, 'hover on `hosts` answers');

    // A failing request is isolated: logged, answered empty, and the server keeps serving.
    const bad = await client.request('textDocument/hover', { position: { line: 0, character: 0 } }).catch((e) => e);
    assert.ok(bad === null || bad instanceof Error);
    const unknown = await client.request('istio-ls/noSuchMethod', {}).catch((e) => e);
    assert.ok(unknown instanceof Error);
    for (const method of ['textDocument/hover', 'textDocument/completion', 'textDocument/definition', 'textDocument/documentSymbol']) {
      const r = await client.request(method, { textDocument: { uri: uri('million-lines.yaml') }, position: { line: 999_999, character: 1 } }).catch((e) => e);
      assert.ok(!(r instanceof Error) || r.code !== undefined, `${method}: ${r}`);
      await client.request(method, { textDocument: { uri: 'file:///not/open.yaml' }, position: { line: 5, character: 500 } }).catch(() => undefined);
    }
    const again = await client.request('textDocument/hover', { textDocument: { uri: uri('typo.yaml') }, position: onHosts });
    assert.ok(again?.contents, 'still serving');
  } finally {
    const exit = await client.shutdown();
    assert.equal(exit.code, 0, `server exit ${JSON.stringify(exit)}\n${client.stderr}`);
  }
});

test('files created, changed, renamed and deleted during the initial scan end up as on disk', async () => {
  const dir = join(root, 'scan');
  writeWorkspace(dir, generate('medium'));
  const live = join(dir, 'live');
  mkdirSync(live);
  writeFileSync(join(live, 'changed.yaml'), CLEAN_VS('changed'));
  writeFileSync(join(live, 'deleted.yaml'), VS_WITH_TYPO('deleted'));
  writeFileSync(join(live, 'renamed-from.yaml'), VS_WITH_TYPO('renamed'));
  const at = (rel) => pathToFileURL(join(dir, rel)).href;
  const client = new LspClient();
  try {
    await client.initialize(dir);
    let indexedEarly = false;
    const indexed = client.waitFor('istio-ls/indexed', () => true, 120_000).then((x) => ((indexedEarly = true), x));
    // While the server walks and summarises 1,200 files:
    writeFileSync(join(live, 'changed.yaml'), VS_WITH_TYPO('changed'));
    unlinkSync(join(live, 'deleted.yaml'));
    renameSync(join(live, 'renamed-from.yaml'), join(live, 'renamed-to.yaml'));
    writeFileSync(join(live, 'created.yaml'), VS_WITH_TYPO('created'));
    const sentDuringScan = !indexedEarly;
    client.notify('workspace/didChangeWatchedFiles', {
      changes: [
        { uri: at('live/changed.yaml'), type: 2 },
        { uri: at('live/deleted.yaml'), type: 3 },
        { uri: at('live/renamed-from.yaml'), type: 3 },
        { uri: at('live/renamed-to.yaml'), type: 1 },
        { uri: at('live/created.yaml'), type: 1 },
      ],
    });
    await indexed;
    await new Promise((r) => setTimeout(r, 500));
    const codes = (rel) => (client.diagnostics.get(at(rel)) ?? []).map((d) => d.code);
    assert.deepStrictEqual(codes('live/changed.yaml'), ['IST0106']);
    assert.deepStrictEqual(codes('live/created.yaml'), ['IST0106']);
    assert.deepStrictEqual(codes('live/renamed-to.yaml'), ['IST0106']);
    assert.deepStrictEqual(codes('live/deleted.yaml'), []);
    assert.deepStrictEqual(codes('live/renamed-from.yaml'), []);
    assert.ok(sentDuringScan, 'the changes happened while the scan was running');
  } finally {
    const exit = await client.shutdown();
    assert.equal(exit.code, 0, client.stderr);
  }
});

test('a corrupt persisted index is ignored, and a good one is used', async () => {
  const dir = join(root, 'cache-ws');
  const storage = join(root, 'storage');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'a.yaml'), VS_WITH_TYPO('a'));
  writeFileSync(join(dir, 'b.yaml'), CLEAN_VS('b'));
  const session = async () => {
    const client = new LspClient();
    await client.initialize(dir, { storagePath: storage });
    const indexed = await client.waitFor('istio-ls/indexed', () => true, 60_000);
    await new Promise((r) => setTimeout(r, 200));
    const codes = (client.diagnostics.get(pathToFileURL(join(dir, 'a.yaml')).href) ?? []).map((d) => d.code);
    const exit = await client.shutdown();
    assert.equal(exit.code, 0, client.stderr);
    return { indexed, codes, logs: client.logs };
  };
  const cold = await session();
  assert.equal(cold.indexed.fromCache, 0);
  assert.deepStrictEqual(cold.codes, ['IST0106']);
  const warm = await session();
  assert.equal(warm.indexed.fromCache, 2, 'summaries reused from the storage folder');
  assert.deepStrictEqual(warm.codes, ['IST0106']);
  // A file changed between sessions is summarised again, whatever its cached entry says.
  writeFileSync(join(dir, 'a.yaml'), CLEAN_VS('a'));
  const changed = await session();
  assert.equal(changed.indexed.fromCache, 1);
  assert.deepStrictEqual(changed.codes, []);
  // Corrupt it every way: truncated, garbage, a valid header with a wrong body.
  const file = join(storage, 'istio-ls-index-v3.jsonl');
  const good = readFileSync(file);
  for (const bad of [good.subarray(0, good.length / 2), good.subarray(0, good.lastIndexOf(10, good.length - 2) + 1), Buffer.from('garbage'), Buffer.concat([good.subarray(0, good.indexOf(10) + 1), Buffer.from('[["x",{}]]')]), Buffer.alloc(0)]) {
    writeFileSync(file, bad);
    writeFileSync(join(dir, 'a.yaml'), VS_WITH_TYPO('a'));
    const after = await session();
    assert.equal(after.indexed.fromCache, 0, 'a corrupt cache is not used');
    // b.yaml did not change: its stored hash may be read before the damage is found, and it is summarised all the same.
    assert.equal(after.indexed.documents, 2, 'every file is indexed');
    assert.deepStrictEqual(after.codes, ['IST0106']);
    assert.ok(after.logs.some((l) => /persisted index not used/.test(l)));
  }
  // Deleting the storage folder is safe.
  rmSync(storage, { recursive: true, force: true });
  assert.deepStrictEqual((await session()).codes, ['IST0106']);
});
