// Shapes of real GitOps repositories that must not produce false positives.
import test from 'node:test';
import assert from 'node:assert/strict';
import { check, load } from '../helpers/fixture.mjs';

const GW = (name, ns) => `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: ${name}, namespace: ${ns} }
spec:
  selector: { istio: ingressgateway }
  servers:
  - port: { number: 80, name: http, protocol: HTTP }
    hosts: ["shop.example.com"]`;

const VS = (ns, gateways, extra = '') => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: shop, namespace: ${ns} }
spec:
  hosts: ["shop.example.com"]
  gateways: ${gateways}
  http:
  - route:
    - destination: { host: istio-ingressgateway.istio-system.svc.cluster.local }${extra}`;

const VS_AT = (gateways, annotation) => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: shop, namespace: shop }
spec:
  hosts: ["shop.example.com"]
  gateways: ${gateways}
${annotation}
  http:
  - route:
    - destination: { host: istio-ingressgateway.istio-system.svc.cluster.local }`;

test('`./name` in gateways is rejected by validation (ILS0611), and only that is reported', () => {
  check(assert, `
#- /shop/gw.yaml
${GW('web', 'shop')}
#- /shop/vs.yaml
${VS_AT('["./web"]', '#            ^^^^^^^ ILS0611')}
`);
});

test('short name, ns/name and the legacy FQDN gateway reference are valid', () => {
  check(assert, `
#- /shop/gw.yaml
${GW('web', 'shop')}
#- /shop/vs.yaml
${VS_AT('["web", "shop/web", "web.shop.svc.cluster.local"]', '#                               ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ ILS0205')}
`);
});

test('the same resource in two overlays (staging/prod) does not conflict with itself', () => {
  check(assert, `
#- /envs/staging/gw.yaml
${GW('web', 'shop')}
#- /envs/prod/gw.yaml
${GW('web', 'shop')}
#- /envs/staging/vs.yaml
${VS('shop', '["web", "mesh"]')}
#- /envs/prod/vs.yaml
${VS('shop', '["web", "mesh"]')}
`);
});

test('two different VirtualServices claiming one mesh host still conflict', () => {
  check(assert, `
#- /a.yaml
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: one, namespace: shop }
spec:
  hosts: ["shop.example.com"]
#         ^^^^^^^^^^^^^^^^^^ IST0109
#- /b.yaml
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: two, namespace: shop }
spec:
  hosts: ["shop.example.com"]
#         ^^^^^^^^^^^^^^^^^^ IST0109
`, { codes: ['IST0109'] });
});

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
