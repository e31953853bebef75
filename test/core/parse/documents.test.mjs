// How files are read as documents, through the facade: what kubectl's parser
// accepts, where an unreadable document stops, and fixes that must not touch a
// valid document. Case files live in test/fixtures (test/core/fixtures.test.mjs).
import test from 'node:test';
import assert from 'node:assert/strict';
import { findingsOf, load } from '../../helpers/fixture.mjs';
import { applyWorkspaceEdit } from '../actions/helpers.mjs';

const FIX_ALL = 'source.fixAll.istio-ls';

test('a VirtualService without metadata is an error, an IstioOperator without it is not', () => {
  const fx = load(`
#- /install/operator.yaml
apiVersion: install.istio.io/v1alpha1
kind: IstioOperator
spec:
  profile: default
#- /docs/vs.yaml
apiVersion: networking.istio.io/v1
kind: VirtualService
spec:
  hosts: ["docs.example.com"]
`);
  assert.deepStrictEqual(findingsOf(fx, '/install/operator.yaml'), []);
  const vs = findingsOf(fx, '/docs/vs.yaml');
  assert.ok(vs.some((f) => f.code === 'IST0106' && f.severity === 'error' && f.message === 'Missing required field "metadata".'), JSON.stringify(vs));
});

test('a host list given by alias: no quick fix and no source.fixAll edit', () => {
  const fx = load(`
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: web, namespace: shop }
spec:
  selector: { istio: ingressgateway }
  servers:
  - port: { number: 80, name: http, protocol: HTTP }
    hosts: &hosts ["shop.example.com"]
  - port: { number: 8080, name: http-alt, protocol: HTTP }
    hosts: *hosts
`);
  const [file] = fx.files;
  assert.deepStrictEqual(findingsOf(fx), []);
  assert.deepStrictEqual(fx.service.getCodeActions(file.uri, file.text, { start: 0, end: file.text.length }, [], [FIX_ALL]), []);
});

test('an unquoted wildcard host is quoted by source.fixAll only where a string is expected', () => {
  const text = `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: web, namespace: shop }
spec:
  selector: { istio: ingressgateway }
  servers:
  - port: { number: 80, name: http, protocol: HTTP }
    hosts:
    - *.shop.example.com
  - port: { number: 8080, name: http-alt, protocol: HTTP }
    hosts: *.shop.example.com
`;
  const fx = load(text);
  const [file] = fx.files;
  const [action] = fx.service.getCodeActions(file.uri, text, { start: 0, end: 0 }, [], [FIX_ALL]);
  const edit = fx.service.resolveCodeAction(action.data, () => text);
  const after = applyWorkspaceEdit(new Map([[file.uri, text]]), edit).get(file.uri);
  assert.equal(after, text.replace('    - *.shop.example.com', '    - "*.shop.example.com"'));
});

test('quoted scalars continue on under-indented lines as in go-yaml, and stop at `---`', () => {
  const text = `apiVersion: v1
kind: ConfigMap
metadata:
  name: notes
  annotations:
    description: "first line
continued in column 0,
  and again"
data:
  unclosed: "runs to the document end
---
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: { name: default, namespace: shop }
spec:
  egres: []
`;
  const fx = load(text);
  const found = findingsOf(fx).map((f) => [f.code, f.severity, text.slice(f.span.start, f.span.end)]);
  // One error, on the quote that is never closed; the Sidecar after the `---` is still read.
  assert.deepStrictEqual(found, [
    ['ILS0001', 'error', '"'],
    ['IST0106', 'error', 'egres'],
  ]);
  assert.equal(findingsOf(fx).find((f) => f.code === 'ILS0001').span.start, text.indexOf('"runs'));
});
