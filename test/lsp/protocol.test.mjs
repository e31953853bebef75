// The built server over stdio, as an editor drives it.
import test from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, unlinkSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LspClient, makeWorkspace, fileUri, withCursor } from '../helpers/lspClient.mjs';

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
const VS = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: shop
  namespace: shop
spec:
  hosts: ["shop.example.com"]
  gateways: ["web"]
  http:
  - route:
    - destination:
        host: istio-ingressgateway.istio-system.svc.cluster.local
`;
const TYPO = `apiVersion: networking.istio.io/v1
kind: Sidecar
metadata:
  name: s
  namespace: shop
spec:
  egres: [{ hosts: ["./*"] }]
`;

test('diagnostics for a never-opened file, hover, symbols, and a file change', async (t) => {
  const ws = makeWorkspace({ 'shop/gateway.yaml': GATEWAY, 'shop/vs.yaml': VS, 'shop/typo.yaml': TYPO, 'node_modules/x/bad.yaml': TYPO });
  const client = new LspClient();
  t.after(() => client.shutdown());
  const init = await client.initialize(ws);
  assert.equal(init.serverInfo.name, 'istio-ls');
  assert.ok(init.capabilities.hoverProvider);

  const typoUri = fileUri(join(ws, 'shop/typo.yaml'));
  const diags = await client.waitForDiagnostics(typoUri, (d) => d.length > 0);
  assert.equal(diags.length, 1);
  assert.equal(diags[0].code, 'IST0106');
  assert.equal(diags[0].source, 'istio-ls');
  assert.deepEqual(diags[0].range, { start: { line: 6, character: 2 }, end: { line: 6, character: 7 } });
  assert.match(diags[0].codeDescription.href, /istio\.io.*ist0106/);
  assert.ok(!client.diagnostics.has(fileUri(join(ws, 'node_modules/x/bad.yaml'))), 'node_modules is excluded');

  // Hover on `hosts` of the VirtualService.
  const vsUri = fileUri(join(ws, 'shop/vs.yaml'));
  client.open(vsUri, VS);
  const { position } = withCursor(VS.replace('  hosts:', '  ho$0sts:'));
  const hover = await client.request('textDocument/hover', { textDocument: { uri: vsUri }, position });
  assert.equal(hover.contents.kind, 'markdown');
  assert.match(hover.contents.value, /hosts/);
  assert.match(hover.contents.value, /virtual-service/);

  const symbols = await client.request('textDocument/documentSymbol', { textDocument: { uri: vsUri } });
  assert.deepEqual(symbols.map((s) => s.name), ['VirtualService shop/shop']);
  assert.deepEqual(symbols[0].children.map((c) => c.name), ['http[0]']);

  // Renaming the Gateway on disk (a file the editor never opened) breaks the binding.
  const gwPath = join(ws, 'shop/gateway.yaml');
  writeFileSync(gwPath, GATEWAY.replace('name: web', 'name: web2'));
  client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(gwPath), type: 2 }] });
  const broken = await client.waitForDiagnostics(vsUri, (d) => d.some((x) => x.code === 'IST0101'));
  const f = broken.find((x) => x.code === 'IST0101');
  assert.equal(readFileSync(gwPath, 'utf8').includes('web2'), true);
  assert.deepEqual(f.range.start, { line: 7, character: 13 }); // the quoted scalar, quotes included

  // Deleting the typo file clears its diagnostics.
  unlinkSync(join(ws, 'shop/typo.yaml'));
  client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: typoUri, type: 3 }] });
  await client.waitForDiagnostics(typoUri, (d) => d.length === 0);
});

test('an open document wins over the disk, and edits republish', async (t) => {
  const ws = makeWorkspace({ 'a/sidecar.yaml': TYPO });
  const client = new LspClient();
  t.after(() => client.shutdown());
  await client.initialize(ws);
  const uri = fileUri(join(ws, 'a/sidecar.yaml'));
  await client.waitForDiagnostics(uri, (d) => d.length === 1);
  client.open(uri, TYPO, 1);
  client.change(uri, TYPO.replace('egres', 'egress'), 2);
  await client.waitForDiagnostics(uri, (d) => d.length === 0);
});

test('settings: the default namespace comes from the client', async (t) => {
  const ws = makeWorkspace({ 'vs.yaml': VS.replace('  namespace: shop\n', ''), 'gw.yaml': GATEWAY });
  const client = new LspClient({ settings: { defaultNamespace: 'shop' } });
  t.after(() => client.shutdown());
  await client.initialize(ws);
  const uri = fileUri(join(ws, 'vs.yaml'));
  // Bound in namespace shop: clean. Wait for the gateway's file too, so the index is complete.
  await client.waitForDiagnostics(fileUri(join(ws, 'gw.yaml')), () => true).catch(() => undefined);
  const symbols = await client.request('workspace/symbol', { query: 'VirtualService' });
  assert.deepEqual(symbols.map((s) => s.name), ['VirtualService shop/shop']);
  assert.ok(!(client.diagnostics.get(uri) ?? []).some((d) => d.code === 'IST0101'));
});

test('a client without workspace/configuration passes settings as initializationOptions', async (t) => {
  const ws = makeWorkspace({ 'vs.yaml': VS.replace('  namespace: shop\n', ''), 'gw.yaml': GATEWAY, 'typo.yaml': TYPO });
  const client = new LspClient();
  t.after(() => client.shutdown());
  await client.initialize(ws, { workspace: { configuration: false } }, { settings: { defaultNamespace: 'shop', diagnostics: { severity: { IST0106: 'off' } } } });
  await client.waitFor((m) => m.method === 'istio-ls/indexed', 10000, 'istio-ls/indexed');
  const symbols = await client.request('workspace/symbol', { query: 'VirtualService' });
  assert.deepEqual(symbols.map((s) => s.name), ['VirtualService shop/shop']);
  const all = [...client.diagnostics.values()].flat().map((d) => d.code);
  assert.deepEqual(all, [], 'IST0106 is off, and the VirtualService binds in namespace shop');
});
