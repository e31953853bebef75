// Gateway API code lenses ("N routes attached" on a Gateway and on each
// listener, showing the parentRefs) and document symbols (listeners as
// children of their Gateway, parentRefs of a route, ReferenceGrant entries).
import test from 'node:test';
import assert from 'node:assert/strict';
import { load, renderLocations } from '../../helpers/authoring.mjs';
import { GATEWAYS, ROUTES } from '../../helpers/gatewayApiWorkspace.mjs';

const GRANT = `
#- /shop/grant.yaml
apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata:
  name: from-infra
  namespace: shop
spec:
  from:
  - group: gateway.networking.k8s.io
    kind: HTTPRoute
    namespace: infra
  to:
  - group: ""
    kind: Service
    name: cart
`;
const fx = load(GATEWAYS + ROUTES + GRANT);
function lenses(path) {
  const f = fx.files.find((x) => x.path === path);
  return fx.service.findCodeLenses(f.uri, f.text).map((l) => ({ at: renderLocations(fx, [{ uri: f.uri, span: l.span }])[0], title: l.title, shows: renderLocations(fx, l.locations) }));
}
function symbols(path) {
  const f = fx.files.find((x) => x.path === path);
  const render = (s) => ({ name: s.name, detail: s.detail, at: renderLocations(fx, [{ uri: f.uri, span: s.selectionSpan }])[0].split(' ')[0], ...(s.children?.length ? { children: s.children.map(render) } : {}) });
  return fx.service.findDocumentSymbols(f.uri, f.text).map(render);
}

test('code lens: routes attached to the Gateway and to each listener (sectionName narrows, no sectionName reaches every listener)', () => {
  assert.deepEqual(lenses('/infra/gateway.yaml'), [
    { at: '/infra/gateway.yaml:3:8 public', title: '2 routes attached', shows: ['/shop/routes.yaml:7:10 public', '/shop/routes.yaml:23:10 public'] },
    { at: '/infra/gateway.yaml:8:10 http', title: '2 routes attached', shows: ['/shop/routes.yaml:9:17 http', '/shop/routes.yaml:23:10 public'] },
    { at: '/infra/gateway.yaml:15:10 https', title: '1 route attached', shows: ['/shop/routes.yaml:23:10 public'] },
    { at: '/infra/gateway.yaml:29:8 internal', title: '0 routes attached', shows: [] },
    { at: '/infra/gateway.yaml:34:10 web', title: '0 routes attached', shows: [] },
  ]);
});

test('document symbols: listeners under their Gateway, parentRefs under a route, ReferenceGrant from and to', () => {
  assert.deepEqual(symbols('/infra/gateway.yaml'), [
    {
      name: 'Gateway infra/public', detail: 'gateway.networking.k8s.io/v1', at: '/infra/gateway.yaml:3:8',
      children: [
        { name: 'listener http', detail: 'HTTP 80, *.example.com', at: '/infra/gateway.yaml:8:4' },
        { name: 'listener https', detail: 'HTTPS 443, shop.example.com', at: '/infra/gateway.yaml:15:4' },
      ],
    },
    { name: 'Gateway shop/internal', detail: 'gateway.networking.k8s.io/v1', at: '/infra/gateway.yaml:29:8', children: [{ name: 'listener web', detail: 'HTTP 8080', at: '/infra/gateway.yaml:34:4' }] },
  ]);
  assert.deepEqual(symbols('/shop/routes.yaml'), [
    { name: 'HTTPRoute shop/cart', detail: 'gateway.networking.k8s.io/v1', at: '/shop/routes.yaml:3:8', children: [{ name: 'parent infra/public/http', detail: undefined, at: '/shop/routes.yaml:7:4' }] },
    { name: 'HTTPRoute shop/checkout', detail: 'gateway.networking.k8s.io/v1', at: '/shop/routes.yaml:19:8', children: [{ name: 'parent infra/public', detail: undefined, at: '/shop/routes.yaml:23:4' }] },
  ]);
  assert.deepEqual(symbols('/shop/grant.yaml'), [
    {
      name: 'ReferenceGrant shop/from-infra', detail: 'gateway.networking.k8s.io/v1beta1', at: '/shop/grant.yaml:3:8',
      children: [
        { name: 'from HTTPRoute in infra', detail: undefined, at: '/shop/grant.yaml:7:4' },
        { name: 'to Service cart', detail: undefined, at: '/shop/grant.yaml:11:4' },
      ],
    },
  ]);
});

test('code lens on a VirtualService naming a Gateway API Gateway: not bound (its proxies apply only Gateway API routes), clicking shows the Gateway', () => {
  const vs = load(GATEWAYS + `
#- /shop/vs.yaml
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: legacy
  namespace: shop
spec:
  hosts: [shop.example.com]
  gateways: [infra/public, mesh]
  http:
  - route:
    - destination: {host: cart}
`);
  const f = vs.files.find((x) => x.path === '/shop/vs.yaml');
  const got = vs.service.findCodeLenses(f.uri, f.text).map((l) => ({ title: l.title, shows: renderLocations(vs, l.locations) }));
  assert.deepEqual(got, [{ title: 'binds to mesh; not bound: infra/public (Gateway API: HTTPRoutes only)', shows: ['/infra/gateway.yaml:3:8 public'] }]);
});
