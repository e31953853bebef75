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

test('plain scalars are typed as the YAML 1.2 core schema types them, and as YAML 1.1 in a %YAML 1.1 document', () => {
  // Words that only look like null or a boolean are strings; numbers in every notation are numbers.
  const fx = load(`
#- /core.yaml
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: TRUE
  namespace: nULL
spec:
  hosts: [Null, Nulls, yes, "true", True, falsey, y, .inf, Inf, 0x1F, nan, NaN, 1e3, Truee]
  http:
  - match:
    - ignoreUriCase: yes
    - ignoreUriCase: FALSE
    - ignoreUriCase: Yes
    route:
    - destination:
        host: reviews
#- /yaml11.yaml
%YAML 1.1
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: yaml11
spec:
  hosts: [reviews]
  http:
  - match:
    - ignoreUriCase: yes
    - ignoreUriCase: on
    route:
    - destination:
        host: reviews
`);
  const messages = (file) => findingsOf(fx, file).map((f) => `${f.code} ${f.message}`);
  assert.deepStrictEqual(messages('/core.yaml'), [
    'IST0106 Field "metadata.name" must be a string, not the boolean true.',
    'IST0106 Field "spec.hosts" must be a string, not the boolean true.',
    'IST0106 Field "spec.hosts" must be a string, not the number Infinity.',
    'IST0106 Field "spec.hosts" must be a string, not the number 31.',
    'IST0106 Field "spec.hosts" must be a string, not the number 1000.',
    'IST0106 Field "spec.http.match.ignoreUriCase" must be true or false, not the string "yes".',
    'IST0106 Field "spec.http.match.ignoreUriCase" must be true or false, not the string "Yes".',
  ]);
  // In YAML 1.1 `yes` and `on` are both true: the second match repeats the first.
  assert.deepStrictEqual(messages('/yaml11.yaml'), ['IST0131 VirtualService rule #0 match #1 is not used (duplicate/overlapping match in rule #0).']);
});
