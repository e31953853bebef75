// Cross-file destination checks: IST0101 (host, subset), IST0112, IST0174,
// IST0173, ILS0301, IST0177, and the egress bundle of seed 001.
import test from 'node:test';
import assert from 'node:assert/strict';
import { check, core } from '../../helpers/fixture.mjs';

/**
 * Every finding with this code, rendered whole: where it starts, the exact text
 * its range covers, severity, and where each related location points (with the
 * first line of the text there).
 */
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
        key: [f.path, d.span.start],
        at: at(f, d.span.start),
        text: f.text.slice(d.span.start, d.span.end),
        severity: d.severity,
        related: (d.related ?? []).map((r) => {
          const rf = byUri.get(r.uri);
          return `${at(rf, r.span.start)} ${rf.text.slice(r.span.start, r.span.end).split('\n')[0]}`;
        }),
        message: d.message,
        data: d.data,
      });
    }
  }
  return out.sort((a, b) => (a.key[0] < b.key[0] ? -1 : a.key[0] > b.key[0] ? 1 : a.key[1] - b.key[1]));
}

const shopServices = `
#- /shop/services.yaml
apiVersion: v1
kind: Service
metadata: { name: reviews, namespace: shop }
spec:
  selector: { app: reviews }
  ports:
  - { name: http, port: 9080 }
`;

// ---------------------------------------------------------------- IST0101 host

test('IST0101 host: Service in the workspace, short names expand to the rule namespace', () => {
  const fx = check(
    assert,
    `${shopServices}
#- /shop/vs.yaml
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: reviews, namespace: shop }
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: { host: reviews }
    - destination: { host: reviews.shop.svc.cluster.local }
    - destination: { host: ratings }
#                          ^^^^^^^ IST0101
    mirror: { host: ratings }
#                   ^^^^^^^ IST0101
  tcp:
  - route:
    - destination: { host: ratings.shop.svc.cluster.local, port: { number: 9080 } }
#                          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ IST0101
`,
    { codes: ['IST0101'] },
  );
  const d = details(fx, 'IST0101');
  assert.deepStrictEqual(
    d.map((x) => x.text),
    ['ratings', 'ratings', 'ratings.shop.svc.cluster.local'],
  );
  assert.equal(d[0].severity, 'error');
  assert.match(d[0].message, /^Destination host ratings \(ratings\.shop\.svc\.cluster\.local\) is not in the service registry: no Service ratings in namespace shop and no ServiceEntry for it/);
  assert.deepStrictEqual(d[0].related, []);
  assert.deepStrictEqual(d[0].data, { kind: 'hostNotFound', host: 'ratings.shop.svc.cluster.local', external: false, namespace: 'shop' });
});

const otherNamespaceRoute = (annotate) => `${shopServices}
#- /shop/vs.yaml
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: details, namespace: shop }
spec:
  hosts: [details.other.svc.cluster.local]
  http:
  - route:
    - destination: { host: details.other.svc.cluster.local }
${annotate ? '#                          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ IST0101' : ''}
`;

test('IST0101 host: partial registry skips namespaces without Services in the workspace', () => {
  check(assert, otherNamespaceRoute(false), { codes: ['IST0101'] });
  check(assert, otherNamespaceRoute(false), { codes: ['IST0101'], settings: { registry: 'partial' } });
});

test('IST0101 host: complete registry reports every missing in-cluster host', () => {
  check(assert, otherNamespaceRoute(true), { codes: ['IST0101'], settings: { registry: 'complete' } });
});

test('IST0101 host: ServiceEntry hosts, exact and wildcard', () => {
  const fx = check(
    assert,
    `
#- /shop/se.yaml
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: { name: external, namespace: shop }
spec:
  hosts: [api.example.com, "*.wiki.org"]
  exportTo: ["."]
  location: MESH_EXTERNAL
  resolution: NONE
  ports:
  - { number: 443, name: tls, protocol: TLS }
#- /shop/vs.yaml
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: external, namespace: shop }
spec:
  hosts: [api.example.com]
  tls:
  - match: [{ sniHosts: [api.example.com] }]
    route:
    - destination: { host: api.example.com }
    - destination: { host: en.wiki.org }
    - destination: { host: wiki.org }
#                          ^^^^^^^^ IST0101
    - destination: { host: other.example.com }
#                          ^^^^^^^^^^^^^^^^^ IST0101
`,
    { codes: ['IST0101'] },
  );
  const d = details(fx, 'IST0101');
  assert.match(d[0].message, /^Destination host wiki\.org is not in the service registry: no ServiceEntry visible to namespace shop lists it \(searched 0 Services and 1 ServiceEntries in the workspace\)\. Add a ServiceEntry for it\.$/);
  assert.deepStrictEqual(d[0].related, []);
  assert.equal(d[1].data.external, true);
});

test('IST0101 host: a ServiceEntry counts only where its exportTo makes it visible', () => {
  check(
    assert,
    `
#- /partners/se.yaml
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: { name: private, namespace: partners }
spec:
  hosts: [private.partner.com]
  exportTo: ["."]
  resolution: DNS
  ports: [{ number: 443, name: https, protocol: HTTPS }]
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: { name: for-shop, namespace: partners }
spec:
  hosts: [shop.partner.com]
  exportTo: [shop]
  resolution: DNS
  ports: [{ number: 443, name: https, protocol: HTTPS }]
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: { name: public, namespace: partners }
spec:
  hosts: [public.partner.com]
  exportTo: ["*"]
  resolution: DNS
  ports: [{ number: 443, name: https, protocol: HTTPS }]
#- /shop/vs.yaml
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: partners, namespace: shop }
spec:
  hosts: [partners.shop.svc.cluster.local]
  http:
  - route:
    - destination: { host: private.partner.com, port: { number: 443 } }
#                          ^^^^^^^^^^^^^^^^^^^ IST0101
    - destination: { host: shop.partner.com, port: { number: 443 } }
    - destination: { host: public.partner.com, port: { number: 443 } }
`,
    { codes: ['IST0101'] },
  );
});

const builtinRoutes = (annotate) => `
#- /shop/vs.yaml
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: builtin, namespace: shop }
spec:
  hosts: [builtin.shop.svc.cluster.local]
  http:
  - route:
    - destination: { host: istio-egressgateway.istio-system.svc.cluster.local }
    - destination: { host: istio-ingressgateway.istio-system.svc.cluster.local }
    - destination: { host: istio-eastwestgateway.istio-system.svc.cluster.local }
${annotate.eastwest ? '#                          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ IST0101' : ''}
    - destination: { host: legacy.corp.example }
${annotate.legacy ? '#                          ^^^^^^^^^^^^^^^^^^^ IST0101' : ''}
`;

test('IST0101 host: the built-in ingress and egress gateway hosts are always registered', () => {
  check(assert, builtinRoutes({ eastwest: true, legacy: true }), { codes: ['IST0101'], settings: { registry: 'complete' } });
});

test('IST0101 host: the knownHosts setting registers extra hosts', () => {
  check(assert, builtinRoutes({}), {
    codes: ['IST0101'],
    settings: { registry: 'complete', knownHosts: ['istio-eastwestgateway.istio-system.svc.cluster.local', 'Legacy.Corp.Example'] },
  });
});

const missingExternal = `
#- /shop/vs.yaml
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: github, namespace: shop }
spec:
  hosts: [github.com]
  http:
  - route:
    - destination: { host: github.com }
#                          ^^^^^^^^^^ IST0101
`;

test('IST0101 host: under REGISTRY_ONLY from an IstioOperator the message names the BlackHoleCluster 502 and links the operator', () => {
  const fx = check(
    assert,
    `${missingExternal}
#- /istio-system/operator.yaml
apiVersion: install.istio.io/v1alpha1
kind: IstioOperator
metadata: { name: control-plane, namespace: istio-system }
spec:
  meshConfig:
    outboundTrafficPolicy:
      mode: REGISTRY_ONLY
`,
    { codes: ['IST0101'] },
  );
  const [d] = details(fx, 'IST0101');
  assert.match(d.message, /With outboundTrafficPolicy REGISTRY_ONLY, calls to it are answered 502 by the BlackHoleCluster\.$/);
  assert.deepStrictEqual(d.related, ['/istio-system/operator.yaml:6:12 REGISTRY_ONLY']);
});

test('IST0101 host: REGISTRY_ONLY from the istio ConfigMap links the mesh config', () => {
  const fx = check(
    assert,
    `${missingExternal}
#- /istio-system/istio.yaml
apiVersion: v1
kind: ConfigMap
metadata: { name: istio, namespace: istio-system }
data:
  mesh: |-
    accessLogFile: /dev/stdout
    outboundTrafficPolicy:
      mode: REGISTRY_ONLY
`,
    { codes: ['IST0101'] },
  );
  const [d] = details(fx, 'IST0101');
  assert.match(d.message, /502 by the BlackHoleCluster/);
  assert.deepStrictEqual(d.related, ['/istio-system/istio.yaml:4:8 |-']);
});

test('IST0101 host: REGISTRY_ONLY from the setting alone has no related location; ALLOW_ANY asks for a ServiceEntry', () => {
  let fx = check(assert, missingExternal, { codes: ['IST0101'], settings: { outboundTrafficPolicy: 'REGISTRY_ONLY' } });
  let [d] = details(fx, 'IST0101');
  assert.match(d.message, /502 by the BlackHoleCluster/);
  assert.deepStrictEqual(d.related, []);
  fx = check(assert, missingExternal, { codes: ['IST0101'] });
  [d] = details(fx, 'IST0101');
  assert.doesNotMatch(d.message, /BlackHoleCluster/);
  assert.match(d.message, /Add a ServiceEntry for it\.$/);
});

test('IST0101 host: an ALLOW_ANY IstioOperator overrides the REGISTRY_ONLY setting', () => {
  const fx = check(
    assert,
    `${missingExternal}
#- /istio-system/operator.yaml
apiVersion: install.istio.io/v1alpha1
kind: IstioOperator
metadata: { name: control-plane, namespace: istio-system }
spec:
  meshConfig:
    outboundTrafficPolicy: { mode: ALLOW_ANY }
`,
    { codes: ['IST0101'], settings: { outboundTrafficPolicy: 'REGISTRY_ONLY' } },
  );
  assert.doesNotMatch(details(fx, 'IST0101')[0].message, /BlackHoleCluster/);
});

// -------------------------------------------------------------- IST0101 subset

test('IST0101 subset: no DestinationRule for the host', () => {
  const fx = check(
    assert,
    `${shopServices}
#- /shop/vs.yaml
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: reviews, namespace: shop }
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: { host: reviews, subset: v1 }
#                                           ^^ IST0101
`,
    { codes: ['IST0101'] },
  );
  const [d] = details(fx, 'IST0101');
  assert.equal(d.message, 'Subset "v1" not found: no DestinationRule for host reviews.shop.svc.cluster.local is visible to sidecars in namespace shop.');
  assert.deepStrictEqual(d.related, []);
});

test('IST0101 subset: the DestinationRule lacks the subset, related points at its subsets', () => {
  const fx = check(
    assert,
    `${shopServices}
#- /shop/dr.yaml
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: reviews, namespace: shop }
spec:
  host: reviews
  subsets:
  - name: v1
    labels: { version: v1 }
#- /shop/vs.yaml
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: reviews, namespace: shop }
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: { host: reviews.shop.svc.cluster.local, subset: v1 }
    - destination: { host: reviews, subset: v3 }
#                                           ^^ IST0101
`,
    { codes: ['IST0101'] },
  );
  const [d] = details(fx, 'IST0101');
  assert.equal(d.message, 'Subset "v3" not found in the DestinationRule shop/reviews that sidecars in namespace shop get for reviews.shop.svc.cluster.local (subsets: v1).');
  assert.deepStrictEqual(d.related, ['/shop/dr.yaml:5:2 subsets']);
  assert.equal(d.data.destinationRule, 'shop/reviews');
});

test('IST0101 subset: a DestinationRule exported only to its own namespace is not visible', () => {
  check(
    assert,
    `
#- /shared/dr.yaml
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: private, namespace: shared }
spec:
  host: private.shared.svc.cluster.local
  exportTo: ["."]
  subsets: [{ name: v1, labels: { version: v1 } }]
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: public, namespace: shared }
spec:
  host: public.shared.svc.cluster.local
  subsets: [{ name: v1, labels: { version: v1 } }]
#- /shop/vs.yaml
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: shared, namespace: shop }
spec:
  hosts: [shared.shop.svc.cluster.local]
  http:
  - route:
    - destination: { host: private.shared.svc.cluster.local, subset: v1 }
#                                                                    ^^ IST0101
    - destination: { host: public.shared.svc.cluster.local, subset: v1 }
`,
    { codes: ['IST0101'] },
  );
});

test('IST0101 subset: a wildcard DestinationRule defines subsets for the hosts it covers, unless an exact one wins', () => {
  const fx = check(
    assert,
    `
#- /shop/se.yaml
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: { name: apis, namespace: shop }
spec:
  hosts: ["*.example.com"]
  exportTo: ["."]
  resolution: NONE
  ports: [{ number: 443, name: tls, protocol: TLS }]
#- /shop/dr.yaml
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: wildcard, namespace: shop }
spec:
  host: "*.example.com"
  subsets: [{ name: eu, labels: { region: eu } }]
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: billing, namespace: shop }
spec:
  host: billing.example.com
  subsets: [{ name: us, labels: { region: us } }]
#- /shop/vs.yaml
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: apis, namespace: shop }
spec:
  hosts: [api.example.com]
  tls:
  - match: [{ sniHosts: [api.example.com] }]
    route:
    - destination: { host: api.example.com, subset: eu }
    - destination: { host: billing.example.com, subset: us }
    - destination: { host: billing.example.com, subset: eu }
#                                                       ^^ IST0101
`,
    { codes: ['IST0101'] },
  );
  // Istio uses only the most specific host's rules: the wildcard rule is not merged in.
  const [d] = details(fx, 'IST0101');
  assert.deepStrictEqual(d.related, ['/shop/dr.yaml:12:2 subsets', '/shop/dr.yaml:5:20 eu']);
  assert.match(d.message, /shop\/wildcard defines it for \*\.example\.com, but only the rules of the most specific host apply\.$/);
});

// --------------------------------------------------------------------- IST0112

const multiPort = `
#- /shop/reviews.yaml
apiVersion: v1
kind: Service
metadata: { name: reviews, namespace: shop }
spec:
  selector: { app: reviews }
  ports:
  - { name: http, port: 9080 }
  - { name: grpc, port: 9090 }
---
apiVersion: v1
kind: Service
metadata: { name: ratings, namespace: shop }
spec:
  selector: { app: ratings }
  ports:
  - { name: http, port: 9080 }
`;

test('IST0112: a multi-port Service destination without port, in HTTP, TCP and mirror destinations', () => {
  const fx = check(
    assert,
    `${multiPort}
#- /shop/vs.yaml
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: reviews, namespace: shop }
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: { host: reviews }
#                          ^^^^^^^ IST0112
    - destination: { host: reviews, port: { number: 9080 } }
    - destination: { host: ratings }
    mirror: { host: reviews.shop.svc.cluster.local }
#                   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ IST0112
  tcp:
  - match: [{ port: 9090 }]
    route:
    - destination: { host: reviews }
#                          ^^^^^^^ IST0112
`,
    { codes: ['IST0112'] },
  );
  const d = details(fx, 'IST0112');
  assert.equal(d[0].severity, 'error');
  assert.deepStrictEqual(d[0].data, { ports: [9080, 9090] });
  assert.deepStrictEqual(d[0].related, ['/shop/reviews.yaml:2:18 reviews']);
  assert.match(d[0].message, /^This destination gives no port, and Service shop\/reviews has 2 ports \(9080 http, 9090 grpc\)/);
  assert.match(d[1].message, /^This mirror destination gives no port/);
});

test('IST0112: a multi-port ServiceEntry destination without port; hosts outside the workspace are not judged', () => {
  const fx = check(
    assert,
    `
#- /shop/se.yaml
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: { name: google, namespace: shop }
spec:
  hosts: [google.com]
  exportTo: ["."]
  resolution: DNS
  ports:
  - { number: 80, name: http, protocol: HTTP }
  - { number: 443, name: https, protocol: HTTPS }
#- /shop/vs.yaml
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: google, namespace: shop }
spec:
  hosts: [google.com]
  http:
  - route:
    - destination: { host: google.com }
#                          ^^^^^^^^^^ IST0112
    - destination: { host: details.elsewhere.svc.cluster.local }
`,
    { codes: ['IST0112'] },
  );
  const [d] = details(fx, 'IST0112');
  assert.deepStrictEqual(d.data, { ports: [80, 443] });
  assert.deepStrictEqual(d.related, ['/shop/se.yaml:2:18 google']);
});

// --------------------------------------------------------------------- IST0174

test('IST0174: a DestinationRule for a missing in-cluster Service (partial and complete registry)', () => {
  const source = (complete) => `${shopServices}
#- /shop/dr.yaml
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: rules, namespace: shop }
spec:
  host: ratings
#       ^^^^^^^ IST0174
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: reviews, namespace: shop }
spec:
  host: reviews.shop.svc.cluster.local
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: other, namespace: shop }
spec:
  host: details.other.svc.cluster.local
${complete ? '#       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ IST0174' : ''}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: egress, namespace: shop }
spec:
  host: istio-egressgateway.istio-system.svc.cluster.local
`;
  const fx = check(assert, source(false), { codes: ['IST0174'] });
  const [d] = details(fx, 'IST0174');
  assert.equal(d.severity, 'warning');
  assert.equal(
    d.message,
    'DestinationRule host ratings (ratings.shop.svc.cluster.local) is not in the service registry: no Service ratings in namespace shop and no ServiceEntry for it. Istio ignores this DestinationRule: its traffic policy and subsets never apply.',
  );
  check(assert, source(true), { codes: ['IST0174'], settings: { registry: 'complete' } });
});

test('IST0174: external hosts need a ServiceEntry visible where the rule is exported', () => {
  check(
    assert,
    `
#- /partners/se.yaml
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: { name: api, namespace: partners }
spec:
  hosts: [api.partner.com, "*.wiki.org"]
  exportTo: [shop]
  resolution: NONE
  ports: [{ number: 443, name: tls, protocol: TLS }]
#- /shop/dr.yaml
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: api, namespace: shop }
spec:
  host: api.partner.com
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: wiki, namespace: shop }
spec:
  host: en.wiki.org
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: unknown, namespace: shop }
spec:
  host: api.unknown.com
#       ^^^^^^^^^^^^^^^ IST0174
#- /other/dr.yaml
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: api-private, namespace: other }
spec:
  host: api.partner.com
#       ^^^^^^^^^^^^^^^ IST0174
  exportTo: ["."]
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: api-for-shop, namespace: other }
spec:
  host: api.partner.com
  exportTo: [shop]
`,
    { codes: ['IST0174'] },
  );
});

test('IST0174: wildcard hosts are registered when a ServiceEntry host overlaps; in-cluster wildcards are never judged', () => {
  check(
    assert,
    `
#- /shop/se.yaml
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: { name: wiki, namespace: shop }
spec:
  hosts: [en.wiki.org]
  exportTo: ["."]
  resolution: DNS
  ports: [{ number: 443, name: https, protocol: HTTPS }]
#- /shop/dr.yaml
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: wiki, namespace: shop }
spec:
  host: "*.wiki.org"
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: nothing, namespace: shop }
spec:
  host: "*.nothing.org"
#       ^^^^^^^^^^^^^^^ IST0174
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: mesh-wide, namespace: shop }
spec:
  host: "*.local"
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: namespace-wide, namespace: shop }
spec:
  host: "*.shop.svc.cluster.local"
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: everything, namespace: shop }
spec:
  host: "*"
`,
    { codes: ['IST0174'], settings: { registry: 'complete' } },
  );
});

// --------------------------------------------------------------------- IST0173

const helloworld = `
#- /app/helloworld.yaml
apiVersion: v1
kind: Service
metadata: { name: helloworld, namespace: app }
spec:
  selector: { app: helloworld }
  ports: [{ name: http, port: 5000 }]
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: helloworld-v1, namespace: app }
spec:
  selector: { matchLabels: { app: helloworld, version: v1 } }
  template:
    metadata: { labels: { app: helloworld, version: v1 } }
    spec: { containers: [{ name: hello, image: hello:1 }] }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: ratings-v2, namespace: app }
spec:
  selector: { matchLabels: { app: ratings, version: v2 } }
  template:
    metadata: { labels: { app: ratings, version: v2 } }
    spec: { containers: [{ name: ratings, image: ratings:2 }] }
`;

test('IST0173: a subset whose labels select none of the Service’s workloads', () => {
  const fx = check(
    assert,
    `${helloworld}
#- /app/dr.yaml
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: helloworld, namespace: app }
spec:
  host: helloworld
  subsets:
  - name: v1
    labels: { version: v1 }
  - name: v2
#         ^^ IST0173
    labels: { version: v2 }
  - name: all
`,
    { codes: ['IST0173'] },
  );
  const [d] = details(fx, 'IST0173');
  assert.equal(d.severity, 'warning');
  // ratings-v2 has version v2 but is not behind the helloworld Service.
  assert.equal(
    d.message,
    'Subset "v2" selects no workload: none of the workloads behind Service app/helloworld has the labels version=v2 (workloads: helloworld-v1 {app=helloworld, version=v1}). Requests routed to this subset get 503 "no healthy upstream".',
  );
  assert.deepStrictEqual(d.related, ['/app/helloworld.yaml:2:18 helloworld', '/app/helloworld.yaml:9:18 helloworld-v1']);
  assert.deepStrictEqual(d.data, { subset: 'v2', labels: { version: 'v2' } });
});

test('IST0173: without the Service, any workload of the namespace counts', () => {
  check(
    assert,
    `
#- /app/workloads.yaml
apiVersion: apps/v1
kind: Deployment
metadata: { name: ratings-v2, namespace: app }
spec:
  selector: { matchLabels: { app: ratings, version: v2 } }
  template:
    metadata: { labels: { app: ratings, version: v2 } }
    spec: { containers: [{ name: ratings, image: ratings:2 }] }
#- /app/dr.yaml
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: ratings, namespace: app }
spec:
  host: ratings.app.svc.cluster.local
  subsets:
  - { name: v2, labels: { version: v2 } }
  - { name: v3, labels: { version: v3 } }
#           ^^ IST0173
`,
    { codes: ['IST0173'] },
  );
});

test('IST0173: not judged without the namespace’s workloads, when the Service’s own workloads are elsewhere, for external hosts, or for subsets without labels', () => {
  check(
    assert,
    `${helloworld}
#- /app/charted.yaml
# The Deployment behind this Service comes from a chart outside the workspace.
apiVersion: v1
kind: Service
metadata: { name: charted, namespace: app }
spec:
  selector: { app: charted }
  ports: [{ name: http, port: 80 }]
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: charted, namespace: app }
spec:
  host: charted
  subsets: [{ name: v1, labels: { version: v1 } }]
#- /shop/services.yaml
apiVersion: v1
kind: Service
metadata: { name: reviews, namespace: shop }
spec:
  selector: { app: reviews }
  ports: [{ name: http, port: 9080 }]
#- /shop/dr.yaml
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: reviews, namespace: shop }
spec:
  host: reviews
  subsets: [{ name: v9, labels: { version: v9 } }]
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: egress, namespace: app }
spec:
  host: istio-egressgateway.istio-system.svc.cluster.local
  subsets: [{ name: google }]
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: external, namespace: app }
spec:
  host: api.example.com
  subsets: [{ name: eu, labels: { region: eu } }]
`,
    { codes: ['IST0173'] },
  );
});

// --------------------------------------------------------------------- ILS0301

test('ILS0301: the same subset defined by two DestinationRules for one host', () => {
  const fx = check(
    assert,
    `${shopServices}
#- /shop/a.yaml
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: reviews-a, namespace: shop }
spec:
  host: reviews
  subsets:
  - name: v1
    labels: { version: v1 }
#- /shop/b.yaml
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: reviews-b, namespace: shop }
spec:
  host: reviews.shop.svc.cluster.local
  subsets:
  - name: v1
#         ^^ ILS0301
    labels: { version: v1-canary }
  - name: v2
    labels: { version: v2 }
`,
    { codes: ['ILS0301'] },
  );
  const [d] = details(fx, 'ILS0301');
  assert.equal(d.severity, 'warning');
  assert.deepStrictEqual(d.related, ['/shop/a.yaml:6:10 v1']);
  assert.match(d.message, /^Subset "v1" is also defined by DestinationRule shop\/reviews-a for host reviews\.shop\.svc\.cluster\.local\. Istio merges the two rules and keeps only the first definition \(the older rule; in files, the first in workspace order\): this one is ignored\./);
});

test('ILS0301: two top-level trafficPolicies, the later one in workspace order is reported as ignored', () => {
  const fx = check(
    assert,
    `${shopServices}
#- /shop/b.yaml
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: reviews-tls, namespace: shop }
spec:
  host: reviews
  trafficPolicy:
# ^^^^^^^^^^^^^ ILS0301
    tls: { mode: ISTIO_MUTUAL }
#- /shop/a.yaml
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: reviews-pool, namespace: shop }
spec:
  host: reviews
  trafficPolicy:
    connectionPool: { tcp: { maxConnections: 100 } }
`,
    { codes: ['ILS0301'] },
  );
  const [d] = details(fx, 'ILS0301');
  assert.deepStrictEqual(d.related, ['/shop/a.yaml:5:2 trafficPolicy']);
  assert.match(d.message, /^This top-level trafficPolicy is ignored: DestinationRule shop\/reviews-pool also sets one/);
  assert.match(d.message, /Istio keeps only the trafficPolicy of the older rule/);
  assert.deepStrictEqual(d.data, { kind: 'ignoredTrafficPolicy', kept: 'shop/reviews-pool' });
});

test('ILS0301: one DestinationRule per egress bundle for the egress gateway, each with its own subset, is fine', () => {
  const bundle = (name, file) => `
#- /application/${file}.yaml
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: egressgateway-for-${name}, namespace: application }
spec:
  host: istio-egressgateway.istio-system.svc.cluster.local
  subsets:
  - name: ${name}
    trafficPolicy:
      portLevelSettings:
      - port: { number: 443 }
        tls: { mode: ISTIO_MUTUAL, sni: ${name}.com }
`;
  check(assert, bundle('google', 'egress-google') + bundle('wikipedia', 'egress-wikipedia') + bundle('cnn', 'egress-cnn'), { codes: ['ILS0301'] });
});

test('ILS0301: rules that Istio does not merge are not reported', () => {
  check(
    assert,
    `${shopServices}
#- /shop/dr.yaml
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: reviews, namespace: shop }
spec:
  host: reviews
  exportTo: ["."]
  trafficPolicy: { tls: { mode: ISTIO_MUTUAL } }
  subsets: [{ name: v1, labels: { version: v1 } }]
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: reviews-for-other, namespace: shop }
spec:
  host: reviews
  exportTo: [other]
  trafficPolicy: { tls: { mode: ISTIO_MUTUAL } }
  subsets: [{ name: v1, labels: { version: v1 } }]
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: reviews-for-canary, namespace: shop }
spec:
  host: reviews
  workloadSelector: { matchLabels: { app: canary-client } }
  trafficPolicy: { tls: { mode: ISTIO_MUTUAL } }
  subsets: [{ name: v1, labels: { version: v1 } }]
#- /other/dr.yaml
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: reviews, namespace: other }
spec:
  host: reviews.shop.svc.cluster.local
  trafficPolicy: { tls: { mode: ISTIO_MUTUAL } }
  subsets: [{ name: v1, labels: { version: v1 } }]
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: reviews-pool, namespace: other }
spec:
  host: reviews.shop.svc.cluster.local
  subsets: [{ name: v2, labels: { version: v2 } }]
`,
    { codes: ['ILS0301'] },
  );
});

// --------------------------------------------------------------------- IST0177

test('IST0177: two ServiceEntries give one host and port different protocols; each points at the other', () => {
  const fx = check(
    assert,
    `
#- /shop/db.yaml
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: { name: db-tcp, namespace: shop }
spec:
  hosts: [db.example.com]
  addresses: [203.0.113.20]
  resolution: DNS
  ports:
  - number: 5432
#   ^^^^^^^^^^^^ IST0177
    name: tcp
    protocol: TCP
#- /shop/db-http.yaml
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: { name: db-http, namespace: shop }
spec:
  hosts: [db.example.com]
  resolution: DNS
  ports:
  - { number: 443, name: https, protocol: HTTPS }
  - { number: 5432, name: http, protocol: http }
#   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ IST0177
`,
    { codes: ['IST0177'] },
  );
  const d = details(fx, 'IST0177');
  assert.deepStrictEqual(d.map((x) => x.related), [['/shop/db.yaml:8:4 number: 5432'], ['/shop/db-http.yaml:8:4 { number: 5432, name: http, protocol: http }']]);
  assert.equal(d[0].severity, 'warning');
  assert.match(d[1].message, /^Port 5432 of db\.example\.com has protocol TCP here but HTTP in ServiceEntry shop\/db-http, visible to the same namespaces/);
  assert.deepStrictEqual(d[1].data, { port: 5432, protocols: ['TCP', 'HTTP'] });
});

test('IST0177: an unset protocol differs from a set one (as istioctl compares them)', () => {
  check(
    assert,
    `
#- /shop/se.yaml
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: { name: a, namespace: shop }
spec:
  hosts: [cache.example.com]
  ports: [{ number: 6379, name: redis }]
#         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ IST0177
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: { name: b, namespace: shop }
spec:
  hosts: [cache.example.com]
  ports: [{ number: 6379, name: tcp-redis, protocol: TCP }]
#         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ IST0177
`,
    { codes: ['IST0177'] },
  );
});

test('IST0177: same protocol in another case, other ports, or scopes that do not overlap are fine', () => {
  check(
    assert,
    `
#- /shop/se.yaml
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: { name: a, namespace: shop }
spec:
  hosts: [api.example.com]
  exportTo: ["."]
  ports: [{ number: 443, name: https, protocol: HTTPS }, { number: 80, name: http, protocol: HTTP }]
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: { name: b, namespace: shop }
spec:
  hosts: [api.example.com]
  exportTo: ["."]
  ports: [{ number: 443, name: https, protocol: https }, { number: 8080, name: tcp, protocol: TCP }]
#- /other/se.yaml
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: { name: c, namespace: other }
spec:
  hosts: [api.example.com]
  exportTo: ["."]
  ports: [{ number: 443, name: tls, protocol: TLS }]
`,
    { codes: ['IST0177'] },
  );
});

// ------------------------------------------------------- seed 001 egress bundle

const seedServiceEntry = `
#- /application/se-google.yaml
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: se-google
  namespace: application
spec:
  hosts:
  - google.com
  # The egress gateway's pods (istio-system, from the IstioOperator) must see the entry: "." alone is ILS0304.
  exportTo: [".", istio-system]
  ports:
  - number: 80
    name: http-port
    protocol: HTTP
  - number: 443
    name: https
    protocol: HTTPS
  resolution: DNS
`;

const seedGateway = `
#- /application/gw-egress-google.yaml
apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: gw-egress-google
  namespace: application
spec:
  selector:
    istio: egressgateway
  servers:
  - port:
      number: 80
      name: http
      protocol: HTTP
    hosts:
    - google.com
`;

const seedDestinationRule = `
#- /application/dr-egress-google.yaml
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: dr-egress-google
  namespace: application
spec:
  host: istio-egressgateway.istio-system.svc.cluster.local
  subsets:
  - name: google
`;

/** The seed's VirtualService (with its namespace stated); `ann` adds expected-finding lines. */
const seedVirtualService = ({ mesh = true, ann = {} } = {}) => `
#- /application/vs-google.yaml
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: vs-google-via-egress-gw
  namespace: application
spec:
  hosts:
  - google.com
  gateways:
${ann.gateways ?? ''}
  - gw-egress-google
${mesh ? '  - mesh' : ''}
  http:
  - match:
    - gateways:
      - mesh
${ann.matchMesh ?? ''}
      port: 80
    route:
    - destination:
        host: istio-egressgateway.istio-system.svc.cluster.local
        subset: google
${ann.subset ?? ''}
        port:
          number: 80
      weight: 100
  - match:
    - gateways:
      - gw-egress-google
      port: 80
    route:
    - destination:
        host: google.com
${ann.host ?? ''}
        port:
          number: 80
      weight: 100
`;

const seedWorkloads = `
#- /application/sleep.yaml
apiVersion: v1
kind: Service
metadata:
  name: sleep
  namespace: application
spec:
  selector:
    app: sleep
  ports:
  - name: http
    port: 80
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: sleep
  namespace: application
spec:
  selector:
    matchLabels:
      app: sleep
  template:
    metadata:
      labels:
        app: sleep
    spec:
      containers:
      - name: sleep
        image: curlimages/curl:8.10.1
        command: ["/bin/sleep", "infinity"]
#- /application/helloworld.yaml
apiVersion: v1
kind: Service
metadata:
  name: helloworld
  namespace: application
spec:
  selector:
    app: helloworld
  ports:
  - name: http
    port: 5000
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: helloworld-v1
  namespace: application
spec:
  selector:
    matchLabels:
      app: helloworld
      version: v1
  template:
    metadata:
      labels:
        app: helloworld
        version: v1
    spec:
      containers:
      - name: helloworld
        image: docker.io/istio/examples-helloworld-v1:1.0
        ports:
        - containerPort: 5000
`;

const seedOperator = `
#- /istio-system/istio-operator.yaml
apiVersion: install.istio.io/v1alpha1
kind: IstioOperator
metadata:
  name: control-plane
  namespace: istio-system
spec:
  profile: default
  meshConfig:
    outboundTrafficPolicy:
      mode: REGISTRY_ONLY
  components:
    egressGateways:
    - name: istio-egressgateway
      enabled: true
`;

test('seed 001: the complete egress bundle under REGISTRY_ONLY gives no finding at all', () => {
  check(assert, seedServiceEntry + seedGateway + seedDestinationRule + seedVirtualService() + seedWorkloads + seedOperator);
});

test('seed 001: without the DestinationRule, exactly one IST0101 on the subset', () => {
  const fx = check(assert, seedServiceEntry + seedGateway + seedVirtualService({ ann: { subset: '#               ^^^^^^ IST0101' } }) + seedWorkloads + seedOperator);
  const [d] = details(fx, 'IST0101');
  assert.equal(d.text, 'google');
  assert.match(d.message, /^Subset "google" not found: no DestinationRule for host istio-egressgateway\.istio-system\.svc\.cluster\.local/);
});

test('seed 001: without the ServiceEntry under REGISTRY_ONLY, exactly one IST0101 on the google.com destination, naming the 502', () => {
  const fx = check(assert, seedGateway + seedDestinationRule + seedVirtualService({ ann: { host: '#             ^^^^^^^^^^ IST0101' } }) + seedWorkloads + seedOperator);
  const [d] = details(fx, 'IST0101');
  assert.equal(d.text, 'google.com');
  assert.match(d.message, /502 by the BlackHoleCluster/);
  assert.deepStrictEqual(d.related, ['/istio-system/istio-operator.yaml:9:12 REGISTRY_ONLY']);
});

test('seed 001: with mesh dropped from gateways, ILS0203 on the route match and ILS0204 on the gateways', () => {
  const fx = check(
    assert,
    seedServiceEntry +
      seedGateway +
      seedDestinationRule +
      seedVirtualService({ mesh: false, ann: { matchMesh: '#       ^^^^ ILS0203', gateways: '# ^^^^^^^^ ILS0204' } }) +
      seedWorkloads +
      seedOperator,
  );
  assert.match(details(fx, 'ILS0203')[0].message, /not in the VirtualService's gateways \(gw-egress-google\)/);
});
