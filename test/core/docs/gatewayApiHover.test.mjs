// Hover and completion on the Gateway API kinds show the same structured facts
// as on Istio's kinds, and link the field's type on the Gateway API reference
// (which anchors types, not fields). The Gateway API's Gateway is told apart
// from Istio's by its group.
import test from 'node:test';
import assert from 'node:assert/strict';
import { load } from '../../helpers/fixture.mjs';
import { complete } from '../../helpers/authoring.mjs';

function hoverAt(source) {
  const fx = load(source);
  return fx.service.doHover(fx.cursor.uri, fx.cursor.file.text, fx.cursor.offset)?.markdown;
}

const head = (apiVersion, kind) => `apiVersion: ${apiVersion}
kind: ${kind}
metadata:
  name: shop
  namespace: shop
spec:
`;
const GATEWAY = head('gateway.networking.k8s.io/v1', 'Gateway');
const ROUTE = head('gateway.networking.k8s.io/v1', 'HTTPRoute');

test('Gateway API Gateway: allowedRoutes.namespaces.from explains Same, its default, and links the RouteNamespaces type', () => {
  const md = hoverAt(`${GATEWAY}  gatewayClassName: istio
  listeners:
  - name: http
    port: 80
    protocol: HTTP
    allowedRoutes:
      namespaces:
        fr$0om: All
`);
  assert.match(md, /^\*\*from\*\* `string` — Gateway `listeners\.allowedRoutes\.namespaces\.from`\n\n/);
  assert.match(md, /With the default `Same`, a route in another namespace/);
  assert.match(md, /^- Default: `Same`$/m);
  assert.match(md, /^- `Selector`: Routes from the namespaces that `selector` matches may attach\.$/m);
  assert.match(md, /\[RouteNamespaces\.from on gateway-api\.sigs\.k8s\.io\]\(https:\/\/gateway-api\.sigs\.k8s\.io\/reference\/spec\/#routenamespaces\)$/);
  assert.doesNotMatch(md, /istio\.io\/latest/);
});

test('Gateway API Gateway: gatewayClassName says what Istio deploys; Istio\'s Gateway keeps its own documentation', () => {
  const md = hoverAt(`${GATEWAY}  gatewayClass$0Name: istio\n  listeners: []\n`);
  assert.match(md, /deploys a gateway named `<gateway>-istio`/);
  assert.match(md, /#gatewayspec\)$/);
  const istio = hoverAt(`${head('networking.istio.io/v1', 'Gateway')}  sel$0ector:\n    istio: ingressgateway\n`);
  assert.match(istio, /istio\.io\/latest\/docs\/reference\/config\/networking\/gateway\/#Gateway-selector/);
});

test('HTTPRoute: hover on a path match type value explains PathPrefix; completion offers each type with its meaning', () => {
  const src = (v) => `${ROUTE}  parentRefs:
  - name: public
  rules:
  - matches:
    - path:
        type: ${v}
        value: /api
`;
  const md = hoverAt(src('Path$0Prefix'));
  assert.match(md, /^\*\*PathPrefix\*\* — value of `type`/);
  assert.match(md, /The path starts with `value`, segment by segment/);
  assert.match(md, /Default of `type`: `PathPrefix`\./);
  assert.match(md, /#httppathmatch\)$/);
  const c = complete(src('$0'));
  assert.deepEqual(c.labels.sort(), ['Exact', 'PathPrefix', 'RegularExpression']);
  assert.match(c.item('Exact').detail, /character for character/);
});

test('HTTPRoute backendRef weight: default, range and the backend type anchor; completion carries the same text', () => {
  const src = (line) => `${ROUTE}  rules:
  - backendRefs:
    - name: reviews
      port: 9080
${line}`;
  const md = hoverAt(src('      wei$0ght: 10\n'));
  assert.match(md, /^- Default: `1`$/m);
  assert.match(md, /^- Range: 0–1000000$/m);
  assert.match(md, /\[HTTPBackendRef\.weight on gateway-api\.sigs\.k8s\.io\]\(https:\/\/gateway-api\.sigs\.k8s\.io\/reference\/spec\/#httpbackendref\)$/);
  const item = complete(src('      $0\n')).item('weight');
  assert.ok(item);
  assert.equal(item.documentation, md.split('\n\n').slice(1).join('\n\n'));
});

test('ReferenceGrant: from says the grant lives in the target namespace', () => {
  const md = hoverAt(`${head('gateway.networking.k8s.io/v1beta1', 'ReferenceGrant')}  fr$0om:
  - group: gateway.networking.k8s.io
    kind: HTTPRoute
    namespace: frontend
  to:
  - group: ""
    kind: Service
`);
  assert.match(md, /only read in the namespace of the target/);
  assert.match(md, /^- Type: `object\[\]`, required$/m);
  assert.match(md, /#referencegrantspec\)$/);
});
