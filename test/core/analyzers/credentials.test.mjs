// Gateway credentialName: the message and related locations of IST0101 when
// the Secret is missing from the gateway workload's namespace (cases in
// test/fixtures/IST0101/credential-*), and definition / references between a
// credentialName and its Secret.
import test from 'node:test';
import assert from 'node:assert/strict';
import { load } from '../../helpers/fixture.mjs';
import { loadCase } from '../../helpers/cases.mjs';
import { cursorAt, renderLocations } from '../../helpers/authoring.mjs';

const gateway = `
#- /istio-ingress/deploy.yaml
apiVersion: apps/v1
kind: Deployment
metadata: { name: istio-ingressgateway, namespace: istio-ingress }
spec:
  template:
    metadata: { labels: { istio: ingressgateway } }
#- /shop/gateway.yaml
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: shop, namespace: shop }
spec:
  selector: { istio: ingressgateway }
  servers:
  - port: { number: 443, name: https, protocol: HTTPS }
    hosts: [shop.example.com]
    tls: { mode: SIMPLE, credentialName: shop-cert }
`;

test('IST0101 credentialName: the Secret is missing from the gateway workload’s namespace, which declares other Secrets', () => {
  const fx = loadCase('IST0101/credential-secret-missing-in-gateway-workload-namespace.yaml');
  const [d] = fx.service.diagnostics().get('file:///ws/shop/gateway.yaml');
  assert.equal(d.severity, 'error');
  assert.equal(
    d.message,
    'Referenced credentialName not found: no Secret shop-cert in namespace istio-ingress, where the gateway workload Deployment istio-ingress/istio-ingressgateway (istio=ingressgateway) reads it (Secrets there: admin-cert). Without it this server has no certificate and TLS handshakes fail.',
  );
  assert.deepStrictEqual(renderLocations(fx, d.related), ['/istio-ingress/deploy.yaml:2:18 istio-ingressgateway', '/istio-ingress/secrets.yaml:2:18 admin-cert']);
});

test('definition and references between a credentialName and its Secret', () => {
  const fx = load(`${gateway}
#- /istio-ingress/secret.yaml
apiVersion: v1
kind: Secret
metadata: { name: shop-cert, namespace: istio-ingress }
#- /shop/secret.yaml
apiVersion: v1
kind: Secret
metadata: { name: shop-cert, namespace: shop }
`);
  const file = (path) => fx.files.find((f) => f.path === path);
  const gw = file('/shop/gateway.yaml');
  const secret = file('/istio-ingress/secret.yaml');
  // The Secret in the gateway workload's namespace, not the one of the Gateway's namespace.
  assert.deepStrictEqual(renderLocations(fx, fx.service.findDefinition(gw.uri, gw.text, cursorAt(gw, 'credentialName: sh$0op-cert'))), ['/istio-ingress/secret.yaml:2:18 shop-cert']);
  assert.deepStrictEqual(renderLocations(fx, fx.service.findReferences(secret.uri, secret.text, cursorAt(secret, 'name: sh$0op-cert'))), [
    '/istio-ingress/secret.yaml:2:18 shop-cert',
    '/shop/gateway.yaml:8:41 shop-cert',
  ]);
  const other = file('/shop/secret.yaml');
  assert.deepStrictEqual(renderLocations(fx, fx.service.findReferences(other.uri, other.text, cursorAt(other, 'name: sh$0op-cert'), false)), []);
});
