// `istio-ls check`: the JSON format is a contract, and so are the exit codes.
import test from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { makeWorkspace, LspClient, fileUri } from '../helpers/lspClient.mjs';
import { run, ROOT } from './run.mjs';

const BROKEN = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: shop
  namespace: shop
spec:
  hosts: ["shop.example.com"]
  gateways: ["missing"]
  http:
  - route:
    - destination:
        host: istio-ingressgateway.istio-system.svc.cluster.local
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: public
  namespace: shop
spec:
  selector:
    istio: ingressgateway
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["shop.example.com"]
`;

test('json format: one array, 1-based positions, resource key', () => {
  const ws = makeWorkspace({ 'shop/vs.yaml': BROKEN });
  const r = run(['check', '.', '--format', 'json'], ws);
  assert.equal(r.code, 1, r.err);
  const rows = JSON.parse(r.out);
  assert.deepEqual(rows, [
    {
      file: 'shop/vs.yaml',
      line: 8,
      column: 14,
      endLine: 8,
      endColumn: 23,
      severity: 'error',
      code: 'IST0101',
      message: rows[0].message,
      resource: 'VirtualService/shop/shop',
    },
  ]);
  assert.match(rows[0].message, /Gateway "missing" not found/);
});

test('exit 0 on a clean workspace, text format with a summary line', () => {
  const ws = makeWorkspace({ 'ok.yaml': BROKEN.replace('  gateways: ["missing"]\n', '') });
  const r = run(['check', ws]);
  assert.equal(r.code, 0, r.out + r.err);
  assert.equal(r.out, '1 file checked: 0 errors, 0 warnings, 0 notes.\n');
});

test('warnings only exit 0; file-level findings have resource null', () => {
  const ws = makeWorkspace({ 'chart/vs.yaml': 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: {{ .Values.name }}\n' });
  const r = run(['check', '--format=json', ws]);
  assert.equal(r.code, 0);
  const rows = JSON.parse(r.out);
  assert.equal(rows.length, 1);
  assert.equal(rows[0].code, 'ILS0002');
  assert.equal(rows[0].severity, 'information');
  assert.equal(rows[0].resource, null);
});

test('--namespace sets the default namespace', () => {
  const ws = makeWorkspace({ 'vs.yaml': BROKEN.replace('  namespace: shop\n', '') });
  const r = run(['check', 'vs.yaml', '--format', 'json', '--namespace', 'prod'], ws);
  assert.equal(JSON.parse(r.out)[0].resource, 'VirtualService/prod/shop');
});

test("a file's own findings name the resource where kustomize applies it, as the workspace's findings do", () => {
  const vs = ['apiVersion: networking.istio.io/v1', 'kind: VirtualService', 'metadata:', '  name: web', 'spec:', '  hosts: ["web"]', '  gateways: ["missing"]', '  http:', '  - timeout: 10sec', '    route:', '    - destination:', '        host: web', ''].join('\n');
  const ws = makeWorkspace({
    'base/vs.yaml': vs,
    'base/kustomization.yaml': 'resources: [vs.yaml]\n',
    'overlay/kustomization.yaml': 'namespace: shop\nresources: [../base]\n',
  });
  const rows = JSON.parse(run(['check', '.', '--format', 'json', '--no-cache'], ws).out);
  assert.deepEqual(rows.map((r) => [r.code, r.line, r.resource]), [
    ['ILS0209', 7, 'VirtualService/shop/web'],
    ['ILS0601', 9, 'VirtualService/shop/web'],
  ]);
  // Without the overlay, the default namespace.
  const alone = makeWorkspace({ 'base/vs.yaml': vs });
  const own = JSON.parse(run(['check', '.', '--format', 'json', '--no-cache'], alone).out);
  assert.deepEqual(own.find((r) => r.code === 'ILS0601')?.resource, 'VirtualService/default/web');
  assert.ok(own.every((r) => r.resource === 'VirtualService/default/web'));
});

test('bad usage and unreadable paths exit 2 with a clear message', () => {
  let r = run(['check', '--format', 'xml']);
  assert.equal(r.code, 2);
  assert.match(r.err, /--format must be text, json or sarif/);
  r = run(['check', '/no/such/path']);
  assert.equal(r.code, 2);
  assert.match(r.err, /cannot read \/no\/such\/path/);
  r = run(['frobnicate']);
  assert.equal(r.code, 2);
  assert.match(r.err, /unknown command/);
});

test('the examples: only the book-typos file has findings, exactly the book mistakes', () => {
  const r = run(['check', 'examples', '--format', 'json']);
  const rows = JSON.parse(r.out).map((x) => `${x.file}:${x.line}:${x.column} ${x.severity} ${x.code}`);
  const f = 'examples/book-typos/book-typos.yaml';
  assert.deepEqual(rows, [
    `${f}:24:13 hint ILS0501`,
    `${f}:33:7 error ILS0101`,
    `${f}:47:13 hint ILS0501`,
    `${f}:50:3 error IST0106`,
    `${f}:62:3 error IST0106`,
    `${f}:75:13 hint ILS0501`,
    `${f}:125:13 hint ILS0501`,
    `${f}:156:7 error IST0106`,
    `${f}:170:13 hint ILS0501`,
    `${f}:179:5 warning IST0132`,
    `${f}:180:5 warning IST0132`,
  ]);
  const messages = JSON.parse(r.out).map((x) => x.message);
  assert.match(messages[1], /Unquoted wildcard host \*\.foo\.com/);
  assert.match(messages[3], /Unknown field "Name" in "metadata"\. Did you mean "name"\?/);
  assert.match(messages[7], /Unknown field "ports" in "spec\.tls\.match"\. Did you mean "port"\?/);
  assert.equal(r.code, 1);
});

test('the CLI and the server agree on the same workspace', async (t) => {
  const ws = makeWorkspace(join(ROOT, 'examples'));
  const cli = JSON.parse(run(['check', '.', '--format', 'json'], ws).out);
  const client = new LspClient();
  t.after(() => client.shutdown());
  await client.initialize(ws);
  // The server says when the first full publish is done.
  await client.waitFor((m) => m.method === 'istio-ls/indexed', 20000, 'istio-ls/indexed');
  const fromServer = [];
  for (const [uri, diags] of client.diagnostics) {
    const file = decodeURIComponent(uri.slice(fileUri(ws).length + 1));
    for (const d of diags) fromServer.push(`${file}:${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1} ${d.code} ${d.message}`);
  }
  const fromCli = cli.map((x) => `${x.file}:${x.line}:${x.column}-${x.endLine}:${x.endColumn} ${x.code} ${x.message}`);
  assert.ok(fromCli.length > 0);
  assert.deepEqual(fromServer.sort(), fromCli.sort());
});

test('a path that is neither a file nor a directory exits 2 instead of hanging', () => {
  const r = run(['check', '/dev/zero']);
  assert.equal(r.code, 2);
  assert.match(r.err, /not a regular file or directory/);
});

test('the same workspace gives the same output on every run, whatever order the worker threads finish in', () => {
  // Enough files for the worker threads, of uneven sizes so they finish in varying order; the finding names every
  // DestinationRule of the host, in the order the index holds them.
  const files = {};
  for (let i = 0; i < 90; i++) {
    const padding = `# ${'x'.repeat(70)}\n`.repeat((i * 37) % 200);
    files[`rules/dr-${i}.yaml`] = `${padding}apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: reviews-${i}\n  namespace: shop\nspec:\n  host: reviews\n  subsets:\n  - name: v${i}\n    labels:\n      version: v${i}\n`;
  }
  files['vs.yaml'] = 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: reviews\n  namespace: shop\nspec:\n  hosts: [reviews]\n  http:\n  - route:\n    - destination:\n        host: reviews\n        subset: v999\n';
  const ws = makeWorkspace(files);
  const outputs = [];
  for (let i = 0; i < 4; i++) {
    const r = run(['check', '.', '--format', 'json', '--no-cache'], ws);
    assert.equal(r.code, 1, r.err);
    outputs.push(r.out);
  }
  const subset = JSON.parse(outputs[0]).find((f) => f.code === 'IST0101' && /v999/.test(f.message));
  assert.ok(subset, outputs[0]);
  assert.ok((subset.message.match(/reviews-\d+/g) ?? []).length >= 2, subset.message);
  for (const out of outputs.slice(1)) assert.equal(out, outputs[0]);
});

test('kustomize entries whose directories hold characters a uri escapes (v0.0.0+, a space) are followed', () => {
  const plugin = 'apiVersion: extensions.istio.io/v1alpha1\nkind: WasmPlugin\nmetadata: {name: wiretap, namespace: istio-ingress}\nspec:\n  selector: {matchLabels: {istio: ingressgateway}}\n';
  const component = (resources) => `apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources: [${resources}]\n`;
  const patch = 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\npatches:\n- patch: |-\n    apiVersion: extensions.istio.io/v1alpha1\n    kind: WasmPlugin\n    metadata: {name: any}\n    spec: {url: "oci://registry.example.com/wiretap:v1"}\n  target: {kind: WasmPlugin}\n';
  const files = {
    'components/configs/v0.0.0+/kustomization.yaml': component('wasm-plugin.yaml'),
    'components/configs/v0.0.0+/wasm-plugin.yaml': plugin,
    'components/image tag/kustomization.yaml': patch,
    'overlays/prod/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\ncomponents:\n- ../../components/configs/v0.0.0+\n- "../../components/image tag"\n',
  };
  // The url the component's patch adds is not missing.
  assert.deepEqual(JSON.parse(run(['check', '.', '--format', 'json'], makeWorkspace(files)).out), []);
  // Without the patch component in the build, it is.
  files['overlays/prod/kustomization.yaml'] = files['overlays/prod/kustomization.yaml'].replace('- "../../components/image tag"\n', '');
  const rows = JSON.parse(run(['check', '.', '--format', 'json'], makeWorkspace(files)).out);
  assert.deepEqual(rows.map((r) => `${r.file} ${r.code}`), ['components/configs/v0.0.0+/wasm-plugin.yaml IST0106']);
});
