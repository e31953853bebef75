// Shapes of real GitOps repositories that must not produce false positives.
// Their findings are case files under test/fixtures/<CODE>/ (run by
// test/core/fixtures.test.mjs); this file asserts messages and settings.
import test from 'node:test';
import assert from 'node:assert/strict';
import { load } from '../helpers/fixture.mjs';

test("the default ingress gateway's full pod labels are a known selector", () => {
  const fx = load(`
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: web, namespace: shop }
spec:
  selector:
    app: istio-ingressgateway
    istio: ingressgateway
  servers:
  - port: { number: 80, name: http, protocol: HTTP }
    hosts: ["shop.example.com"]
`);
  assert.deepEqual([...fx.service.diagnostics().values()].flat(), []);
});

test('Helm values and CI workflows get no Istio completion', () => {
  const svc = load('').service;
  const text = 'name: foo\nreplicas: 2\n';
  const items = svc.doComplete('file:///ws/values.yaml', text, text.length);
  const labels = (items?.items ?? items ?? []).map((i) => i.label);
  assert.deepEqual(labels, []);
});
