// `istio-ls check` options: help, --min-severity, and --context for hooks
// that check a few files of a repository.
import test from 'node:test';
import assert from 'node:assert/strict';
import { makeWorkspace } from '../helpers/lspClient.mjs';
import { run } from './run.mjs';

const GATEWAY = `apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: shop-gw
  namespace: shop
spec:
  selector:
    istio: ingressgateway
  servers:
  - port: { number: 80, name: http, protocol: HTTP }
    hosts: ["shop.example.com"]
`;
const VS = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: shop
  namespace: shop
spec:
  hosts: ["shop.example.com"]
  gateways: ["shop-gw"]
  http:
  - route:
    - destination:
        host: shop
`;
/** A file of the repository with its own error, which a hook checking vs.yaml must not report. */
const OTHER_BROKEN = VS.replace('name: shop\n', 'name: other\n').replace('shop-gw', 'nowhere');

test('--help and check --help print the usage and exit 0', () => {
  for (const args of [['--help'], ['check', '--help'], ['check', '-h', 'x.yaml']]) {
    const r = run(args);
    assert.equal(r.code, 0, args.join(' '));
    assert.match(r.out, /^Usage: istio-ls check \[paths\.\.\.\] \[options\]/);
    assert.match(r.out, /--context DIR/);
    assert.equal(r.err, '');
  }
});

test('text hides hints unless asked; json shows them; --min-severity filters every format', () => {
  const ws = makeWorkspace({ 'gw.yaml': GATEWAY.replace('networking.istio.io/v1', 'networking.istio.io/v1beta1') });
  let r = run(['check', '.'], ws);
  assert.equal(r.code, 0);
  assert.equal(r.out, '1 file checked: 0 errors, 0 warnings, 0 notes. 1 hint not shown (--min-severity hint shows it).\n');
  r = run(['check', '.', '--min-severity', 'hint'], ws);
  assert.match(r.out, /^gw\.yaml:1:13: hint ILS0501: /);
  assert.match(r.out, /\n\n1 file checked: 0 errors, 0 warnings, 1 note\.\n$/);
  assert.deepEqual(JSON.parse(run(['check', '.', '--format', 'json'], ws).out).map((x) => x.code), ['ILS0501']);
  assert.deepEqual(JSON.parse(run(['check', '.', '--format=json', '--min-severity=warning'], ws).out), []);
  r = run(['check', '.', '--min-severity', 'loud'], ws);
  assert.equal(r.code, 2);
  assert.match(r.err, /--min-severity must be error, warning, information, hint, not "loud"/);
});

test('counts are spelt for one and for many', () => {
  const typo = VS.replace('  http:\n', '  htp:\n');
  const ws = makeWorkspace({ 'a/vs.yaml': typo + '---\n' + GATEWAY, 'b/vs.yaml': typo.replace('name: shop\n', 'name: other2\n') });
  const r = run(['check', '.'], ws);
  assert.equal(r.code, 1);
  assert.match(r.out, /\n2 files checked: 2 errors, 0 warnings, 0 notes\.\n$/);
});

test('--context: one file checked against the whole repository, reported alone', () => {
  const ws = makeWorkspace({ 'gateways/gw.yaml': GATEWAY, 'apps/vs.yaml': VS, 'apps/other.yaml': OTHER_BROKEN });
  // Alone, the file's Gateway is not in what is checked (information: it may be installed elsewhere).
  let r = run(['check', 'apps/vs.yaml', '--format', 'json'], ws);
  assert.equal(r.code, 0);
  assert.deepEqual(JSON.parse(r.out).map((x) => `${x.file}:${x.line} ${x.code}`), ['apps/vs.yaml:8 ILS0209']);
  // With the repository as context the Gateway is found, and other.yaml's own error is not this file's business.
  r = run(['check', 'apps/vs.yaml', '--context', '.'], ws);
  assert.equal(r.code, 0, r.out);
  assert.equal(r.out, '1 file checked: 0 errors, 0 warnings, 0 notes.\n');
  // A file that breaks because of the context is reported with it.
  r = run(['check', '--context', ws, '--format', 'json', 'apps/other.yaml'], ws);
  assert.equal(r.code, 1);
  assert.deepEqual(JSON.parse(r.out).map((x) => `${x.file}:${x.line} ${x.code}`), ['apps/other.yaml:8 IST0101']);
  // Without paths, --context checks and reports the whole repository.
  r = run(['check', '--context', '.', '--format', 'json'], ws);
  assert.deepEqual(JSON.parse(r.out).map((x) => x.file), ['apps/other.yaml']);
});

test('--context must be a directory; unknown options are usage errors', () => {
  const ws = makeWorkspace({ 'vs.yaml': VS });
  let r = run(['check', 'vs.yaml', '--context', 'vs.yaml'], ws);
  assert.equal(r.code, 2);
  assert.match(r.err, /--context vs\.yaml is not a readable directory/);
  r = run(['check', '--contxt', '.'], ws);
  assert.equal(r.code, 2);
  assert.match(r.err, /unknown option "--contxt"/);
});
