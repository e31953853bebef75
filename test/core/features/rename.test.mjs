// Rename a Gateway or a subset across files and namespaces; every edited file
// is compared whole. Other positions are refused with a reason.
import test from 'node:test';
import assert from 'node:assert/strict';
import { load, cursorAt, renderRename } from '../../helpers/authoring.mjs';

const WS = `
#- /foo/gw.yaml
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: web, namespace: foo }
spec:
  selector: { istio: ingressgateway }
  servers:
  - port: { number: 80, name: http, protocol: HTTP }
    hosts: ["*/shop.example.com"]
#- /bar/gw.yaml
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: web, namespace: bar }
spec:
  selector: { istio: ingressgateway }
  servers:
  - port: { number: 8080, name: http, protocol: HTTP }
    hosts: ["*"]
#- /foo/dr.yaml
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: reviews, namespace: foo }
spec:
  host: reviews
  subsets:
  - name: v1
    labels: { version: v1 }
  - name: "v2"
    labels: { version: v2 }
#- /foo/vs.yaml
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: shop, namespace: foo }
spec:
  hosts: [shop.example.com]
  gateways: [web, mesh]
  http:
  - match:
    - gateways: ["web"]
    route:
    - destination: { host: reviews, subset: v2 }
#- /bar/vs.yaml
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: shop, namespace: bar }
spec:
  hosts: [shop.example.com]
  gateways: [foo/web, web]
  http:
  - route:
    - destination: { host: reviews.foo.svc.cluster.local, subset: 'v2' }
    - destination: { host: reviews.foo.svc.cluster.local, subset: v1 }
#- /baz/vs.yaml
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: legacy, namespace: baz }
spec:
  hosts: [shop.example.com]
  gateways: [web.foo.svc.cluster.local]
  http:
  - route:
    - destination: { host: ratings }
`;

const fx = load(WS);
/** The file at `path` and the offset of the `$0` in `marked` (a piece of its text). */
function at(path, marked) {
  const f = fx.files.find((x) => x.path === path);
  return [f.uri, f.text, cursorAt(f, marked)];
}
const rename = (q, newName) => renderRename(fx, fx.service.doRename(...at(...q), newName));
const prepare = (...q) => {
  const r = fx.service.prepareRename(...at(...q));
  if (r.error) return r;
  const f = fx.files.find((x) => x.path === q[0]);
  return { text: f.text.slice(r.span.start, r.span.end), placeholder: r.placeholder };
};

const GATEWAY_RENAMED = {
  '/foo/gw.yaml': `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: edge, namespace: foo }
spec:
  selector: { istio: ingressgateway }
  servers:
  - port: { number: 80, name: http, protocol: HTTP }
    hosts: ["*/shop.example.com"]`,
  '/foo/vs.yaml': `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: shop, namespace: foo }
spec:
  hosts: [shop.example.com]
  gateways: [edge, mesh]
  http:
  - match:
    - gateways: ["edge"]
    route:
    - destination: { host: reviews, subset: v2 }`,
  '/bar/vs.yaml': `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: shop, namespace: bar }
spec:
  hosts: [shop.example.com]
  gateways: [foo/edge, web]
  http:
  - route:
    - destination: { host: reviews.foo.svc.cluster.local, subset: 'v2' }
    - destination: { host: reviews.foo.svc.cluster.local, subset: v1 }`,
  '/baz/vs.yaml': `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: legacy, namespace: baz }
spec:
  hosts: [shop.example.com]
  gateways: [edge.foo.svc.cluster.local]
  http:
  - route:
    - destination: { host: ratings }
`,
};

test('rename a Gateway from its metadata.name: `name` in its namespace, `ns/name` and the legacy form elsewhere; bar/web untouched', () => {
  assert.deepEqual(rename(['/foo/gw.yaml', 'metadata: { name: w$0eb'], 'edge'), GATEWAY_RENAMED);
});

test('rename a Gateway from a reference to it gives the same edits', () => {
  assert.deepEqual(rename(['/bar/vs.yaml', 'gateways: [foo/w$0eb'], 'edge'), GATEWAY_RENAMED);
  assert.deepEqual(rename(['/foo/vs.yaml', 'gateways: ["w$0eb"'], 'edge'), GATEWAY_RENAMED);
});

test('rename the other namespace’s Gateway of the same name', () => {
  assert.deepEqual(rename(['/bar/vs.yaml', 'gateways: [foo/web, w$0eb]'], 'bar-web'), {
    '/bar/gw.yaml': `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: bar-web, namespace: bar }
spec:
  selector: { istio: ingressgateway }
  servers:
  - port: { number: 8080, name: http, protocol: HTTP }
    hosts: ["*"]`,
    '/bar/vs.yaml': `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: shop, namespace: bar }
spec:
  hosts: [shop.example.com]
  gateways: [foo/web, bar-web]
  http:
  - route:
    - destination: { host: reviews.foo.svc.cluster.local, subset: 'v2' }
    - destination: { host: reviews.foo.svc.cluster.local, subset: v1 }`,
  });
});

const SUBSET_RENAMED = {
  '/foo/dr.yaml': `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: reviews, namespace: foo }
spec:
  host: reviews
  subsets:
  - name: v1
    labels: { version: v1 }
  - name: "canary"
    labels: { version: v2 }`,
  '/foo/vs.yaml': `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: shop, namespace: foo }
spec:
  hosts: [shop.example.com]
  gateways: [web, mesh]
  http:
  - match:
    - gateways: ["web"]
    route:
    - destination: { host: reviews, subset: canary }`,
  '/bar/vs.yaml': `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: shop, namespace: bar }
spec:
  hosts: [shop.example.com]
  gateways: [foo/web, web]
  http:
  - route:
    - destination: { host: reviews.foo.svc.cluster.local, subset: 'canary' }
    - destination: { host: reviews.foo.svc.cluster.local, subset: v1 }`,
};

test('rename a subset from its DestinationRule entry or from a route: quotes are kept', () => {
  assert.deepEqual(rename(['/foo/dr.yaml', 'name: "v$02"'], 'canary'), SUBSET_RENAMED);
  assert.deepEqual(rename(['/bar/vs.yaml', "destination: { host: reviews.foo.svc.cluster.local, subset: 'v$02'"], 'canary'), SUBSET_RENAMED);
});

test('prepareRename gives the name part and its current text', () => {
  assert.deepEqual(prepare('/bar/vs.yaml', 'gateways: [foo/w$0eb'), { text: 'web', placeholder: 'web' });
  assert.deepEqual(prepare('/baz/vs.yaml', 'gateways: [w$0eb.foo'), { text: 'web', placeholder: 'web' });
  assert.deepEqual(prepare('/foo/dr.yaml', 'name: "v$02"'), { text: 'v2', placeholder: 'v2' });
});

test('prepareRename refuses other positions with a reason', () => {
  assert.deepEqual(prepare('/foo/vs.yaml', 'gateways: [web, m$0esh'), { error: '`mesh` is the reserved gateway of all sidecars; it cannot be renamed.' });
  assert.deepEqual(prepare('/foo/vs.yaml', 'destination: { host: r$0eviews'), { error: 'A host names a Service or a ServiceEntry host and cannot be renamed here; istio-ls renames Gateways and subsets.' });
  assert.deepEqual(prepare('/foo/vs.yaml', 'h$0ttp:'), { error: 'Rename works on a Gateway name (its metadata.name or a reference to it) and on a DestinationRule subset name.' });
  const broken = load(`${WS}\n#- /qux/vs.yaml\napiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: { name: q, namespace: qux }\nspec:\n  hosts: [q.example.com]\n  gateways: [nowhere]\n  http:\n  - route:\n    - destination: { host: q.example.com, subset: gone }\n`);
  const f = broken.files.find((x) => x.path === '/qux/vs.yaml');
  assert.deepEqual(broken.service.prepareRename(f.uri, f.text, cursorAt(f, 'gateways: [n$0owhere')), { error: 'There is no Gateway qux/nowhere in the workspace to rename.' });
  assert.deepEqual(broken.service.prepareRename(f.uri, f.text, cursorAt(f, 'destination: { host: q.example.com, subset: g$0one')), { error: 'No DestinationRule for q.example.com defines subset "gone"; there is nothing to rename.' });
});

test('rename refuses an invalid or taken name', () => {
  assert.deepEqual(rename(['/foo/gw.yaml', 'metadata: { name: w$0eb'], 'Edge_1'), {
    error: '"Edge_1" is not a valid Gateway name: lower case letters, digits, \'-\' and \'.\', starting and ending with a letter or digit.',
  });
  assert.deepEqual(rename(['/foo/dr.yaml', 'name: "v$02"'], 'v1'), { error: 'DestinationRule foo/reviews already has a subset named v1.' });
  assert.deepEqual(rename(['/foo/dr.yaml', 'name: "v$02"'], 'v.2'), {
    error: '"v.2" is not a valid subset name: lower case letters, digits and \'-\', at most 63, starting and ending with a letter or digit.',
  });
  const taken = load(`${WS}\n#- /foo/gw2.yaml\napiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: { name: edge, namespace: foo }\nspec:\n  selector: { istio: ingressgateway }\n`);
  const f = taken.files.find((x) => x.path === '/foo/gw.yaml');
  assert.deepEqual(taken.service.doRename(f.uri, f.text, cursorAt(f, 'metadata: { name: w$0eb'), 'edge'), { error: 'A Gateway named edge already exists in namespace foo.' });
});
