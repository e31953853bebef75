// Quick fixes for a VirtualService's gateways: IST0101 (gateway not found)
// and IST0132 (host not exposed by the Gateway).
import test from 'node:test';
import assert from 'node:assert/strict';
import { checkFix, titlesFor } from './helpers.mjs';
import { check, load } from '../../helpers/fixture.mjs';

const webserver = `
#- /foo/webserver.yaml
apiVersion: v1
kind: Service
metadata: {name: webserver, namespace: foo}
spec:
  selector: {app: webserver}
  ports:
  - {name: http, port: 80}
`;

test('ILS0209 gateway of its own namespace not in the workspace: create the Gateway with the hosts and port of the VirtualService', () => {
  checkFix(assert, webserver + `#- /foo/vs.yaml
# The public entry for www.foo.com.
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: webserver
  namespace: foo
spec:
  hosts:
  - www.foo.com
  gateways:
  - public-gateway
#   ^^^^^^^^^^^^^^ ILS0209
  http:
  - route:
    - destination:
        host: webserver
`, {
    code: 'ILS0209',
    title: 'Create Gateway foo/public-gateway',
    expect: {
      '/foo/vs.yaml': `# The public entry for www.foo.com.
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: webserver
  namespace: foo
spec:
  hosts:
  - www.foo.com
  gateways:
  - public-gateway
  http:
  - route:
    - destination:
        host: webserver
---
# The ingress Gateway of VirtualService foo/webserver (istio-ls quick fix).
apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: public-gateway
  namespace: foo
spec:
  selector:
    istio: ingressgateway
  servers:
  - port:
      number: 80
      name: http
      protocol: HTTP
    hosts:
    - www.foo.com
`,
    },
  });
});

test('ILS0209 gateway not in the workspace: create an egress Gateway for a TLS egress route, port from the match', () => {
  checkFix(assert, `
#- /application/bundle.yaml
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: wikipedia, namespace: application}
spec:
  hosts: [wikipedia.org]
  exportTo: [".", istio-system]
  location: MESH_EXTERNAL
  ports: [{number: 443, name: tls, protocol: TLS}]
  resolution: DNS
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: egress-wikipedia, namespace: application}
spec:
  host: istio-egressgateway.istio-system.svc.cluster.local
  subsets: [{name: wikipedia}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: wikipedia, namespace: application}
spec:
  hosts: [wikipedia.org]
  exportTo: [".", istio-system]
  gateways: [egress-wikipedia, mesh]
#            ^^^^^^^^^^^^^^^^ ILS0209
  tls:
  - match: [{gateways: [mesh], port: 443, sniHosts: [wikipedia.org]}]
    route: [{destination: {host: istio-egressgateway.istio-system.svc.cluster.local, subset: wikipedia, port: {number: 443}}}]
  - match: [{gateways: [egress-wikipedia], port: 443, sniHosts: [wikipedia.org]}]
#                       ^^^^^^^^^^^^^^^^ ILS0209
    route: [{destination: {host: wikipedia.org, port: {number: 443}}}]
`, {
    settings: { outboundTrafficPolicy: 'REGISTRY_ONLY' },
    code: 'ILS0209',
    line: 23,
    title: 'Create Gateway application/egress-wikipedia',
    // One Gateway answers both references.
    removed: ['/application/bundle.yaml ILS0209 "egress-wikipedia"', '/application/bundle.yaml ILS0209 "egress-wikipedia"'],
    expect: {
      '/application/bundle.yaml': `apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: wikipedia, namespace: application}
spec:
  hosts: [wikipedia.org]
  exportTo: [".", istio-system]
  location: MESH_EXTERNAL
  ports: [{number: 443, name: tls, protocol: TLS}]
  resolution: DNS
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: egress-wikipedia, namespace: application}
spec:
  host: istio-egressgateway.istio-system.svc.cluster.local
  subsets: [{name: wikipedia}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: wikipedia, namespace: application}
spec:
  hosts: [wikipedia.org]
  exportTo: [".", istio-system]
  gateways: [egress-wikipedia, mesh]
  tls:
  - match: [{gateways: [mesh], port: 443, sniHosts: [wikipedia.org]}]
    route: [{destination: {host: istio-egressgateway.istio-system.svc.cluster.local, subset: wikipedia, port: {number: 443}}}]
  - match: [{gateways: [egress-wikipedia], port: 443, sniHosts: [wikipedia.org]}]
    route: [{destination: {host: wikipedia.org, port: {number: 443}}}]
---
# The egress Gateway of VirtualService application/wikipedia (istio-ls quick fix).
apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: egress-wikipedia
  namespace: application
spec:
  selector:
    istio: egressgateway
  servers:
  - port:
      number: 443
      name: tls
      protocol: TLS
    hosts:
    - wikipedia.org
    tls:
      mode: PASSTHROUGH
`,
    },
  });
});

const typo = `
#- /foo/gateways.yaml
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: foo-gateway, namespace: foo}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: [foo.com]
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: bar, namespace: foo}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: [bar.com]
#- /foo/vs.yaml
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: foo, namespace: foo}
spec:
  hosts: [foo.com]
  gateways:
  - "foo-gatway"
#   ^^^^^^^^^^^^ IST0101
  http:
  - match:
    - gateways: [foo-gatway]
#                ^^^^^^^^^^ IST0101
    route:
    - destination: {host: foo.default.svc.cluster.local}
`;

test('IST0101 gateway not found: offers the Gateway with a similar name that exposes the host, preferred; no second Gateway', () => {
  const fx = load(typo);
  const vs = fx.files.find((f) => f.path === '/foo/vs.yaml');
  const f = fx.service.diagnostics().get(vs.uri).find((x) => x.code === 'IST0101' && vs.text.slice(x.span.start, x.span.end) === '"foo-gatway"');
  const actions = fx.service.getCodeActions(vs.uri, vs.text, f.span, [f]);
  assert.deepStrictEqual(actions.map((a) => [a.title, !!a.isPreferred]), [['Change to "foo-gateway"', true]]);
});

test('IST0101 gateway not found: change to the similar Gateway everywhere the VirtualService names it', () => {
  checkFix(assert, typo, {
    code: 'IST0101',
    line: 6,
    title: 'Change to "foo-gateway"',
    removed: ['/foo/vs.yaml IST0101 "\\"foo-gatway\\""', '/foo/vs.yaml IST0101 "foo-gatway"'],
    expect: {
      '/foo/vs.yaml': `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: foo, namespace: foo}
spec:
  hosts: [foo.com]
  gateways:
  - "foo-gateway"
  http:
  - match:
    - gateways: [foo-gateway]
    route:
    - destination: {host: foo.default.svc.cluster.local}
`,
    },
  });
});

const publicGateway = `
#- /istio-system/public-gateway.yaml
# The public entry point of the cluster.
apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: public-gateway
  namespace: istio-system
spec:
  selector:
    istio: ingressgateway
  servers:
  - port:
      number: 80
      name: http
      protocol: HTTP
    hosts:
    - application/hello.example.com   # only the application namespace may bind it
    tls:
      httpsRedirect: true
  - port:
      number: 443
      name: https
      protocol: HTTPS
    hosts:
    - application/hello.example.com
    tls:
      mode: SIMPLE
      credentialName: hello-example-com-credential
`;

test('IST0132: add the host to the Gateway server, in the namespace/host form its entries use', () => {
  checkFix(assert, publicGateway + `#- /application/vs.yaml
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: shop, namespace: application}
spec:
  hosts: [shop.example.com]
  gateways: [istio-system/public-gateway]
#            ^^^^^^^^^^^^^^^^^^^^^^^^^^^ IST0132
  http:
  - route: [{destination: {host: shop.application.svc.cluster.local}}]
`, {
    code: 'IST0132',
    title: 'Add "shop.example.com" to Gateway istio-system/public-gateway (in public-gateway.yaml)',
    expect: {
      '/istio-system/public-gateway.yaml': `# The public entry point of the cluster.
apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: public-gateway
  namespace: istio-system
spec:
  selector:
    istio: ingressgateway
  servers:
  - port:
      number: 80
      name: http
      protocol: HTTP
    hosts:
    - application/hello.example.com   # only the application namespace may bind it
    - application/shop.example.com
    tls:
      httpsRedirect: true
  - port:
      number: 443
      name: https
      protocol: HTTPS
    hosts:
    - application/hello.example.com
    tls:
      mode: SIMPLE
      credentialName: hello-example-com-credential`,
    },
  });
});

const binding = `
#- /foo/gateways.yaml
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: foo-gateway, namespace: foo}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: [foo.com]
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: wildcard-gateway, namespace: foo}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 8080, name: http-wildcard, protocol: HTTP}
    hosts: ["*.com"]
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: internal-gateway, namespace: foo}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 8443, name: http-internal, protocol: HTTP}
    hosts: ["*.internal.name"]
#- /foo/vs.yaml
# The book's VirtualService that binds to neither Gateway.
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: foo-internal
  namespace: foo
spec:
  hosts:
  - foo.super.secret.internal.name
  gateways:
  - foo-gateway
#   ^^^^^^^^^^^ IST0132
  - wildcard-gateway
#   ^^^^^^^^^^^^^^^^ IST0132
  http:
  - route:
    - destination:
        host: foo.default.svc.cluster.local
`;

test('IST0132: the choices are the listed Gateway and the Gateways that expose the host', () => {
  const fx = load(binding);
  const vs = fx.files.find((f) => f.path === '/foo/vs.yaml');
  const f = fx.service.diagnostics().get(vs.uri).find((x) => x.code === 'IST0132' && vs.text.slice(x.span.start, x.span.end) === 'foo-gateway');
  assert.deepStrictEqual(
    fx.service.getCodeActions(vs.uri, vs.text, f.span, [f]).map((a) => a.title),
    // Exposing the host on foo-gateway too would put it on two Gateways: binding to the one that has it is the fix.
    ['Bind to Gateway foo/internal-gateway, which exposes the host', 'Remove "foo-gateway" from gateways'],
  );
});

test('IST0132: bind to a Gateway that exposes the host', () => {
  checkFix(assert, binding, {
    code: 'IST0132',
    line: 10,
    title: 'Bind to Gateway foo/internal-gateway, which exposes the host',
    expect: {
      '/foo/vs.yaml': `# The book's VirtualService that binds to neither Gateway.
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: foo-internal
  namespace: foo
spec:
  hosts:
  - foo.super.secret.internal.name
  gateways:
  - internal-gateway
  - wildcard-gateway
  http:
  - route:
    - destination:
        host: foo.default.svc.cluster.local
`,
    },
  });
});

test('IST0132: a Gateway that the VirtualService already lists is not offered again', () => {
  const fx = load(binding);
  assert.ok(!titlesFor(fx, 'IST0132').some((t) => t.includes('wildcard-gateway, which')));
});

test('IST0132: remove the reference when another Gateway stays listed', () => {
  checkFix(assert, binding, {
    code: 'IST0132',
    line: 10,
    title: 'Remove "foo-gateway" from gateways',
    expect: {
      '/foo/vs.yaml': `# The book's VirtualService that binds to neither Gateway.
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: foo-internal
  namespace: foo
spec:
  hosts:
  - foo.super.secret.internal.name
  gateways:
  - wildcard-gateway
  http:
  - route:
    - destination:
        host: foo.default.svc.cluster.local
`,
    },
  });
});

test('IST0132: binding in this file is preferred; exposing the host in the platform team\'s file never is', () => {
  const fx = load(binding);
  const vs = fx.files.find((f) => f.path === '/foo/vs.yaml');
  const f = fx.service.diagnostics().get(vs.uri).find((x) => x.code === 'IST0132' && vs.text.slice(x.span.start, x.span.end) === 'foo-gateway');
  const preferred = fx.service.getCodeActions(vs.uri, vs.text, f.span, [f]).filter((a) => a.isPreferred).map((a) => a.title);
  assert.deepStrictEqual(preferred, ['Bind to Gateway foo/internal-gateway, which exposes the host']);
});

// The most common cause of a gateway not found (docs/diagnostics.md): a Gateway
// of another namespace referenced without its namespace.
const withoutNamespace = `
#- /istio-system/gateways.yaml
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: public-gw, namespace: istio-system}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["*/shop.example.com"]
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: public-gw2, namespace: istio-system}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["*/other.example.com"]
#- /shop/vs.yaml
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: shop, namespace: shop}
spec:
  hosts: [shop.example.com]
  gateways: [public-gw]
#            ^^^^^^^^^ IST0101
  http:
  - route: [{destination: {host: shop.shop.svc.cluster.local}}]
`;

test('IST0101 gateway without its namespace: "did you mean istio-system/public-gw", pointing at it', () => {
  const fx = check(assert, withoutNamespace);
  const vs = fx.files.find((f) => f.path === '/shop/vs.yaml');
  const [f] = fx.service.diagnostics().get(vs.uri);
  assert.equal(f.message, 'Gateway "public-gw" not found in namespace shop: did you mean "istio-system/public-gw"? A Gateway of another namespace is written namespace/name.');
  const gw = fx.files[0];
  assert.deepStrictEqual(
    f.related.map((r) => [r.uri, gw.text.slice(r.span.start, r.span.end), r.message]),
    [
      [gw.uri, 'public-gw', 'Gateway istio-system/public-gw: same name, in namespace istio-system'],
      [gw.uri, 'public-gw2', "Gateway istio-system/public-gw2: similar name, but it does not expose this VirtualService's hosts"],
    ],
  );
  // The similar name that does not expose the host, and a second Gateway for the host, are not offered.
  const actions = fx.service.getCodeActions(vs.uri, vs.text, f.span, [f]);
  assert.deepStrictEqual(actions.map((a) => [a.title, !!a.isPreferred]), [['Change to "istio-system/public-gw"', true]]);
});

test('IST0101 gateway without its namespace: the preferred fix adds the namespace', () => {
  checkFix(assert, withoutNamespace, {
    code: 'IST0101',
    title: 'Change to "istio-system/public-gw"',
    expect: {
      '/shop/vs.yaml': `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: shop, namespace: shop}
spec:
  hosts: [shop.example.com]
  gateways: [istio-system/public-gw]
  http:
  - route: [{destination: {host: shop.shop.svc.cluster.local}}]
`,
    },
  });
});

test('IST0101 gateway without its namespace: a VirtualService the gateway proxies cannot see gets no such fix', () => {
  const hidden = withoutNamespace.replace('  gateways: [public-gw]\n', '  exportTo: ["."]\n  gateways: [public-gw]\n');
  const fx = check(assert, hidden);
  assert.deepStrictEqual(titlesFor(fx, 'IST0101'), []);
});

test('ILS0205 legacy gateway reference: the fix writes ns/name, and fixAll applies it (the same Gateway)', () => {
  const source = `
#- /edge/gateway.yaml
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: public-gw, namespace: edge}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["*/shop.example.com"]
#- /shop/vs.yaml
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: shop, namespace: shop}
spec:
  hosts: [shop.example.com]
  gateways: [public-gw.edge.svc.cluster.local]
#            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ ILS0205
  http:
  - route: [{destination: {host: shop.shop.svc.cluster.local}}]
`;
  const expected = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: shop, namespace: shop}
spec:
  hosts: [shop.example.com]
  gateways: [edge/public-gw]
  http:
  - route: [{destination: {host: shop.shop.svc.cluster.local}}]
`;
  const { fx } = checkFix(assert, source, { code: 'ILS0205', title: 'Change to "edge/public-gw"', expect: { '/shop/vs.yaml': expected } });
  const vs = fx.files[1];
  const [all] = fx.service.getCodeActions(vs.uri, vs.text, { start: 0, end: 0 }, [], ['source.fixAll.istio-ls']);
  const texts = new Map(fx.files.map((f) => [f.uri, f.text]));
  const edit = fx.service.resolveCodeAction(all.data, (u) => texts.get(u));
  assert.equal(edit.documentChanges.length, 1);
  assert.equal(edit.documentChanges[0].edits.length, 1);
  assert.equal(edit.documentChanges[0].edits[0].newText, 'edge/public-gw');
});
