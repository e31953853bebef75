// ILS0903 quick fix: create a waypoint in a new file beside the Namespace and
// enroll the namespace with the label (a namespace that declares a waypoint is
// not reported: it may be enrolled from the command line); the finding gone and nothing new
// (checkFix). No offer when a Gateway named `waypoint` that is not a waypoint
// takes the name.
import test from 'node:test';
import assert from 'node:assert/strict';
import { checkFix, titlesFor } from './helpers.mjs';
import { load, renderFindings } from '../../helpers/fixture.mjs';

const NS = `#- /shop/namespace.yaml
apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    istio.io/dataplane-mode: ambient
`;
const SVC = `#- /shop/cart.yaml
apiVersion: v1
kind: Service
metadata:
  name: cart
  namespace: shop
spec:
  selector: { app: cart }
  ports:
  - name: http
    port: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: cart-v2
  namespace: shop
spec:
  selector: { app: cart, version: v2 }
  ports:
  - name: http
    port: 8080
`;
const ROUTE = `#- /shop/route.yaml
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: cart
  namespace: shop
spec:
  parentRefs:
  - group: ""
    kind: Service
    name: cart
#         ^^^^ ILS0903
  rules:
  - matches:
    - headers:
      - name: x-canary
        value: "1"
    backendRefs:
    - name: cart-v2
      port: 8080
  - backendRefs:
    - name: cart
      port: 8080
`;
const GW = (name, cls) => `#- /shop/${name}.yaml
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: ${name}
  namespace: shop
spec:
  gatewayClassName: ${cls}
  listeners:
  - name: mesh
    port: 15008
    protocol: HBONE
`;
const body = (text) => text.replace(/^#- .*\n/, '').replace(/\n$/, '');

test('ILS0903 not reported when the namespace declares a waypoint: it may be enrolled from the command line', () => {
  const fx = load(NS + SVC + ROUTE.replace('#         ^^^^ ILS0903\n', '') + GW('shop-waypoint', 'istio-waypoint'));
  assert.deepStrictEqual(renderFindings(fx.service, fx.files, { codes: ['ILS0903'] }), []);
});

test('ILS0903 with no waypoint: create one beside the Namespace and enroll the namespace', () => {
  checkFix(assert, NS + SVC + ROUTE, {
    code: 'ILS0903',
    title: 'Create waypoint waypoint in namespace shop (waypoint.yaml) and enroll the namespace',
    expect: {
      '/shop/namespace.yaml': body(NS) + '\n    istio.io/use-waypoint: waypoint\n',
      '/shop/waypoint.yaml': `# The waypoint of namespace shop (istio-ls quick fix).
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: waypoint
  namespace: shop
  labels:
    istio.io/waypoint-for: service
spec:
  gatewayClassName: istio-waypoint
  listeners:
  - name: mesh
    port: 15008
    protocol: HBONE
`,
    },
  });
});

test('ILS0903: no offer when a Gateway of another class is named waypoint', () => {
  const fx = load(NS + SVC + ROUTE + GW('waypoint', 'istio'));
  assert.deepStrictEqual(titlesFor(fx, 'ILS0903'), []);
});
