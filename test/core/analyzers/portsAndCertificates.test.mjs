// istioctl parity for ports, workloads and certificates: IST0101 "host:port",
// the Service annotation networking.istio.io/exportTo, topology labels in
// subsets (never IST0173), credentialName and IST0128, the default ingress
// gateway Service (IST0162) and internal generated Gateways (IST0165).
// The findings of each fixture (exact ranges, near misses) are checked by
// test/core/fixtures.test.mjs; this file asserts what a case file cannot
// express: messages, related locations and data, loading the same cases.
import test from 'node:test';
import assert from 'node:assert/strict';
import { findingDetails as details, loadCase } from '../../helpers/cases.mjs';


// ------------------------------------------------------------ IST0101 host:port

test('IST0101 host:port: a destination port the Service does not expose (its targetPort does not count)', () => {
  const fx = loadCase('IST0101/port-not-exposed-by-service-target-port-does-not-count.yaml');
  const d = details(fx, 'IST0101');
  assert.equal(d[0].severity, 'error');
  assert.match(d[0].message, /^Referenced host:port not found: "reviews:8080"\. Service shop\/reviews exposes 9080 http: .*503/);
  assert.deepStrictEqual(d[0].related, ['/shop/services.yaml:6:4 { name: http, port: 9080, targetPort: 8080 }']);
  assert.deepStrictEqual(d[0].data, { kind: 'portNotFound', host: 'reviews.shop.svc.cluster.local', port: 8080, ports: [9080] });
  assert.match(d[1].message, /^Referenced host:port not found: "reviews\.shop\.svc\.cluster\.local:9091"/);
});

// ------------------------------------------------- Service annotation exportTo

test('networking.istio.io/exportTo on a Service hides it from other namespaces (IST0101 names the annotation)', () => {
  const fx = loadCase('IST0101/service-hidden-by-exportto-annotation.yaml');
  const [d] = details(fx, 'IST0101');
  assert.match(d.message, /Service shop\/reviews is exported only to \. \(annotation networking\.istio\.io\/exportTo\), not to namespace web/);
  assert.deepStrictEqual(d.related, ['/shop/services.yaml:3:8 reviews']);
});

// ------------------------------------------------ IST0128 with credentialName

test('IST0128 / IST0129: credentialName pins the CA for sidecars only with a workloadSelector', () => {
  const fx = loadCase('IST0128/credential-name-pins-ca-only-with-workload-selector.yaml');
  const [d] = details(fx, 'IST0128');
  assert.match(d.message, /^TLS mode SIMPLE in trafficPolicy has a credentialName but the DestinationRule no workloadSelector: gateways read the Secret, but sidecars take no TLS settings from this rule/);
});

// ------------------------------------------------ IST0162 default ingress gateway

test('IST0162: with no gateway workload or Service in the workspace, the default ingress gateway Service is assumed', () => {
  const fx = loadCase('IST0162/default-ingress-gateway-service-assumed.yaml');
  const [d] = details(fx, 'IST0162');
  assert.equal(d.severity, 'warning');
  assert.match(d.message, /^Port 9001 is not a port of the default ingress gateway Service \(istio=ingressgateway\), which exposes 80, 443, 8080, 8443, 15021, 15443, 31400/);
  assert.deepStrictEqual(d.related, ['/shop/gateway.yaml:4:2 selector']);
});

// --------------------------------------------------- IST0165 internal Gateway

test('IST0165: a VirtualService bound to the Gateway istiod generates for a Gateway API listener (and no IST0101 for it)', () => {
  const fx = loadCase('IST0165/virtualservice-bound-to-generated-gateway.yaml');
  const [d] = details(fx, 'IST0165');
  assert.equal(d.severity, 'warning');
  assert.equal(d.message.split(':')[0], 'Gateway reference in VirtualService shop/shop is to an implementation-generated internal Gateway');
});
