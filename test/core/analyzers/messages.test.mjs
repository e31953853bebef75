// Messages name copies of one resource (overlays, samples) once.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { load } from '../../helpers/fixture.mjs';

test('IST0101 host:port names a Service found in two overlays once', () => {
  // The case file without its annotation lines (the fixture runner checks those).
  const text = readFileSync(new URL('../../fixtures/IST0101/port-not-exposed-by-copies.yaml', import.meta.url), 'utf8');
  const fx = load(text.split('\n').filter((l) => !/^##|^#\s+\^/.test(l)).join('\n'));
  const [finding] = fx.service.diagnostics().get('file:///ws/shop/vs.yaml') ?? [];
  assert.equal(finding?.code, 'IST0101');
  assert.equal(finding.message.split('Service shop/cart exposes').length - 1, 1, finding.message);
  assert.equal(finding.related.length, 2, 'both copies are in the related information');
});

test("findings name a Gateway API Gateway apart from Istio's Gateway of the same name", () => {
  const fx = load(`
apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: shop
  namespace: shop
spec:
  selector:
    istio: ingressgateway
  servers:
  - port: { number: 80, name: http, protocol: HTTP }
    hosts: ["shop.example.com"]
    tls: { httpsRedirects: true }
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: shop
  namespace: shop
spec:
  gatewayClassName: istio
  listeners:
  - name: http
    port: 80
    protocol: HTTP
    hostnam: shop.example.com
`);
  const resources = (fx.service.diagnostics().get(fx.files[0].uri) ?? []).map((f) => `${f.code} ${f.resource}`).sort();
  assert.deepEqual(resources, ['IST0106 Gateway.gateway.networking.k8s.io/shop/shop', 'IST0106 Gateway/shop/shop']);
});

test('ILS0803 on a Gateway parent says the route\'s ListenerSet parent may serve the hostnames, instead of 404', () => {
  const gateway = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: public, namespace: infra }
spec:
  gatewayClassName: istio
  allowedListeners: { namespaces: { from: All } }
  listeners:
  - { name: http, port: 80, protocol: HTTP, hostname: www.example.com, allowedRoutes: { namespaces: { from: All } } }
---
apiVersion: gateway.networking.k8s.io/v1
kind: ListenerSet
metadata: { name: team, namespace: infra }
spec:
  parentRef: { name: public }
  listeners:
  - { name: team, port: 80, protocol: HTTP, hostname: team.example.com, allowedRoutes: { namespaces: { from: All } } }
`;
  const route = (parents) => `---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: team, namespace: infra }
spec:
  parentRefs:
${parents}
  hostnames: [team.example.com]
  rules:
  - backendRefs: [{ name: team, port: 80 }]
`;
  const both = load(gateway + route('  - { name: public }\n  - { name: team, kind: ListenerSet }'));
  const [dual] = [...both.service.diagnostics().values()].flat().filter((f) => f.code === 'ILS0803');
  assert.match(dual.message, /this parent does not serve them \(the route's ListenerSet parent may\)/);
  assert.doesNotMatch(dual.message, /404/);
  const alone = load(gateway + route('  - { name: public }'));
  const [single] = [...alone.service.diagnostics().values()].flat().filter((f) => f.code === 'ILS0803');
  assert.match(single.message, /404 there/);
});
