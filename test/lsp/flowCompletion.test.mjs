// Flow-style completion through the real server over stdio: the closed form
// an editor leaves while typing (`{host: cart, subset: |}}]`), the item's
// range in UTF-16 positions, and the document after applying its edit.
import test from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { LspClient, makeWorkspace, fileUri, applyEdits, withCursor } from '../helpers/lspClient.mjs';

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
metadata: {name: cart, namespace: shop}
spec:
  hosts: [cart]
  http:
  - route: [{destination: {host: cart, subset: v1}}]
`;
// A finding to wait for: the server publishes after the whole workspace is indexed.
const TYPO = `apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: s, namespace: shop}
spec:
  egres: []
`;

test('completion in a closed flow map: subsets, then a key, each applied as the editor would', async (t) => {
  const ws = makeWorkspace({ 'shop/backend.yaml': BACKEND, 'shop/route.yaml': ROUTE, 'shop/typo.yaml': TYPO });
  const client = new LspClient();
  t.after(() => client.shutdown());
  await client.initialize(ws);
  const uri = fileUri(join(ws, 'shop/route.yaml'));
  await client.waitForDiagnostics(fileUri(join(ws, 'shop/typo.yaml')), (d) => d.length > 0);

  const { text: typing, position } = withCursor(ROUTE.replace('subset: v1}}]', 'subset: $0}}]'));
  client.open(uri, typing, 1);
  const { character } = position;
  const list = await client.request('textDocument/completion', { textDocument: { uri }, position });
  assert.deepEqual(
    list.items.map((i) => [i.label, i.textEdit.range.start.character, i.textEdit.range.end.character]),
    [
      ['v1', character, character],
      ['v2', character, character],
    ],
  );
  const chosen = applyEdits(typing, [list.items[1].textEdit]);
  assert.equal(chosen, ROUTE.replace('subset: v1}}]', 'subset: v2}}]'));

  // After `, ` in the route entry: the keys not yet written, as flow entries.
  const { text: keyed, position: afterComma } = withCursor(chosen.replace('subset: v2}}]', 'subset: v2}, $0}]'));
  client.change(uri, keyed, 2);
  const keys = await client.request('textDocument/completion', { textDocument: { uri }, position: afterComma });
  assert.deepEqual(keys.items.map((i) => i.label), ['headers', 'weight']);
  const weight = keys.items.find((i) => i.label === 'weight');
  assert.equal(weight.insertTextFormat, 2);
  assert.equal(applyEdits(keyed, [weight.textEdit]), chosen.replace('subset: v2}}]', 'subset: v2}, weight: $1}]'));
});

test('"{" is a trigger character: the keys of a new route entry right after the editor closed its brace', async (t) => {
  const ws = makeWorkspace({ 'shop/backend.yaml': BACKEND, 'shop/typo.yaml': TYPO });
  const client = new LspClient();
  t.after(() => client.shutdown());
  const init = await client.initialize(ws);
  assert.ok(init.capabilities.completionProvider.triggerCharacters.includes('{'));
  await client.waitForDiagnostics(fileUri(join(ws, 'shop/typo.yaml')), (d) => d.length > 0);
  const uri = fileUri(join(ws, 'shop/new.yaml'));
  const { text: typing, position } = withCursor(ROUTE.replace('[{destination: {host: cart, subset: v1}}]', '[{$0}]'));
  client.open(uri, typing, 1);
  const list = await client.request('textDocument/completion', { textDocument: { uri }, position, context: { triggerKind: 2, triggerCharacter: '{' } });
  assert.deepEqual(list.items.map((i) => i.label), ['destination', 'headers', 'weight']);
  const destination = list.items.find((i) => i.label === 'destination');
  assert.equal(applyEdits(typing, [destination.textEdit]), typing.replace('[{}]', '[{destination: {$1}}]'));
});
