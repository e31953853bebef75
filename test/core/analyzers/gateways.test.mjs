// Gateway binding, host claims and the egress path (issue 3): every analyzer
// has a fixture where it fires (exact range, related information) and a near
// miss where it must not.
import test from 'node:test';
import assert from 'node:assert/strict';
import { check, core, findingsOf } from '../../helpers/fixture.mjs';

/** Every code of this area: a fixture must yield exactly its annotations among them. */
const ALL = ['IST0101', 'ILS0206', 'IST0132', 'ILS0205', 'IST0109', 'ILS0201', 'ILS0202', 'ILS0203', 'ILS0204', 'IST0145', 'IST0162', 'ILS0402'];
const REGISTRY_ONLY = { outboundTrafficPolicy: 'REGISTRY_ONLY' };

/** Where the related information of each `code` finding in `path` points: `path:line:col text`. */
function relatedOf(fx, path, code) {
  return findingsOf(fx, path)
    .filter((f) => f.code === code)
    .map((f) =>
      (f.related ?? []).map((r) => {
        const file = fx.files.find((x) => x.uri === r.uri);
        assert.ok(file, `related uri ${r.uri} is a fixture file`);
        const p = new core.LineIndex(file.text).positionAt(r.span.start);
        return `${file.path}:${p.line}:${p.character} ${file.text.slice(r.span.start, r.span.end).split('\n')[0]}`;
      }),
    );
}

function only(fx, path, code) {
  const list = findingsOf(fx, path).filter((f) => f.code === code);
  assert.equal(list.length, 1, `one ${code} in ${path}`);
  return list[0];
}

// ---------------------------------------------------------------------------
// gatewayBinding.ts: IST0101 (gateway not found), ILS0205, IST0132

test('IST0101: missing gateway in gateways and in match[].gateways; ns/name resolves across namespaces', () => {
  const fx = check(assert, `
#- /edge/gateway.yaml
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: public-gw, namespace: edge }
spec:
  selector: { istio: ingressgateway }
  servers:
  - port: { number: 80, name: http, protocol: HTTP }
    hosts: ["*/shop.example.com"]
#- /shop/vs.yaml
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: shop, namespace: shop }
spec:
  hosts: ["shop.example.com"]
  gateways:
  - edge/public-gw
  - edge/pubic-gw
#   ^^^^^^^^^^^^^ IST0101
  - public-gw
#   ^^^^^^^^^ IST0101
  http:
  - match:
    - gateways: [edge/public-gw]
    - gateways: [edge/pubic-gw]
#                ^^^^^^^^^^^^^ IST0101
    route:
    - destination: { host: web.shop.svc.cluster.local }
`, { codes: ALL });
  const messages = findingsOf(fx, '/shop/vs.yaml').filter((f) => f.code === 'IST0101').map((f) => f.message);
  assert.match(messages[0], /no Gateway pubic-gw in namespace edge \(Gateways in edge: public-gw\)\. Did you mean "public-gw"\?/);
  assert.match(messages[1], /no Gateway public-gw in namespace shop \(the workspace has no Gateway in namespace shop\)/);
  // The did-you-mean points at the Gateway it suggests.
  assert.deepEqual(relatedOf(fx, '/shop/vs.yaml', 'IST0101'), [['/edge/gateway.yaml:2:18 public-gw'], [], ['/edge/gateway.yaml:2:18 public-gw']]);
});

test('IST0101 near miss: mesh, same-namespace name, ns/name and legacy FQDN all resolve', () => {
  check(assert, `
#- /edge/gateway.yaml
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: public-gw, namespace: edge }
spec:
  selector: { istio: ingressgateway }
  servers:
  - port: { number: 80, name: http, protocol: HTTP }
    hosts: ["*/shop.example.com"]
#- /edge/vs.yaml
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: shop, namespace: edge }
spec:
  hosts: ["shop.example.com"]
  gateways: [mesh, public-gw, edge/public-gw]
  http:
  - match:
    - gateways: [mesh]
    - gateways: [public-gw]
    route:
    - destination: { host: web.shop.svc.cluster.local }
`, { codes: ['IST0101', 'IST0132', 'ILS0203'] });
});

test('ILS0205: legacy name.ns.svc.cluster.local binds (no IST0101) and gets a hint; a missing one is IST0101', () => {
  const fx = check(assert, `
#- /edge/gateway.yaml
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: public-gw, namespace: edge }
spec:
  selector: { istio: ingressgateway }
  servers:
  - port: { number: 80, name: http, protocol: HTTP }
    hosts: ["shop.example.com"]
#- /shop/vs.yaml
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: shop, namespace: shop }
spec:
  hosts: ["shop.example.com"]
  gateways:
  - public-gw.edge.svc.cluster.local
#   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ ILS0205
  - private-gw.edge.svc.cluster.local
#   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ IST0101
  http:
  - route:
    - destination: { host: web.shop.svc.cluster.local }
`, { codes: ALL });
  const hint = only(fx, '/shop/vs.yaml', 'ILS0205');
  assert.equal(hint.severity, 'hint');
  assert.deepEqual(hint.data, { replacement: 'edge/public-gw' });
  assert.deepEqual(relatedOf(fx, '/shop/vs.yaml', 'ILS0205'), [['/edge/gateway.yaml:2:18 public-gw']]);
});

test('ILS0205 with IST0132: the legacy form is still checked for binding', () => {
  check(assert, `
#- /edge/gateway.yaml
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: public-gw, namespace: edge }
spec:
  selector: { istio: ingressgateway }
  servers:
  - port: { number: 80, name: http, protocol: HTTP }
    hosts: ["shop.example.com"]
#- /shop/vs.yaml
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: shop, namespace: shop }
spec:
  hosts: ["admin.example.com"]
  gateways:
  - public-gw.edge.svc.cluster.local
#   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ ILS0205
#   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ IST0132
  http:
  - route:
    - destination: { host: web.shop.svc.cluster.local }
`, { codes: ALL });
});

test('IST0132: host exposed only to another namespace (./host) does not bind; */host and bare hosts do', () => {
  const fx = check(assert, `
#- /edge/gateway.yaml
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: public-gw, namespace: edge }
spec:
  selector: { istio: ingressgateway }
  servers:
  - port: { number: 80, name: http, protocol: HTTP }
    hosts:
    - ./internal.example.com
    - "*/shop.example.com"
    - blog.example.com
#- /shop/vs.yaml
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: internal, namespace: shop }
spec:
  hosts: ["internal.example.com"]
  gateways:
  - edge/public-gw
#   ^^^^^^^^^^^^^^ IST0132
  http:
  - route:
    - destination: { host: web.shop.svc.cluster.local }
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: shop, namespace: shop }
spec:
  hosts: ["shop.example.com", "blog.example.com"]
  gateways: [edge/public-gw]
  http:
  - route:
    - destination: { host: web.shop.svc.cluster.local }
#- /edge/internal.yaml
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: internal, namespace: edge }
spec:
  hosts: ["internal.example.com"]
  gateways: [public-gw]
  http:
  - route:
    - destination: { host: web.edge.svc.cluster.local }
`, { codes: ALL });
  const f = only(fx, '/shop/vs.yaml', 'IST0132');
  assert.match(f.message, /does not bind to Gateway edge\/public-gw/);
  assert.deepEqual(relatedOf(fx, '/shop/vs.yaml', 'IST0132'), [['/edge/gateway.yaml:6:4 port: { number: 80, name: http, protocol: HTTP }']]);
});

// Seed 004, "Binding VirtualServices to Gateways": the book's two Gateways
// (with "*.com" quoted: unquoted it is a YAML alias) and its four
// VirtualServices, verbatim with the book's one-space indentation. Each
// VirtualService is checked alone, since the book reuses their names. The
// gateway workload is declared so that only the binding shows.
const BOOK_GATEWAYS = `
#- /default/gw-examples.yaml
apiVersion: networking.istio.io/v1alpha3
kind: Gateway
metadata:
 name: foo-gateway
spec:
 selector:
   app: my-gateway-impl
 servers:
 - hosts:
   - foo.com
   port:
     number: 80
     name: http
     protocol: HTTP
---
apiVersion: networking.istio.io/v1alpha3
kind: Gateway
metadata:
 name: wildcard-gateway
spec:
 selector:
   app: my-gateway-impl
 servers:
 - hosts:
   - "*.com"
   port:
     number: 80
     name: http
     protocol: HTTP
#- /default/gateway-workload.yaml
apiVersion: apps/v1
kind: Deployment
metadata: { name: my-gateway-impl }
spec:
  selector: { matchLabels: { app: my-gateway-impl } }
  template:
    metadata: { labels: { app: my-gateway-impl } }
    spec: { containers: [{ name: istio-proxy, image: auto }] }
`;

const BOOK_BINDING = [
  {
    says: 'binds to foo-gateway (foo.com exposed); does not bind to wildcard-gateway (not listed)',
    vs: `
#- /default/vs-examples.yaml
apiVersion: networking.istio.io/v1alpha3
kind: VirtualService
metadata:
 name: foo-default
spec:
 hosts:
 - foo.com
 gateways:
 - foo-gateway
 http:
 - route:
   - destination:
       host: foo.default.svc.cluster.local
`,
  },
  {
    says: 'binds to foo-gateway through foo.com although foo.super.secret.internal.name is not exposed',
    vs: `
#- /default/vs-examples.yaml
apiVersion: networking.istio.io/v1alpha3
kind: VirtualService
metadata:
 name: foo-default
spec:
 hosts:
 - foo.com
 - foo.super.secret.internal.name
 gateways:
 - foo-gateway
 http:
 - route:
   - destination:
       host: foo.default.svc.cluster.local
`,
  },
  {
    says: 'binds to neither Gateway: foo.super.secret.internal.name is exposed by neither',
    vs: `
#- /default/vs-examples.yaml
apiVersion: networking.istio.io/v1alpha3
kind: VirtualService
metadata:
 name: foo-internal
spec:
 hosts:
 - foo.super.secret.internal.name
 gateways:
 - foo-gateway
#  ^^^^^^^^^^^ IST0132
 - wildcard-gateway
#  ^^^^^^^^^^^^^^^^ IST0132
 http:
 - route:
   - destination:
       host: foo.default.svc.cluster.local
`,
  },
  {
    says: 'binds to foo-gateway and to wildcard-gateway (foo.com matches *.com)',
    vs: `
#- /default/vs-examples.yaml
apiVersion: networking.istio.io/v1alpha3
kind: VirtualService
metadata:
 name: foo-internal
spec:
 hosts:
 - foo.com
 gateways:
 - foo-gateway
 - wildcard-gateway
 http:
 - route:
   - destination:
       host: foo.default.svc.cluster.local
`,
  },
];

for (const [i, example] of BOOK_BINDING.entries()) {
  test(`seed 004 binding example ${i + 1}: ${example.says}`, () => {
    check(assert, BOOK_GATEWAYS + example.vs, { codes: ['IST0101', 'IST0132', 'ILS0205', 'IST0106'] });
  });
}

// ---------------------------------------------------------------------------
// gatewaySelector.ts: ILS0206 selector matches no workload in the workspace

test('ILS0206: a Gateway selector that no workload carries, with the near workload as related', () => {
  const fx = check(assert, `
#- /edge/gateway.yaml
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: edge-gw, namespace: edge }
spec:
  selector:
# ^^^^^^^^ ILS0206
    app: edge-gateway
  servers:
  - port: { number: 8080, name: http, protocol: HTTP }
    hosts: ["*"]
#- /edge/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata: { name: edge-gw, namespace: edge }
spec:
  selector: { matchLabels: { app: edge-gw } }
  template:
    metadata: { labels: { app: edge-gw } }
    spec: { containers: [{ name: istio-proxy, image: auto }] }
`, { codes: ALL });
  const f = only(fx, '/edge/gateway.yaml', 'ILS0206');
  assert.equal(f.severity, 'warning');
  assert.match(f.message, /selector app=edge-gateway matches no workload/);
  assert.match(f.message, /istio\.knownGatewayLabels/);
  assert.deepEqual(relatedOf(fx, '/edge/gateway.yaml', 'ILS0206'), [['/edge/deployment.yaml:2:18 edge-gw']]);
});

test('ILS0206 near misses: built-in labels, a workload in another namespace, an IstioMeshGateway, knownGatewayLabels', () => {
  check(assert, `
#- /a/gateways.yaml
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: builtin, namespace: a }
spec:
  selector: { istio: ingressgateway }
  servers:
  - port: { number: 80, name: http, protocol: HTTP }
    hosts: ["a.example.com"]
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: elsewhere, namespace: a }
spec:
  selector: { app: edge-gw }
  servers:
  - port: { number: 81, name: http, protocol: HTTP }
    hosts: ["b.example.com"]
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: smm, namespace: a }
spec:
  selector: { gateway-name: egress-demo, gateway-type: egress }
  servers:
  - port: { number: 82, name: http, protocol: HTTP }
    hosts: ["c.example.com"]
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: configured, namespace: a }
spec:
  selector: { app: corp-edge, tier: public }
  servers:
  - port: { number: 83, name: http, protocol: HTTP }
    hosts: ["d.example.com"]
#- /edge/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata: { name: edge-gw, namespace: edge }
spec:
  selector: { matchLabels: { app: edge-gw } }
  template:
    metadata: { labels: { app: edge-gw, version: v1 } }
    spec: { containers: [{ name: istio-proxy, image: auto }] }
#- /smm/meshgateway.yaml
apiVersion: servicemesh.cisco.com/v1alpha1
kind: IstioMeshGateway
metadata: { name: egress-demo, namespace: smm }
spec:
  runAsRoot: true
  service:
    ports:
    - { name: http, port: 82, protocol: TCP, targetPort: 82 }
    type: ClusterIP
  type: egress
`, { codes: ['IST0101', 'ILS0206'], settings: { knownGatewayLabels: ['app=corp-edge,tier=public'] } });
});

// ---------------------------------------------------------------------------
// meshHostConflict.ts: IST0109

test('IST0109: two mesh VirtualServices claim the same host (short name and FQDN) in different files', () => {
  const fx = check(assert, `
#- /default/reviews.yaml
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: reviews }
spec:
  hosts:
  - reviews
#   ^^^^^^^ IST0109
  http:
  - route:
    - destination: { host: reviews }
#- /default/reviews-canary.yaml
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: reviews-canary, namespace: default }
spec:
  hosts:
  - ratings
  - reviews.default.svc.cluster.local
#   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ IST0109
  gateways: [mesh, edge/public-gw]
  http:
  - route:
    - destination: { host: reviews, port: { number: 9080 } }
#- /edge/gateway.yaml
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: public-gw, namespace: edge }
spec:
  selector: { istio: ingressgateway }
  servers:
  - port: { number: 80, name: http, protocol: HTTP }
    hosts: ["*/*"]
`, { codes: ALL });
  assert.deepEqual(relatedOf(fx, '/default/reviews.yaml', 'IST0109'), [['/default/reviews-canary.yaml:6:4 reviews.default.svc.cluster.local']]);
  assert.deepEqual(relatedOf(fx, '/default/reviews-canary.yaml', 'IST0109'), [['/default/reviews.yaml:5:4 reviews']]);
  assert.equal(only(fx, '/default/reviews.yaml', 'IST0109').severity, 'error');
});

test('IST0109 near misses: disjoint exportTo, gateway-only binding, same short name in another namespace', () => {
  check(assert, `
#- /default/reviews.yaml
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: reviews, namespace: default }
spec:
  hosts: [reviews]
  exportTo: ["."]
  http:
  - route:
    - destination: { host: reviews }
#- /team/reviews.yaml
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: reviews-for-team, namespace: team }
spec:
  hosts: [reviews.default.svc.cluster.local]
  exportTo: ["."]
  http:
  - route:
    - destination: { host: reviews.default.svc.cluster.local }
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: reviews, namespace: team }
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: { host: reviews }
#- /edge/ingress.yaml
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: public-gw, namespace: edge }
spec:
  selector: { istio: ingressgateway }
  servers:
  - port: { number: 80, name: http, protocol: HTTP }
    hosts: ["*/*"]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: reviews-ingress, namespace: default }
spec:
  hosts: [reviews]
  gateways: [edge/public-gw]
  http:
  - route:
    - destination: { host: reviews }
`, { codes: ['IST0109'] });
});

// ---------------------------------------------------------------------------
// gatewayHostConflict.ts: ILS0201

test('ILS0201: two VirtualServices claim the same host on one Gateway (also through wildcards)', () => {
  const fx = check(assert, `
#- /edge/gateway.yaml
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: public-gw, namespace: edge }
spec:
  selector: { istio: ingressgateway }
  servers:
  - port: { number: 443, name: https, protocol: HTTPS }
    hosts: ["*/api.shop.com", "*/b.foo.com"]
    tls: { mode: SIMPLE, credentialName: shop-cert }
#- /shop/api.yaml
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: api, namespace: shop }
spec:
  hosts:
  - api.shop.com
#   ^^^^^^^^^^^^ ILS0201
  - "*.foo.com"
#   ^^^^^^^^^^^ ILS0201
  gateways: [edge/public-gw]
  http:
  - route:
    - destination: { host: api.shop.svc.cluster.local }
#- /shop/api-v2.yaml
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: api-v2, namespace: shop }
spec:
  hosts:
  - api.shop.com
#   ^^^^^^^^^^^^ ILS0201
  - "*.com"
#   ^^^^^^^ ILS0201
  gateways: [edge/public-gw]
  http:
  - match: [{ uri: { prefix: / } }]
    route:
    - destination: { host: api-v2.shop.svc.cluster.local }
`, { codes: ALL });
  assert.deepEqual(relatedOf(fx, '/shop/api.yaml', 'ILS0201'), [
    // The other VirtualService's clashing route, then the Gateway.
    ['/shop/api-v2.yaml:9:4 match: [{ uri: { prefix: / } }]', '/edge/gateway.yaml:2:18 public-gw'],
    ['/shop/api-v2.yaml:9:4 match: [{ uri: { prefix: / } }]', '/edge/gateway.yaml:2:18 public-gw'],
  ]);
  const [, wildcard] = findingsOf(fx, '/shop/api-v2.yaml').filter((f) => f.code === 'ILS0201');
  assert.match(wildcard.message, /^Host b\.foo\.com on Gateway edge\/public-gw: a catch-all route here and in VirtualService shop\/api\./);
});

test('ILS0201 near misses: other Gateway, other host, wildcard and exact host served separately, disjoint exportTo', () => {
  check(assert, `
#- /edge/gateway.yaml
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: public-gw, namespace: edge }
spec:
  selector: { istio: ingressgateway }
  servers:
  - port: { number: 80, name: http, protocol: HTTP }
    hosts: ["*/*.shop.com"]
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: partner-gw, namespace: edge }
spec:
  selector: { istio: ingressgateway }
  servers:
  - port: { number: 8443, name: http-partner, protocol: HTTP }
    hosts: ["*/api.shop.com"]
#- /shop/vs.yaml
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: api, namespace: shop }
spec:
  hosts: [api.shop.com]
  exportTo: [".", istio-system]
  gateways: [edge/public-gw]
  http:
  - route:
    - destination: { host: api.shop.svc.cluster.local }
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: partner, namespace: shop }
spec:
  hosts: [api.shop.com]
  gateways: [edge/partner-gw]
  http:
  - route:
    - destination: { host: partner.shop.svc.cluster.local }
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: catch-all, namespace: shop }
spec:
  hosts: ["*.shop.com", www.shop.com]
  gateways: [edge/public-gw]
  http:
  - route:
    - destination: { host: web.shop.svc.cluster.local }
#- /other/vs.yaml
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: api, namespace: other }
spec:
  hosts: [api.shop.com]
  exportTo: [other]
  gateways: [edge/public-gw]
  http:
  - route:
    - destination: { host: api.other.svc.cluster.local }
#- /shop/exported.yaml
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: api-local, namespace: shop }
spec:
  hosts: [api.shop.com]
  exportTo: ["."]
  gateways: [edge/missing-gw]
  http:
  - route:
    - destination: { host: api.shop.svc.cluster.local }
`, { codes: ['ILS0201'] });
});

const SHARED_HOST = `
#- /shop/api.yaml
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: api, namespace: shop }
spec:
  hosts:
  - api.shop.com
#   ^^^^^^^^^^^^ ILS0201
  exportTo: [".", istio-system]
  gateways: [istio-system/public-gw]
  http:
  - route:
    - destination: { host: api.shop.svc.cluster.local }
#- /team/api.yaml
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: api-preview, namespace: team }
spec:
  hosts:
  - api.shop.com
#   ^^^^^^^^^^^^ ILS0201
  exportTo: [".", shop]
  gateways: [istio-system/public-gw]
  http:
  - route:
    - destination: { host: preview.team.svc.cluster.local }
#- /istio-system/gateway.yaml
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: public-gw, namespace: istio-system }
spec:
  selector: { istio: ingressgateway }
  servers:
  - port: { number: 80, name: http, protocol: HTTP }
    hosts: ["*/api.shop.com"]
`;

test('ILS0201 and exportTo: without the gateway pods, any common namespace counts', () => {
  check(assert, SHARED_HOST, { codes: ['ILS0201'] });
});

test('ILS0201 near miss: the declared gateway pods (istio-system) see only one of the two VirtualServices', () => {
  check(assert, SHARED_HOST.replace(/^# +\^+ ILS0201\n/gm, '') + `
#- /istio-system/ingressgateway.yaml
apiVersion: apps/v1
kind: Deployment
metadata: { name: istio-ingressgateway, namespace: istio-system }
spec:
  selector: { matchLabels: { istio: ingressgateway } }
  template:
    metadata: { labels: { app: istio-ingressgateway, istio: ingressgateway } }
    spec: { containers: [{ name: istio-proxy, image: auto }] }
`, { codes: ['ILS0201'] });
});

// ---------------------------------------------------------------------------
// meshWildcardHost.ts: ILS0202 and matchGatewayNotListed.ts: ILS0203

test('ILS0202: a mesh VirtualService claims "*"; bound only to a Gateway it is fine', () => {
  check(assert, `
#- /default/vs.yaml
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: everything }
spec:
  hosts:
  - "*"
#   ^^^ ILS0202
  http:
  - route:
    - destination: { host: web.default.svc.cluster.local }
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: everything-explicit }
spec:
  hosts: [web.example.com, "*"]
#                          ^^^ ILS0202
  gateways: [public-gw, mesh]
  http:
  - route:
    - destination: { host: web.default.svc.cluster.local }
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: ingress-everything }
spec:
  hosts: ["*"]
  gateways: [public-gw]
  http:
  - route:
    - destination: { host: web.default.svc.cluster.local }
#- /default/gateway.yaml
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: public-gw }
spec:
  selector: { istio: ingressgateway }
  servers:
  - port: { number: 80, name: http, protocol: HTTP }
    hosts: ["*"]
`, { codes: ['ILS0202', 'IST0101', 'IST0132'] });
});

test('ILS0203: a route matches mesh but mesh was dropped from gateways; listed gateways are fine', () => {
  const fx = check(assert, `
#- /app/egress.yaml
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: gw-egress, namespace: app }
spec:
  selector: { istio: egressgateway }
  servers:
  - port: { number: 80, name: http, protocol: HTTP }
    hosts: [example.org]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: example-org, namespace: app }
spec:
  hosts: [example.org]
  gateways: [gw-egress]
  http:
  - match:
    - gateways:
      - mesh
#       ^^^^ ILS0203
    route:
    - destination: { host: istio-egressgateway.istio-system.svc.cluster.local }
  - match:
    - gateways: [app/gw-egress]
    route:
    - destination: { host: web.app.svc.cluster.local }
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: example-net, namespace: app }
spec:
  hosts: [example.org]
  gateways: [gw-egress, mesh]
  exportTo: [nobody]
  http:
  - match:
    - gateways: [mesh]
    route:
    - destination: { host: istio-egressgateway.istio-system.svc.cluster.local }
  - match:
    - gateways: [gw-egress]
    route:
    - destination: { host: web.app.svc.cluster.local }
`, { codes: ['ILS0203', 'IST0101', 'IST0132'] });
  assert.deepEqual(only(fx, '/app/egress.yaml', 'ILS0203').data, { gateway: 'mesh' });
});

// ---------------------------------------------------------------------------
// egressWithoutMesh.ts: ILS0204

const EGRESS_SE = `
#- /app/se.yaml
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: { name: external, namespace: app }
spec:
  hosts: [google.com, httpbin.org, example.org]
  exportTo: [".", istio-system, smm]
  location: MESH_EXTERNAL
  ports:
  - { number: 80, name: http, protocol: HTTP }
  resolution: DNS
`;

test('ILS0204: external host bound to an egress Gateway (istio label, workload label, IstioMeshGateway) without mesh', () => {
  const fx = check(assert, EGRESS_SE + `
#- /app/google.yaml
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: gw-egress-google, namespace: app }
spec:
  selector: { istio: egressgateway }
  servers:
  - port: { number: 80, name: http, protocol: HTTP }
    hosts: [google.com]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: google, namespace: app }
spec:
  hosts: [google.com]
  gateways:
# ^^^^^^^^ ILS0204
  - gw-egress-google
  http:
  - match:
    - gateways: [gw-egress-google]
      port: 80
    route:
    - destination: { host: google.com, port: { number: 80 } }
#- /app/custom.yaml
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: gw-custom-egress, namespace: app }
spec:
  selector: { app: corp-egress }
  servers:
  - port: { number: 80, name: http, protocol: HTTP }
    hosts: [example.org]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: example-org, namespace: app }
spec:
  hosts: [example.org]
  gateways: [gw-custom-egress]
# ^^^^^^^^ ILS0204
  http:
  - route:
    - destination: { host: example.org }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: corp-egress, namespace: egress }
spec:
  selector: { matchLabels: { app: corp-egress } }
  template:
    metadata: { labels: { app: corp-egress, istio: egressgateway } }
    spec: { containers: [{ name: istio-proxy, image: auto }] }
#- /smm/egress-demo.yaml
apiVersion: servicemesh.cisco.com/v1alpha1
kind: IstioMeshGateway
metadata: { name: egress-demo, namespace: smm }
spec:
  runAsRoot: true
  service:
    ports:
    - { name: http, port: 80, protocol: TCP, targetPort: 80 }
    type: ClusterIP
  type: egress
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: egress-demo, namespace: smm }
spec:
  selector: { gateway-name: egress-demo, gateway-type: egress }
  servers:
  - port: { number: 80, name: http, protocol: HTTP }
    hosts: ["*"]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: httpbin-egress, namespace: smm }
spec:
  hosts: [httpbin.org]
  gateways: [egress-demo]
# ^^^^^^^^ ILS0204
  http:
  - match:
    - gateways: [egress-demo]
      port: 80
    route:
    - destination: { host: httpbin.org, port: { number: 80 } }
`, { codes: ALL, settings: REGISTRY_ONLY });
  const f = only(fx, '/app/google.yaml', 'ILS0204');
  assert.deepEqual(f.data, { gateway: 'mesh' });
  assert.match(f.message, /for google\.com is bound to the egress Gateway app\/gw-egress-google but not to "mesh"/);
  assert.deepEqual(relatedOf(fx, '/app/google.yaml', 'ILS0204'), [['/app/google.yaml:4:2 selector']]);
  assert.deepEqual(relatedOf(fx, '/smm/egress-demo.yaml', 'ILS0204'), [['/smm/egress-demo.yaml:15:2 selector']]);
});

test('ILS0204 near misses: mesh listed, a separate mesh VirtualService for the host, in-cluster host, ingress Gateway', () => {
  check(assert, EGRESS_SE + `
#- /app/egress.yaml
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: gw-egress, namespace: app }
spec:
  selector: { istio: egressgateway }
  servers:
  - port: { number: 80, name: http, protocol: HTTP }
    hosts: [google.com, httpbin.org, web.app.svc.cluster.local]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: google, namespace: app }
spec:
  hosts: [google.com]
  gateways: [gw-egress, mesh]
  http:
  - match: [{ gateways: [mesh], port: 80 }]
    route:
    - destination: { host: istio-egressgateway.istio-system.svc.cluster.local, port: { number: 80 } }
  - match: [{ gateways: [gw-egress], port: 80 }]
    route:
    - destination: { host: google.com, port: { number: 80 } }
---
# The two-resource form of the bundle: the sidecar leg ...
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: httpbin-sidecars, namespace: app }
spec:
  hosts: [httpbin.org]
  http:
  - route:
    - destination: { host: istio-egressgateway.istio-system.svc.cluster.local, port: { number: 80 } }
---
# ... and the gateway leg.
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: httpbin-gateway, namespace: app }
spec:
  hosts: [httpbin.org]
  gateways: [gw-egress]
  http:
  - route:
    - destination: { host: httpbin.org, port: { number: 80 } }
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: web-through-egress, namespace: app }
spec:
  hosts: [web.app.svc.cluster.local]
  gateways: [gw-egress]
  http:
  - route:
    - destination: { host: web.app.svc.cluster.local }
#- /app/ingress.yaml
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: gw-ingress, namespace: app }
spec:
  selector: { istio: ingressgateway }
  servers:
  - port: { number: 80, name: http, protocol: HTTP }
    hosts: [example.org]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: example-org, namespace: app }
spec:
  hosts: [example.org]
  gateways: [gw-ingress]
  http:
  - route:
    - destination: { host: web.app.svc.cluster.local }
`, { codes: ['ILS0204'], settings: REGISTRY_ONLY });
});

// ---------------------------------------------------------------------------
// gatewayConflict.ts: IST0145

test('IST0145: same selector, same port, overlapping hosts in two namespaces', () => {
  const fx = check(assert, `
#- /edge/a.yaml
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: shop-gw, namespace: edge }
spec:
  selector: { istio: ingressgateway }
  servers:
  - port: { number: 443, name: https, protocol: HTTPS }
    hosts:
    - shop.example.com
#     ^^^^^^^^^^^^^^^^ IST0145
    - admin.example.org
    tls: { mode: SIMPLE, credentialName: shop-cert }
#- /team/b.yaml
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: wildcard-gw, namespace: team }
spec:
  selector: { istio: ingressgateway }
  servers:
  - port: { number: 80, name: http, protocol: HTTP }
    hosts: ["*.example.com"]
  - port: { number: 443, name: https, protocol: HTTPS }
    hosts:
    - "team/*.example.com"
#     ^^^^^^^^^^^^^^^^^^^^ IST0145
    tls: { mode: SIMPLE, credentialName: wildcard-cert }
`, { codes: ALL });
  assert.deepEqual(relatedOf(fx, '/edge/a.yaml', 'IST0145'), [['/team/b.yaml:10:6 "team/*.example.com"']]);
  assert.deepEqual(relatedOf(fx, '/team/b.yaml', 'IST0145'), [['/edge/a.yaml:8:6 shop.example.com']]);
  const f = only(fx, '/edge/a.yaml', 'IST0145');
  assert.equal(f.severity, 'error');
  assert.match(f.message, /Conflict with Gateway team\/wildcard-gw: both configure the workload selected by istio=ingressgateway on port 443/);
});

test('IST0145: different selectors that select a common workload', () => {
  check(assert, `
#- /edge/gateways.yaml
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: by-app, namespace: edge }
spec:
  selector: { app: edge-proxy }
  servers:
  - port: { number: 8080, name: http, protocol: HTTP }
    hosts: ["*"]
#           ^^^ IST0145
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: by-tier, namespace: edge }
spec:
  selector: { tier: edge }
  servers:
  - port: { number: 8080, name: http, protocol: HTTP }
    hosts: [api.example.com]
#           ^^^^^^^^^^^^^^^ IST0145
#- /edge/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata: { name: edge-proxy, namespace: edge }
spec:
  selector: { matchLabels: { app: edge-proxy } }
  template:
    metadata: { labels: { app: edge-proxy, tier: edge } }
    spec: { containers: [{ name: istio-proxy, image: auto }] }
`, { codes: ALL });
});

test('IST0145: the book\'s foo-gateway and wildcard-gateway (seed 004) conflict on port 80', () => {
  check(assert, `
#- /default/gw-examples.yaml
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: foo-gateway }
spec:
  selector: { app: my-gateway-impl }
  servers:
  - hosts:
    - foo.com
#     ^^^^^^^ IST0145
    port: { number: 80, name: http, protocol: HTTP }
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: wildcard-gateway }
spec:
  selector: { app: my-gateway-impl }
  servers:
  - hosts:
    - "*.com"
#     ^^^^^^^ IST0145
    port: { number: 80, name: http, protocol: HTTP }
`, { codes: ['IST0145'] });
});

test('IST0145 near misses: other port, disjoint hosts, unrelated selectors, one Gateway with two servers', () => {
  check(assert, `
#- /edge/gateways.yaml
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: shop, namespace: edge }
spec:
  selector: { istio: ingressgateway }
  servers:
  - port: { number: 443, name: https, protocol: HTTPS }
    hosts: [shop.example.com]
    tls: { mode: SIMPLE, credentialName: shop-cert }
  - port: { number: 443, name: https-all, protocol: HTTPS }
    hosts: ["*.example.com"]
    tls: { mode: SIMPLE, credentialName: wildcard-cert }
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: shop-http, namespace: edge }
spec:
  selector: { istio: ingressgateway }
  servers:
  - port: { number: 80, name: http, protocol: HTTP }
    hosts: [shop.example.com]
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: blog, namespace: edge }
spec:
  selector: { istio: ingressgateway }
  servers:
  - port: { number: 443, name: https-blog, protocol: HTTPS }
    hosts: [blog.example.org]
    tls: { mode: SIMPLE, credentialName: blog-cert }
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: internal, namespace: edge }
spec:
  selector: { istio: internal-gateway }
  servers:
  - port: { number: 443, name: https-internal, protocol: HTTPS }
    hosts: [shop.example.com]
    tls: { mode: SIMPLE, credentialName: internal-cert }
`, { codes: ['IST0145'], settings: { knownGatewayLabels: ['istio=internal-gateway'] } });
});

// ---------------------------------------------------------------------------
// gatewayServicePort.ts: IST0162

test('IST0162: Gateway port that the fronting Service does not expose (port and targetPort both count)', () => {
  const fx = check(assert, `
#- /edge/gateway.yaml
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: edge-gw, namespace: edge }
spec:
  selector: { app: edge-gw }
  servers:
  - port: { number: 80, name: http, protocol: HTTP }
    hosts: ["*"]
  - port: { number: 8443, name: https, protocol: HTTPS }
    hosts: ["*"]
    tls: { mode: SIMPLE, credentialName: edge-cert }
  - port:
      number: 9000
#     ^^^^^^^^^^^^ IST0162
      name: tcp-admin
      protocol: TCP
    hosts: ["*"]
#- /edge/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata: { name: edge-gw, namespace: edge }
spec:
  selector: { matchLabels: { app: edge-gw } }
  template:
    metadata: { labels: { app: edge-gw, version: v1 } }
    spec: { containers: [{ name: istio-proxy, image: auto }] }
---
apiVersion: v1
kind: Service
metadata: { name: edge-gw, namespace: edge }
spec:
  type: LoadBalancer
  selector: { app: edge-gw }
  ports:
  - { name: http, port: 80, targetPort: 8080 }
  - { name: https, port: 443, targetPort: 8443 }
  - { name: dns, port: 9000, targetPort: 9000, protocol: UDP }
#- /other/service.yaml
apiVersion: v1
kind: Service
metadata: { name: edge-gw, namespace: other }
spec:
  selector: { app: edge-gw }
  ports:
  - { name: admin, port: 9000 }
`, { codes: ALL });
  assert.deepEqual(relatedOf(fx, '/edge/gateway.yaml', 'IST0162'), [['/edge/deployment.yaml:11:18 edge-gw']]);
  assert.match(only(fx, '/edge/gateway.yaml', 'IST0162').message, /Port 9000 is not a port of the Service .* Service edge\/edge-gw exposes ports 80→8080, 443→8443, 9000/);
});

test('IST0162: without workloads, a Service whose selector includes the Gateway selector; an IstioMeshGateway\'s own Service', () => {
  check(assert, `
#- /istio-system/ingress.yaml
apiVersion: v1
kind: Service
metadata: { name: istio-ingressgateway, namespace: istio-system }
spec:
  type: LoadBalancer
  selector: { app: istio-ingressgateway, istio: ingressgateway }
  ports:
  - { name: http2, port: 80, targetPort: 8080 }
  - { name: https, port: 443, targetPort: 8443 }
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: public, namespace: istio-system }
spec:
  selector: { istio: ingressgateway }
  servers:
  - port: { number: 443, name: https, protocol: HTTPS }
    hosts: ["*"]
    tls: { mode: SIMPLE, credentialName: cert }
  - port: { number: 8000, name: http, protocol: HTTP }
#         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ IST0162
    hosts: ["*"]
#- /smm/egress-demo.yaml
apiVersion: servicemesh.cisco.com/v1alpha1
kind: IstioMeshGateway
metadata: { name: egress-demo, namespace: smm }
spec:
  service:
    ports:
    - { name: http, port: 80, protocol: TCP, targetPort: 8080 }
    type: ClusterIP
  type: egress
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: egress-demo, namespace: smm }
spec:
  selector: { gateway-name: egress-demo, gateway-type: egress }
  servers:
  - port: { number: 80, name: http, protocol: HTTP }
    hosts: ["*"]
  - port: { number: 9090, name: http-alt, protocol: HTTP }
#         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ IST0162
    hosts: ["*"]
`, { codes: ['IST0162'] });
});

test('IST0162 near misses: no fronting Service in the workspace (the default ingress Service has 443), or only in another namespace than the workload', () => {
  check(assert, `
#- /edge/gateway.yaml
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: edge-gw, namespace: edge }
spec:
  selector: { app: edge-gw }
  servers:
  - port: { number: 9000, name: http, protocol: HTTP }
    hosts: ["*"]
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: public, namespace: edge }
spec:
  selector: { istio: ingressgateway }
  servers:
  - port: { number: 443, name: https, protocol: HTTPS }
    hosts: [public.example.com]
    tls: { mode: SIMPLE, credentialName: public-cert }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: edge-gw, namespace: edge }
spec:
  selector: { matchLabels: { app: edge-gw } }
  template:
    metadata: { labels: { app: edge-gw } }
    spec: { containers: [{ name: istio-proxy, image: auto }] }
#- /other/service.yaml
apiVersion: v1
kind: Service
metadata: { name: edge-gw, namespace: other }
spec:
  selector: { app: edge-gw }
  ports:
  - { name: http, port: 80 }
`, { codes: ['IST0162'] });
});

// ---------------------------------------------------------------------------
// egressBypass.ts: ILS0402

const EGRESS_BUNDLE = `
#- /b/egress.yaml
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: gw-egress-b, namespace: b }
spec:
  selector:
# ^^^^^^^^ ILS0402
    istio: egressgateway
  servers:
  - port: { number: 80, name: http, protocol: HTTP }
    hosts: [example.org]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: example-org, namespace: b }
spec:
  hosts: [example.org]
  gateways: [gw-egress-b, mesh]
  http:
  - match: [{ gateways: [mesh], port: 80 }]
    route:
    - destination: { host: istio-egressgateway.istio-system.svc.cluster.local, port: { number: 80 } }
  - match: [{ gateways: [gw-egress-b], port: 80 }]
    route:
    - destination: { host: example.org, port: { number: 80 } }
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: { name: example-org, namespace: b }
spec:
  hosts: [example.org]
  exportTo: [".", istio-system]
  location: MESH_EXTERNAL
  ports:
  - { number: 80, name: http, protocol: HTTP }
  resolution: DNS
#- /c/egress.yaml
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: gw-egress-c, namespace: c }
spec:
  selector: { istio: egressgateway }
  servers:
  - port: { number: 81, name: http, protocol: HTTP }
    hosts: [example.net]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: example-net, namespace: c }
spec:
  hosts: [example.net]
  gateways: [gw-egress-c, mesh]
  http:
  - match: [{ gateways: [mesh], port: 81 }]
    route:
    - destination: { host: istio-egressgateway.istio-system.svc.cluster.local, port: { number: 81 } }
  - match: [{ gateways: [gw-egress-c], port: 81 }]
    route:
    - destination: { host: example.net, port: { number: 81 } }
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: { name: example-net, namespace: c }
spec:
  hosts: [example.net]
  exportTo: [".", istio-system]
  location: MESH_EXTERNAL
  ports:
  - { number: 81, name: http, protocol: HTTP }
  resolution: DNS
#- /a/unused-egress.yaml
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: unused, namespace: a }
spec:
  selector: { istio: egressgateway }
  servers:
  - port: { number: 82, name: http, protocol: HTTP }
    hosts: [unused.example.com]
`;

test('ILS0402: routing through an egress gateway under ALLOW_ANY, reported once on the first used egress Gateway', () => {
  const fx = check(assert, EGRESS_BUNDLE + `
#- /istio-system/operator.yaml
apiVersion: install.istio.io/v1alpha1
kind: IstioOperator
metadata: { name: control-plane, namespace: istio-system }
spec:
  meshConfig:
    outboundTrafficPolicy:
      mode: ALLOW_ANY
`, { codes: ALL });
  const f = only(fx, '/b/egress.yaml', 'ILS0402');
  assert.equal(f.severity, 'information');
  assert.match(f.message, /IstioOperator istio-system\/control-plane sets outboundTrafficPolicy ALLOW_ANY/);
  assert.match(f.message, /REGISTRY_ONLY and add a NetworkPolicy/);
  assert.deepEqual(relatedOf(fx, '/b/egress.yaml', 'ILS0402'), [['/b/egress.yaml:12:18 example-org', '/istio-system/operator.yaml:6:12 ALLOW_ANY']]);
});

test('ILS0402 with the default policy (no mesh config in the workspace) says where ALLOW_ANY comes from', () => {
  const fx = check(assert, EGRESS_BUNDLE, { codes: ['ILS0402'] });
  assert.match(only(fx, '/b/egress.yaml', 'ILS0402').message, /the setting istio\.outboundTrafficPolicy, Istio's default/);
});

test('ILS0402 near misses: REGISTRY_ONLY from the workspace or the setting; an egress Gateway nobody routes through', () => {
  const strip = (s) => s.replace(/^# \^+ ILS0402\n/m, '');
  check(assert, strip(EGRESS_BUNDLE) + `
#- /istio-system/operator.yaml
apiVersion: install.istio.io/v1alpha1
kind: IstioOperator
metadata: { name: control-plane, namespace: istio-system }
spec:
  meshConfig:
    outboundTrafficPolicy: { mode: REGISTRY_ONLY }
`, { codes: ['ILS0402'] });
  check(assert, strip(EGRESS_BUNDLE), { codes: ['ILS0402'], settings: REGISTRY_ONLY });
  check(assert, `
#- /a/unused-egress.yaml
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: unused, namespace: a }
spec:
  selector: { istio: egressgateway }
  servers:
  - port: { number: 82, name: http, protocol: HTTP }
    hosts: [unused.example.com]
`, { codes: ['ILS0402'] });
});

// ---------------------------------------------------------------------------
// The seed 001 egress bundle as a whole.

const GOOGLE_BUNDLE = `
#- /application/egress-google.yaml
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: { name: se-google, namespace: application }
spec:
  hosts: [google.com]
  exportTo: [".", istio-system]
  location: MESH_EXTERNAL
  ports:
  - { number: 80, name: http-port, protocol: HTTP }
  resolution: DNS
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: gw-egress-google, namespace: application }
spec:
  selector: { istio: egressgateway }
  servers:
  - port: { number: 80, name: http, protocol: HTTP }
    hosts: [google.com]
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: dr-egress-google, namespace: application }
spec:
  host: istio-egressgateway.istio-system.svc.cluster.local
  exportTo: ["."]
  subsets:
  - name: google
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: vs-google-via-egress-gw, namespace: application }
spec:
  hosts: [google.com]
  exportTo: [".", istio-system]
  gateways:
  - gw-egress-google
  - mesh
  http:
  - match:
    - gateways:
      - mesh
      port: 80
    route:
    - destination:
        host: istio-egressgateway.istio-system.svc.cluster.local
        subset: google
        port: { number: 80 }
  - match:
    - gateways: [gw-egress-google]
      port: 80
    route:
    - destination:
        host: google.com
        port: { number: 80 }
`;

test('seed 001 bundle under REGISTRY_ONLY: no finding from any gateway analyzer', () => {
  check(assert, GOOGLE_BUNDLE, { codes: ALL, settings: REGISTRY_ONLY });
});

test('seed 001 bundle with mesh dropped: ILS0204 on gateways and ILS0203 on the dead mesh route', () => {
  const source = GOOGLE_BUNDLE.replace('  gateways:\n  - gw-egress-google\n  - mesh\n', '  gateways:\n# ^^^^^^^^ ILS0204\n  - gw-egress-google\n').replace(
    '      - mesh\n      port: 80\n',
    '      - mesh\n#       ^^^^ ILS0203\n      port: 80\n',
  );
  assert.notEqual(source, GOOGLE_BUNDLE);
  check(assert, source, { codes: ALL, settings: REGISTRY_ONLY });
});

test('IST0145: servers with different bind addresses are separate listeners; the same bind still conflicts', () => {
  const gw = (name, bind) => `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: ${name}, namespace: edge }
spec:
  selector: { istio: ingressgateway }
  servers:
  - port: { number: 80, name: http, protocol: HTTP }
    ${bind ? `bind: ${bind}\n    ` : ''}hosts:
    - shop.example.com`;
  check(assert, `
#- /edge/internal.yaml
${gw('internal', '10.0.0.1')}
#- /edge/external.yaml
${gw('external', '10.0.0.2')}
#- /edge/default.yaml
${gw('default')}
`, { codes: ['IST0145'] });
  check(assert, `
#- /edge/a.yaml
${gw('a', '10.0.0.1')}
#     ^^^^^^^^^^^^^^^^ IST0145
#- /edge/b.yaml
${gw('b', '10.0.0.1')}
#     ^^^^^^^^^^^^^^^^ IST0145
`, { codes: ['IST0145'] });
});
