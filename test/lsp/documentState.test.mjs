// What an editor sees of the server's document state, through the real server
// over stdio: closing unsaved edits, untitled buffers, same-length edits,
// settings that are removed, versioned diagnostics for every open document,
// and bursts of edits.
import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LspClient, makeWorkspace, fileUri, applyEdits, withCursor } from '../helpers/lspClient.mjs';

const SIDECAR = `apiVersion: networking.istio.io/v1
kind: Sidecar
metadata:
  name: s
  namespace: shop
spec:
  egress: [{ hosts: ["./*"] }]
`;
const TYPO = SIDECAR.replace('egress', 'egres');
const VS = (name, host) => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: ${name}
  namespace: shop
spec:
  hosts: [${host}]
  http:
  - route:
    - destination: {host: ${host}}
`;
const DR = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
  namespace: shop
spec:
  host: reviews
  subsets:
  - name: v1
    labels: {version: v1}
  - name: v2
    labels: {version: v2}
`;
const ROUTE = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
  namespace: shop
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: {host: reviews, subset: v1}
`;

const codes = (diagnostics) => diagnostics.map((d) => d.code).sort();
const publishes = (client, uri) => client.notifications.filter((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri).map((m) => m.params);
const waitForVersion = (client, uri, version) =>
  client.waitFor((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri && m.params.version === version, 10000, `diagnostics of ${uri} version ${version}`).then((m) => m.params.diagnostics);
const indexed = (client) => client.waitFor((m) => m.method === 'istio-ls/indexed', 30000, 'istio-ls/indexed').then((m) => m.params);

test('closing an edited, unsaved file returns its analysis to the disk text, and the persisted index holds only disk text', async (t) => {
  const ws = makeWorkspace({ 'sidecar.yaml': SIDECAR });
  const storagePath = mkdtempSync(join(tmpdir(), 'istio-ls-storage-'));
  const uri = fileUri(join(ws, 'sidecar.yaml'));
  const first = new LspClient();
  t.after(() => first.shutdown());
  await first.initialize(ws, {}, { storagePath });
  await indexed(first);
  first.open(uri, SIDECAR, 1);
  first.change(uri, TYPO, 2);
  assert.deepEqual(codes(await waitForVersion(first, uri, 2)), ['IST0106']);
  first.notify('textDocument/didClose', { textDocument: { uri } });
  await first.waitForDiagnostics(uri, (d) => d.length === 0);
  assert.equal(readFileSync(join(ws, 'sidecar.yaml'), 'utf8'), SIDECAR, 'the file on disk was never changed');
  await first.shutdown();

  // A restart reads the persisted index: it must not bring the unsaved text back.
  const second = new LspClient();
  t.after(() => second.shutdown());
  await second.initialize(ws, {}, { storagePath });
  const stats = await indexed(second);
  assert.equal(stats.fromCache, 1, 'the summary came from the persisted index');
  await new Promise((r) => setTimeout(r, 200));
  assert.deepEqual(second.diagnostics.get(uri) ?? [], []);
});

test('an untitled buffer is analysed alone: it puts no finding on files on disk', async (t) => {
  // Two DestinationRules for one host that define the same subset: ILS0301 on both when they meet.
  const ws = makeWorkspace({ 'dr.yaml': DR });
  const client = new LspClient();
  t.after(() => client.shutdown());
  await client.initialize(ws);
  await indexed(client);
  const disk = fileUri(join(ws, 'dr.yaml'));
  const untitled = 'untitled:Untitled-1';
  client.open(untitled, DR.replace('name: reviews', 'name: reviews-copy') + '---\n' + TYPO, 1);
  // The buffer's own findings arrive, with its version.
  assert.deepEqual(codes(await waitForVersion(client, untitled, 1)), ['IST0106']);
  assert.deepEqual(client.diagnostics.get(disk) ?? [], [], 'the file on disk is untouched by the buffer');
  // Features answer in the buffer from the buffer alone.
  const symbols = await client.request('textDocument/documentSymbol', { textDocument: { uri: untitled } });
  assert.deepEqual(symbols.map((s) => s.name), ['DestinationRule shop/reviews-copy', 'Sidecar shop/s']);
  const found = await client.request('workspace/symbol', { query: 'reviews' });
  assert.deepEqual(found.map((s) => s.location.uri), [disk], 'the buffer is not in the workspace index');
  // Closing it clears its diagnostics.
  client.notify('textDocument/didClose', { textDocument: { uri: untitled } });
  await client.waitForDiagnostics(untitled, (d) => d.length === 0);
});

test('a same-length edit (subset v1 → v2) is answered from the new text at once', async (t) => {
  const ws = makeWorkspace({ 'dr.yaml': DR, 'route.yaml': ROUTE });
  const client = new LspClient();
  t.after(() => client.shutdown());
  await client.initialize(ws);
  await indexed(client);
  const uri = fileUri(join(ws, 'route.yaml'));
  client.open(uri, ROUTE, 1);
  await waitForVersion(client, uri, 1);
  const { text: edited, position } = withCursor(ROUTE.replace('subset: v1', 'subset: v$02'));
  assert.equal(edited.length, ROUTE.length);
  client.change(uri, edited, 2);
  // No wait for the analysis: the request must read the new text.
  const [definition, hover] = await Promise.all([
    client.request('textDocument/definition', { textDocument: { uri }, position }),
    client.request('textDocument/hover', { textDocument: { uri }, position }),
  ]);
  const drLines = DR.split('\n');
  assert.deepEqual(
    definition.map((l) => [l.uri, l.range.start.line]),
    [[fileUri(join(ws, 'dr.yaml')), drLines.indexOf('  - name: v2')]],
  );
  assert.match(hover.contents.value, /v2/);
  assert.doesNotMatch(hover.contents.value, /version: v1|\bv1\b/);
});

test('each configuration answer replaces the previous one: a removed setting takes its default again', async (t) => {
  const ws = makeWorkspace({ 'typo.yaml': TYPO });
  const uri = fileUri(join(ws, 'typo.yaml'));

  // A client that answers workspace/configuration.
  const asking = new LspClient({ settings: { diagnostics: { severity: { IST0106: 'off' } } } });
  t.after(() => asking.shutdown());
  await asking.initialize(ws);
  await indexed(asking);
  assert.equal(asking.diagnostics.get(uri), undefined, 'IST0106 is off');
  asking.settings = {};
  asking.notify('workspace/didChangeConfiguration', { settings: null });
  assert.deepEqual(codes(await asking.waitForDiagnostics(uri, (d) => d.length > 0)), ['IST0106']);

  // A client without workspace/configuration pushes its settings.
  const pushing = new LspClient();
  t.after(() => pushing.shutdown());
  await pushing.initialize(ws, { workspace: { configuration: false } }, { settings: { diagnostics: { severity: { IST0106: 'off' } } } });
  await indexed(pushing);
  assert.equal(pushing.diagnostics.get(uri), undefined, 'IST0106 is off');
  pushing.notify('workspace/didChangeConfiguration', { settings: { istio: { diagnostics: { severity: { IST0106: 'warning' } } } } });
  const warned = await pushing.waitForDiagnostics(uri, (d) => d.length > 0);
  assert.equal(warned[0].severity, 2);
  pushing.notify('workspace/didChangeConfiguration', { settings: { istio: {} } });
  const restored = await pushing.waitForDiagnostics(uri, (d) => d.length > 0 && d[0].severity === 1);
  assert.deepEqual(codes(restored), ['IST0106']);
});

test('every opened document gets versioned diagnostics after each analysis, empty when clean', async (t) => {
  const ws = makeWorkspace({ 'sidecar.yaml': SIDECAR, 'typo.yaml': TYPO });
  const client = new LspClient();
  t.after(() => client.shutdown());
  await client.initialize(ws);
  await indexed(client);
  const clean = fileUri(join(ws, 'sidecar.yaml'));
  const typo = fileUri(join(ws, 'typo.yaml'));
  client.open(clean, SIDECAR, 7);
  client.open(typo, TYPO, 3);
  assert.deepEqual(await waitForVersion(client, clean, 7), []);
  assert.deepEqual(codes(await waitForVersion(client, typo, 3)), ['IST0106']);
  // A new version with the same findings is announced too.
  client.change(clean, SIDECAR + '# a comment\n', 8);
  assert.deepEqual(await waitForVersion(client, clean, 8), []);
  client.change(typo, TYPO + '# a comment\n', 4);
  assert.deepEqual(codes(await waitForVersion(client, typo, 4)), ['IST0106']);
});

test('a burst of edits is analysed once, every publish matches its version, and requests answer from the current text', async (t) => {
  const ws = makeWorkspace({ 'sidecar.yaml': SIDECAR });
  const client = new LspClient();
  t.after(() => client.shutdown());
  await client.initialize(ws);
  await indexed(client);
  const uri = fileUri(join(ws, 'sidecar.yaml'));
  client.open(uri, SIDECAR, 1);
  await waitForVersion(client, uri, 1);
  // Odd versions have the typo, even ones do not.
  const textOf = (v) => (v % 2 ? TYPO : SIDECAR) + `# edit ${v}\n`;
  for (let v = 2; v <= 42; v++) client.change(uri, textOf(v), v);
  // Answered from the last text (the field is spelt right there), without waiting for the analysis.
  const { position } = withCursor(SIDECAR.replace('egress', 'eg$0ress'));
  const hover = await client.request('textDocument/hover', { textDocument: { uri }, position });
  assert.match(hover.contents.value, /egress/i);
  await waitForVersion(client, uri, 42);
  const seen = publishes(client, uri).filter((p) => p.version > 1);
  assert.ok(seen.length < 41, `the burst was coalesced (${seen.length} publishes for 41 edits)`);
  for (const p of seen) assert.deepEqual(codes(p.diagnostics), p.version % 2 ? ['IST0106'] : [], `version ${p.version}`);
  assert.equal(seen.at(-1).version, 42);
});

test('a code action on line 1 of a closed file with a BOM edits the right columns', async (t) => {
  const text = 'apiVersion: networking.istio.io/v1beta1\nkind: Sidecar\nmetadata:\n  name: s\n  namespace: shop\nspec:\n  egress: [{ hosts: ["./*"] }]\n';
  const ws = makeWorkspace({ 'bom.yaml': '\uFEFF' + text });
  const client = new LspClient();
  t.after(() => client.shutdown());
  await client.initialize(ws, {
    textDocument: { codeAction: { resolveSupport: { properties: ['edit'] }, dataSupport: true, codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source'] } } } },
  });
  const uri = fileUri(join(ws, 'bom.yaml'));
  const diagnostics = await client.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'ILS0501'));
  const diag = diagnostics.find((d) => d.code === 'ILS0501');
  assert.deepEqual(diag.range.start, { line: 0, character: 12 });
  const actions = await client.request('textDocument/codeAction', { textDocument: { uri }, range: diag.range, context: { diagnostics: [diag] } });
  const fix = actions.find((a) => a.kind === 'quickfix' && a.diagnostics?.[0]?.code === 'ILS0501');
  assert.ok(fix, JSON.stringify(actions.map((a) => a.title)));
  const resolved = fix.edit ? fix : await client.request('codeAction/resolve', fix);
  const edits = resolved.edit.changes?.[uri] ?? resolved.edit.documentChanges.find((c) => c.textDocument?.uri === uri).edits;
  assert.equal(applyEdits(text, edits), text.replace('networking.istio.io/v1beta1', 'networking.istio.io/v1'));
});


test("files opened as the server starts: those as on disk use the scan's summary, an edited one its own text; both analysed across files", async (t) => {
  const ws = makeWorkspace({ 'rule.yaml': DR, 'route.yaml': ROUTE, 'sidecar.yaml': TYPO });
  const client = new LspClient();
  t.after(() => client.shutdown());
  await client.initialize(ws);
  const route = fileUri(join(ws, 'route.yaml'));
  const sidecar = fileUri(join(ws, 'sidecar.yaml'));
  // Opened before the scan ends, as an editor restoring its tabs does: the route as on disk, the sidecar already fixed.
  client.open(route, ROUTE, 1);
  client.open(sidecar, SIDECAR, 1);
  await indexed(client);
  assert.deepEqual(codes(await waitForVersion(client, route, 1)), [], 'subset v1 is found in the rule of the other file');
  assert.deepEqual(codes(await waitForVersion(client, sidecar, 1)), [], "the editor's text, not the disk's typo");
  // Later edits of a file opened as on disk are analysed from the editor's text.
  client.change(route, ROUTE.replace('subset: v1', 'subset: v3'), 2);
  assert.deepEqual(codes(await waitForVersion(client, route, 2)), ['IST0101']);
});

test('an edit that a newer edit supersedes publishes nothing, and a request between the two answers from its own text', async (t) => {
  const ws = makeWorkspace({ 'dr.yaml': DR, 'route.yaml': ROUTE });
  const client = new LspClient();
  t.after(() => client.shutdown());
  await client.initialize(ws);
  await indexed(client);
  const uri = fileUri(join(ws, 'route.yaml'));
  client.open(uri, ROUTE, 1);
  await waitForVersion(client, uri, 1);
  const { text: v2, position } = withCursor(ROUTE.replace('subset: v1', 'subset: v$02'));
  const v3 = ROUTE.replace('subset: v1', 'subset: v9');
  // Read by the server together: version 2's analysis is stale before it starts.
  const definition = client.together(() => {
    client.change(uri, v2, 2);
    const answer = client.request('textDocument/definition', { textDocument: { uri }, position });
    client.change(uri, v3, 3);
    return answer;
  });
  const drLines = DR.split('\n');
  assert.deepEqual(
    (await definition).map((l) => l.range.start.line),
    [drLines.indexOf('  - name: v2')],
    'answered from version 2, the text when it was sent',
  );
  assert.deepEqual(codes(await waitForVersion(client, uri, 3)), ['IST0101']);
  assert.deepEqual(
    publishes(client, uri).map((p) => p.version),
    [1, 3],
    'nothing was published for the superseded version 2',
  );
});

test('requests sent while a Gateway rename is being analysed answer from the current text, and the VirtualServices bound to it end with the findings of the last name', async (t) => {
  const gateway = (name) => `apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: ${name}
  namespace: shop
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["*.example.com"]
`;
  const publicVs = (i) => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: public-${i}
  namespace: shop
spec:
  hosts: [app${i}.example.com]
  gateways: [public]
  http:
  - route:
    - destination: {host: reviews}
`;
  const files = { 'gateway.yaml': gateway('public'), 'dr.yaml': DR };
  for (let i = 0; i < 40; i++) files[`vs-${i}.yaml`] = publicVs(i);
  const ws = makeWorkspace(files);
  const client = new LspClient();
  t.after(() => client.shutdown());
  await client.initialize(ws);
  await indexed(client);
  const uri = fileUri(join(ws, 'gateway.yaml'));
  client.open(uri, gateway('public'), 1);
  await waitForVersion(client, uri, 1);
  const vs = (i) => fileUri(join(ws, `vs-${i}.yaml`));
  // Rename, rename back, rename again: each with a symbol request right behind it.
  const names = ['renamed', 'public', 'other'];
  for (const [i, name] of names.entries()) {
    const symbols = client.together(() => {
      client.change(uri, gateway(name), i + 2);
      return client.request('textDocument/documentSymbol', { textDocument: { uri } });
    });
    assert.match(JSON.stringify(await symbols), new RegExp(`Gateway shop/${name}"`), `symbols of version ${i + 2}`);
  }
  await waitForVersion(client, uri, 4);
  // Gateway "other" is not what the VirtualServices bind: every one of them says so once, naming the Gateway there is now.
  for (let i = 0; i < 40; i++) {
    const diagnostics = await client.waitForDiagnostics(vs(i), (d) => d.some((x) => x.message.includes('other')));
    assert.deepEqual(codes(diagnostics), ['IST0101'], `vs-${i}.yaml`);
  }
});
