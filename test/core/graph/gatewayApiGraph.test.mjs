// The Gateway API on the traffic map, through the facade: the examples'
// Gateway API ingress and egress (istio.io's Gateway API tabs), a weighted
// HTTPRoute rule with its match, a parentRef to a Gateway that does not
// exist, and the Mermaid text of the examples' gateway-api folder against a
// golden file (UPDATE_GOLDEN=1 rewrites it after a deliberate change).
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { core, load } from '../../helpers/fixture.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const EXAMPLES = path.join(here, '..', '..', '..', 'examples', 'gateway-api');
const examples = () =>
  fs
    .readdirSync(EXAMPLES)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => `#- /gateway-api/${f}\n${fs.readFileSync(path.join(EXAMPLES, f), 'utf8')}`)
    .join('\n');

const edges = (graph) => graph.edges.map((e) => `${e.from} -> ${e.to}${e.label ? ` [${e.label}]` : ''}`).sort();

test('the Gateway API egress of the examples is one chain: sidecars → route → gateway Service → pods → Gateway → listener → route → host', () => {
  const { service } = load(examples());
  const graph = service.getTrafficGraph({ host: 'httpbin.org' });
  const chain = [
    'mesh -> HTTPRoute/store/direct-httpbin-to-egress-gateway [ServiceEntry store/httpbin-org]',
    'HTTPRoute/store/direct-httpbin-to-egress-gateway -> Service/store/httpbin-egress-gateway-istio [rule[0] · to port 80]',
    'Deployment/store/httpbin-egress-gateway-istio -> Gateway/store/httpbin-egress-gateway [HTTP 80]',
    'Gateway/store/httpbin-egress-gateway -> Gateway/store/httpbin-egress-gateway#http',
    'Gateway/store/httpbin-egress-gateway#http -> HTTPRoute/store/forward-httpbin-from-egress-gateway [httpbin.org]',
    'HTTPRoute/store/forward-httpbin-from-egress-gateway -> ServiceEntry/store/httpbin-org [rule[0] · to port 80]',
  ];
  for (const e of chain) assert.ok(edges(graph).includes(e), `${e}\nin\n${edges(graph).join('\n')}`);
  assert.ok(edges(graph).some((e) => e.startsWith('Service/store/httpbin-egress-gateway-istio -> Deployment/store/httpbin-egress-gateway-istio')));
  assert.equal(graph.nodes.find((n) => n.id === 'HTTPRoute/store/forward-httpbin-from-egress-gateway').kind, 'Route');
});

test('an HTTPRoute rule with a match and weights: one edge per backend with rule, match, port and weight; a Gateway not in the workspace is its own node', () => {
  const { service } = load(`
#- /shop/gw.yaml
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: web, namespace: shop}
spec:
  gatewayClassName: istio
  listeners:
  - {name: http, port: 80, protocol: HTTP, hostname: shop.example.com}
#- /shop/route.yaml
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: shop, namespace: shop}
spec:
  parentRefs: [{name: web}, {name: nowhere}]
  hostnames: [shop.example.com]
  rules:
  - matches: [{path: {type: PathPrefix, value: /cart}, method: GET}]
    backendRefs: [{name: cart, port: 8080, weight: 90}, {name: cart-v2, port: 8080, weight: 10}]
  - backendRefs: [{name: front, port: 80}]
#- /shop/svc.yaml
apiVersion: v1
kind: Service
metadata: {name: cart, namespace: shop}
spec: {selector: {app: cart}, ports: [{port: 8080}]}
---
apiVersion: v1
kind: Service
metadata: {name: cart-v2, namespace: shop}
spec: {selector: {app: cart}, ports: [{port: 8080}]}
---
apiVersion: v1
kind: Service
metadata: {name: front, namespace: shop}
spec: {selector: {app: front}, ports: [{port: 80}]}
`);
  const graph = service.getTrafficGraph();
  const out = edges(graph).filter((e) => e.includes('HTTPRoute/shop/shop'));
  assert.deepStrictEqual(out, [
    'Gateway/shop/web#http -> HTTPRoute/shop/shop [shop.example.com]',
    'HTTPRoute/shop/shop -> Service/shop/cart [rule[0] · match /cart GET · to port 8080 · weight 90]',
    'HTTPRoute/shop/shop -> Service/shop/cart-v2 [rule[0] · match /cart GET · to port 8080 · weight 10]',
    'HTTPRoute/shop/shop -> Service/shop/front [rule[1] · to port 80]',
    'missing:Gateway/shop/nowhere -> HTTPRoute/shop/shop [shop.example.com]',
  ]);
  assert.equal(graph.nodes.find((n) => n.id === 'missing:Gateway/shop/nowhere').label, 'Gateway shop/nowhere: not in the workspace');
});

test("the examples' Gateway API folder as Mermaid matches its golden file", () => {
  const { service } = load(examples());
  const text = core.toMermaid(service.getTrafficGraph());
  const golden = path.join(here, 'expected', 'gateway-api.mmd');
  if (process.env.UPDATE_GOLDEN) fs.writeFileSync(golden, text);
  assert.equal(text, fs.readFileSync(golden, 'utf8'));
});
