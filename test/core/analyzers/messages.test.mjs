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
