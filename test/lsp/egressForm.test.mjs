// The egress command driven as any LSP client would: `istio/egressForm` for
// defaults, choices and per-field errors, then `workspace/executeCommand`
// with the chosen items' arguments merged. No VS Code involved.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LspClient, makeWorkspace, fileUri, applyEdits, withCursor } from '../helpers/lspClient.mjs';

const ENTRIES = `apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: maps
  namespace: default
spec:
  hosts: [maps.example.com]
  ports: [{number: 443, name: tls, protocol: TLS}]
  resolution: DNS
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: partner
  namespace: payments
spec:
  hosts: [api.partner.com]
  ports: [{number: 443, name: tls, protocol: TLS}]
  resolution: DNS
`;
/** The cursor on the second ServiceEntry's name. */
const ON_PARTNER = withCursor(ENTRIES.replace('name: partner', 'name: p$0artner')).position;
const MESH_GATEWAY = `apiVersion: servicemesh.cisco.com/v1alpha1
kind: IstioMeshGateway
metadata:
  name: egress-demo
  namespace: egress-system
spec:
  type: egress
  istioControlPlane: {name: cp-v115x, namespace: istio-system}
  service:
    type: ClusterIP
    ports:
    - name: http
      port: 80
      protocol: TCP
      targetPort: 8080
`;

function merge(args, more) {
  const out = { ...args, ...more };
  if (args.options || more.options) out.options = { ...(args.options ?? {}), ...(more.options ?? {}) };
  return out;
}

async function start(t) {
  const ws = makeWorkspace({ 'payments/entries.yaml': ENTRIES, 'egress/mesh-gateway.yaml': MESH_GATEWAY });
  const client = new LspClient();
  t.after(() => client.shutdown());
  await client.initialize(ws, { workspace: { configuration: true, applyEdit: true, workspaceEdit: { documentChanges: true, resourceOperations: ['create'] } } });
  await client.waitFor((m) => m.method === 'istio-ls/indexed', 30000, 'istio-ls/indexed');
  return { client, ws, uri: (rel) => fileUri(join(ws, rel)) };
}

test('istio/egressForm: defaults from the resource under the cursor, choices, and errors per field', async (t) => {
  const { client, uri } = await start(t);
  const entries = uri('payments/entries.yaml');
  client.open(entries, ENTRIES, 1);
  // The cursor on the second ServiceEntry's name: its namespace and host, not the file's first ones.
  const form = await client.request('istio/egressForm', { textDocument: { uri: entries }, position: ON_PARTNER, arguments: {} });
  assert.deepEqual(form.defaults, { host: 'api.partner.com', namespace: 'payments' });
  assert.deepEqual(form.missing, ['host', 'protocol', 'namespace', 'target']);
  assert.deepEqual(form.errors, []);
  assert.deepEqual(
    form.variants.map((v) => v.arguments),
    [
      { protocol: 'http', port: 80 },
      { protocol: 'https-passthrough', port: 443 },
      { protocol: 'tls-origination', port: 443 },
      { protocol: 'mutual-tls', port: 443 },
    ],
  );
  assert.deepEqual(
    form.gateways.map((g) => [g.label, g.arguments.options.meshGateway, g.arguments.api]),
    [
      ['istio-egressgateway', false, 'istio'],
      ['egress-demo', true, 'istio'],
      ['New mesh gateway (IstioMeshGateway) in payments', true, 'istio'],
      ['New dedicated egress gateway on its own nodes (IstioOperator)', false, 'istio'],
      ['New egress Gateway of the Kubernetes Gateway API in payments', false, 'gateway-api'],
      ['New dedicated egress Gateway of the Kubernetes Gateway API in payments, on its own nodes', false, 'gateway-api'],
    ],
  );
  // Where the bundle can go: a new file in the folder that holds the namespace's resources, or the end of this file.
  assert.deepEqual(
    form.targets.map((c) => c.arguments.target),
    [
      { uri: uri('payments/egress-api-partner-com.yaml'), mode: 'newFile' },
      { uri: entries, mode: 'append' },
    ],
  );
  const elsewhere = await client.request('istio/egressForm', { arguments: { host: 'api.partner.com', namespace: 'nowhere' } });
  assert.deepEqual(elsewhere.targets, [], 'no folder holds that namespace and no file is open');

  const wrong = await client.request('istio/egressForm', { arguments: { host: '*.partner.com', protocol: 'tls-origination', port: 80, namespace: 'Pay_ments', target: entries } });
  assert.deepEqual(
    wrong.errors.map((e) => e.field),
    ['host', 'port', 'namespace'],
  );
  assert.match(wrong.errors[1].message, /cannot be 80/);
});

test('choosing an existing IstioMeshGateway (another namespace): the bundle changes it only when allowed in the form, which says why; then no IST0162', async (t) => {
  const { client, uri } = await start(t);
  const entries = uri('payments/entries.yaml');
  let args = { host: 'api.partner.com', namespace: 'payments' };
  const form = await client.request('istio/egressForm', { textDocument: { uri: entries }, position: ON_PARTNER, arguments: args });
  args = merge(args, form.variants.find((v) => v.arguments.protocol === 'https-passthrough').arguments);
  args = merge(args, form.gateways.find((g) => g.label === 'egress-demo').arguments);
  for (const o of form.options) if (o.picked) args = merge(args, o.arguments);
  const target = form.targets.find((c) => c.arguments.target.mode === 'newFile');
  assert.deepEqual(target.arguments.target, { uri: uri('payments/egress-api-partner-com.yaml'), mode: 'newFile' }, 'the folder that holds the namespace');
  args = merge(args, target.arguments);
  const check = await client.request('istio/egressForm', { arguments: args });
  assert.deepEqual([check.missing, check.errors], [[], []]);

  // By default another namespace's resource is left alone: the command stops and says what and why.
  const refused = await client.request('workspace/executeCommand', { command: 'istio.routeThroughEgress', arguments: [args] });
  assert.equal(refused.applied, false);
  assert.match(refused.error, /other namespaces, which their teams own: IstioMeshGateway egress-system\/egress-demo \(add port 443 to its Service\)/);
  assert.equal(client.appliedEdits, undefined, 'nothing applied');
  // The form, asked again after the gateway was chosen, offers the option, unpicked, with the reason.
  const own = check.options.find((o) => o.label === "Change other namespaces' resources");
  assert.deepEqual([own.description, own.detail, own.picked, own.arguments], ['IstioMeshGateway egress-system/egress-demo', 'Needed: add port 443 to its Service. Off: the bundle stops and says what to change', false, { options: { editOtherNamespaces: true } }]);
  const first = await client.request('istio/egressForm', { arguments: { host: 'api.partner.com', namespace: 'payments', protocol: 'https-passthrough' } });
  assert.ok(!first.options.some((o) => o.label === own.label), "Istio's default egress gateway needs no change elsewhere: no such option");
  args = merge(args, own.arguments);

  const response = await client.request('workspace/executeCommand', { command: 'istio.routeThroughEgress', arguments: [args] });
  assert.equal(response.applied, true, JSON.stringify(response));
  // Apply the edit like an editor, then open every changed file with its new text.
  const [edit] = client.appliedEdits;
  const texts = new Map();
  for (const change of edit.documentChanges) {
    if (change.kind === 'create') texts.set(change.uri, '');
    else {
      const uri = change.textDocument.uri;
      const before = texts.get(uri) ?? readFileSync(new URL(uri), 'utf8');
      texts.set(uri, applyEdits(before, change.edits));
    }
  }
  // The chosen IstioMeshGateway (in another namespace) gets the bundle's port; no second one is made.
  assert.ok(texts.has(uri('egress/mesh-gateway.yaml')), JSON.stringify([...texts.keys()]));
  assert.doesNotMatch(texts.get(uri('payments/egress-api-partner-com.yaml')), /kind: IstioMeshGateway/);
  let version = 1;
  for (const [u, text] of texts) client.open(u, text, version++);
  for (const [u] of texts) {
    const diagnostics = await client.waitFor((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === u && m.params.version !== undefined, 10000, u).then((m) => m.params.diagnostics);
    // Information notes (ILS0402: ALLOW_ANY lets workloads go around the gateway) may stay; nothing else.
    assert.deepEqual(diagnostics.filter((d) => d.severity < 3).map((d) => `${d.code} ${d.message}`), [], u);
  }
});

test('istio/egressForm right after the host: already routed (stop, with where), the bundle file exists, and the defaults to accept', async (t) => {
  const routed = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: partner-via-egress
  namespace: payments
spec:
  hosts: [api.partner.com]
  gateways: [mesh]
  tls:
  - match: [{gateways: [mesh], port: 443, sniHosts: [api.partner.com]}]
    route: [{destination: {host: istio-egressgateway.istio-system.svc.cluster.local, port: {number: 443}}}]
`;
  const ws = makeWorkspace({ 'payments/entries.yaml': ENTRIES, 'payments/egress-api-partner-com.yaml': routed });
  const client = new LspClient();
  t.after(() => client.shutdown());
  await client.initialize(ws, { workspace: { configuration: true, applyEdit: true, workspaceEdit: { documentChanges: true, resourceOperations: ['create'] } } });
  await client.waitFor((m) => m.method === 'istio-ls/indexed', 30000, 'istio-ls/indexed');
  const file = fileUri(join(ws, 'payments/egress-api-partner-com.yaml'));
  const form = await client.request('istio/egressForm', { arguments: { host: 'api.partner.com', namespace: 'payments' } });
  assert.deepEqual(form.notices, [
    {
      message: 'api.partner.com is already routed through the egress gateway istio-egressgateway.istio-system.svc.cluster.local by VirtualService payments/partner-via-egress.',
      stop: true,
      location: { uri: file, range: { start: { line: 3, character: 8 }, end: { line: 3, character: 26 } } },
    },
    {
      message: 'egress-api-partner-com.yaml already exists in the folder of namespace payments: a new bundle goes to egress-api-partner-com-2.yaml, or append to it.',
      location: { uri: file, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } },
    },
  ]);
  assert.deepEqual(
    form.targets.map((c) => [c.label, c.arguments.target]),
    [
      ['New file egress-api-partner-com-2.yaml', { uri: fileUri(join(ws, 'payments/egress-api-partner-com-2.yaml')), mode: 'newFile' }],
      ['Append to egress-api-partner-com.yaml', { uri: file, mode: 'append' }],
    ],
  );
  assert.deepEqual(form.accept, {
    summary: "HTTP on port 80, namespace payments, Istio's egress gateway, ServiceEntry scoped with exportTo; written to egress-api-partner-com-2.yaml",
    arguments: {
      host: 'api.partner.com',
      protocol: 'http',
      port: 80,
      namespace: 'payments',
      options: { exportTo: true, networkPolicy: false, meshGateway: false, dedicatedGateway: false, editOtherNamespaces: false },
      target: { uri: fileUri(join(ws, 'payments/egress-api-partner-com-2.yaml')), mode: 'newFile' },
    },
  });
  // The accepted defaults are complete arguments, and the command then says plainly that nothing needs writing.
  const check = await client.request('istio/egressForm', { arguments: form.accept.arguments });
  assert.deepEqual([check.missing, check.errors], [[], []]);
  const response = await client.request('workspace/executeCommand', { command: 'istio.routeThroughEgress', arguments: [form.accept.arguments] });
  assert.deepEqual(response, {
    applied: false,
    alreadyRouted: {
      message: 'api.partner.com is already routed through the egress gateway istio-egressgateway.istio-system.svc.cluster.local by VirtualService payments/partner-via-egress: nothing to write.',
      location: { uri: file, range: { start: { line: 3, character: 8 }, end: { line: 3, character: 26 } } },
    },
  });
  assert.equal(client.appliedEdits, undefined);
});
