// Visibility as istiod applies it: the DestinationRule a client actually gets
// (client namespace, then the host's namespace, then the root namespace; no
// merging across namespaces), and what a gateway's proxies see (ILS0207,
// ILS0304, subsets at the gateway).
// The findings of each fixture (exact ranges, near misses) are checked by
// test/core/fixtures.test.mjs; this file asserts what a case file cannot
// express: messages, related locations and data, loading the same cases.
import test from 'node:test';
import assert from 'node:assert/strict';
import { findingDetails as details, loadCase } from '../../helpers/cases.mjs';


// ------------------------------------------------------ DestinationRule lookup

test('a client-namespace DestinationRule without the subset hides the root namespace rule that has it', () => {
  const fx = loadCase('IST0101/subset-missing-in-client-namespace-rule.yaml');
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

test('a rule in a namespace that is neither the client’s, the host’s nor the root is never consulted', () => {
  const fx = loadCase('IST0101/subset-only-in-unrelated-namespace-rule.yaml');
  assert.match(details(fx, 'IST0101')[0].message, /^Subset "v2" not found: no DestinationRule for host reviews\.shop\.svc\.cluster\.local is visible to sidecars in namespace web\. platform\/reviews defines it, but istiod takes a rule only from the client's namespace, the host's namespace or the root namespace\.$/);
});

test('ILS0304 and IST0101: the egress gateway does not see a ServiceEntry or DestinationRule exported only to "."', () => {
  // Two annotations under one line: the fixture format takes both.
  const fx = loadCase('ILS0304/egress-gateway-does-not-see-serviceentry-or-rule-exported-to-dot.yaml');
  const [d] = details(fx, 'ILS0304');
  assert.equal(d.severity, 'warning');
  assert.match(d.message, /^api\.partner\.com is not visible to the proxies of Gateway istio-system\/egress \(assumed in its namespace istio-system: no gateway workload in the workspace\): ServiceEntry app\/partner has exportTo: \["\."\]\. That gateway has no cluster for it and answers 503\. Add istio-system to the exportTo of app\/partner\.$/);
  assert.deepStrictEqual(d.related, ['/app/se.yaml:5:2 exportTo']);
  const [s] = details(fx, 'IST0101');
  assert.match(s.message, /^Subset "direct" not found: no DestinationRule for host api\.partner\.com is visible to the proxies of Gateway istio-system\/egress/);
});

test('ILS0304: a Service kept to its namespace by networking.istio.io/exportTo is invisible to the ingress gateway', () => {
  const fx = loadCase('ILS0304/service-hidden-from-ingress-gateway-by-exportto-annotation.yaml');
  const [d] = details(fx, 'ILS0304');
  assert.match(d.message, /^web\.shop\.svc\.cluster\.local is not visible to the proxies of Gateway istio-ingress\/public \(namespace istio-ingress\): Service shop\/web has exportTo: \["\."\]\./);
  assert.deepStrictEqual(d.related, ['/shop/service.yaml:3:8 web']);
});

test('ILS0207: a VirtualService exported to "." bound to a Gateway whose proxies run elsewhere gets 404', () => {
  const fx = loadCase('ILS0207/virtualservice-exported-to-dot-gateway-proxies-elsewhere.yaml');
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
  const fx = loadCase('ILS0207/gateway-workload-in-workspace-decides-proxy-namespace.yaml');
  assert.deepStrictEqual(details(fx, 'ILS0207')[0].related, ['/shop/gateway.yaml:2:18 public', '/gateways/deploy.yaml:2:18 shop-gateway']);
});
