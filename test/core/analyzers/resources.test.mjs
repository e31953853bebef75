// Single-resource analyzers: IST0128/IST0129 (TLS origination without CA),
// IST0134 (TCP ServiceEntry without addresses), ILS0302 (wildcard DNS
// ServiceEntry), ILS0303 (ServiceEntry without exportTo), ILS0401 (sidecar
// bypass), ILS0403 (IstioMeshGateway port under 1024), ILS0501 (older API).
import test from 'node:test';
import assert from 'node:assert/strict';
import { check, core } from '../../helpers/fixture.mjs';

/** Every finding with this code: the exact text its range covers, severity, message, related, data. */
function details(fx, code) {
  const out = [];
  for (const f of fx.files) {
    for (const d of fx.service.diagnostics().get(f.uri) ?? []) {
      if (d.code !== code) continue;
      out.push({
        text: f.text.slice(d.span.start, d.span.end),
        severity: d.severity,
        message: d.message,
        related: (d.related ?? []).map((r) => {
          const p = new core.LineIndex(f.text).positionAt(r.span.start);
          return `${p.line}:${p.character} ${f.text.slice(r.span.start, r.span.end)}`;
        }),
        data: d.data,
      });
    }
  }
  return out;
}

// ------------------------------------------------------------ IST0128 / IST0129

test('IST0128: SIMPLE or MUTUAL origination without caCertificates, at destination and subset level', () => {
  const fx = check(
    assert,
    `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: partner, namespace: app }
spec:
  host: api.partner.com
  trafficPolicy:
    tls:
      mode: SIMPLE
#           ^^^^^^ IST0128
      sni: api.partner.com
  subsets:
  - name: mtls
    trafficPolicy:
      tls: { mode: MUTUAL, clientCertificate: /etc/certs/cert.pem, privateKey: /etc/certs/key.pem }
#                  ^^^^^^ IST0128
`,
    { codes: ['IST0128', 'IST0129'] },
  );
  const d = details(fx, 'IST0128');
  assert.deepStrictEqual(d.map((x) => x.text), ['SIMPLE', 'MUTUAL']);
  assert.equal(d[0].severity, 'warning');
  assert.match(d[0].message, /^TLS mode SIMPLE in trafficPolicy has no caCertificates \(or credentialName\): the server certificate of api\.partner\.com is checked only against the proxy's OS CA bundle/);
  assert.match(d[1].message, /^TLS mode MUTUAL in subset mtls /);
  assert.deepStrictEqual(d[0].data, { where: 'trafficPolicy' });
});

test('IST0129: port-level origination without caCertificates', () => {
  const fx = check(
    assert,
    `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: partner, namespace: app }
spec:
  host: api.partner.com
  trafficPolicy:
    portLevelSettings:
    - port: { number: 443 }
      tls: { mode: SIMPLE, sni: api.partner.com }
#                  ^^^^^^ IST0129
    - port: { number: 8443 }
      tls: { mode: SIMPLE, caCertificates: /etc/ssl/certs/ca-certificates.crt }
`,
    { codes: ['IST0128', 'IST0129'] },
  );
  const [d] = details(fx, 'IST0129');
  assert.deepStrictEqual(d.data, { where: 'trafficPolicy.portLevelSettings[0]' });
  assert.equal(d.severity, 'warning');
});

test('IST0128 / IST0129: a CA, a credentialName with a workloadSelector, ISTIO_MUTUAL or DISABLE are fine', () => {
  check(
    assert,
    `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: ok, namespace: app }
spec:
  host: api.partner.com
  workloadSelector: { matchLabels: { app: billing } }
  trafficPolicy:
    tls: { mode: MUTUAL, credentialName: partner-client-cert }
    portLevelSettings:
    - port: { number: 443 }
      tls: { mode: SIMPLE, caCertificates: /etc/ssl/certs/ca-certificates.crt }
    - port: { number: 15443 }
      tls: { mode: ISTIO_MUTUAL }
    - port: { number: 80 }
      tls: { mode: DISABLE }
`,
    { codes: ['IST0128', 'IST0129'] },
  );
});

// --------------------------------------------------------------------- IST0134

test('IST0134: a TCP or protocol-less ServiceEntry port without addresses', () => {
  const fx = check(
    assert,
    `
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: { name: db, namespace: app }
spec:
  hosts: [db.partner.com]
  exportTo: ["."]
  resolution: DNS
  ports:
  - number: 5432
#   ^^^^^^^^^^^^ IST0134
    name: tcp-postgres
    protocol: TCP
  - { number: 6379, name: redis }
#   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ IST0134
  - { number: 443, name: https, protocol: HTTPS }
`,
    { codes: ['IST0134'] },
  );
  const d = details(fx, 'IST0134');
  assert.equal(d[0].message, 'Port 5432 has protocol TCP but the ServiceEntry has no addresses: set spec.addresses or a protocol such as HTTP or TLS.');
  assert.match(d[1].message, /protocol unset \(TCP\)/);
  assert.equal(d[0].severity, 'warning');
});

test('IST0134: addresses, HTTP ports or a workloadSelector are fine', () => {
  check(
    assert,
    `
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: { name: db, namespace: app }
spec:
  hosts: [db.partner.com]
  addresses: [203.0.113.20/32]
  exportTo: ["."]
  resolution: STATIC
  endpoints: [{ address: 203.0.113.20 }]
  ports: [{ number: 5432, name: tcp-postgres, protocol: TCP }]
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: { name: web, namespace: app }
spec:
  hosts: [web.partner.com]
  exportTo: ["."]
  resolution: DNS
  ports: [{ number: 80, name: http, protocol: HTTP }]
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: { name: vms, namespace: app }
spec:
  hosts: [vm.app.svc.cluster.local]
  exportTo: ["."]
  location: MESH_INTERNAL
  resolution: STATIC
  workloadSelector: { labels: { app: vm } }
  ports: [{ number: 9000, name: tcp, protocol: TCP }]
`,
    { codes: ['IST0134'] },
  );
});

// --------------------------------------------------------------------- ILS0302

test('ILS0302: a wildcard host with resolution DNS and no endpoints, related to the resolution', () => {
  const fx = check(
    assert,
    `
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: { name: wiki, namespace: app }
spec:
  hosts: ["*.wikipedia.org", wikipedia.org]
#         ^^^^^^^^^^^^^^^^^ ILS0302
  exportTo: ["."]
  resolution: DNS
  ports: [{ number: 443, name: https, protocol: HTTPS }]
`,
    { codes: ['ILS0302'] },
  );
  const [d] = details(fx, 'ILS0302');
  assert.equal(d.severity, 'error');
  assert.deepStrictEqual(d.related, ['6:14 DNS']);
  assert.match(d.message, /Use resolution NONE or DYNAMIC_DNS, or add endpoints\.$/);
});

test('ILS0302: resolution NONE, or DNS with endpoints, is accepted', () => {
  check(
    assert,
    `
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: { name: wiki, namespace: app }
spec:
  hosts: ["*.wikipedia.org"]
  exportTo: ["."]
  resolution: NONE
  ports: [{ number: 443, name: tls, protocol: TLS }]
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: { name: wiki-proxy, namespace: app }
spec:
  hosts: ["*.wikimedia.org"]
  exportTo: ["."]
  resolution: DNS
  endpoints: [{ address: proxy.example.com }]
  ports: [{ number: 443, name: tls, protocol: TLS }]
`,
    { codes: ['ILS0302'] },
  );
});

test('ILS0302: DNS_ROUND_ROBIN without endpoints is rejected the same way', () => {
  check(
    assert,
    `
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: { name: wiki, namespace: app }
spec:
  hosts: ["*.wikipedia.org"]
#         ^^^^^^^^^^^^^^^^^ ILS0302
  exportTo: ["."]
  resolution: DNS_ROUND_ROBIN
  ports: [{ number: 443, name: tls, protocol: TLS }]
`,
    { codes: ['ILS0302'] },
  );
});

// --------------------------------------------------------------------- ILS0303

test('ILS0303: a ServiceEntry without exportTo (or with an empty one) is visible to the whole mesh', () => {
  const fx = check(
    assert,
    `
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: se-google
#       ^^^^^^^^^ ILS0303
  namespace: application
spec:
  hosts: [google.com]
  resolution: DNS
  ports: [{ number: 443, name: https, protocol: HTTPS }]
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: { name: se-empty, namespace: application }
#                 ^^^^^^^^ ILS0303
spec:
  hosts: [example.com]
  exportTo: []
  resolution: DNS
  ports: [{ number: 443, name: https, protocol: HTTPS }]
`,
    { codes: ['ILS0303'] },
  );
  const [d] = details(fx, 'ILS0303');
  assert.equal(d.severity, 'information');
  assert.equal(d.message, 'ServiceEntry se-google has no exportTo, so it is visible to every namespace of the mesh. Add exportTo: ["."] to keep it to application.');
});

test('ILS0303: an explicit exportTo, even "*", is a choice and not reported', () => {
  check(
    assert,
    `
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: { name: local, namespace: application }
spec:
  hosts: [google.com]
  exportTo: ["."]
  resolution: DNS
  ports: [{ number: 443, name: https, protocol: HTTPS }]
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: { name: shared, namespace: application }
spec:
  hosts: [example.com]
  exportTo: ["*"]
  resolution: DNS
  ports: [{ number: 443, name: https, protocol: HTTPS }]
`,
    { codes: ['ILS0303'] },
  );
});

// --------------------------------------------------------------------- ILS0401

test('ILS0401: excludeOutboundIPRanges on the pod template covering public addresses', () => {
  const fx = check(
    assert,
    `
apiVersion: apps/v1
kind: Deployment
metadata: { name: legacy, namespace: app }
spec:
  selector: { matchLabels: { app: legacy } }
  template:
    metadata:
      labels: { app: legacy }
      annotations:
        traffic.sidecar.istio.io/excludeOutboundIPRanges: "10.0.0.0/8, 0.0.0.0/0"
#                                                         ^^^^^^^^^^^^^^^^^^^^^^^ ILS0401
    spec: { containers: [{ name: legacy, image: legacy:1 }] }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: dns, namespace: app }
spec:
  selector: { matchLabels: { app: dns } }
  template:
    metadata:
      labels: { app: dns }
      annotations: { traffic.sidecar.istio.io/excludeOutboundIPRanges: 8.8.8.8/32 }
#                                                                      ^^^^^^^^^^ ILS0401
    spec: { containers: [{ name: dns, image: dns:1 }] }
---
apiVersion: v1
kind: Pod
metadata:
  name: wide
  namespace: app
  annotations:
    # 10.0.0.0/7 also covers 11.0.0.0/8, which is public.
    traffic.sidecar.istio.io/excludeOutboundIPRanges: 10.0.0.0/7
#                                                     ^^^^^^^^^^ ILS0401
spec: { containers: [{ name: wide, image: wide:1 }] }
`,
    { codes: ['ILS0401'] },
  );
  const d = details(fx, 'ILS0401');
  assert.match(d[0].message, /excludes public addresses \(0\.0\.0\.0\/0\)/);
  assert.match(d[1].message, /excludes public addresses \(8\.8\.8\.8\/32\)/);
  assert.match(d[2].message, /excludes public addresses \(10\.0\.0\.0\/7\)/);
  assert.equal(d[0].severity, 'warning');
});

test('ILS0401: private ranges, or the annotation outside the pod template, are fine', () => {
  check(
    assert,
    `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: internal
  namespace: app
  annotations:
    traffic.sidecar.istio.io/excludeOutboundIPRanges: 0.0.0.0/0
spec:
  selector: { matchLabels: { app: internal } }
  template:
    metadata:
      labels: { app: internal }
      annotations:
        traffic.sidecar.istio.io/excludeOutboundIPRanges: "10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,169.254.169.254/32"
    spec: { containers: [{ name: internal, image: internal:1 }] }
`,
    { codes: ['ILS0401'] },
  );
});

// --------------------------------------------------------------------- ILS0403

test('ILS0403: an IstioMeshGateway port mapped under 1024 without runAsRoot', () => {
  const fx = check(
    assert,
    `
apiVersion: servicemesh.cisco.com/v1alpha1
kind: IstioMeshGateway
metadata: { name: egress, namespace: istio-system }
spec:
  type: egress
  deployment:
    podMetadata:
      labels: { app: egress }
  service:
    type: ClusterIP
    ports:
    - name: http
#     ^^^^^^^^^^ ILS0403
      port: 80
      targetPort: 80
      protocol: TCP
    - { name: https, port: 443, targetPort: 8443, protocol: TCP }
`,
    { codes: ['ILS0403'] },
  );
  const [d] = details(fx, 'ILS0403');
  assert.equal(d.severity, 'error');
  assert.match(d.message, /^Port 80 maps to targetPort 80, under 1024, but the gateway pod does not run as root/);
  assert.deepStrictEqual(d.data, { port: 80 });
});

test('ILS0403: runAsRoot lets the gateway bind low ports', () => {
  check(
    assert,
    `
apiVersion: servicemesh.cisco.com/v1alpha1
kind: IstioMeshGateway
metadata: { name: egress, namespace: istio-system }
spec:
  type: egress
  runAsRoot: true
  service:
    type: ClusterIP
    ports: [{ name: http, port: 80, targetPort: 80, protocol: TCP }]
`,
    { codes: ['ILS0403'] },
  );
});

// --------------------------------------------------------------------- ILS0501

test('ILS0501: v1alpha3 and v1beta1 where v1 is served, as a hint with the replacement', () => {
  const fx = check(
    assert,
    `
apiVersion: networking.istio.io/v1alpha3
#           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ ILS0501
kind: VirtualService
metadata: { name: vs, namespace: app }
spec:
  hosts: [vs.app.svc.cluster.local]
  http: [{ route: [{ destination: { host: vs.app.svc.cluster.local } }] }]
---
apiVersion: security.istio.io/v1beta1
#           ^^^^^^^^^^^^^^^^^^^^^^^^^ ILS0501
kind: AuthorizationPolicy
metadata: { name: deny-all, namespace: app }
spec: {}
`,
    { codes: ['ILS0501'] },
  );
  const d = details(fx, 'ILS0501');
  assert.equal(d[0].severity, 'hint');
  assert.deepStrictEqual(d.map((x) => x.data), [{ replacement: 'networking.istio.io/v1' }, { replacement: 'security.istio.io/v1' }]);
  assert.equal(d[0].message, 'networking.istio.io/v1alpha3 is an older name of networking.istio.io/v1; use networking.istio.io/v1 for VirtualService.');
});

test('ILS0501: v1, or kinds with no v1 (EnvoyFilter), are fine', () => {
  check(
    assert,
    `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: vs, namespace: app }
spec:
  hosts: [vs.app.svc.cluster.local]
  http: [{ route: [{ destination: { host: vs.app.svc.cluster.local } }] }]
---
apiVersion: networking.istio.io/v1alpha3
kind: EnvoyFilter
metadata: { name: filter, namespace: app }
spec:
  configPatches: []
`,
    { codes: ['ILS0501'] },
  );
});
