// Start-up when the client answers workspace/configuration late (an editor
// restoring many tabs sends every didOpen before it reads the server's
// requests): the scan starts with the settings known at initialize and
// publishes only under the settings the client answers, dropping files the
// answer excludes and reading everything again when the answer changes how
// files are read or excludes less than the scan did.
import test from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { LspClient, makeWorkspace, fileUri } from '../helpers/lspClient.mjs';

const GATEWAY = `apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: web
  namespace: shop
spec:
  selector:
    istio: ingressgateway
  servers:
  - port: { number: 80, name: http, protocol: HTTP }
    hosts: ["shop.example.com"]
`;
// No namespace: bound to shop/web only when the default namespace is shop.
const VS = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: shop
spec:
  hosts: ["shop.example.com"]
  gateways: ["web"]
  http:
  - route:
    - destination:
        host: istio-ingressgateway.istio-system.svc.cluster.local
`;
const typo = (name) => `apiVersion: networking.istio.io/v1
kind: Sidecar
metadata:
  name: ${name}
  namespace: ${name}
spec:
  egres: [{ hosts: ["./*"] }]
`;

/** A client that holds its answer to workspace/configuration until `release()`. */
class LateClient extends LspClient {
  constructor(options) {
    super(options);
    this.held = [];
  }

  answer(msg) {
    if (msg.method === 'workspace/configuration' && !this.released) this.held.push(msg);
    else super.answer(msg);
  }

  release() {
    this.released = true;
    for (const msg of this.held.splice(0)) super.answer(msg);
  }
}

const DEFAULT_EXCLUDES = ['**/node_modules/**', '**/.git/**', '**/vendor/**'];

/** Waits until the index holds a symbol of every one of `names` (the scan has read those files). */
async function untilIndexed(client, names) {
  for (const end = Date.now() + 30000; Date.now() < end; ) {
    const symbols = await client.request('workspace/symbol', { query: '' });
    if (names.every((n) => symbols.some((s) => s.name.endsWith(`/${n}`)))) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`the scan did not read ${names.join(', ')} before the settings were answered`);
}

function published(client, uri) {
  return client.notifications.filter((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri).map((m) => m.params);
}

test('settings answered after the scan read the files: nothing is published under the settings it started with', async (t) => {
  const ws = makeWorkspace({ 'shop/typo.yaml': typo('typo'), 'shop/open.yaml': typo('open'), 'legacy/old.yaml': typo('old'), 'shop/gw.yaml': GATEWAY });
  const client = new LateClient({ settings: { diagnostics: { severity: { IST0106: 'off' } }, exclude: [...DEFAULT_EXCLUDES, 'legacy/**'] } });
  t.after(() => client.shutdown());
  await client.initialize(ws);
  const openUri = fileUri(join(ws, 'shop/open.yaml'));
  client.open(openUri, typo('open'), 3);
  await untilIndexed(client, ['typo', 'old', 'web']);
  client.release();
  await client.waitFor((m) => m.method === 'istio-ls/indexed', 30000, 'istio-ls/indexed');
  // IST0106 is off in the answer: no publish ever carried it.
  const all = client.notifications.filter((m) => m.method === 'textDocument/publishDiagnostics').flatMap((m) => m.params.diagnostics);
  assert.deepEqual(all.map((d) => d.code), []);
  assert.deepEqual(published(client, openUri), [{ uri: openUri, version: 3, diagnostics: [] }]);
  // legacy/ is excluded by the answer: dropped from the index, never published.
  assert.deepEqual(published(client, fileUri(join(ws, 'legacy/old.yaml'))), []);
  const symbols = await client.request('workspace/symbol', { query: '' });
  assert.deepEqual(symbols.map((s) => s.name).sort(), ['Gateway shop/web', 'Sidecar open/open', 'Sidecar typo/typo']);
});

test('an answer that changes the default namespace or excludes less reads the workspace again before publishing', async (t) => {
  const ws = makeWorkspace({ 'vs.yaml': VS, 'gw.yaml': GATEWAY, 'vendor/v.yaml': typo('vendored') });
  // vendor/ is excluded by default; the answer's own list leaves it in.
  const client = new LateClient({ settings: { defaultNamespace: 'shop', exclude: ['**/node_modules/**'] } });
  t.after(() => client.shutdown());
  await client.initialize(ws);
  await untilIndexed(client, ['shop', 'web']);
  client.release();
  await client.waitFor((m) => m.method === 'istio-ls/indexed', 30000, 'istio-ls/indexed');
  const symbols = await client.request('workspace/symbol', { query: '' });
  assert.deepEqual(symbols.map((s) => s.name).sort(), ['Gateway shop/web', 'Sidecar vendored/vendored', 'VirtualService shop/shop']);
  // Bound in namespace shop from its first publish on: never an unknown-gateway finding.
  assert.deepEqual(published(client, fileUri(join(ws, 'vs.yaml'))).flatMap((p) => p.diagnostics), []);
  const vendored = published(client, fileUri(join(ws, 'vendor/v.yaml')));
  assert.deepEqual(vendored.flatMap((p) => p.diagnostics.map((d) => d.code)), ['IST0106']);
  assert.equal(client.notifications.filter((m) => m.method === 'istio-ls/indexed').length, 1);
});

test('documents opened after the scan read them from disk are not parsed again; an unsaved text is', async (t) => {
  const files = { 'shop/gw.yaml': GATEWAY, 'shop/vs.yaml': VS.replace('  name: shop\n', '  name: shop\n  namespace: shop\n'), 'a/typo.yaml': typo('a'), 'b/typo.yaml': typo('b') };
  const ws = makeWorkspace(files);
  const client = new LateClient();
  t.after(() => client.shutdown());
  await client.initialize(ws);
  await untilIndexed(client, ['web', 'shop', 'a', 'b']);
  // Opened as on disk, except b/typo.yaml, whose editor holds a fix not saved yet.
  for (const [path, text] of Object.entries(files)) client.open(fileUri(join(ws, path)), path === 'b/typo.yaml' ? text.replace('egres', 'egress') : text, 5);
  client.release();
  const indexed = await client.waitFor((m) => m.method === 'istio-ls/indexed', 30000, 'istio-ls/indexed');
  assert.equal(indexed.params.reparsed, 1, 'only the document whose text differs from the disk');
  const codes = (path) => published(client, fileUri(join(ws, path))).map((p) => [p.version, p.diagnostics.map((d) => d.code)]);
  assert.deepEqual(codes('a/typo.yaml'), [[5, ['IST0106']]]);
  assert.deepEqual(codes('b/typo.yaml'), [[5, []]]);
  assert.deepEqual(codes('shop/vs.yaml'), [[5, []]]);
});
