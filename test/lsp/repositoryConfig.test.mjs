// The server reads the workspace's `.istio-ls.yaml` as the CLI does: its
// settings win over the editor's, its mistakes are diagnostics on it, and a
// change to it on disk re-checks the workspace.
import test from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeWorkspace, LspClient, fileUri } from '../helpers/lspClient.mjs';

const VS = (name) => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: ${name}
  namespace: shop
spec:
  hosts: ["${name}.example.com"]
  gateways: ["missing-gw"]
  http:
  - route:
    - destination:
        host: ${name}
`;

const codes = (diags) => diags.map((d) => `${d.range.start.line}:${d.range.start.character} ${d.code} ${d.severity}`);

test('the configuration file sets severities and excludes, and its own mistakes are diagnostics on it', async (t) => {
  const ws = makeWorkspace({
    'apps/vs.yaml': VS('shop'),
    'legacy/old.yaml': VS('old'),
    '.istio-ls.yaml': 'exclude: ["legacy/**"]\nseverity:\n  ILS0209: warning\nregistry: partal\n',
  });
  // The editor says error; the repository's file wins.
  const client = new LspClient({ settings: { diagnostics: { severity: { ILS0209: 'error' } } } });
  t.after(() => client.shutdown());
  await client.initialize(ws);
  await client.waitFor((m) => m.method === 'istio-ls/indexed', 20000, 'istio-ls/indexed');
  const vsUri = fileUri(join(ws, 'apps/vs.yaml'));
  const configUri = fileUri(join(ws, '.istio-ls.yaml'));
  assert.deepEqual(codes(client.diagnostics.get(vsUri) ?? []), ['7:13 ILS0209 2']);
  assert.equal(client.diagnostics.get(fileUri(join(ws, 'legacy/old.yaml'))), undefined, 'excluded by the configuration');
  const onConfig = await client.waitForDiagnostics(configUri, (d) => d.length === 1);
  assert.deepEqual(codes(onConfig), ['3:10 ILS0010 1']);
  assert.match(onConfig[0].message, /registry must be "partial" or "complete"/);

  // Fixed on disk: the configuration's diagnostics clear and the new severity applies.
  writeFileSync(join(ws, '.istio-ls.yaml'), 'exclude: ["legacy/**"]\nseverity:\n  ILS0209: "off"\n');
  client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: configUri, type: 2 }] });
  await client.waitForDiagnostics(configUri, (d) => d.length === 0);
  await client.waitForDiagnostics(vsUri, (d) => d.length === 0);
});
