// Visibility as istiod applies it: the DestinationRule a client actually gets
// (client namespace, then the host's namespace, then the root namespace; no
// merging across namespaces), and what a gateway's proxies see (ILS0207,
// ILS0304, subsets at the gateway).
import test from 'node:test';
import assert from 'node:assert/strict';
import { check, core } from '../../helpers/fixture.mjs';

function details(fx, code) {
  const byUri = new Map(fx.files.map((f) => [f.uri, f]));
  const at = (f, offset) => {
    const p = new core.LineIndex(f.text).positionAt(offset);
    return `${f.path}:${p.line}:${p.character}`;
  };
  const out = [];
  for (const f of fx.files) {
    for (const d of fx.service.diagnostics().get(f.uri) ?? []) {
      if (d.code !== code) continue;
      out.push({
        text: f.text.slice(d.span.start, d.span.end),
        severity: d.severity,
        message: d.message,
        related: (d.related ?? []).map((r) => {
          const rf = byUri.get(r.uri);
          return `${at(rf, r.span.start)} ${rf.text.slice(r.span.start, r.span.end).split('\n')[0]}`;
        }),
        data: d.data,
      });
    }
  }
  return out;
}

const reviews = `
#- /shop/services.yaml
apiVersion: v1
kind: Service
metadata: { name: reviews, namespace: shop }
spec:
  selector: { app: reviews }
  ports: [{ name: http, port: 9080 }]
`;

const rootRule = `
#- /istio-system/dr.yaml
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: reviews-mesh, namespace: istio-system }
spec:
  host: reviews.shop.svc.cluster.local
  subsets:
  - name: v2
    labels: { version: v2 }
`;

const webVs = `
#- /web/vs.yaml
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: reviews, namespace: web }
spec:
  hosts: [reviews.shop.svc.cluster.local]
  http:
  - route:
    - destination: { host: reviews.shop.svc.cluster.local, subset: v2 }
#                                                                  ^^ IST0101
`;

// ------------------------------------------------------ DestinationRule lookup

test('a client-namespace DestinationRule without the subset hides the root namespace rule that has it', () => {
  const fx = check(
    assert,
    `${reviews}${rootRule}${webVs}
#- /web/dr.yaml
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: reviews-web, namespace: web }
spec:
  host: reviews.shop.svc.cluster.local
  trafficPolicy: { connectionPool: { http: { http1MaxPendingRequests: 10 } } }
`,
    { codes: ['IST0101'] },
  );
  const [d] = details(fx, 'IST0101');
  assert.equal(
    d.message,
    'Subset "v2" not found in the DestinationRule web/reviews-web that sidecars in namespace web get for reviews.shop.svc.cluster.local (subsets: none). istio-system/reviews-mesh defines it, but Istio takes the rules of one namespace only (the client\'s namespace web first), so requests get 503.',
  );
  assert.deepStrictEqual(d.related, [
    '/web/dr.yaml:2:18 reviews-web',
    '/istio-system/dr.yaml:6:10 v2',
  ]);
  assert.equal(d.data.destinationRule, 'web/reviews-web');
});

test('near miss: without a client-namespace rule the root namespace rule applies', () => {
  check(assert, `${reviews}${rootRule}${webVs.replace(/^#\s+\^\^ IST0101\n/m, '')}`, { codes: ['IST0101'] });
});

test('the host namespace exports its rule before the root namespace; a rule it keeps private does not count', () => {
  // shop exports a rule without v2: it hides the root rule from web.
  check(
    assert,
    `${reviews}${rootRule}${webVs}
#- /shop/dr.yaml
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: reviews, namespace: shop }
spec:
  host: reviews
  subsets: [{ name: v1, labels: { version: v1 } }]
`,
    { codes: ['IST0101'] },
  );
  // Kept to shop (exportTo "."): web falls through to the root namespace.
  check(
    assert,
    `${reviews}${rootRule}${webVs.replace(/^#\s+\^\^ IST0101\n/m, '')}
#- /shop/dr.yaml
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: reviews, namespace: shop }
spec:
  host: reviews
  exportTo: ["."]
  subsets: [{ name: v1, labels: { version: v1 } }]
`,
    { codes: ['IST0101'] },
  );
});

test('a rule in a namespace that is neither the client’s, the host’s nor the root is never consulted', () => {
  const fx = check(
    assert,
    `${reviews}${webVs}
#- /platform/dr.yaml
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: reviews, namespace: platform }
spec:
  host: reviews.shop.svc.cluster.local
  subsets: [{ name: v2, labels: { version: v2 } }]
`,
    { codes: ['IST0101'] },
  );
  assert.match(details(fx, 'IST0101')[0].message, /^Subset "v2" not found: no DestinationRule for host reviews\.shop\.svc\.cluster\.local is visible to sidecars in namespace web\. platform\/reviews defines it but is not exported to namespace web\.$/);
});

test('meshConfig.rootNamespace moves the root namespace', () => {
  const operator = (root) => `
#- /istio/operator.yaml
apiVersion: install.istio.io/v1alpha1
kind: IstioOperator
metadata: { name: mesh, namespace: istio-system }
spec:
  meshConfig: { rootNamespace: ${root} }
`;
  const rule = rootRule.replace('namespace: istio-system', 'namespace: mesh-config').replace('/istio-system/dr.yaml', '/mesh-config/dr.yaml');
  check(assert, `${reviews}${rule}${webVs.replace(/^#\s+\^\^ IST0101\n/m, '')}${operator('mesh-config')}`, { codes: ['IST0101'] });
  check(assert, `${reviews}${rule}${webVs}${operator('istio-system')}`, { codes: ['IST0101'] });
});

test('an external host whose ServiceEntry namespace is outside the workspace is not judged when another namespace exports a rule', () => {
  check(
    assert,
    `
#- /web/vs.yaml
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: partner, namespace: web }
spec:
  hosts: [api.partner.com]
  http:
  - route:
    - destination: { host: api.partner.com, subset: eu }
#- /partner/dr.yaml
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: partner, namespace: partner }
spec:
  host: api.partner.com
  subsets: [{ name: eu, labels: { region: eu } }]
`,
    { codes: ['IST0101'], settings: { knownHosts: ['api.partner.com'] } },
  );
});

// ------------------------------------------------------- what a gateway sees

const egress = (seExportTo, drExportTo) => `
#- /app/se.yaml
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: { name: partner, namespace: app }
spec:
  hosts: [api.partner.com]
  exportTo: ${seExportTo}
  location: MESH_EXTERNAL
  resolution: DNS
  ports: [{ number: 443, name: tls, protocol: TLS }]
#- /app/dr.yaml
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: partner, namespace: app }
spec:
  host: api.partner.com
  exportTo: ${drExportTo}
  subsets: [{ name: direct }]
#- /istio-system/gateway.yaml
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: egress, namespace: istio-system }
spec:
  selector: { istio: egressgateway }
  servers:
  - port: { number: 443, name: tls, protocol: TLS }
    hosts: [api.partner.com]
    tls: { mode: PASSTHROUGH }
#- /app/vs.yaml
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: partner, namespace: app }
spec:
  hosts: [api.partner.com]
  gateways: [istio-system/egress]
  tls:
  - match: [{ port: 443, sniHosts: [api.partner.com] }]
    route:
    - destination: { host: api.partner.com, subset: direct, port: { number: 443 } }
`;

test('ILS0304 and IST0101: the egress gateway does not see a ServiceEntry or DestinationRule exported only to "."', () => {
  const source = egress('["."]', '["."]').replace(
    '    - destination: { host: api.partner.com, subset: direct, port: { number: 443 } }\n',
    '    - destination: { host: api.partner.com, subset: direct, port: { number: 443 } }\n#                          ^^^^^^^^^^^^^^^ ILS0304\n#                                                   ^^^^^^ IST0101\n',
  );
  // Two annotations under one line: the fixture format takes both.
  const fx = check(assert, source, { codes: ['ILS0304', 'IST0101', 'ILS0207'] });
  const [d] = details(fx, 'ILS0304');
  assert.equal(d.severity, 'warning');
  assert.match(d.message, /^api\.partner\.com is not visible to the proxies of Gateway istio-system\/egress \(assumed in its namespace istio-system: no gateway workload in the workspace\): ServiceEntry app\/partner has exportTo: \["\."\]\. That gateway has no cluster for it and answers 503\. Add istio-system to the exportTo of app\/partner\.$/);
  assert.deepStrictEqual(d.related, ['/app/se.yaml:5:2 exportTo']);
  const [s] = details(fx, 'IST0101');
  assert.match(s.message, /^Subset "direct" not found: no DestinationRule for host api\.partner\.com is visible to the proxies of Gateway istio-system\/egress/);
});

test('ILS0304: a Service kept to its namespace by networking.istio.io/exportTo is invisible to the ingress gateway', () => {
  const fx = check(
    assert,
    `
#- /shop/service.yaml
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
  annotations: { networking.istio.io/exportTo: "." }
spec:
  selector: { app: web }
  ports: [{ name: http, port: 80 }]
#- /istio-ingress/gateway.yaml
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: public, namespace: istio-ingress }
spec:
  selector: { istio: ingressgateway }
  servers:
  - port: { number: 80, name: http, protocol: HTTP }
    hosts: ["shop/shop.example.com"]
#- /istio-ingress/deploy.yaml
apiVersion: apps/v1
kind: Deployment
metadata: { name: istio-ingressgateway, namespace: istio-ingress }
spec:
  template:
    metadata: { labels: { istio: ingressgateway } }
#- /shop/vs.yaml
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: shop, namespace: shop }
spec:
  hosts: [shop.example.com]
  gateways: [istio-ingress/public]
  http:
  - route:
    - destination: { host: web }
#                          ^^^ ILS0304
`,
    { codes: ['ILS0304', 'ILS0207'] },
  );
  const [d] = details(fx, 'ILS0304');
  assert.match(d.message, /^web\.shop\.svc\.cluster\.local is not visible to the proxies of Gateway istio-ingress\/public \(namespace istio-ingress\): Service shop\/web has exportTo: \["\."\]\./);
  assert.deepStrictEqual(d.related, ['/shop/service.yaml:3:8 web']);
});

test('near miss: exported to the gateway namespace, nothing is reported', () => {
  check(assert, egress('[".", istio-system]', '[".", istio-system]'), { codes: ['ILS0304', 'IST0101', 'ILS0207'] });
});

test('ILS0207: a VirtualService exported to "." bound to a Gateway whose proxies run elsewhere gets 404', () => {
  const fx = check(
    assert,
    `
#- /istio-system/gateway.yaml
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: public, namespace: istio-system }
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
  hosts: [shop.example.com]
  gateways: [istio-system/public]
#            ^^^^^^^^^^^^^^^^^^^ ILS0207
  exportTo: ["."]
  http:
  - route:
    - destination: { host: shop.example.com }
`,
    { codes: ['ILS0207'] },
  );
  const [d] = details(fx, 'ILS0207');
  assert.equal(d.severity, 'warning');
  assert.match(d.message, /^The proxies of Gateway istio-system\/public are assumed in its namespace istio-system \(no gateway workload in the workspace\), and this VirtualService has exportTo: \["\."\]: the gateway never sees it, so requests for its hosts get 404\. Add istio-system to exportTo\.$/);
  assert.deepStrictEqual(d.related, ['/istio-system/gateway.yaml:2:18 public']);
});

test('ILS0207: the gateway workload in the workspace decides where its proxies run; near misses stay clean', () => {
  const gateway = `
#- /shop/gateway.yaml
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: public, namespace: shop }
spec:
  selector: { istio: shop-gateway }
  servers:
  - port: { number: 80, name: http, protocol: HTTP }
    hosts: [shop.example.com]
#- /gateways/deploy.yaml
apiVersion: apps/v1
kind: Deployment
metadata: { name: shop-gateway, namespace: gateways }
spec:
  template:
    metadata: { labels: { istio: shop-gateway } }
`;
  const vs = (exportTo) => `
#- /shop/vs.yaml
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: shop, namespace: shop }
spec:
  hosts: [shop.example.com]
  gateways: [public]
  exportTo: ${exportTo}
  http:
  - route:
    - destination: { host: shop.example.com }
`;
  const firing = `${gateway}${vs('["."]')}`.replace('  gateways: [public]\n', '  gateways: [public]\n#            ^^^^^^ ILS0207\n');
  const fx = check(assert, firing, { codes: ['ILS0207'] });
  assert.deepStrictEqual(details(fx, 'ILS0207')[0].related, ['/shop/gateway.yaml:2:18 public', '/gateways/deploy.yaml:2:18 shop-gateway']);
  check(assert, `${gateway}${vs('[".", gateways]')}`, { codes: ['ILS0207'] });
  check(assert, `${gateway}${vs('["*"]')}`, { codes: ['ILS0207'] });
  // Gateway and VirtualService in one namespace, no workload in the workspace: nothing to say.
  check(assert, `${gateway.split('#- /gateways/')[0]}${vs('["."]')}`, { codes: ['ILS0207'] });
});
