// Schema findings through the facade: messages of unknown fields and enums,
// syntax errors, templates, CRLF/BOM, suppression. The findings of each case
// are case files under test/fixtures/<CODE>/ (test/core/fixtures.test.mjs).
import test from 'node:test';
import assert from 'node:assert/strict';
import { load, findingsOf } from '../helpers/fixture.mjs';
import { loadCase } from '../helpers/cases.mjs';

test('unknown field with did-you-mean on the exact key', () => {
  const fx = loadCase('IST0106/unknown-field-with-did-you-mean.yaml');
  const messages = findingsOf(fx, '/foo/vs.yaml').map((f) => f.message);
  assert.ok(messages.some((m) => m.includes('Did you mean "name"')));
  assert.ok(messages.some((m) => m.includes('Did you mean "destination"')));
});

test('invalid enum value lists the allowed values', () => {
  const fx = loadCase('IST0106/invalid-enum-value.yaml');
  const [f] = findingsOf(fx, '/a/se.yaml').filter((x) => x.code === 'IST0106');
  assert.match(f.message, /Did you mean "DNS"/);
  assert.match(f.message, /NONE, STATIC, DNS/);
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
