// Single-resource analyzers: IST0128/IST0129 (TLS origination without CA),
// IST0134 (TCP ServiceEntry without addresses), ILS0302 (wildcard DNS
// ServiceEntry), ILS0303 (ServiceEntry without exportTo), ILS0401 (sidecar
// bypass), ILS0403 (IstioMeshGateway port under 1024), ILS0501 (older API).
// The findings of each fixture (exact ranges, near misses) are checked by
// test/core/fixtures.test.mjs; this file asserts what a case file cannot
// express: messages, related locations and data, loading the same cases.
import test from 'node:test';
import assert from 'node:assert/strict';
import { core } from '../../helpers/fixture.mjs';
import { loadCase } from '../../helpers/cases.mjs';

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
  const fx = loadCase('IST0128/tls-origination-without-ca-certificates.yaml');
  const d = details(fx, 'IST0128');
  assert.deepStrictEqual(d.map((x) => x.text), ['SIMPLE', 'MUTUAL']);
  assert.equal(d[0].severity, 'warning');
  assert.match(d[0].message, /^TLS mode SIMPLE in trafficPolicy has no caCertificates \(or credentialName\): the server certificate of api\.partner\.com is checked only against the proxy's OS CA bundle/);
  assert.match(d[1].message, /^TLS mode MUTUAL in subset mtls /);
  assert.deepStrictEqual(d[0].data, { where: 'trafficPolicy' });
});

test('IST0129: port-level origination without caCertificates', () => {
  const fx = loadCase('IST0129/port-level-tls-origination-without-ca-certificates.yaml');
  const [d] = details(fx, 'IST0129');
  assert.deepStrictEqual(d.data, { where: 'trafficPolicy.portLevelSettings[0]' });
  assert.equal(d.severity, 'warning');
});

// --------------------------------------------------------------------- IST0134

test('IST0134: a TCP or protocol-less ServiceEntry port without addresses', () => {
  const fx = loadCase('IST0134/tcp-or-protocol-less-port-without-addresses.yaml');
  const d = details(fx, 'IST0134');
  assert.equal(d[0].message, 'Port 5432 has protocol TCP but the ServiceEntry has no addresses: set spec.addresses or a protocol such as HTTP or TLS.');
  assert.match(d[1].message, /has no protocol \(detected from the traffic/);
  assert.equal(d[0].severity, 'warning');
});

// --------------------------------------------------------------------- ILS0302

test('ILS0302: a wildcard host with resolution DNS and no endpoints, related to the resolution', () => {
  const fx = loadCase('ILS0302/wildcard-host-dns-resolution-without-endpoints.yaml');
  const [d] = details(fx, 'ILS0302');
  assert.equal(d.severity, 'error');
  assert.deepStrictEqual(d.related, ['6:14 DNS']);
  assert.match(d.message, /Use resolution NONE, or add endpoints\.$/);
});

// --------------------------------------------------------------------- ILS0303

test('ILS0303: a ServiceEntry without exportTo (or with an empty one) is visible to the whole mesh', () => {
  const fx = loadCase('ILS0303/serviceentry-without-or-with-empty-exportto.yaml');
  const [d] = details(fx, 'ILS0303');
  assert.equal(d.severity, 'information');
  assert.equal(d.message, 'ServiceEntry se-google has no exportTo, so it is visible to every namespace of the mesh. Add exportTo: ["."] to keep it to application.');
});

// --------------------------------------------------------------------- ILS0401

test('ILS0401: excludeOutboundIPRanges on the pod template covering public addresses', () => {
  const fx = loadCase('ILS0401/exclude-outbound-ip-ranges-covering-public-addresses.yaml');
  const d = details(fx, 'ILS0401');
  assert.match(d[0].message, /excludes public addresses \(0\.0\.0\.0\/0\)/);
  assert.match(d[1].message, /excludes public addresses \(8\.8\.8\.8\/32\)/);
  assert.match(d[2].message, /excludes public addresses \(10\.0\.0\.0\/7\)/);
  assert.equal(d[0].severity, 'warning');
});

// --------------------------------------------------------------------- ILS0403

test('ILS0403: an IstioMeshGateway port mapped under 1024 without runAsRoot', () => {
  const fx = loadCase('ILS0403/meshgateway-port-under-1024-without-run-as-root.yaml');
  const [d] = details(fx, 'ILS0403');
  assert.equal(d.severity, 'error');
  assert.match(d.message, /^Port 80 maps to targetPort 80, under 1024, but the gateway pod does not run as root/);
  assert.deepStrictEqual(d.data, { port: 80 });
});

// --------------------------------------------------------------------- ILS0501

test('ILS0501: v1alpha3 and v1beta1 where v1 is served, as a hint with the replacement', () => {
  const fx = loadCase('ILS0501/v1alpha3-and-v1beta1-where-v1-is-served.yaml');
  const d = details(fx, 'ILS0501');
  assert.equal(d[0].severity, 'hint');
  assert.deepStrictEqual(d.map((x) => x.data), [{ replacement: 'networking.istio.io/v1' }, { replacement: 'security.istio.io/v1' }]);
  assert.equal(d[0].message, 'networking.istio.io/v1alpha3 is an older name of networking.istio.io/v1; use networking.istio.io/v1 for VirtualService.');
});

test('IST0128 with insecureSkipVerify says the certificate is not verified at all', () => {
  const [d] = details(loadCase('IST0128/skip-verify-says-so.yaml'), 'IST0128');
  assert.match(d.message, /^TLS mode SIMPLE in trafficPolicy sets insecureSkipVerify: the server certificate of proxmox is not verified at all/);
});
