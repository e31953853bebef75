// Quick fixes that change one resource in place. Each test pins the starting
// findings, applies the fix, compares the whole resulting text, and checks
// that the fixed finding is gone and nothing new appeared.
import test from 'node:test';
import assert from 'node:assert/strict';
import { applyWorkspaceEdit, checkFix, findingKeys, serviceOf, titlesFor } from './helpers.mjs';
import { check, load } from '../../helpers/fixture.mjs';

test('ILS0101: quote an unquoted wildcard host', () => {
  checkFix(assert, `
#- /foo/gw.yaml
apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: foo-com-gateway
  namespace: foo
spec:
  selector:
    istio: ingressgateway
  servers:
  - hosts:
    - *.foo.com   # the book's Example 8-20
#     ^^^^^^^^^ ILS0101
    port:
      number: 80
      name: http
      protocol: HTTP
`, {
    code: 'ILS0101',
    title: 'Quote the host: "*.foo.com"',
    expect: {
      '/foo/gw.yaml': `apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: foo-com-gateway
  namespace: foo
spec:
  selector:
    istio: ingressgateway
  servers:
  - hosts:
    - "*.foo.com"   # the book's Example 8-20
    port:
      number: 80
      name: http
      protocol: HTTP
`,
    },
  });
});

test('IST0106: rename an unknown field to the suggested one', () => {
  checkFix(assert, `
#- /default/vs.yaml
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  Name: foo-bars-svc
# ^^^^ IST0106
spec:
  hosts:
  - bar.foo.svc.cluster.local
  http:
  - route:
    - destination:
        host: bar.foo.svc.cluster.local
`, {
    code: 'IST0106',
    title: 'Rename "Name" to "name"',
    expect: {
      '/default/vs.yaml': `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: foo-bars-svc
spec:
  hosts:
  - bar.foo.svc.cluster.local
  http:
  - route:
    - destination:
        host: bar.foo.svc.cluster.local
`,
    },
  });
});

test('IST0106: `ports: 443` in a TLS match becomes `port: 443` (seed 004, Example 8-34)', () => {
  checkFix(assert, `
#- /default/vs.yaml
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: egress-wikipedia-org
spec:
  hosts:
  - wikipedia.org
  tls:
  - match:
    - ports: 443
#     ^^^^^ IST0106
      sniHosts: [wikipedia.org]
    route:
    - destination:
        host: wikipedia.org
#- /default/se.yaml
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: wikipedia-org
spec:
  hosts: [wikipedia.org]
  exportTo: ["."]
  location: MESH_EXTERNAL
  ports:
  - {number: 443, name: tls, protocol: TLS}
  resolution: DNS
`, {
    code: 'IST0106',
    title: 'Rename "ports" to "port"',
    expect: {
      '/default/vs.yaml': `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: egress-wikipedia-org
spec:
  hosts:
  - wikipedia.org
  tls:
  - match:
    - port: 443
      sniHosts: [wikipedia.org]
    route:
    - destination:
        host: wikipedia.org`,
    },
  });
});

test('IST0106: no rename when the suggested key is already there (it would duplicate it)', () => {
  const fx = load(`
#- /default/vs.yaml
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: a
  Name: b
spec:
  hosts: [a.example.com]
`);
  assert.deepStrictEqual(titlesFor(fx, 'IST0106'), []);
});

test('ILS0501: move to networking.istio.io/v1, keeping the quotes', () => {
  checkFix(assert, `
#- /foo/dr.yaml
apiVersion: "networking.istio.io/v1beta1"
#           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ ILS0501
kind: DestinationRule
metadata: {name: bar, namespace: foo}
spec:
  host: bar.foo.svc.cluster.local
`, {
    code: 'ILS0501',
    title: 'Change apiVersion to networking.istio.io/v1',
    expect: {
      '/foo/dr.yaml': `apiVersion: "networking.istio.io/v1"
kind: DestinationRule
metadata: {name: bar, namespace: foo}
spec:
  host: bar.foo.svc.cluster.local
`,
    },
  });
});

test('ILS0303: add exportTo after hosts, in the block style and indentation of the file', () => {
  checkFix(assert, `
#- /app/se.yaml
# Partner API.
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
    name: partner   # four-space indentation
#         ^^^^^^^ ILS0303
    namespace: app
spec:
    hosts:
        - api.partner.example.com
    location: MESH_EXTERNAL
    ports:
        - number: 443
          name: tls
          protocol: TLS
    resolution: DNS
---
apiVersion: v1
kind: Namespace
metadata:
    name: app
`, {
    code: 'ILS0303',
    title: 'Add exportTo: ["."] (visible to this namespace only)',
    expect: {
      '/app/se.yaml': `# Partner API.
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
    name: partner   # four-space indentation
    namespace: app
spec:
    hosts:
        - api.partner.example.com
    exportTo:
        - "."
    location: MESH_EXTERNAL
    ports:
        - number: 443
          name: tls
          protocol: TLS
    resolution: DNS
---
apiVersion: v1
kind: Namespace
metadata:
    name: app
`,
    },
  });
});

test('ILS0303: flow-style hosts get a flow-style exportTo', () => {
  checkFix(assert, `
#- /app/se.yaml
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: partner, namespace: app}
#                ^^^^^^^ ILS0303
spec:
  hosts: ["api.partner.example.com"]
  location: MESH_EXTERNAL
  ports: [{number: 443, name: tls, protocol: TLS}]
  resolution: DNS
`, {
    code: 'ILS0303',
    title: 'Add exportTo: ["."] (visible to this namespace only)',
    expect: {
      '/app/se.yaml': `apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: partner, namespace: app}
spec:
  hosts: ["api.partner.example.com"]
  exportTo: ["."]
  location: MESH_EXTERNAL
  ports: [{number: 443, name: tls, protocol: TLS}]
  resolution: DNS
`,
    },
  });
});

// The egress bundle of seed 001 with `mesh` dropped from gateways.
const BUNDLE = `
#- /application/se.yaml
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: se-google, namespace: application}
spec:
  hosts: [google.com]
  exportTo: [".", istio-system]
  location: MESH_EXTERNAL
  ports:
  - {number: 80, name: http-port, protocol: HTTP}
  resolution: DNS
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw-egress-google, namespace: application}
spec:
  selector:
    istio: egressgateway
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
  subsets:
  - name: google
`;

/** The VirtualService of the bundle with the given `gateways` lines (annotations allowed). */
const egressVs = (gateways) => `#- /application/vs.yaml
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: vs-google-via-egress-gw
  namespace: application
spec:
  hosts:
  - google.com
  exportTo: [".", istio-system]
${gateways}
  http:
  - match:
    - gateways:
      - mesh
#       ^^^^ ILS0203
      port: 80
    route:
    - destination:
        host: istio-egressgateway.istio-system.svc.cluster.local
        subset: google
        port: {number: 80}
  - match:
    - gateways:
      - gw-egress-google
      port: 80
    route:
    - destination:
        host: google.com
        port: {number: 80}
`;

/** The same VirtualService as a file text, without the fixture lines. */
const egressVsText = (gateways) =>
  egressVs(gateways)
    .split('\n')
    .filter((l) => !l.startsWith('#- ') && !/^\s*# *\^+ [A-Z]+\d+$/.test(l))
    .join('\n');

const REGISTRY_ONLY = { outboundTrafficPolicy: 'REGISTRY_ONLY' };
// Binding to mesh also ends ILS0204: the VirtualService now reaches the sidecars.
const MESH_FIXES = ['/application/vs.yaml ILS0203 "mesh"', '/application/vs.yaml ILS0204 "gateways"'];

test('ILS0203: add the gateway a route matches to the block list of gateways', () => {
  checkFix(assert, BUNDLE + egressVs(`  gateways:
# ^^^^^^^^ ILS0204
  - gw-egress-google   # the egress gateway`), {
    settings: REGISTRY_ONLY,
    code: 'ILS0203',
    title: 'Add "mesh" to gateways',
    removed: MESH_FIXES,
    expect: {
      '/application/vs.yaml': egressVsText(`  gateways:
  - gw-egress-google   # the egress gateway
  - mesh`),
    },
  });
});

test('ILS0204: add mesh to a flow list of gateways', () => {
  checkFix(assert, BUNDLE + egressVs(`  gateways: [gw-egress-google]
# ^^^^^^^^ ILS0204`), {
    settings: REGISTRY_ONLY,
    code: 'ILS0204',
    title: 'Add "mesh" to gateways',
    removed: MESH_FIXES,
    expect: { '/application/vs.yaml': egressVsText('  gateways: [gw-egress-google, mesh]') },
  });
});

const twoPorts = (destination) => `
#- /bookinfo/svc.yaml
apiVersion: v1
kind: Service
metadata: {name: ratings, namespace: bookinfo}
spec:
  selector: {app: ratings}
  ports:
  - {name: http, port: 9080}
  - {name: grpc, port: 9090}
---
apiVersion: v1
kind: Service
metadata: {name: ratings-front, namespace: bookinfo}
spec:
  selector: {app: ratings}
  ports:
  - {name: http, port: 80}
#- /bookinfo/vs.yaml
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: ratings, namespace: bookinfo}
spec:
  hosts: [ratings-front]
  http:
  - route:
${destination}
`;

test('IST0112: give a block destination its port, after host', () => {
  const dest = `    - destination:
        host: ratings   # the Service has two ports
#             ^^^^^^^ IST0112
        subset: v1
      weight: 100`;
  const { actions } = checkFix(assert, twoPorts(dest) + `---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: ratings, namespace: bookinfo}
spec:
  host: ratings
  subsets:
  - {name: v1, labels: {version: v1}}
`, {
    code: 'IST0112',
    title: 'Send to port 9080',
    expect: {
      '/bookinfo/vs.yaml': `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: ratings, namespace: bookinfo}
spec:
  hosts: [ratings-front]
  http:
  - route:
    - destination:
        host: ratings   # the Service has two ports
        port:
          number: 9080
        subset: v1
      weight: 100
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: ratings, namespace: bookinfo}
spec:
  host: ratings
  subsets:
  - {name: v1, labels: {version: v1}}
`,
    },
  });
  assert.deepStrictEqual(actions.map((a) => a.title), ['Send to port 9080', 'Send to port 9090']);
});

test('IST0112: a flow destination gets `port: {number: N}`', () => {
  checkFix(assert, twoPorts(`    - destination: {host: ratings}
#                         ^^^^^^^ IST0112`), {
    code: 'IST0112',
    title: 'Send to port 9090',
    expect: {
      '/bookinfo/vs.yaml': `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: ratings, namespace: bookinfo}
spec:
  hosts: [ratings-front]
  http:
  - route:
    - destination: {host: ratings, port: {number: 9090}}
`,
    },
  });
});

test('ILS0303 in a CRLF file: the inserted lines end with CRLF too', () => {
  const lf = `
#- /app/se.yaml
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: partner
#       ^^^^^^^ ILS0303
  namespace: app
spec:
  hosts:
  - api.partner.example.com
  location: MESH_EXTERNAL
  ports:
  - {number: 443, name: tls, protocol: TLS}
  resolution: DNS
`;
  checkFix(assert, lf.replace(/\n/g, '\r\n'), {
    code: 'ILS0303',
    title: 'Add exportTo: ["."] (visible to this namespace only)',
    expect: {
      '/app/se.yaml': `apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: partner
  namespace: app
spec:
  hosts:
  - api.partner.example.com
  exportTo:
  - "."
  location: MESH_EXTERNAL
  ports:
  - {number: 443, name: tls, protocol: TLS}
  resolution: DNS
`.replace(/\n/g, '\r\n'),
    },
  });
});

test('IST0106 route under spec: it belongs in an http item, and the fix moves it there', () => {
  const { action } = checkFix(assert, `
#- /shop/vs.yaml
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: shop
  namespace: shop
spec:
  hosts:
  - shop
  route:
# ^^^^^ IST0106
  - destination:
      host: shop   # the only backend
    weight: 100
#- /shop/svc.yaml
apiVersion: v1
kind: Service
metadata: {name: shop, namespace: shop}
spec:
  selector: {app: shop}
  ports: [{name: http, port: 80}]
`, {
    code: 'IST0106',
    title: 'Move "route" into an "http" item',
    expect: {
      '/shop/vs.yaml': `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: shop
  namespace: shop
spec:
  hosts:
  - shop
  http:
  - route:
    - destination:
        host: shop   # the only backend
      weight: 100`,
    },
  });
  assert.equal(action.isPreferred, true);
});

test('IST0106 messages say what is wrong and the fix, without the why (that is in the docs)', () => {
  const fx = load(`
#- /shop/vs.yaml
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  Name: shop
  namespace: shop
spec:
  hosts: [shop]
  route: [{destination: {host: shop}}]
  colour: blue
`);
  const messages = fx.service.diagnostics().get(fx.files[0].uri).filter((f) => f.code === 'IST0106').map((f) => f.message);
  assert.deepStrictEqual(messages, [
    'Unknown field "Name" in "metadata". Did you mean "name"? As written, "name" is missing and the apply is rejected.',
    '"route" is not a field in "spec": it belongs in an item of "http".',
    'Unknown field "colour" in "spec": remove it or use a known field (exportTo, gateways, hosts, http, tcp, tls).',
  ]);
});

const typos = `
#- /shop/se.yaml
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  Name: partner
# ^^^^ IST0106
  namespace: shop
spec:
  hosts: [api.partner.com]
  exportTo: ["."]
  location: MESH_EXTERNAL
  ports:
  - number: "8080"
#           ^^^^^^ IST0106
    name: http
    protocol: HTTP
  resolution: dns
#             ^^^ IST0106
`;

test('IST0106 invalid enum value: change it to the close allowed one', () => {
  checkFix(assert, typos, {
    code: 'IST0106',
    line: 13,
    title: 'Change to DNS',
    expect: { '/shop/se.yaml': fixed(typos, ['resolution: dns', 'resolution: DNS']) },
  });
});

test('IST0106 a number written as a string: write it as a number', () => {
  checkFix(assert, typos, {
    code: 'IST0106',
    line: 10,
    title: 'Write 8080 as a number',
    expect: { '/shop/se.yaml': fixed(typos, ['number: "8080"', 'number: 8080']) },
  });
});

test('source.fixAll covers the safe fixes: Name: → name:, "8080" → 8080, dns → DNS', () => {
  const fx = check(assert, typos);
  const [file] = fx.files;
  const actions = fx.service.getCodeActions(file.uri, file.text, { start: 0, end: 0 }, [], ['source.fixAll.istio-ls']);
  assert.deepStrictEqual(actions.map((a) => a.title), ['Fix all safely fixable istio-ls problems in this file']);
  const texts = new Map([[file.uri, file.text]]);
  const after = applyWorkspaceEdit(texts, fx.service.resolveCodeAction(actions[0].data, (u) => texts.get(u)));
  assert.equal(after.get(file.uri), fixed(typos, ['Name: partner', 'name: partner'], ['number: "8080"', 'number: 8080'], ['resolution: dns', 'resolution: DNS']));
  assert.deepStrictEqual(findingKeys(serviceOf(after), after), []);
});

/** The fixture's only file, annotations dropped, with each [from, to] replaced. */
function fixed(source, ...changes) {
  let text = source.replace(/^\n#- \S+\n/, '').replace(/^#.*\^.*\n/gm, '');
  for (const [from, to] of changes) text = text.replace(from, to);
  return text;
}

test('IST0101 host typo: "did you mean cart", pointing at the Service, and the fix writes it as the host was written', () => {
  const { f } = (() => {
    const fx = load(hostTypo);
    const vs = fx.files.find((x) => x.path === '/shop/vs.yaml');
    return { f: fx.service.diagnostics().get(vs.uri)[0] };
  })();
  assert.match(f.message, /^Destination host carts is not in the service registry\. Did you mean "cart"\? No Service carts in namespace shop/);
  assert.deepStrictEqual(f.related.map((r) => [r.uri, r.message]), [['file:///ws/shop/svc.yaml', 'Service shop/cart']]);
  checkFix(assert, hostTypo, {
    code: 'IST0101',
    title: 'Change to "cart"',
    expect: {
      '/shop/vs.yaml': `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: cart, namespace: shop}
spec:
  hosts: [cart]
  http:
  - route:
    - destination: {host: cart}
`,
    },
  });
});

const hostTypo = `
#- /shop/svc.yaml
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
  - route:
    - destination: {host: carts}
#                         ^^^^^ IST0101
`;

test('ILS0302 wildcard host with DNS resolution and no endpoints: change the resolution to NONE', () => {
  checkFix(assert, `
#- /app/se.yaml
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: wiki, namespace: app}
spec:
  hosts: ["*.wikipedia.org"]
#         ^^^^^^^^^^^^^^^^^ ILS0302
  exportTo: ["."]
  location: MESH_EXTERNAL
  resolution: DNS   # set by hand
  ports: [{number: 443, name: tls, protocol: TLS}]
`, {
    code: 'ILS0302',
    title: 'Change resolution to NONE',
    expect: {
      '/app/se.yaml': `apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: wiki, namespace: app}
spec:
  hosts: ["*.wikipedia.org"]
  exportTo: ["."]
  location: MESH_EXTERNAL
  resolution: NONE   # set by hand
  ports: [{number: 443, name: tls, protocol: TLS}]
`,
    },
  });
});
