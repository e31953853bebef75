// `.istio-ls.yaml` read by the CLI: found at the root (--context, else the
// current directory) or given with --config; flags win over it; mistakes in it
// are findings on it, never a crash.
import test from 'node:test';
import assert from 'node:assert/strict';
import { makeWorkspace } from '../helpers/lspClient.mjs';
import { run } from './run.mjs';

const VS = (name, extra = '') => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: ${name}
spec:
  hosts: ["${name}.example.com"]
  gateways: ["missing-gw"]
  http:
  - route:
    - destination:
        host: api.partner.example.com
${extra}`;

const rows = (r) => JSON.parse(r.out).map((x) => `${x.file}:${x.line}:${x.column} ${x.severity} ${x.code} ${x.resource}`);

test('the configuration at the root sets severities, excludes, known hosts and the default namespace', () => {
  const files = { 'apps/vs.yaml': VS('shop'), 'legacy/old.yaml': VS('old') };
  let r = run(['check', '.', '--format', 'json'], makeWorkspace(files));
  assert.equal(r.code, 1);
  // Without a chosen namespace, a namespace-less VirtualService's short gateway name is unknown (kubectl apply -n decides).
  assert.deepEqual(rows(r), [
    'apps/vs.yaml:11:15 error IST0101 VirtualService/default/shop',
    'legacy/old.yaml:11:15 error IST0101 VirtualService/default/old',
  ]);
  const config = `# istio-ls settings for this repository
defaultNamespace: shop
knownHosts: [api.partner.example.com]
exclude: ["legacy/**"]
severity:
  IST0101: warning
  ILS0209: warning
`;
  const ws = makeWorkspace({ ...files, '.istio-ls.yaml': config });
  r = run(['check', '.', '--format', 'json'], ws);
  assert.equal(r.code, 0, r.err);
  assert.deepEqual(rows(r), ['apps/vs.yaml:7:14 warning ILS0209 VirtualService/shop/shop']);
  // Flags win over the file.
  r = run(['check', '.', '--format', 'json', '--namespace', 'prod'], ws);
  assert.deepEqual(rows(r), ['apps/vs.yaml:7:14 warning ILS0209 VirtualService/prod/shop']);
  // A file named on the command line but excluded by the configuration is not checked, and the summary says so.
  r = run(['check', 'legacy/old.yaml', 'apps/vs.yaml'], ws);
  assert.match(r.out, /\n1 file checked: 0 errors, 1 warning, 0 notes\. 1 file skipped by the configuration's exclude\.\n$/);
});

test('--context finds the configuration in the repository root; --config points elsewhere', () => {
  const ws = makeWorkspace({ 'repo/apps/vs.yaml': VS('shop'), 'repo/.istio-ls.yaml': 'severity: { IST0101: "off" }\n', 'ci/strict.yaml': 'severity: { IST0101: error }\nregistry: complete\n' });
  let r = run(['check', 'repo/apps/vs.yaml', '--context', 'repo', '--format', 'json'], ws);
  assert.equal(r.code, 0);
  assert.deepEqual(rows(r), []);
  r = run(['check', 'repo/apps/vs.yaml', '--context', 'repo', '--config', 'ci/strict.yaml', '--format', 'json'], ws);
  assert.equal(r.code, 1);
  assert.equal(rows(r).length, 2);
  r = run(['check', 'repo', '--config', 'ci/nope.yaml'], ws);
  assert.equal(r.code, 2);
  assert.match(r.err, /cannot read the configuration .*ci\/nope\.yaml/);
});

test('mistakes in the configuration are findings on it; the valid settings still apply', () => {
  const config = `registry: partal
severity:
  IST0101: "off"
  ILS0330: warning
`;
  const ws = makeWorkspace({ 'vs.yaml': VS('shop'), '.istio-ls.yaml': config });
  const r = run(['check', '.', '--format', 'json'], ws);
  assert.equal(r.code, 1, 'an invalid configuration fails the check');
  const all = JSON.parse(r.out);
  assert.deepEqual(
    all.map((x) => `${x.file}:${x.line}:${x.column}-${x.endLine}:${x.endColumn} ${x.severity} ${x.code}`),
    ['.istio-ls.yaml:1:11-1:17 error ILS0010', '.istio-ls.yaml:4:3-4:10 warning ILS0011'],
  );
  assert.match(all[0].message, /registry must be "partial" or "complete" \(did you mean "partial"\?\)/);
  const text = run(['check', '.'], ws);
  assert.match(text.out, /^\.istio-ls\.yaml:1:11: error ILS0010: /);
});

test('a configuration that is not YAML is one finding, and the check still runs with the defaults', () => {
  const ws = makeWorkspace({ 'vs.yaml': VS('shop'), '.istio-ls.yaml': 'exclude: [unclosed\nregistry: complete\n' });
  const r = run(['check', '.', '--format', 'json'], ws);
  assert.equal(r.code, 1);
  assert.deepEqual(
    JSON.parse(r.out).map((x) => `${x.file} ${x.code}`),
    // The defaults: the host is missing; the short gateway name of a namespace-less VirtualService is unknown.
    ['.istio-ls.yaml ILS0010', 'vs.yaml IST0101'],
  );
});
