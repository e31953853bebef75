// istioctl parity for ports, workloads and certificates: IST0101 "host:port",
// the Service annotation networking.istio.io/exportTo, topology labels in
// subsets (never IST0173), credentialName and IST0128, the default ingress
// gateway Service (IST0162) and internal generated Gateways (IST0165).
import test from 'node:test';
import assert from 'node:assert/strict';
import { check, core } from '../../helpers/fixture.mjs';

/** Findings with this code: the text their range covers, severity, message, related (path:line:col and first line of the text there), data. */
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
  ports:
  - { name: http, port: 9080, targetPort: 8080 }
`;

// ------------------------------------------------------------ IST0101 host:port

test('IST0101 host:port: a destination port the Service does not expose (its targetPort does not count)', () => {
  const fx = check(
    assert,
    `${reviews}
#- /shop/vs.yaml
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: reviews, namespace: shop }
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: { host: reviews, port: { number: 9080 } }
    - destination: { host: reviews, port: { number: 8080 } }
#                                                   ^^^^ IST0101
    mirror: { host: reviews.shop.svc.cluster.local, port: { number: 9091 } }
#                                                                   ^^^^ IST0101
`,
    { codes: ['IST0101', 'IST0112'] },
  );
  const d = details(fx, 'IST0101');
  assert.equal(d[0].severity, 'error');
  assert.match(d[0].message, /^Referenced host:port not found: "reviews:8080"\. Service shop\/reviews exposes 9080 http: .*503/);
  assert.deepStrictEqual(d[0].related, ['/shop/services.yaml:6:4 { name: http, port: 9080, targetPort: 8080 }']);
  assert.deepStrictEqual(d[0].data, { kind: 'portNotFound', host: 'reviews.shop.svc.cluster.local', port: 8080, ports: [9080] });
  assert.match(d[1].message, /^Referenced host:port not found: "reviews\.shop\.svc\.cluster\.local:9091"/);
});

test('IST0101 host:port: ServiceEntry ports; near misses: a port it has, a host outside the workspace, the built-in gateway hosts', () => {
  check(
    assert,
    `
#- /app/se.yaml
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: { name: partner, namespace: app }
spec:
  hosts: [api.partner.com]
  exportTo: ["."]
  resolution: DNS
  ports:
  - { number: 443, name: tls, protocol: TLS }
#- /app/vs.yaml
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: partner, namespace: app }
spec:
  hosts: [api.partner.com]
  tls:
  - match: [{ port: 443, sniHosts: [api.partner.com] }]
    route:
    - destination: { host: api.partner.com, port: { number: 443 } }
  - match: [{ port: 8443, sniHosts: [api.partner.com] }]
    route:
    - destination: { host: api.partner.com, port: { number: 8443 } }
#                                                           ^^^^ IST0101
  tcp:
  - route:
    - destination: { host: db.data.svc.cluster.local, port: { number: 5432 } }
    - destination: { host: istio-egressgateway.istio-system.svc.cluster.local, port: { number: 8443 } }
`,
    { codes: ['IST0101'], settings: { registry: 'partial' } },
  );
});

// ------------------------------------------------- Service annotation exportTo

test('networking.istio.io/exportTo on a Service hides it from other namespaces (IST0101 names the annotation)', () => {
  const fx = check(
    assert,
    `
#- /shop/services.yaml
apiVersion: v1
kind: Service
metadata:
  name: reviews
  namespace: shop
  annotations: { networking.istio.io/exportTo: "." }
spec:
  selector: { app: reviews }
  ports: [{ name: http, port: 9080 }]
---
apiVersion: v1
kind: Service
metadata:
  name: ratings
  namespace: shop
  annotations: { networking.istio.io/exportTo: "shop, web" }
spec:
  selector: { app: ratings }
  ports: [{ name: http, port: 9080 }]
#- /web/vs.yaml
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: front, namespace: web }
spec:
  hosts: [front]
  http:
  - route:
    - destination: { host: reviews.shop.svc.cluster.local }
#                          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ IST0101
    - destination: { host: ratings.shop.svc.cluster.local }
#- /shop/vs.yaml
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: reviews, namespace: shop }
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: { host: reviews }
`,
    { codes: ['IST0101'] },
  );
  const [d] = details(fx, 'IST0101');
  assert.match(d.message, /Service shop\/reviews is exported only to \. \(annotation networking\.istio\.io\/exportTo\), not to namespace web/);
  assert.deepStrictEqual(d.related, ['/shop/services.yaml:3:8 reviews']);
});

// ------------------------------------------------------ IST0173 topology labels

test('IST0173: topology labels come from the node, not the pod; the pod labels of the subset are still checked', () => {
  check(
    assert,
    `${reviews}
#- /shop/deploy.yaml
apiVersion: apps/v1
kind: Deployment
metadata: { name: reviews-v1, namespace: shop }
spec:
  template:
    metadata: { labels: { app: reviews, version: v1 } }
#- /shop/dr.yaml
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: reviews, namespace: shop }
spec:
  host: reviews
  subsets:
  - name: zone-a
    labels: { topology.kubernetes.io/zone: eu-west-1a }
  - name: old-region
    labels: { failure-domain.beta.kubernetes.io/region: eu-west-1 }
  - name: v1-zone-a
    labels: { version: v1, topology.kubernetes.io/zone: eu-west-1a, topology.istio.io/subzone: rack1 }
  - name: v3-zone-a
#         ^^^^^^^^^ IST0173
    labels: { version: v3, topology.kubernetes.io/zone: eu-west-1a }
`,
    { codes: ['IST0173'] },
  );
});

// ------------------------------------------------ IST0128 with credentialName

test('IST0128 / IST0129: credentialName pins the CA for sidecars only with a workloadSelector', () => {
  const fx = check(
    assert,
    `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: partner, namespace: app }
spec:
  host: api.partner.com
  trafficPolicy:
    tls: { mode: SIMPLE, credentialName: partner-ca }
#                ^^^^^^ IST0128
    portLevelSettings:
    - port: { number: 8443 }
      tls: { mode: MUTUAL, credentialName: partner-client }
#                  ^^^^^^ IST0129
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: partner-billing, namespace: app }
spec:
  host: api.partner.com
  workloadSelector: { matchLabels: { app: billing } }
  trafficPolicy:
    tls: { mode: SIMPLE, credentialName: partner-ca }
`,
    { codes: ['IST0128', 'IST0129'] },
  );
  const [d] = details(fx, 'IST0128');
  assert.match(d.message, /^TLS mode SIMPLE in trafficPolicy pins no CA for sidecars: credentialName applies to sidecars only in a DestinationRule with a workloadSelector/);
});

// ------------------------------------------------ IST0162 default ingress gateway

test('IST0162: with no gateway workload or Service in the workspace, the default ingress gateway Service is assumed', () => {
  const fx = check(
    assert,
    `
#- /shop/gateway.yaml
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: shop, namespace: shop }
spec:
  selector: { istio: ingressgateway }
  servers:
  - port: { number: 80, name: http, protocol: HTTP }
    hosts: [shop.example.com]
  - port: { number: 8443, name: https, protocol: HTTPS }
    hosts: [shop.example.com]
    tls: { mode: SIMPLE, credentialName: shop-cert }
  - port: { number: 9001, name: http-admin, protocol: HTTP }
#         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ IST0162
    hosts: [admin.example.com]
`,
    { codes: ['IST0162'] },
  );
  const [d] = details(fx, 'IST0162');
  assert.equal(d.severity, 'warning');
  assert.match(d.message, /^Port 9001 is not a port of the default ingress gateway Service \(istio=ingressgateway\), which exposes 80, 443, 8080, 8443, 15021, 15443, 31400/);
  assert.deepStrictEqual(d.related, ['/shop/gateway.yaml:4:2 selector']);
});

test('IST0162 near misses: an IstioOperator may customise the Service; another selector; a gateway workload in the workspace without a Service', () => {
  check(
    assert,
    `
#- /shop/gateway.yaml
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: custom, namespace: shop }
spec:
  selector: { istio: custom-gateway }
  servers:
  - port: { number: 9001, name: http, protocol: HTTP }
    hosts: [admin.example.com]
`,
    { codes: ['IST0162'] },
  );
  check(
    assert,
    `
#- /shop/gateway.yaml
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: shop, namespace: shop }
spec:
  selector: { istio: ingressgateway }
  servers:
  - port: { number: 9001, name: http, protocol: HTTP }
    hosts: [admin.example.com]
#- /istio/operator.yaml
apiVersion: install.istio.io/v1alpha1
kind: IstioOperator
metadata: { name: mesh, namespace: istio-system }
spec:
  components:
    ingressGateways:
    - name: istio-ingressgateway
      enabled: true
      k8s:
        service:
          ports:
          - { name: http-admin, port: 9001 }
`,
    { codes: ['IST0162'] },
  );
  check(
    assert,
    `
#- /shop/gateway.yaml
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: shop, namespace: shop }
spec:
  selector: { istio: ingressgateway }
  servers:
  - port: { number: 9001, name: http, protocol: HTTP }
    hosts: [admin.example.com]
#- /istio-ingress/deploy.yaml
apiVersion: apps/v1
kind: Deployment
metadata: { name: istio-ingressgateway, namespace: istio-ingress }
spec:
  template:
    metadata: { labels: { istio: ingressgateway } }
`,
    { codes: ['IST0162'] },
  );
});

// --------------------------------------------------- IST0165 internal Gateway

test('IST0165: a VirtualService bound to the Gateway istiod generates for a Gateway API listener (and no IST0101 for it)', () => {
  const fx = check(
    assert,
    `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: shop, namespace: shop }
spec:
  hosts: [shop.example.com]
  gateways:
  - istio-ingress/public~istio-autogenerated-k8s-gateway~http
#   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ IST0165
  - public
#   ^^^^^^ IST0101
  http:
  - route:
    - destination: { host: shop.example.com }
`,
    { codes: ['IST0165', 'IST0101'], settings: { registry: 'partial', knownHosts: ['shop.example.com'] } },
  );
  const [d] = details(fx, 'IST0165');
  assert.equal(d.severity, 'warning');
  assert.equal(d.message.split(':')[0], 'Gateway reference in VirtualService shop/shop is to an implementation-generated internal Gateway');
});
