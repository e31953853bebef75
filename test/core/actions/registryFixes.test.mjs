// Quick fixes for destinations the registry does not know (IST0101 host not
// found, subset not found), the egress command offered on external hosts,
// and the two source actions.
import test from 'node:test';
import { loadCase } from '../../helpers/cases.mjs';
import assert from 'node:assert/strict';
import { checkFix, applyWorkspaceEdit, serviceOf, findingKeys } from './helpers.mjs';
import { check, load, core } from '../../helpers/fixture.mjs';

const REGISTRY_ONLY = { outboundTrafficPolicy: 'REGISTRY_ONLY' };

const partnerVs = `
#- /application/api.yaml
# Retries for the partner API.
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: api, namespace: application}
spec:
  hosts: [api.example.com]
  http:
  - retries: {attempts: 3}
    route:
    - destination:
        host: api.example.com
#             ^^^^^^^^^^^^^^^ IST0101
        port: {number: 80}
`;

test('IST0101 host not found: create a ServiceEntry scoped to the namespace', () => {
  checkFix(assert, partnerVs, {
    settings: REGISTRY_ONLY,
    code: 'IST0101',
    title: 'Create a ServiceEntry for api.example.com',
    expect: {
      '/application/api.yaml': `# Retries for the partner API.
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: api, namespace: application}
spec:
  hosts: [api.example.com]
  http:
  - retries: {attempts: 3}
    route:
    - destination:
        host: api.example.com
        port: {number: 80}
---
# Registers api.example.com, outside the mesh (istio-ls quick fix).
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: api-example-com
  namespace: application
spec:
  hosts:
  - api.example.com
  exportTo:
  - "."
  location: MESH_EXTERNAL
  ports:
  - number: 80
    name: http
    protocol: HTTP
  resolution: DNS
`,
    },
  });
});

test('IST0101 host not found: the egress bundle command is offered with the host and namespace', () => {
  const fx = load(partnerVs, REGISTRY_ONLY);
  const file = fx.files[0];
  const f = fx.service.diagnostics().get(file.uri).find((x) => x.code === 'IST0101');
  const actions = fx.service.getCodeActions(file.uri, file.text, f.span, [f]);
  const cmd = actions.find((a) => a.command);
  assert.deepStrictEqual(
    { title: cmd.title, kind: cmd.kind, command: cmd.command },
    {
      title: 'Route api.example.com through the egress gateway…',
      kind: 'quickfix',
      command: { title: 'Route through the egress gateway', command: 'istio.routeThroughEgress', arguments: [{ host: 'api.example.com', namespace: 'application', port: 80, protocol: 'http' }] },
    },
  );
});

test('IST0101 host not found: the bundle of seed 001 without its ServiceEntry gets one visible to the egress gateway too', () => {
  checkFix(assert, `
#- /application/egress.yaml
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw-egress-google, namespace: application}
spec:
  selector: {istio: egressgateway}
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: [google.com]
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: dr-egress-google, namespace: application}
spec:
  host: istio-egressgateway.istio-system.svc.cluster.local
  exportTo: ["."]
  subsets: [{name: google}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: vs-google-via-egress-gw, namespace: application}
spec:
  hosts: [google.com]
  exportTo: [".", istio-system]
  gateways: [gw-egress-google, mesh]
  http:
  - match: [{gateways: [mesh], port: 80}]
    route: [{destination: {host: istio-egressgateway.istio-system.svc.cluster.local, subset: google, port: {number: 80}}}]
  - match: [{gateways: [gw-egress-google], port: 80}]
    route: [{destination: {host: google.com, port: {number: 80}}}]
#                                ^^^^^^^^^^ IST0101
`, {
    settings: REGISTRY_ONLY,
    code: 'IST0101',
    title: 'Create a ServiceEntry for google.com',
    expect: {
      '/application/egress.yaml': `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw-egress-google, namespace: application}
spec:
  selector: {istio: egressgateway}
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: [google.com]
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: dr-egress-google, namespace: application}
spec:
  host: istio-egressgateway.istio-system.svc.cluster.local
  exportTo: ["."]
  subsets: [{name: google}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: vs-google-via-egress-gw, namespace: application}
spec:
  hosts: [google.com]
  exportTo: [".", istio-system]
  gateways: [gw-egress-google, mesh]
  http:
  - match: [{gateways: [mesh], port: 80}]
    route: [{destination: {host: istio-egressgateway.istio-system.svc.cluster.local, subset: google, port: {number: 80}}}]
  - match: [{gateways: [gw-egress-google], port: 80}]
    route: [{destination: {host: google.com, port: {number: 80}}}]
---
# Registers google.com, outside the mesh (istio-ls quick fix).
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: google-com
  namespace: application
spec:
  hosts:
  - google.com
  exportTo:
  - "."
  - istio-system
  location: MESH_EXTERNAL
  ports:
  - number: 80
    name: http
    protocol: HTTP
  resolution: DNS
`,
    },
  });
});

const helloworldPods = `
#- /application/helloworld.yaml
apiVersion: v1
kind: Service
metadata: {name: helloworld, namespace: application}
spec:
  selector: {app: helloworld}
  ports: [{name: http, port: 5000}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: helloworld-v1, namespace: application}
spec:
  selector: {matchLabels: {app: helloworld, version: v1}}
  template:
    metadata: {labels: {app: helloworld, version: v1}}
    spec: {containers: [{name: helloworld, image: helloworld:v1}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: helloworld-v3, namespace: application}
spec:
  selector: {matchLabels: {app: helloworld, version: v3}}
  template:
    metadata: {labels: {app: helloworld, version: v3}}
    spec: {containers: [{name: helloworld, image: helloworld:v3}]}
`;

test('IST0101 subset not found: add the subset to the DestinationRule, in its style, keeping its comments', () => {
  checkFix(assert, helloworldPods + `#- /application/dr.yaml
# Versions of helloworld (four-space indentation, indented lists).
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
    name: helloworld
    namespace: application
spec:
    host: helloworld.application.svc.cluster.local
    subsets:
        # the stable version
        - name: v1
          labels:
              version: v1
# end of the subsets
#- /application/vs.yaml
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: helloworld, namespace: application}
spec:
  hosts: [helloworld]
  http:
  - route:
    - destination: {host: helloworld, subset: v1}
      weight: 90
    - destination: {host: helloworld, subset: v3}
#                                             ^^ IST0101
      weight: 10
`, {
    code: 'IST0101',
    title: 'Add subset "v3" to DestinationRule application/helloworld',
    expect: {
      '/application/dr.yaml': `# Versions of helloworld (four-space indentation, indented lists).
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
    name: helloworld
    namespace: application
spec:
    host: helloworld.application.svc.cluster.local
    subsets:
        # the stable version
        - name: v1
          labels:
              version: v1
        - name: v3
          labels:
              version: v3
# end of the subsets`,
    },
  });
});

test('IST0101 subset not found: a subset of the egress gateway service gets no labels (it is split by route, not by pods)', () => {
  checkFix(assert, `
#- /application/dr.yaml
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: egress, namespace: application}
spec:
  host: istio-egressgateway.istio-system.svc.cluster.local
  subsets: [{name: google}]
#- /application/vs.yaml
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: to-egress, namespace: application}
spec:
  hosts: [wikipedia.org]
  http:
  - route: [{destination: {host: istio-egressgateway.istio-system.svc.cluster.local, subset: wikipedia, port: {number: 80}}}]
#                                                                                            ^^^^^^^^^ IST0101
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: wikipedia, namespace: application}
spec:
  hosts: [wikipedia.org]
  exportTo: ["."]
  location: MESH_EXTERNAL
  ports: [{number: 80, name: http, protocol: HTTP}]
  resolution: DNS
`, {
    code: 'IST0101',
    title: 'Add subset "wikipedia" to DestinationRule application/egress',
    expect: {
      '/application/dr.yaml': `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: egress, namespace: application}
spec:
  host: istio-egressgateway.istio-system.svc.cluster.local
  subsets: [{name: google}, {name: wikipedia}]`,
    },
  });
});

test('IST0101 subset not found: create the DestinationRule with every subset the VirtualService names', () => {
  checkFix(assert, helloworldPods + `#- /application/vs.yaml
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: helloworld, namespace: application}
spec:
  hosts: [helloworld]
  http:
  - route:
    - destination: {host: helloworld, subset: v1}
#                                             ^^ IST0101
      weight: 90
    - destination: {host: helloworld, subset: v3}
#                                             ^^ IST0101
      weight: 10
`, {
    code: 'IST0101',
    line: 7,
    title: 'Create a DestinationRule for helloworld.application.svc.cluster.local with subsets "v1", "v3"',
    removed: ['/application/vs.yaml IST0101 "v1"', '/application/vs.yaml IST0101 "v3"'],
    expect: {
      '/application/vs.yaml': `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: helloworld, namespace: application}
spec:
  hosts: [helloworld]
  http:
  - route:
    - destination: {host: helloworld, subset: v1}
      weight: 90
    - destination: {host: helloworld, subset: v3}
      weight: 10
---
# The subsets VirtualService application/helloworld routes to (istio-ls quick fix).
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: helloworld
  namespace: application
spec:
  host: helloworld.application.svc.cluster.local
  subsets:
  - name: v1
    labels:
      version: v1
  - name: v3
    labels:
      version: v3
`,
    },
  });
});

test('IST0101 subset not found: the labels follow the pods (track: canary), not always `version`', () => {
  const { after } = checkFix(assert, `
#- /shop/pods.yaml
apiVersion: apps/v1
kind: Deployment
metadata: {name: cart-canary, namespace: shop}
spec:
  template:
    metadata: {labels: {app: cart, track: canary}}
    spec: {containers: [{name: cart, image: cart}]}
---
apiVersion: v1
kind: Service
metadata: {name: cart, namespace: shop}
spec:
  selector: {app: cart}
  ports: [{name: http, port: 80}]
#- /shop/vs.yaml
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: cart, namespace: shop}
spec:
  hosts: [cart]
  http:
  - route: [{destination: {host: cart, subset: canary}}]
#                                              ^^^^^^ IST0101
`, {
    code: 'IST0101',
    title: 'Create a DestinationRule for cart.shop.svc.cluster.local with subset "canary"',
    expect: {
      '/shop/vs.yaml': `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: cart, namespace: shop}
spec:
  hosts: [cart]
  http:
  - route: [{destination: {host: cart, subset: canary}}]
---
# The subsets VirtualService shop/cart routes to (istio-ls quick fix).
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: cart
  namespace: shop
spec:
  host: cart.shop.svc.cluster.local
  subsets:
  - name: canary
    labels:
      track: canary
`,
    },
  });
  assert.ok(after.size === 2);
});

const oldApis = `
#- /default/book.yaml
apiVersion: networking.istio.io/v1alpha3
#           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ ILS0501
kind: Gateway
metadata: {name: foo-com-gateway}
spec:
  selector: {istio: ingressgateway}
  servers:
  - hosts:
    - *.foo.com
#     ^^^^^^^^^ ILS0101
    port: {number: 80, name: http, protocol: HTTP}
---
apiVersion: 'networking.istio.io/v1beta1'
#           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ ILS0501
kind: DestinationRule
metadata: {name: bar}
spec:
  host: bar.default.svc.cluster.local
#- /foo/sec.yaml
apiVersion: security.istio.io/v1beta1
#           ^^^^^^^^^^^^^^^^^^^^^^^^^ ILS0501
kind: PeerAuthentication
metadata: {name: default, namespace: foo}
spec:
  mtls: {mode: STRICT}
#- /foo/current.yaml
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: baz, namespace: foo}
spec:
  host: baz.foo.svc.cluster.local
`;

function runSource(kind, uriPath) {
  const fx = check(assert, oldApis);
  const texts = new Map(fx.files.map((f) => [f.uri, f.text]));
  const file = fx.files.find((f) => f.path === uriPath);
  const actions = fx.service.getCodeActions(file.uri, file.text, { start: 0, end: 0 }, [], [kind]);
  assert.deepStrictEqual(actions.map((a) => a.kind), [kind]);
  const edit = fx.service.resolveCodeAction(actions[0].data, (u) => texts.get(u));
  const after = applyWorkspaceEdit(texts, edit);
  return { fx, texts, after, actions };
}

test('source.fixAll.istio-ls: v1 apiVersions and quoted wildcard hosts in the current file only', () => {
  const { after, actions } = runSource('source.fixAll.istio-ls', '/default/book.yaml');
  assert.equal(actions[0].title, 'Fix all safely fixable istio-ls problems in this file');
  assert.equal(after.get('file:///ws/default/book.yaml'), `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: foo-com-gateway}
spec:
  selector: {istio: ingressgateway}
  servers:
  - hosts:
    - "*.foo.com"
    port: {number: 80, name: http, protocol: HTTP}
---
apiVersion: 'networking.istio.io/v1'
kind: DestinationRule
metadata: {name: bar}
spec:
  host: bar.default.svc.cluster.local`);
  assert.deepStrictEqual(findingKeys(serviceOf(after), after), ['/foo/sec.yaml ILS0501 "security.istio.io/v1beta1"']);
});

test('source.istio.migrateV1: every file of the workspace, nothing else', () => {
  const { after, texts, actions } = runSource('source.istio.migrateV1', '/foo/current.yaml');
  assert.equal(actions[0].title, 'Move every Istio resource of the workspace to the v1 API (2 files)');
  assert.equal(after.get('file:///ws/foo/sec.yaml'), texts.get('file:///ws/foo/sec.yaml').replace('security.istio.io/v1beta1', 'security.istio.io/v1'));
  assert.equal(
    after.get('file:///ws/default/book.yaml'),
    texts.get('file:///ws/default/book.yaml').replace('networking.istio.io/v1alpha3', 'networking.istio.io/v1').replace('networking.istio.io/v1beta1', 'networking.istio.io/v1'),
  );
  assert.equal(after.get('file:///ws/foo/current.yaml'), texts.get('file:///ws/foo/current.yaml'));
  // Only the unquoted wildcard host remains.
  assert.deepStrictEqual(findingKeys(serviceOf(after), after), ['/default/book.yaml ILS0101 "*.foo.com"']);
});

test('source actions are not offered for a clean file unless asked for', () => {
  const fx = load(oldApis);
  const clean = fx.files.find((f) => f.path === '/foo/current.yaml');
  assert.deepStrictEqual(fx.service.getCodeActions(clean.uri, clean.text, { start: 0, end: 0 }, []), []);
  assert.deepStrictEqual(fx.service.getCodeActions(clean.uri, clean.text, { start: 0, end: 0 }, [], ['source.fixAll']), []);
  assert.deepStrictEqual(fx.service.getCodeActions(clean.uri, clean.text, { start: 0, end: 0 }, [], ['quickfix']), []);
});

test('refactor on a ServiceEntry host: route it through the egress gateway', () => {
  const fx = load(`
#- /application/se.yaml
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: partner, namespace: application}
spec:
  hosts: [api.partner.exa$0mple.com, "*.partner.example.com"]
  exportTo: ["."]
  location: MESH_EXTERNAL
  ports: [{number: 443, name: https, protocol: HTTPS}]
  resolution: NONE
`);
  const at = fx.cursor.offset;
  const actions = fx.service.getCodeActions(fx.cursor.uri, fx.files[0].text, { start: at, end: at }, []);
  assert.deepStrictEqual(actions, [
    {
      title: 'Route api.partner.example.com through the egress gateway…',
      kind: 'refactor',
      fixes: [],
      command: {
        title: 'Route through the egress gateway',
        command: 'istio.routeThroughEgress',
        arguments: [{ host: 'api.partner.example.com', namespace: 'application', port: 443, protocol: 'https-passthrough' }],
      },
    },
  ]);
  void core;
});

test('IST0101 subset not found: no subset is added or created when the Service\'s pods are known and none carries the name', () => {
  const fx = loadCase('IST0173/subset-in-a-service-directory-named-issues.yaml');
  const titles = [];
  for (const [uri, list] of fx.service.diagnostics()) {
    const text = fx.files.find((f) => f.uri === uri).text;
    for (const f of list) if (f.code === 'IST0101' && f.data?.kind === 'subsetNotFound') titles.push(...fx.service.getCodeActions(uri, text, f.span, [f]).map((a) => a.title));
  }
  assert.ok(!titles.some((t) => /^Add subset|^Create a DestinationRule/.test(t)), titles.join(' | '));
});
