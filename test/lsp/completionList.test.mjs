// The completion list as sent, through the real server over stdio: a client
// that applies LSP 3.17 CompletionList.itemDefaults (VS Code, recent Neovim)
// gets the shared edit range once, one that does not (older clients) gets a
// textEdit on every item; both insert the same text at the same place with
// the same format. And the gateways list follows an edit of a Gateway.
import test from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { LspClient, makeWorkspace, fileUri, applyEdits, withCursor } from '../helpers/lspClient.mjs';

const gateway = (ns, name, host) => `apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  selector:
    istio: ingressgateway
  servers:
  - port: { number: 80, name: http, protocol: HTTP }
    hosts: ["${host}"]
`;
const BACKEND = `apiVersion: v1
kind: Service
metadata:
  name: cart
  namespace: shop
spec:
  selector: { app: cart }
  ports:
  - { port: 8080, name: http }
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: cart
  namespace: shop
spec:
  host: cart
  subsets:
  - name: v1
    labels: { version: v1 }
  - name: v2
    labels: { version: v2 }
`;
const ROUTE = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: front
  namespace: shop
spec:
  hosts:
  - shop.example.com
  exportTo:
  - "."
  gateways:
  - shop-gw
  http:
  - route:
    - destination:
        host: cart
        subset: v1
`;
// A finding to wait for: the server publishes after the whole workspace is indexed.
const TYPO = `apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: s, namespace: shop}
spec:
  egres: []
`;
const FILES = {
  'shop/gw.yaml': gateway('shop', 'shop-gw', '*/shop.example.com'),
  'shop/other-gw.yaml': gateway('shop', 'other-gw', '*/other.example.com'),
  'edge/gw.yaml': gateway('edge', 'edge-gw', '*/edge.example.com'),
  'shop/backend.yaml': BACKEND,
  'shop/typo.yaml': TYPO,
  'shop/route.yaml': ROUTE,
};
// What vscode-languageclient declares.
const ITEM_DEFAULTS = { textDocument: { completion: { completionItem: { snippetSupport: true }, completionList: { itemDefaults: ['commitCharacters', 'editRange', 'insertTextFormat', 'insertTextMode', 'data'] } } } };

async function start(t, capabilities) {
  const ws = makeWorkspace(FILES);
  const client = new LspClient();
  t.after(() => client.shutdown());
  await client.initialize(ws, capabilities);
  await client.waitForDiagnostics(fileUri(join(ws, 'shop/typo.yaml')), (d) => d.length > 0);
  return { client, uri: (rel) => fileUri(join(ws, rel)) };
}

/** Each item as the LSP 3.17 spec says a client inserts it: range, text, format, and the mode of a multi-line text. */
function asInserted(list) {
  const d = list.itemDefaults ?? {};
  return list.items.map((i) => {
    const newText = i.textEdit ? i.textEdit.newText : (i.textEditText ?? i.label);
    const multiLine = newText.includes('\n');
    return {
      label: i.label,
      range: i.textEdit ? i.textEdit.range : d.editRange,
      newText,
      format: i.insertTextFormat ?? d.insertTextFormat ?? 1,
      mode: multiLine ? (i.insertTextMode ?? d.insertTextMode ?? 'client default') : 'one line',
      sortText: i.sortText,
      command: i.command?.command,
    };
  });
}

// Cursors: a gateways item (many items, one range), an exportTo item (a value that must be quoted),
// a partly typed subset, the keys of a destination (multi-line snippets, a retrigger).
const CURSORS = [
  ['gateways', ROUTE.replace('  - shop-gw\n', '  - shop-gw\n  - $0\n')],
  ['exportTo', ROUTE.replace('  - "."\n', '  - $0\n')],
  ['subset', ROUTE.replace('subset: v1', 'subset: v$0')],
  ['keys', ROUTE.replace('        subset: v1\n', '        subset: v1\n      $0\n')],
];

test('with and without itemDefaults a client inserts the same text at the same place', async (t) => {
  const plain = await start(t, {});
  const modern = await start(t, ITEM_DEFAULTS);
  for (const [what, marked] of CURSORS) {
    const { text, position } = withCursor(marked);
    const answers = [];
    for (const { client, uri } of [plain, modern]) {
      client.open(uri('shop/route.yaml'), text, 1);
      answers.push(await client.request('textDocument/completion', { textDocument: { uri: uri('shop/route.yaml') }, position }));
      client.notify('textDocument/didClose', { textDocument: { uri: uri('shop/route.yaml') } });
    }
    const [old, withDefaults] = answers;
    assert.ok(old.items.length > 0, what);
    assert.equal(old.itemDefaults, undefined, `${what}: a client without itemDefaults gets none`);
    assert.ok(old.items.every((i) => i.textEdit), `${what}: every item carries its edit`);
    assert.deepEqual(asInserted(withDefaults), asInserted(old), what);
    for (const item of asInserted(old)) if (item.mode !== 'one line') assert.equal(item.mode, 1, `${what}: ${item.label} is inserted as is (the core indents it)`);
  }
});

test('itemDefaults: the shared range is sent once, an item says only the text that differs from its label', async (t) => {
  const { client, uri } = await start(t, ITEM_DEFAULTS);
  const route = uri('shop/route.yaml');
  const exportTo = withCursor(CURSORS[1][1]);
  client.open(route, exportTo.text, 1);
  const list = await client.request('textDocument/completion', { textDocument: { uri: route }, position: exportTo.position });
  assert.deepEqual(list.itemDefaults, { editRange: { start: exportTo.position, end: exportTo.position } });
  assert.deepEqual(
    list.items.map((i) => [i.label, i.textEdit, i.textEditText, i.insertTextFormat, i.insertTextMode]),
    [
      ['.', undefined, undefined, undefined, undefined],
      ['*', undefined, '"*"', undefined, undefined],
      ['edge', undefined, undefined, undefined, undefined],
      ['shop', undefined, undefined, undefined, undefined],
    ],
  );
  const star = { range: list.itemDefaults.editRange, newText: list.items[1].textEditText };
  assert.equal(applyEdits(exportTo.text, [star]), ROUTE.replace('  - "."\n', '  - "*"\n'));

  const keys = withCursor(CURSORS[3][1]);
  client.change(route, keys.text, 2);
  const keyList = await client.request('textDocument/completion', { textDocument: { uri: route }, position: keys.position });
  assert.deepEqual(keyList.itemDefaults, { editRange: { start: keys.position, end: keys.position }, insertTextMode: 1 /* asIs */ });
  const headers = keyList.items.find((i) => i.label === 'headers');
  assert.deepEqual([headers.textEditText, headers.insertTextFormat, headers.insertTextMode], ['headers:\n        $1', 2, undefined]);
  // Documentation still comes on resolve.
  const subset = withCursor(CURSORS[2][1]);
  client.change(route, subset.text, 3);
  const subsets = await client.request('textDocument/completion', { textDocument: { uri: route }, position: subset.position });
  const resolved = await client.request('completionItem/resolve', subsets.items.find((i) => i.label === 'v2'));
  assert.match(resolved.documentation.value, /subset `v2` of DestinationRule `shop\/cart`/);
});

test('the gateways list follows an edit of a Gateway in another file', async (t) => {
  const { client, uri } = await start(t, {});
  const route = uri('shop/route.yaml');
  const { text, position } = withCursor(CURSORS[0][1]);
  client.open(route, text, 1);
  const ask = async () => (await client.request('textDocument/completion', { textDocument: { uri: route }, position })).items.map((i) => i.label);
  // Those exposing the VirtualService's host first (shop-gw is listed already), then its namespace's, `mesh`, the others.
  assert.deepEqual(await ask(), ['other-gw', 'mesh', 'edge/edge-gw']);

  // The edge Gateway now exposes shop.example.com, and the other one is renamed.
  const edge = uri('edge/gw.yaml');
  client.open(edge, gateway('edge', 'edge-gw', '*/edge.example.com'), 1);
  client.change(edge, gateway('edge', 'edge-gw', '*/shop.example.com'), 2);
  await client.waitFor((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === edge && m.params.version === 2);
  assert.deepEqual(await ask(), ['edge/edge-gw', 'other-gw', 'mesh']);
  const other = uri('shop/other-gw.yaml');
  client.open(other, gateway('shop', 'other-gw', '*/other.example.com'), 1);
  client.change(other, gateway('shop', 'renamed-gw', '*/other.example.com'), 2);
  await client.waitFor((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === other && m.params.version === 2);
  assert.deepEqual(await ask(), ['edge/edge-gw', 'renamed-gw', 'mesh']);
});
