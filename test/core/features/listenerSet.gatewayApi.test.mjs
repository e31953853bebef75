// Authoring with ListenerSets: a route's parentRefs with `kind: ListenerSet`
// complete ListenerSet names, the ListenerSet's listeners (sectionName) and
// their hostnames; definition, references and hover follow the parentRef to
// the ListenerSet and a sectionName to its listener; a ListenerSet is not
// renamed from a parentRef (only Gateways and listeners are). A ListenerSet's
// own parentRef completes Gateway names and namespaces, goes to the Gateway,
// and is renamed with it.
import test from 'node:test';
import assert from 'node:assert/strict';
import { checkCompletion, load, cursorAt, renderLocations, renderRename } from '../../helpers/authoring.mjs';

const WORKSPACE = `
#- /infra/gateway.yaml
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: web
  namespace: infra
spec:
  gatewayClassName: istio
  allowedListeners:
    namespaces:
      from: All
  listeners:
  - name: http
    port: 80
    protocol: HTTP
#- /team/listeners.yaml
apiVersion: gateway.networking.k8s.io/v1
kind: ListenerSet
metadata:
  name: team-listeners
  namespace: team
spec:
  parentRef:
    name: web
    namespace: infra
  listeners:
  - name: shop
    port: 80
    protocol: HTTP
    hostname: shop.example.com
  - name: api
    port: 80
    protocol: HTTP
    hostname: api.example.com
`;

const ROUTE = `
#- /team/route.yaml
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: shop
  namespace: team
spec:
  parentRefs:
  - name: team-listeners
    kind: ListenerSet
    sectionName: shop
  hostnames: [shop.example.com]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: api
  namespace: team
spec:
  parentRefs:
  - name: team-listeners
    kind: ListenerSet
  hostnames: [api.example.com]
`;

const head = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: new
  namespace: team
spec:`;
const route = (body) => `\n#- /team/new.yaml\n${head}\n${body}\n`;

test('completion: ListenerSet names for kind ListenerSet, its listeners for sectionName, their hostnames', () => {
  checkCompletion(
    WORKSPACE + route(`  parentRefs:
  - kind: ListenerSet
    name: $0`),
    ['team-listeners'],
    'team-listeners',
    `${head}
  parentRefs:
  - kind: ListenerSet
    name: team-listeners
`,
  );
  checkCompletion(
    WORKSPACE + route(`  parentRefs:
  - kind: ListenerSet
    name: team-listeners
    sectionName: $0`),
    ['shop', 'api'],
    'api',
    `${head}
  parentRefs:
  - kind: ListenerSet
    name: team-listeners
    sectionName: api
`,
  );
  checkCompletion(
    WORKSPACE + `
#- /team/new.yaml
${head}
  parentRefs:
  - kind: ListenerSet
    name: team-listeners
    sectionName: shop
  hostnames:
  - $0
`,
    ['shop.example.com'],
  );
});

const fx = load(WORKSPACE + ROUTE);
function at(path, marked) {
  const file = fx.files.find((x) => x.path === path);
  return [file.uri, file.text, cursorAt(file, marked)];
}
const SET = ['/team/listeners.yaml:3:8 team-listeners'];

test('definition: a parentRef naming a ListenerSet goes to it, a sectionName to its listener', () => {
  assert.deepEqual(renderLocations(fx, fx.service.findDefinition(...at('/team/route.yaml', '- name: t$0eam-listeners'))), SET);
  assert.deepEqual(renderLocations(fx, fx.service.findDefinition(...at('/team/route.yaml', 'sectionName: s$0hop'))), ['/team/listeners.yaml:10:10 shop']);
});

test('references of a ListenerSet parentRef: the ListenerSet and every parentRef naming it', () => {
  assert.deepEqual(renderLocations(fx, fx.service.findReferences(...at('/team/route.yaml', '- name: t$0eam-listeners'), true)), [...SET, '/team/route.yaml:7:10 team-listeners', '/team/route.yaml:19:10 team-listeners']);
});

test('hover on a ListenerSet parentRef: the ListenerSet, its Gateway and the listeners it selects', () => {
  const md = fx.service.doHover(...at('/team/route.yaml', 'sectionName: s$0hop'))?.markdown ?? '';
  assert.match(md, /^\*\*ListenerSet\*\* `team\/team-listeners` \(adds listeners to Gateway `infra\/web`\)/);
  assert.match(md, /Attaches to listener:\n- `shop` HTTP 80: `shop.example.com`$/);
  assert.doesNotMatch(md, /`api`/);
});

test('rename: a ListenerSet parentRef is refused with a reason; a sectionName renames the ListenerSet listener and the sectionNames', () => {
  const refused = fx.service.doRename(...at('/team/route.yaml', '- name: t$0eam-listeners'), 'other');
  assert.match(String(refused?.error ?? ''), /names a ListenerSet/);
  const text = (p) => fx.files.find((x) => x.path === p).text;
  assert.deepEqual(renderRename(fx, fx.service.doRename(...at('/team/route.yaml', 'sectionName: s$0hop'), 'storefront')), {
    '/team/listeners.yaml': text('/team/listeners.yaml').replace('- name: shop', '- name: storefront'),
    '/team/route.yaml': text('/team/route.yaml').replace('sectionName: shop', 'sectionName: storefront'),
  });
});

test('the workspace is clean: routes attached to the ListenerSet are judged on its listeners', () => {
  const all = [...fx.service.diagnostics().values()].flat();
  assert.deepEqual(all.map((f) => `${f.code} ${f.message}`), []);
});

test("a ListenerSet's parentRef: definition goes to its Gateway, the Gateway's references list it, a Gateway rename renames it", () => {
  const WEB = ['/infra/gateway.yaml:3:8 web'];
  assert.deepEqual(renderLocations(fx, fx.service.findDefinition(...at('/team/listeners.yaml', 'name: w$0eb'))), WEB);
  assert.deepEqual(renderLocations(fx, fx.service.findReferences(...at('/infra/gateway.yaml', 'name: w$0eb'), true)), [...WEB, '/team/listeners.yaml:7:10 web']);
  const text = (p) => fx.files.find((x) => x.path === p).text;
  assert.deepEqual(renderRename(fx, fx.service.doRename(...at('/team/listeners.yaml', 'name: w$0eb'), 'edge')), {
    '/infra/gateway.yaml': text('/infra/gateway.yaml').replace('name: web', 'name: edge'),
    '/team/listeners.yaml': text('/team/listeners.yaml').replace('name: web', 'name: edge'),
  });
  assert.match(fx.service.doHover(...at('/team/listeners.yaml', 'name: w$0eb'))?.markdown ?? '', /^\*\*Gateway\*\* `infra\/web` \(class `istio`\)/);
});

test("completion in a ListenerSet's parentRef: Gateway names (another namespace's bring it), their namespaces", () => {
  const LS_HEAD = `apiVersion: gateway.networking.k8s.io/v1
kind: ListenerSet
metadata:
  name: more
  namespace: team
spec:`;
  checkCompletion(
    WORKSPACE + `\n#- /team/more.yaml\n${LS_HEAD}\n  parentRef:\n    name: $0\n`,
    ['infra/web'],
    'infra/web',
    `${LS_HEAD}
  parentRef:
    name: web
    namespace: infra
`,
  );
  checkCompletion(WORKSPACE + `\n#- /team/more.yaml\n${LS_HEAD}\n  parentRef:\n    namespace: $0\n`, ['infra']);
});

test('code lens and document symbols of a ListenerSet: routes attached to it and to each listener; its listeners', () => {
  const file = fx.files.find((x) => x.path === '/team/listeners.yaml');
  const lenses = fx.service.findCodeLenses(file.uri, file.text).map((l) => `${file.text.slice(l.span.start, l.span.end)}: ${l.title}`);
  assert.deepEqual(lenses, ['team-listeners: 2 routes attached', 'shop: 2 routes attached', 'api: 1 route attached']);
  const symbols = fx.service.findDocumentSymbols(file.uri, file.text);
  assert.deepEqual(symbols[0].children.map((c) => `${c.name} (${c.detail})`), ['listener shop (HTTP 80, shop.example.com)', 'listener api (HTTP 80, api.example.com)']);
});
