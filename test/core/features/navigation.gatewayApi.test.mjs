// Navigation for the Gateway API: definition, references, rename and hover of
// Gateway names (metadata.name, parentRefs[].name, a VirtualService `gateways`
// entry naming a Gateway API Gateway), listener names (sectionName) and
// backendRefs. Locations render as `path:line:col text`; a rename as the whole
// edited files.
import test from 'node:test';
import assert from 'node:assert/strict';
import { load, cursorAt, renderLocations, renderRename } from '../../helpers/authoring.mjs';
import { GATEWAYS, ROUTES } from '../../helpers/gatewayApiWorkspace.mjs';

const fx = load(GATEWAYS + ROUTES);
function at(path, marked, f = fx) {
  const file = f.files.find((x) => x.path === path);
  return [file.uri, file.text, cursorAt(file, marked)];
}
const definition = (...q) => renderLocations(fx, fx.service.findDefinition(...at(...q)));
const references = (...q) => renderLocations(fx, fx.service.findReferences(...at(...q), true));
const hover = (...q) => fx.service.doHover(...at(...q))?.markdown;
const text = (path) => fx.files.find((x) => x.path === path).text;

const PUBLIC = ['/infra/gateway.yaml:3:8 public'];
const PUBLIC_REFS = ['/infra/gateway.yaml:3:8 public', '/infra/vs.yaml:7:13 public', '/shop/routes.yaml:7:10 public', '/shop/routes.yaml:23:10 public'];

test('definition: a parentRef and a VirtualService gateways entry go to the Gateway API Gateway, a sectionName to its listener', () => {
  assert.deepEqual(definition('/shop/routes.yaml', '- name: p$0ublic'), PUBLIC);
  assert.deepEqual(definition('/infra/vs.yaml', 'gateways: [p$0ublic'), PUBLIC);
  assert.deepEqual(definition('/shop/routes.yaml', 'sectionName: h$0ttp'), ['/infra/gateway.yaml:8:10 http']);
  assert.deepEqual(definition('/infra/gateway.yaml', 'name: p$0ublic'), PUBLIC);
});

test('definition: a backendRef goes to the Service', () => {
  assert.deepEqual(definition('/shop/routes.yaml', '- name: c$0art'), ['/shop/backends.yaml:3:8 cart']);
});

test('references of a Gateway API Gateway: its name, the parentRefs and the VirtualService entry naming it, from any of them', () => {
  assert.deepEqual(references('/infra/gateway.yaml', 'name: p$0ublic'), PUBLIC_REFS);
  assert.deepEqual(references('/shop/routes.yaml', '- name: p$0ublic'), PUBLIC_REFS);
  assert.deepEqual(references('/infra/vs.yaml', 'gateways: [p$0ublic'), PUBLIC_REFS);
});

test('references of a listener: its name and the sectionNames naming it', () => {
  const http = ['/infra/gateway.yaml:8:10 http', '/shop/routes.yaml:9:17 http'];
  assert.deepEqual(references('/infra/gateway.yaml', '- name: h$0ttp'), http);
  assert.deepEqual(references('/shop/routes.yaml', 'sectionName: h$0ttp'), http);
  assert.deepEqual(references('/infra/gateway.yaml', '- name: h$0ttps'), ['/infra/gateway.yaml:15:10 https']);
});

test('references of a backendRef: the Service and every backendRef to it', () => {
  assert.deepEqual(references('/shop/routes.yaml', '- name: c$0art'), ['/shop/backends.yaml:3:8 cart', '/shop/routes.yaml:13:12 cart', '/shop/routes.yaml:28:12 cart']);
});

test('rename a Gateway API Gateway from a parentRef: its name, every parentRef and the VirtualService entry', () => {
  const edge = (path) => text(path).replace(/\bname: public\b/g, 'name: edge').replace('gateways: [public]', 'gateways: [edge]');
  const expected = { '/infra/gateway.yaml': edge('/infra/gateway.yaml'), '/shop/routes.yaml': edge('/shop/routes.yaml'), '/infra/vs.yaml': edge('/infra/vs.yaml') };
  assert.deepEqual(renderRename(fx, fx.service.doRename(...at('/shop/routes.yaml', '- name: p$0ublic'), 'edge')), expected);
  assert.deepEqual(renderRename(fx, fx.service.doRename(...at('/infra/vs.yaml', 'gateways: [p$0ublic'), 'edge')), expected);
  assert.deepEqual(Object.keys(expected).map((p) => expected[p].includes('edge')), [true, true, true]);
});

test('rename a listener: its name and the sectionNames naming it, not the other listeners', () => {
  assert.deepEqual(renderRename(fx, fx.service.doRename(...at('/shop/routes.yaml', 'sectionName: h$0ttp'), 'plain')), {
    '/infra/gateway.yaml': text('/infra/gateway.yaml').replace('- name: http\n', '- name: plain\n'),
    '/shop/routes.yaml': text('/shop/routes.yaml').replace('sectionName: http', 'sectionName: plain'),
  });
});

test('rename refuses a taken or invalid name, a backendRef, and a Gateway whose deployed Service is referenced', () => {
  assert.deepEqual(fx.service.doRename(...at('/infra/gateway.yaml', '- name: h$0ttp'), 'https'), { error: 'Gateway infra/public already has a listener named https.' });
  assert.deepEqual(fx.service.doRename(...at('/infra/gateway.yaml', '- name: h$0ttp'), 'Web_1'), { error: '"Web_1" is not a valid listener name: lower case letters, digits and \'-\', starting and ending with a letter or digit.' });
  assert.deepEqual(fx.service.prepareRename(...at('/shop/routes.yaml', '- name: c$0art')), { error: 'A backendRef names a Service or a ServiceEntry and cannot be renamed here; istio-ls renames Gateways, listeners and subsets.' });
  const egress = load(`${GATEWAYS}
#- /shop/route.yaml
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: via-internal
  namespace: shop
spec:
  parentRefs:
  - kind: ServiceEntry
    group: networking.istio.io
    name: payments
  rules:
  - backendRefs:
    - name: internal-istio
      port: 8080
`);
  assert.deepEqual(egress.service.doRename(...at('/infra/gateway.yaml', 'name: i$0nternal', egress), 'edge'), {
    error: 'Istio names the Service it deploys for this Gateway internal-istio, and 1 reference in the workspace name it; renaming the Gateway renames that Service. Rename those by hand.',
  });
});

test('hover: a parentRef and a sectionName show the listeners they attach to; a listener its routes; a backendRef the ports', () => {
  const attaches = '**Gateway** `infra/public` — [gateway.yaml:4](file:///ws/infra/gateway.yaml#L4)\n\nAttaches to listener:\n- `http` HTTP 80: `*.example.com`';
  assert.equal(hover('/shop/routes.yaml', '- name: p$0ublic'), attaches);
  assert.equal(hover('/shop/routes.yaml', 'sectionName: h$0ttp'), attaches);
  assert.equal(
    hover('/shop/routes.yaml', '- name: p$0ublic\n    namespace: infra\n  hostnames: [shop'),
    '**Gateway** `infra/public` — [gateway.yaml:4](file:///ws/infra/gateway.yaml#L4)\n\nAttaches to listeners:\n- `http` HTTP 80: `*.example.com`\n- `https` HTTPS 443: `shop.example.com`',
  );
  assert.equal(
    hover('/infra/gateway.yaml', '- name: h$0ttp'),
    '**Listener** `http` HTTP 80: `*.example.com`\n\nRoutes attached (2):\n- HTTPRoute `shop/cart` — [routes.yaml:4](file:///ws/shop/routes.yaml#L4)\n- HTTPRoute `shop/checkout` — [routes.yaml:20](file:///ws/shop/routes.yaml#L20)',
  );
  assert.equal(hover('/shop/routes.yaml', '- name: c$0art'), 'Service `shop/cart` — [backends.yaml:4](file:///ws/shop/backends.yaml#L4): ports 8080 (http), 9090 (grpc)');
  assert.equal(
    hover('/infra/vs.yaml', 'gateways: [p$0ublic'),
    '**Gateway** `infra/public` (class `istio`) — [gateway.yaml:4](file:///ws/infra/gateway.yaml#L4)\n\n- `http` HTTP 80: `*.example.com`\n- `https` HTTPS 443: `shop.example.com`',
  );
});
