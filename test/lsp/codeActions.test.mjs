// Code actions and the egress bundle command through the real server over
// stdio: the list carries data and no edit, codeAction/resolve adds the edit,
// a client that cannot resolve gets the edit at once, and
// `istio.routeThroughEgress` applies its bundle with workspace/applyEdit.
import test from 'node:test';
import assert from 'node:assert/strict';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { LspClient, makeWorkspace, fileUri } from '../helpers/lspClient.mjs';

const EXAMPLES = resolve(dirname(fileURLToPath(import.meta.url)), '../../examples');

const EDITOR = {
  textDocument: {
    hover: { contentFormat: ['markdown'] },
    publishDiagnostics: { relatedInformation: true },
    codeAction: { resolveSupport: { properties: ['edit'] }, dataSupport: true, codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor', 'source'] } } },
  },
  workspace: {
    configuration: true,
    didChangeWatchedFiles: { dynamicRegistration: true },
    workspaceFolders: true,
    applyEdit: true,
    workspaceEdit: { documentChanges: true, resourceOperations: ['create'] },
  },
};

async function start(t, capabilities = EDITOR) {
  const ws = makeWorkspace(EXAMPLES);
  const client = new LspClient();
  t.after(() => client.shutdown());
  const init = await client.initialize(ws, capabilities);
  const typos = fileUri(join(ws, 'book-typos/book-typos.yaml'));
  const diagnostics = await client.waitForDiagnostics(typos, (d) => d.some((x) => x.code === 'ILS0101'));
  return { client, init, ws, typos, diagnostics };
}

function actionsAt(client, uri, diag, only) {
  return client.request('textDocument/codeAction', { textDocument: { uri }, range: diag.range, context: { diagnostics: [diag], only } });
}

test('capabilities: code actions with resolve, and the egress command', async (t) => {
  const { init } = await start(t);
  assert.deepStrictEqual(init.capabilities.codeActionProvider, { resolveProvider: true, codeActionKinds: ['quickfix', 'refactor', 'source.fixAll.istio-ls', 'source.istio.migrateV1'] });
  assert.deepStrictEqual(init.capabilities.executeCommandProvider, { commands: ['istio.routeThroughEgress', 'istio.showLocations'] });
});

test('ILS0101 on a file that was never opened: the replacement comes with the list', async (t) => {
  const { client, typos, diagnostics } = await start(t);
  const diag = diagnostics.find((d) => d.code === 'ILS0101');
  const actions = await actionsAt(client, typos, diag);
  const quote = actions.find((a) => a.title === 'Quote the host: "*.foo.com"');
  assert.ok(quote, JSON.stringify(actions.map((a) => a.title)));
  assert.deepStrictEqual(quote, {
    title: 'Quote the host: "*.foo.com"',
    kind: 'quickfix',
    diagnostics: [diag],
    isPreferred: true,
    edit: { documentChanges: [{ textDocument: { uri: typos, version: null }, edits: [{ range: diag.range, newText: '"*.foo.com"' }] }] },
  });
});

test('IST0132: the list has data only; codeAction/resolve edits the Gateway in its own file', async (t) => {
  const { client, ws, typos, diagnostics } = await start(t);
  const diag = diagnostics.find((d) => d.code === 'IST0132' && d.message.includes('foo/foo-gateway'));
  const actions = await actionsAt(client, typos, diag);
  const add = actions.find((a) => a.title === 'Add "foo.super.secret.internal.name" to Gateway foo/foo-gateway (in gateways.yaml)');
  assert.ok(add, JSON.stringify(actions.map((a) => a.title)));
  assert.equal(add.edit, undefined);
  assert.equal(add.data.fix, 'addHostToGateway');
  const resolved = await client.request('codeAction/resolve', add);
  const gateways = fileUri(join(ws, 'bookinfo-gateways/gateways.yaml'));
  const text = readFileSync(join(ws, 'bookinfo-gateways/gateways.yaml'), 'utf8').split('\n');
  const line = text.indexOf('    - foo.com') + 1;
  assert.ok(line > 0);
  assert.deepStrictEqual(resolved.edit, {
    documentChanges: [{ textDocument: { uri: gateways, version: null }, edits: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: '    - foo.super.secret.internal.name\n' }] }],
  });
});

test('a client without resolve support gets every edit in the list', async (t) => {
  const caps = { ...EDITOR, textDocument: { ...EDITOR.textDocument, codeAction: { dataSupport: true } } };
  const { client, typos, diagnostics } = await start(t, caps);
  const diag = diagnostics.find((d) => d.code === 'IST0132' && d.message.includes('foo/foo-gateway'));
  const actions = await actionsAt(client, typos, diag);
  const add = actions.find((a) => a.title === 'Add "foo.super.secret.internal.name" to Gateway foo/foo-gateway (in gateways.yaml)');
  assert.equal(add.data, undefined);
  assert.deepStrictEqual(add.edit.documentChanges[0].edits.map((e) => e.newText), ['    - foo.super.secret.internal.name\n']);
});

test('source.istio.migrateV1 moves the book file to v1 (every older apiVersion of the workspace)', async (t) => {
  const { client, typos, diagnostics } = await start(t);
  const actions = await actionsAt(client, typos, diagnostics[0], ['source.istio.migrateV1']);
  assert.deepStrictEqual(actions.map((a) => [a.title, a.kind]), [['Move every Istio resource of the workspace to the v1 API (1 file)', 'source.istio.migrateV1']]);
  const { edit } = await client.request('codeAction/resolve', actions[0]);
  const hints = diagnostics.filter((d) => d.code === 'ILS0501');
  assert.deepStrictEqual(edit.documentChanges.map((c) => c.textDocument.uri), [typos]);
  assert.deepStrictEqual(edit.documentChanges[0].edits.map((e) => [e.range, e.newText]), hints.map((d) => [d.range, 'networking.istio.io/v1']));
});

test('istio.routeThroughEgress with complete arguments applies the bundle; the new file is clean', async (t) => {
  const { client, ws } = await start(t);
  const target = fileUri(join(ws, 'application/egress-api-example-com.yaml'));
  const google = fileUri(join(ws, 'application/egress-google.yaml'));
  const response = await client.request('workspace/executeCommand', {
    command: 'istio.routeThroughEgress',
    arguments: [{ host: 'api.example.com', protocol: 'HTTP', port: 80, namespace: 'application', target }],
  });
  assert.equal(response.applied, true, JSON.stringify(response));
  assert.equal(response.target, target);
  assert.deepStrictEqual(response.uris, [target, google]);
  assert.equal(client.appliedEdits.length, 1);
  const [edit] = client.appliedEdits;
  assert.deepStrictEqual(edit.documentChanges[0], { kind: 'create', uri: target, options: { overwrite: false, ignoreIfExists: false } });
  const created = edit.documentChanges[1];
  assert.deepStrictEqual(created.textDocument, { uri: target, version: null });
  assert.deepStrictEqual(created.edits[0].range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
  assert.match(created.edits[0].newText, /^kind: ServiceEntry$/m);
  // Apply it like an editor: open the new file and the changed one with their new text.
  const googleText = readFileSync(join(ws, 'application/egress-google.yaml'), 'utf8');
  const googleEdits = edit.documentChanges[2];
  assert.equal(googleEdits.textDocument.uri, google);
  let changed = googleText.split('\n');
  for (const e of googleEdits.edits.slice().reverse()) {
    assert.equal(e.range.start.character, 0);
    changed.splice(e.range.start.line, 0, ...e.newText.replace(/\n$/, '').split('\n'));
  }
  client.open(google, changed.join('\n'));
  client.open(target, created.edits[0].newText);
  // A round trip after the opens, then the debounce: nothing may be published for either file.
  await client.request('textDocument/hover', { textDocument: { uri: target }, position: { line: 5, character: 2 } });
  await new Promise((r) => setTimeout(r, 300));
  assert.deepStrictEqual(client.diagnostics.get(target) ?? [], []);
  assert.deepStrictEqual(client.diagnostics.get(google) ?? [], []);
});

test('istio.routeThroughEgress without all arguments says what is missing and applies nothing', async (t) => {
  const { client } = await start(t);
  const response = await client.request('workspace/executeCommand', { command: 'istio.routeThroughEgress', arguments: [{ host: 'api.example.com' }] });
  assert.deepStrictEqual(response, { applied: false, error: 'Cannot write the egress bundle: missing protocol, namespace, target.', missing: ['protocol', 'namespace', 'target'], errors: [], notes: [] });
  assert.equal(client.appliedEdits, undefined);
});
