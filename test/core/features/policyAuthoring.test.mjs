// Security policies while authoring: hover on a policy's name or selector
// lists the workloads it applies to, the code lens counts them, hover on a
// principal shows the workloads that run as that service account.
import test from 'node:test';
import assert from 'node:assert/strict';
import { load, cursorAt, renderLocations, checkCompletion, complete } from '../../helpers/authoring.mjs';

const WS = `#- /shop/workloads.yaml
apiVersion: apps/v1
kind: Deployment
metadata: { name: cart, namespace: shop }
spec:
  selector: { matchLabels: { app: cart } }
  template:
    metadata: { labels: { app: cart } }
    spec:
      serviceAccountName: cart
      containers: [{ name: cart, image: "registry.example.com/cart:1.0" }]
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: frontend, namespace: shop }
spec:
  selector: { matchLabels: { app: frontend } }
  template:
    metadata: { labels: { app: frontend } }
    spec:
      serviceAccountName: frontend
      containers: [{ name: web, image: "registry.example.com/web:1.0" }]
#- /shop/policies.yaml
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: { name: cart-allow, namespace: shop }
spec:
  selector:
    matchLabels: { app: cart }
  rules:
  - from:
    - source:
        principals: ["cluster.local/ns/shop/sa/frontend", "cluster.local/ns/shop/sa/ghost"]
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: { name: allow-nothing, namespace: shop }
spec: {}
#- /istio-system/mesh-default.yaml
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: { name: default, namespace: istio-system }
spec:
  mtls: { mode: STRICT }
`;

const fx = load(WS);
const file = (path) => fx.files.find((x) => x.path === path);
function hover(path, marked) {
  const f = file(path);
  const h = fx.service.doHover(f.uri, f.text, cursorAt(f, marked));
  return h && { markdown: h.markdown, text: h.span && f.text.slice(h.span.start, h.span.end) };
}

test('hover on a policy name or selector: the workloads it applies to', () => {
  const cart = '**AuthorizationPolicy** `shop/cart-allow` applies to 1 workload of the workspace.\n\n- Deployment `shop/cart` ([workloads.yaml:3](file:///ws/shop/workloads.yaml#L3))';
  assert.deepEqual(hover('/shop/policies.yaml', 'name: cart-a$0llow'), { markdown: cart, text: 'cart-allow' });
  assert.deepEqual(hover('/shop/policies.yaml', 'sel$0ector:'), { markdown: cart, text: 'selector' });
  assert.equal(
    hover('/shop/policies.yaml', 'name: allow-no$0thing').markdown,
    '**AuthorizationPolicy** `shop/allow-nothing` applies to every workload of namespace `shop` (2 workloads in the workspace).\n\n- Deployment `shop/cart` ([workloads.yaml:3](file:///ws/shop/workloads.yaml#L3))\n- Deployment `shop/frontend` ([workloads.yaml:14](file:///ws/shop/workloads.yaml#L14))',
  );
  assert.match(hover('/istio-system/mesh-default.yaml', 'name: def$0ault').markdown, /^\*\*PeerAuthentication\*\* `istio-system\/default` is in the root namespace without a selector: it applies to every workload of the mesh \(2 workloads in the workspace\)\./);
});

test('hover on a principal: the workloads that run as its service account, or none', () => {
  assert.deepEqual(hover('/shop/policies.yaml', 'sa/front$0end"'), {
    markdown: '**Principal** `cluster.local/ns/shop/sa/frontend`: the identity of service account `frontend` in namespace `shop` (trust domain `cluster.local`).\n\nWorkloads that run as it (1):\n- Deployment `shop/frontend` ([workloads.yaml:14](file:///ws/shop/workloads.yaml#L14))',
    text: '"cluster.local/ns/shop/sa/frontend"',
  });
  assert.match(hover('/shop/policies.yaml', 'sa/gh$0ost').markdown, /No workload of the workspace runs as it\.$/);
});

test('code lens above each policy: how many workloads it applies to, with their locations', () => {
  const lenses = (path) => {
    const f = file(path);
    return fx.service.findCodeLenses(f.uri, f.text).map((l) => ({ at: renderLocations(fx, [{ uri: f.uri, span: l.span }])[0], title: l.title, shows: renderLocations(fx, l.locations) }));
  };
  assert.deepEqual(lenses('/shop/policies.yaml'), [
    { at: '/shop/policies.yaml:2:18 cart-allow', title: 'applies to 1 workload: cart', shows: ['/shop/workloads.yaml:2:18 cart'] },
    { at: '/shop/policies.yaml:13:18 allow-nothing', title: 'applies to 2 workloads (all of shop): cart, frontend', shows: ['/shop/workloads.yaml:2:18 cart', '/shop/workloads.yaml:13:18 frontend'] },
  ]);
  assert.deepEqual(lenses('/istio-system/mesh-default.yaml').map((l) => l.title), ['applies to 2 workloads (whole mesh): cart, frontend']);
});

const POLICY = (body) => `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: x
  namespace: shop
spec:
${body}`;

test('completion of principals: the service accounts the workloads run as, in the mesh trust domain', () => {
  const c = checkCompletion(
    `${WS}#- /shop/new.yaml\n${POLICY('  rules:\n  - from:\n    - source:\n        principals:\n        - $0\n')}`,
    ['cluster.local/ns/shop/sa/cart', 'cluster.local/ns/shop/sa/frontend'],
    'cluster.local/ns/shop/sa/frontend',
    POLICY('  rules:\n  - from:\n    - source:\n        principals:\n        - cluster.local/ns/shop/sa/frontend\n'),
  );
  assert.equal(c.item('cluster.local/ns/shop/sa/frontend').detail, 'service account shop/frontend');
  const mesh = `#- /istio-system/operator.yaml\napiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nmetadata: { name: cp, namespace: istio-system }\nspec:\n  meshConfig:\n    trustDomain: prod.example.com\n    extensionProviders:\n    - name: oauth2-proxy\n      envoyExtAuthzHttp: { service: oauth2-proxy.auth.svc.cluster.local, port: 4180 }\n`;
  checkCompletion(`${WS}${mesh}#- /shop/new.yaml\n${POLICY('  rules:\n  - from:\n    - source:\n        principals: [$0]\n')}`, ['prod.example.com/ns/shop/sa/cart', 'prod.example.com/ns/shop/sa/frontend']);
  checkCompletion(`${WS}${mesh}#- /shop/new.yaml\n${POLICY('  action: CUSTOM\n  provider:\n    name: $0\n')}`, ['oauth2-proxy'], 'oauth2-proxy', POLICY('  action: CUSTOM\n  provider:\n    name: oauth2-proxy\n'));
});

test('completion of source namespaces: the namespaces of the workspace', () => {
  const c = complete(`${WS}#- /shop/new.yaml\n${POLICY('  rules:\n  - from:\n    - source:\n        namespaces: [$0]\n')}`);
  assert.deepStrictEqual(c.labels, ['istio-system', 'shop']);
});

test('completion of istio.io/use-waypoint: the Gateways of the namespace, waypoints first, and none', () => {
  const gateways = `#- /shop/waypoint.yaml
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: waypoint, namespace: shop }
spec:
  gatewayClassName: istio-waypoint
  listeners: [{ name: mesh, port: 15008, protocol: HBONE }]
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: edge, namespace: shop }
spec:
  gatewayClassName: istio
  listeners: [{ name: http, port: 80, protocol: HTTP }]
#- /other/waypoint.yaml
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: shared-waypoint, namespace: other }
spec:
  gatewayClassName: istio-waypoint
  listeners: [{ name: mesh, port: 15008, protocol: HBONE }]
`;
  const ns = (labels) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n${labels}`;
  const c = checkCompletion(`${gateways}#- /shop/namespace.yaml\n${ns('    istio.io/dataplane-mode: ambient\n    istio.io/use-waypoint: $0\n')}`, ['waypoint', 'edge', 'none'], 'waypoint', ns('    istio.io/dataplane-mode: ambient\n    istio.io/use-waypoint: waypoint\n'));
  assert.equal(c.item('waypoint').detail, 'waypoint shop/waypoint');
  // A Service naming a waypoint of another namespace: that namespace's Gateways.
  const svc = `apiVersion: v1\nkind: Service\nmetadata:\n  name: cart\n  namespace: shop\n  labels:\n    istio.io/use-waypoint-namespace: other\n    istio.io/use-waypoint: $0\nspec:\n  selector: { app: cart }\n  ports: [{ port: 80 }]\n`;
  checkCompletion(`${gateways}#- /shop/cart.yaml\n${svc}`, ['shared-waypoint', 'none']);
});
