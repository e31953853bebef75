// The `istio/trafficMap` request over stdio: the server says how bad each node
// and edge is, so a client colours the map without rules of its own. A missing
// subset takes the error of the route to it; a Gateway outside the workspace,
// with nothing wrong on its edges, is no error.
import test from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { LspClient, makeWorkspace, fileUri } from '../helpers/lspClient.mjs';

const APP = `apiVersion: v1
kind: Service
metadata: {name: cart, namespace: shop}
spec:
  selector: {app: cart}
  ports: [{port: 80, name: http}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: cart, namespace: shop}
spec:
  selector: {matchLabels: {app: cart}}
  template:
    metadata: {labels: {app: cart, version: v1}}
    spec: {containers: [{name: cart, image: cart}]}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: cart, namespace: shop}
spec:
  host: cart
  subsets: [{name: v1, labels: {version: v1}}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: cart, namespace: shop}
spec:
  hosts: [cart]
  http:
  - route:
    - destination: {host: cart, subset: v3}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: cart-public, namespace: shop}
spec:
  hosts: [cart.example.com]
  gateways: [infra/public]
  http:
  - route:
    - destination: {host: cart, subset: v1}
`;

test('traffic map over stdio: severity of nodes and edges comes from the server', async (t) => {
  const ws = makeWorkspace({ 'shop/app.yaml': APP });
  const client = new LspClient();
  t.after(() => client.shutdown());
  await client.initialize(ws);
  await client.waitForDiagnostics(fileUri(join(ws, 'shop/app.yaml')), (d) => d.some((x) => x.code === 'IST0101'));
  const map = await client.request('istio/trafficMap', {});
  const toSubset = map.edges.find((e) => e.to === 'missing:subset:Service/shop/cart/v3');
  assert.ok(toSubset, JSON.stringify(map.edges.map((e) => `${e.from} -> ${e.to}`)));
  assert.equal(toSubset.severity, 'error');
  const subset = map.nodes.find((n) => n.id === toSubset.to);
  assert.equal(subset.kind, 'Missing');
  assert.deepEqual(subset.findings, []);
  assert.equal(subset.severity, 'error');
  const gateway = map.nodes.find((n) => n.kind === 'Missing' && /Gateway infra\/public/.test(n.label));
  assert.ok(gateway, JSON.stringify(map.nodes.map((n) => n.label)));
  assert.equal(gateway.severity, undefined);
  const fine = map.nodes.find((n) => n.id === 'VirtualService/shop/cart-public');
  assert.equal(fine.severity, undefined);
});
