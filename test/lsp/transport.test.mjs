// The server's stdio transport (its own message writer, lsp/frameWriter.ts):
// many messages written in one turn (corked into one write) arrive whole and
// in order, and the server ends when the editor closes its input, as
// vscode-languageserver's does.
import test from 'node:test';
import assert from 'node:assert/strict';
import { LspClient, makeWorkspace, fileUri } from '../helpers/lspClient.mjs';

const VS = (i) => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: vs-${i}
  namespace: shop
spec:
  hosts: [reviews-${i}]
  http:
  - route:
    - destination: {host: reviews-${i}, subset: v1}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews-${i}
  namespace: shop
spec:
  host: reviews-${i}
  subsets: [{name: v2, labels: {version: v2}}]
`;

test('every open document gets its versioned diagnostics before istio-ls/indexed, each message whole', async (t) => {
  const files = Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`shop/vs-${i}.yaml`, VS(i)]));
  const ws = makeWorkspace(files);
  const client = new LspClient();
  t.after(() => client.shutdown());
  await client.initialize(ws);
  // An editor restoring its tabs opens them all at once, as the scan starts.
  client.together(() => {
    for (const [rel, text] of Object.entries(files)) client.open(fileUri(`${ws}/${rel}`), text, 3);
  });
  await client.waitFor((m) => m.method === 'istio-ls/indexed', 60000, 'istio-ls/indexed');
  const indexedAt = client.notifications.findIndex((m) => m.method === 'istio-ls/indexed');
  const before = client.notifications.slice(0, indexedAt).filter((m) => m.method === 'textDocument/publishDiagnostics');
  for (const rel of Object.keys(files)) {
    const uri = fileUri(`${ws}/${rel}`);
    const published = before.filter((m) => m.params.uri === uri);
    assert.equal(published.length, 1, `one publish of ${rel} before istio-ls/indexed`);
    assert.equal(published[0].params.version, 3);
    // Each file's own rule lacks the subset: each file has its finding.
    assert.deepEqual(
      published[0].params.diagnostics.map((d) => d.code),
      ['IST0101'],
    );
  }
});

test('the server ends when the editor closes its input: exit code 0 after shutdown, 1 without', async () => {
  const ws = makeWorkspace({ 'shop/vs.yaml': VS(0) });
  const plain = new LspClient();
  await plain.initialize(ws);
  await plain.waitFor((m) => m.method === 'istio-ls/indexed', 20000, 'istio-ls/indexed');
  plain.proc.stdin.end();
  assert.equal(await plain.exited, 1);

  const polite = new LspClient();
  await polite.initialize(ws);
  await polite.request('shutdown', null);
  polite.proc.stdin.end();
  assert.equal(await polite.exited, 0);
});
