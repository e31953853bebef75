// Completion, definition, references, rename and code lens through the real
// server over stdio: positions, ranges in other files (converted with the
// summaries' line tables) and the workspace edit of a rename.
import test from 'node:test';
import assert from 'node:assert/strict';
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
    hosts: ["*/shop.example.com"]
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
`;
const FRONT = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: front
  namespace: front
spec:
  hosts: ["shop.example.com"]
  gateways: [shop/web]
  http:
  - route:
    - destination:
        host: cart.shop.svc.cluster.local
        subset: v1
`;
/** The position of `$0` in FRONT, given a piece of FRONT with `$0` in it. */
const inFront = (marked) => withCursor(FRONT.replace(marked.replace('$0', ''), marked)).position;
// A finding to wait for: the server publishes after the whole workspace is indexed.
const TYPO = `apiVersion: networking.istio.io/v1
kind: Sidecar
metadata:
  name: s
  namespace: shop
spec:
  egres: []
`;

async function start(t) {
  const ws = makeWorkspace({ 'shop/gateway.yaml': GATEWAY, 'shop/backend.yaml': BACKEND, 'front/vs.yaml': FRONT, 'shop/typo.yaml': TYPO });
  const client = new LspClient();
  t.after(() => client.shutdown());
  const init = await client.initialize(ws);
  await client.waitForDiagnostics(fileUri(join(ws, 'shop/typo.yaml')), (d) => d.length > 0);
  const uri = (rel) => fileUri(join(ws, rel));
  return { client, init, uri };
}

test('capabilities, completion of a subset typed into an open document', async (t) => {
  const { client, init, uri } = await start(t);
  assert.deepEqual(init.capabilities.completionProvider.triggerCharacters, [':', ' ', '/', '-', '"', '{', '[', ',']);
  assert.equal(init.capabilities.definitionProvider, true);
  assert.equal(init.capabilities.referencesProvider, true);
  assert.deepEqual(init.capabilities.renameProvider, { prepareProvider: true });
  assert.ok(init.capabilities.codeLensProvider);

  const vs = uri('front/vs.yaml');
  const typed = withCursor(FRONT.replace('subset: v1', 'subset: $0'));
  const edited = typed.text;
  client.open(vs, edited, 1);
  const list = await client.request('textDocument/completion', { textDocument: { uri: vs }, position: typed.position });
  assert.deepEqual(
    list.items.map((i) => [i.label, i.kind, i.textEdit.range, i.textEdit.newText, i.insertTextFormat, i.insertTextMode]),
    // Plain text is the format a missing insertTextFormat means; one line needs no insertTextMode.
    [['v1', 18 /* Reference */, { start: typed.position, end: typed.position }, 'v1', undefined, undefined]],
  );
  assert.equal(list.items[0].documentation, undefined, 'documentation comes on resolve');
  const resolved = await client.request('completionItem/resolve', list.items[0]);
  assert.match(resolved.documentation.value, /DestinationRule `shop\/cart`.*backend\.yaml:19/);

  // A key snippet: indented by the core, inserted as is.
  const key = withCursor(edited.replace('        subset: \n', '        subset: v1\n      $0\n'));
  client.change(vs, key.text, 2);
  const keys = await client.request('textDocument/completion', { textDocument: { uri: vs }, position: key.position });
  const headers = keys.items.find((i) => i.label === 'headers');
  assert.deepEqual([headers.insertTextFormat, headers.insertTextMode, headers.textEdit.newText], [2, 1 /* asIs */, 'headers:\n        $1']);
  assert.deepEqual(keys.items.map((i) => i.label), ['headers', 'weight']);
});

test('definition and references land in other files at the right ranges', async (t) => {
  const { client, uri } = await start(t);
  const vs = uri('front/vs.yaml');
  client.open(vs, FRONT, 1);
  const gw = await client.request('textDocument/definition', { textDocument: { uri: vs }, position: inFront('shop/w$0eb') });
  assert.deepEqual(gw, [{ uri: uri('shop/gateway.yaml'), range: { start: { line: 3, character: 8 }, end: { line: 3, character: 11 } } }]);
  const subset = await client.request('textDocument/definition', { textDocument: { uri: vs }, position: inFront('subset: v$01') });
  assert.deepEqual(subset, [{ uri: uri('shop/backend.yaml'), range: { start: { line: 18, character: 10 }, end: { line: 18, character: 12 } } }]);
  const refs = await client.request('textDocument/references', { textDocument: { uri: vs }, position: inFront('host: c$0art'), context: { includeDeclaration: true } });
  assert.deepEqual(
    refs.map((r) => [r.uri.slice(r.uri.lastIndexOf('/', r.uri.lastIndexOf('/') - 1)), r.range.start.line, r.range.start.character, r.range.end.character]),
    [
      ['/front/vs.yaml', 11, 14, 41],
      ['/shop/backend.yaml', 3, 8, 12],
      ['/shop/backend.yaml', 16, 8, 12],
    ],
  );
});

test('rename a Gateway from a reference: one workspace edit over both files; prepareRename refuses a host', async (t) => {
  const { client, uri } = await start(t);
  const vs = uri('front/vs.yaml');
  client.open(vs, FRONT, 1);
  const ready = await client.request('textDocument/prepareRename', { textDocument: { uri: vs }, position: inFront('shop/w$0eb') });
  assert.deepEqual(ready, { range: { start: { line: 7, character: 18 }, end: { line: 7, character: 21 } }, placeholder: 'web' });
  const edit = await client.request('textDocument/rename', { textDocument: { uri: vs }, position: inFront('shop/w$0eb'), newName: 'edge' });
  assert.deepEqual(edit, {
    changes: {
      [uri('shop/gateway.yaml')]: [{ range: { start: { line: 3, character: 8 }, end: { line: 3, character: 11 } }, newText: 'edge' }],
      [vs]: [{ range: { start: { line: 7, character: 18 }, end: { line: 7, character: 21 } }, newText: 'edge' }],
    },
  });
  await assert.rejects(client.request('textDocument/prepareRename', { textDocument: { uri: vs }, position: inFront('host: c$0art') }), /A host names a Service/);
});

test('code lenses carry istio.showLocations with positions and locations; a client runs it with workspace/executeCommand', async (t) => {
  const { client, uri } = await start(t);
  const gw = uri('shop/gateway.yaml');
  client.open(gw, GATEWAY, 1);
  const lenses = await client.request('textDocument/codeLens', { textDocument: { uri: gw } });
  const locations = [{ uri: uri('front/vs.yaml'), range: { start: { line: 7, character: 18 }, end: { line: 7, character: 21 } } }];
  assert.deepEqual(lenses, [
    {
      range: { start: { line: 3, character: 8 }, end: { line: 3, character: 11 } },
      command: { title: 'bound by 1 VirtualService: front/front', command: 'istio.showLocations', arguments: [gw, { line: 3, character: 8 }, locations] },
    },
  ]);
  // Any editor can run it through the server: the answer is the locations.
  assert.deepEqual(await client.request('workspace/executeCommand', { command: 'istio.showLocations', arguments: lenses[0].command.arguments }), locations);
  // A lens with nothing to show is a label, not a link.
  const front = uri('front/vs.yaml');
  client.open(front, FRONT.replace('gateways: [shop/web]', 'gateways: [shop/nowhere]'), 1);
  const unbound = await client.request('textDocument/codeLens', { textDocument: { uri: front } });
  assert.deepEqual(unbound.map((l) => l.command), [{ title: 'binds to no gateway; not bound: shop/nowhere', command: '' }]);
});
