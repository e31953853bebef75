// The Gateway API through the real server over stdio: completion of a
// parentRef's sectionName and of a backendRef's Service, definition from a
// parentRef to the Gateway and from a sectionName to its listener in another
// file, and the ILS0802 diagnostic with its quick fix resolved into a
// workspace edit.
import test from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { LspClient, applyEdits, makeWorkspace, fileUri, withCursor } from '../helpers/lspClient.mjs';

const GATEWAY = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: public
  namespace: infra
spec:
  gatewayClassName: istio
  listeners:
  - name: http
    port: 80
    protocol: HTTP
    allowedRoutes:
      namespaces:
        from: All
  - name: admin
    port: 8080
    protocol: HTTP
    allowedRoutes:
      namespaces:
        from: All
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
`;
const ROUTE = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: cart
  namespace: shop
spec:
  parentRefs:
  - name: public
    namespace: infra
    sectionName: htp
  rules:
  - backendRefs:
    - name: cart
      port: 8080
`;
/** ROUTE with `$0` placed inside `marked` (a piece of ROUTE with `$0` in it). */
const inRoute = (marked, text = ROUTE) => withCursor(text.replace(marked.replace('$0', ''), marked));

async function start(t) {
  const ws = makeWorkspace({ 'infra/gateway.yaml': GATEWAY, 'shop/backend.yaml': BACKEND, 'shop/route.yaml': ROUTE });
  const client = new LspClient();
  t.after(() => client.shutdown());
  await client.initialize(ws);
  const uri = (rel) => fileUri(join(ws, rel));
  // The route's sectionName names no listener: published once the workspace is indexed.
  const diagnostics = await client.waitForDiagnostics(uri('shop/route.yaml'), (d) => d.length > 0);
  return { client, uri, diagnostics };
}

test('Gateway API completion over stdio: listener names for sectionName, Services for a backendRef', async (t) => {
  const { client, uri } = await start(t);
  const route = uri('shop/route.yaml');
  const section = inRoute('sectionName: $0', ROUTE.replace('sectionName: htp', 'sectionName: '));
  client.open(route, section.text, 1);
  const listeners = await client.request('textDocument/completion', { textDocument: { uri: route }, position: section.position });
  assert.deepEqual(listeners.items.map((i) => [i.label, i.textEdit.newText]), [['http', 'http'], ['admin', 'admin']]);
  const backend = inRoute('    - name: $0', ROUTE.replace('    - name: cart', '    - name: '));
  client.change(route, backend.text, 2);
  const services = await client.request('textDocument/completion', { textDocument: { uri: route }, position: backend.position });
  assert.ok(services.items.some((i) => i.label === 'cart' && i.textEdit.newText === 'cart'), JSON.stringify(services.items.map((i) => i.label)));
});

test('Gateway API definition over stdio: a parentRef name goes to the Gateway, a sectionName to its listener', async (t) => {
  const { client, uri } = await start(t);
  const route = uri('shop/route.yaml');
  const fixed = ROUTE.replace('sectionName: htp', 'sectionName: admin');
  client.open(route, fixed, 1);
  const gw = await client.request('textDocument/definition', { textDocument: { uri: route }, position: inRoute('- name: pub$0lic', fixed).position });
  assert.deepEqual(gw, [{ uri: uri('infra/gateway.yaml'), range: { start: { line: 3, character: 8 }, end: { line: 3, character: 14 } } }]);
  const listener = await client.request('textDocument/definition', { textDocument: { uri: route }, position: inRoute('sectionName: ad$0min', fixed).position });
  assert.deepEqual(listener, [{ uri: uri('infra/gateway.yaml'), range: { start: { line: 14, character: 10 }, end: { line: 14, character: 15 } } }]);
});

test('ILS0802 over stdio: on the sectionName, with a quick fix that resolves to the listener name', async (t) => {
  const { client, uri, diagnostics } = await start(t);
  const route = uri('shop/route.yaml');
  const d = diagnostics.find((x) => x.code === 'ILS0802');
  assert.ok(d, JSON.stringify(diagnostics));
  assert.deepEqual(d.range, { start: { line: 9, character: 17 }, end: { line: 9, character: 20 } });
  client.open(route, ROUTE, 1);
  const actions = await client.request('textDocument/codeAction', { textDocument: { uri: route }, range: d.range, context: { diagnostics: [d], only: ['quickfix'] } });
  const titles = actions.map((a) => a.title);
  assert.ok(titles.includes('Change sectionName to "http" (HTTP 80)'), JSON.stringify(titles));
  let action = actions.find((a) => a.title === 'Change sectionName to "http" (HTTP 80)');
  if (!action.edit) action = await client.request('codeAction/resolve', action);
  const edits = action.edit.changes?.[route] ?? action.edit.documentChanges.find((c) => c.textDocument?.uri === route).edits;
  assert.equal(applyEdits(ROUTE, edits), ROUTE.replace('sectionName: htp', 'sectionName: http'));
});
