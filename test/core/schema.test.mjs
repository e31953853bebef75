import test from 'node:test';
import assert from 'node:assert/strict';
import { check, load, findingsOf } from '../helpers/fixture.mjs';

test('unknown field with did-you-mean on the exact key', () => {
  const fx = check(assert, `
#- /foo/vs.yaml
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  Name: foo-bars-svc
# ^^^^ IST0106
  namespace: foo
spec:
  hosts: ["foo.com"]
  http:
  - route:
    - destnation:
#     ^^^^^^^^^^ IST0106
        host: foo.com
`, { codes: ['IST0106'] });
  const messages = findingsOf(fx, '/foo/vs.yaml').map((f) => f.message);
  assert.ok(messages.some((m) => m.includes('Did you mean "name"')));
  assert.ok(messages.some((m) => m.includes('Did you mean "destination"')));
});

test('invalid enum value lists the allowed values', () => {
  const fx = check(assert, `
#- /a/se.yaml
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: { name: se, namespace: a }
spec:
  hosts: ["api.example.com"]
  exportTo: ["."]
  location: MESH_EXTERNAL
  resolution: DSN
#             ^^^ IST0106
  ports:
  - { number: 443, name: https, protocol: HTTPS }
`, { codes: ['IST0106'] });
  const [f] = findingsOf(fx, '/a/se.yaml').filter((x) => x.code === 'IST0106');
  assert.match(f.message, /Did you mean "DNS"/);
  assert.match(f.message, /NONE, STATIC, DNS/);
});

test('wrong type: a string where a number is required', () => {
  check(assert, `
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: gw, namespace: a }
spec:
  selector: { istio: ingressgateway }
  servers:
  - port: { number: eighty, name: http, protocol: HTTP }
#                   ^^^^^^ IST0106
    hosts: ["a.com"]
`, { codes: ['IST0106'] });
});

test('unquoted wildcard host is ILS0101, quoted is clean', () => {
  check(assert, `
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: gw, namespace: a }
spec:
  selector: { istio: ingressgateway }
  servers:
  - port: { number: 80, name: http, protocol: HTTP }
    hosts:
    - *.foo.com
#     ^^^^^^^^^ ILS0101
    - "*.bar.com"
`, { codes: ['ILS0101', 'IST0106'] });
});

test('syntax error in one document does not hide the others', () => {
  const fx = load(`
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: ok, namespace: a }
spec:
  hosts: [a.com
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: second, namespace: a }
spec:
  hostz: ["b.com"]
`);
  const codes = findingsOf(fx).map((f) => f.code);
  assert.ok(codes.includes('ILS0001'), codes.join());
  assert.ok(codes.includes('IST0106'), 'the second document is still validated');
});

test('helm templates are skipped with one information finding', () => {
  const fx = load(`
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: {{ .Values.name }}
spec:
  hosts: [{{ .Values.host }}]
`);
  const f = findingsOf(fx);
  assert.equal(f.length, 1);
  assert.equal(f[0].code, 'ILS0002');
  assert.equal(f[0].severity, 'information');
});

test('non-Istio YAML is ignored silently', () => {
  const fx = load(`
name: CI
on: [push]
jobs:
  build:
    runs-on: ubuntu-latest
`);
  assert.deepEqual(findingsOf(fx), []);
});

test('CRLF and BOM keep exact ranges', () => {
  const text = '\uFEFFapiVersion: networking.istio.io/v1\r\nkind: Sidecar\r\nmetadata: { name: s, namespace: a }\r\nspec:\r\n  egres: []\r\n';
  const svc = load('').service;
  svc.updateFile('file:///ws/crlf.yaml', text);
  const [f] = svc.diagnostics().get('file:///ws/crlf.yaml').filter((x) => x.code === 'IST0106');
  assert.equal(text.slice(f.span.start, f.span.end), 'egres');
});

test('deprecated field is IST0002', () => {
  check(assert, `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: dr, namespace: a }
spec:
  host: reviews
  trafficPolicy:
    outlierDetection:
      consecutiveErrors: 5
#     ^^^^^^^^^^^^^^^^^ IST0002
`, { codes: ['IST0002'] });
});

test('suppression annotation and severity setting', () => {
  const src = `
apiVersion: networking.istio.io/v1alpha3
kind: Sidecar
metadata:
  name: s
  namespace: a
  annotations:
    galley.istio.io/analyze-suppress: "IST0106"
spec:
  egres: []
`;
  const fx = load(src);
  assert.deepEqual(findingsOf(fx).map((f) => f.code), ['ILS0501']);
  const off = load(src, { severity: { ILS0501: 'off' } });
  assert.deepEqual(findingsOf(off), []);
});
