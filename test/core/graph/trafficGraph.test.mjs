// The traffic map through the facade (getTrafficGraph): every hop of an
// ingress and an egress chain, the red legs a finding makes, the filters, and
// the Mermaid/DOT text of a small workspace against golden files
// (UPDATE_GOLDEN=1 rewrites them after a deliberate change).
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { core, load } from '../../helpers/fixture.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

const INGRESS = `
#- /shop/gateway.yaml
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: public, namespace: shop}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: [shop.example.com]
#- /shop/routes.yaml
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: shop, namespace: shop}
spec:
  hosts: [shop.example.com]
  gateways: [public]
  http:
  - name: canary
    match:
    - uri: {prefix: /cart}
      headers: {x-beta: {exact: "1"}}
    route:
    - destination: {host: cart, subset: v1}
      weight: 90
    - destination: {host: cart, subset: v2}
      weight: 10
#- /shop/cart.yaml
apiVersion: v1
kind: Service
metadata: {name: cart, namespace: shop}
spec:
  selector: {app: cart}
  ports: [{name: http, port: 80}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: cart-v1, namespace: shop}
spec:
  template:
    metadata: {labels: {app: cart, version: v1}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: cart-v2, namespace: shop}
spec:
  template:
    metadata: {labels: {app: cart, version: v2}}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: cart, namespace: shop}
spec:
  host: cart
  subsets:
  - {name: v1, labels: {version: v1}}
  - {name: v2, labels: {version: v2}}
`;

const EGRESS = `
#- /payments/egress.yaml
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: stripe, namespace: payments}
spec:
  hosts: [api.stripe.com]
  ports: [{number: 443, name: tls, protocol: TLS}]
  resolution: DNS
  location: MESH_EXTERNAL
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: egress-stripe, namespace: payments}
spec:
  selector: {istio: egressgateway}
  servers:
  - port: {number: 443, name: tls, protocol: TLS}
    hosts: [api.stripe.com]
    tls: {mode: PASSTHROUGH}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: stripe-via-egress, namespace: payments}
spec:
  hosts: [api.stripe.com]
  gateways: [mesh, egress-stripe]
  tls:
  - match:
    - {gateways: [mesh], port: 443, sniHosts: [api.stripe.com]}
    route:
    - destination: {host: istio-egressgateway.istio-system.svc.cluster.local, subset: stripe, port: {number: 443}}
  - match:
    - {gateways: [egress-stripe], port: 443, sniHosts: [api.stripe.com]}
    route:
    - destination: {host: api.stripe.com, port: {number: 443}}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: egressgateway-stripe, namespace: payments}
spec:
  host: istio-egressgateway.istio-system.svc.cluster.local
  subsets: [{name: stripe}]
#- /mail/egress.yaml
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: egress-mail, namespace: mail}
spec:
  selector: {istio: egressgateway}
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: [smtp-relay.example.org]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: mail-via-egress, namespace: mail}
spec:
  hosts: [smtp-relay.example.org]
  gateways: [mesh, egress-mail]
  http:
  - match: [{gateways: [mesh]}]
    route: [{destination: {host: istio-egressgateway.istio-system.svc.cluster.local, subset: mail}}]
  - match: [{gateways: [egress-mail]}]
    route: [{destination: {host: smtp-relay.example.org}}]
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: egressgateway-mail, namespace: mail}
spec:
  host: istio-egressgateway.istio-system.svc.cluster.local
  subsets: [{name: mail}]
`;

const BROKEN = `
#- /web/vs.yaml
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: web, namespace: web}
spec:
  hosts: [web.example.com]
  gateways: [public-gw]
  http:
  - route: [{destination: {host: frontend, subset: v3}}]
#- /web/frontend.yaml
apiVersion: v1
kind: Service
metadata: {name: frontend, namespace: web}
spec:
  selector: {app: frontend}
  ports: [{name: http, port: 80}]
`;

const edgesOf = (graph) => graph.edges.map((e) => `${e.from} -> ${e.to}${e.label ? ` [${e.label}]` : ''}`).sort();
const nodeIds = (graph) => graph.nodes.map((n) => n.id).sort();

test('ingress: gateway pods → Gateway → VirtualService (match, subset, weight) → Service → workloads, with the DestinationRule', () => {
  const { service } = load(INGRESS);
  assert.deepEqual(edgesOf(service.getTrafficGraph()), [
    'DestinationRule/shop/cart -> Service/shop/cart [subsets v1, v2]',
    'Gateway/shop/public -> VirtualService/shop/shop [shop.example.com]',
    'Service/shop/cart -> Deployment/shop/cart-v1',
    'Service/shop/cart -> Deployment/shop/cart-v2',
    'VirtualService/shop/shop -> Service/shop/cart [http[0] canary · match uri prefix /cart, header x-beta · subset v1 · 90%]',
    'VirtualService/shop/shop -> Service/shop/cart [http[0] canary · match uri prefix /cart, header x-beta · subset v2 · 10%]',
    'pods:app=istio-ingressgateway,istio=ingressgateway -> Gateway/shop/public [HTTP 80]',
  ]);
  const vs = service.getTrafficGraph().nodes.find((n) => n.id === 'VirtualService/shop/shop');
  assert.equal(vs.uri, 'file:///ws/shop/routes.yaml');
  assert.deepEqual(vs.findings, []);
});

test('egress: one chain sidecars → mesh leg → egress gateway Service → pods → Gateway → gateway leg → ServiceEntry', () => {
  const { service } = load(EGRESS);
  const chain = service.getTrafficGraph({ host: 'api.stripe.com' });
  assert.deepEqual(edgesOf(chain), [
    // Of the egress gateway's DestinationRules, only the one whose subset this chain uses.
    'DestinationRule/payments/egressgateway-stripe -> Service/istio-system/istio-egressgateway [subsets stripe]',
    'Gateway/payments/egress-stripe -> VirtualService/payments/stripe-via-egress@payments/egress-stripe [api.stripe.com]',
    'Service/istio-system/istio-egressgateway -> pods:app=istio-egressgateway,istio=egressgateway',
    'VirtualService/payments/stripe-via-egress@mesh -> Service/istio-system/istio-egressgateway [tls[0] · match port 443, sni api.stripe.com · subset stripe · to port 443]',
    'VirtualService/payments/stripe-via-egress@payments/egress-stripe -> ServiceEntry/payments/stripe [tls[1] · match port 443, sni api.stripe.com · to port 443]',
    'mesh -> VirtualService/payments/stripe-via-egress@mesh [api.stripe.com]',
    'pods:app=istio-egressgateway,istio=egressgateway -> Gateway/payments/egress-stripe [TLS 443]',
  ]);
  // The shared egress gateway also serves the mail chain, which the host filter leaves out.
  assert.ok(nodeIds(service.getTrafficGraph()).includes('Gateway/mail/egress-mail'));
  assert.ok(!nodeIds(chain).some((id) => id.includes('mail')));
  // Around the resource: both legs of the VirtualService and the same chain.
  assert.deepEqual(nodeIds(service.getTrafficGraph({ around: 'VirtualService/payments/stripe-via-egress' })), nodeIds(chain));
});

test('a subset nobody defines is a red edge to a missing node; a host outside the registry under REGISTRY_ONLY is the BlackHoleCluster', () => {
  const { service } = load(`
#- /shop/vs.yaml
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: cart, namespace: shop}
spec:
  hosts: [cart]
  http:
  - route:
    - destination: {host: cart, subset: v3}
  - route:
    - destination: {host: api.partner.example}
#- /shop/cart.yaml
apiVersion: v1
kind: Service
metadata: {name: cart, namespace: shop}
spec:
  selector: {app: cart}
  ports: [{name: http, port: 80}]
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: cart, namespace: shop}
spec:
  host: cart
  subsets: [{name: v1, labels: {version: v1}}]
#- /istio-system/mesh.yaml
apiVersion: install.istio.io/v1alpha1
kind: IstioOperator
metadata: {name: control-plane, namespace: istio-system}
spec:
  meshConfig:
    outboundTrafficPolicy: {mode: REGISTRY_ONLY}
`);
  const graph = service.getTrafficGraph();
  const subset = graph.edges.find((e) => e.to === 'missing:subset:Service/shop/cart/v3');
  assert.ok(subset, edgesOf(graph).join('\n'));
  assert.equal(subset.from, 'VirtualService/shop/cart');
  assert.deepEqual(subset.findings.map((f) => f.code), ['IST0101']);
  assert.equal(graph.nodes.find((n) => n.id === subset.to).kind, 'Missing');
  const hole = graph.nodes.find((n) => n.id === 'missing:api.partner.example');
  assert.equal(hole.label, 'api.partner.example: BlackHoleCluster (502)');
  const toHole = graph.edges.find((e) => e.to === hole.id);
  assert.deepEqual(toHole.findings.map((f) => f.code), ['IST0101']);
  assert.match(core.toMermaid(graph), /linkStyle \d+(,\d+)* stroke:#c00/);
});

test('a gateway reference that resolves to nothing is drawn as a missing Gateway, with the finding on the binding', () => {
  const { service } = load(`
#- /shop/vs.yaml
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: shop, namespace: shop}
spec:
  hosts: [shop.example.com]
  gateways: [public-gw]
  http:
  - route: [{destination: {host: cart}}]
`);
  const graph = service.getTrafficGraph();
  const bind = graph.edges.find((e) => e.kind === 'binds');
  assert.equal(bind.from, 'missing:Gateway/shop/public-gw');
  assert.deepEqual(bind.findings.map((f) => f.code), ['ILS0209']);
});

test('the namespace filter keeps the namespace and its direct neighbours', () => {
  const { service } = load(INGRESS + EGRESS.replace(/^\n/, ''));
  const ids = nodeIds(service.getTrafficGraph({ namespace: 'mail' }));
  assert.deepEqual(ids, [
    'DestinationRule/mail/egressgateway-mail',
    'Gateway/mail/egress-mail',
    'Service/istio-system/istio-egressgateway',
    'VirtualService/mail/mail-via-egress@mail/egress-mail',
    'VirtualService/mail/mail-via-egress@mesh',
    'mesh',
    'missing:smtp-relay.example.org',
    'pods:app=istio-egressgateway,istio=egressgateway',
  ]);
});

for (const [name, render] of [['workspace.mmd', core.toMermaid], ['workspace.dot', core.toDot]]) {
  test(`a three-team workspace's traffic map as ${name.split('.')[1]} matches its golden file`, () => {
    const { service } = load(INGRESS + EGRESS.replace(/^\n/, '') + BROKEN.replace(/^\n/, ''));
    const text = render(service.getTrafficGraph());
    const golden = path.join(here, 'expected', name);
    if (process.env.UPDATE_GOLDEN) fs.writeFileSync(golden, text);
    assert.equal(text, fs.readFileSync(golden, 'utf8'));
  });
}
