// `--istio-version` (CLI) and `istio.version` (server setting): the same
// findings for the same release.
import test from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { makeWorkspace, LspClient, fileUri } from '../helpers/lspClient.mjs';
import { run, ROOT } from './run.mjs';

const TELEMETRY = `apiVersion: telemetry.istio.io/v1
kind: Telemetry
metadata: { name: egress-no-propagation, namespace: istio-system }
spec:
  selector: { matchLabels: { istio: egressgateway } }
  tracing:
  - disableContextPropagation: true
`;

test('--istio-version reports a field newer than the release; the default does not', () => {
  const ws = makeWorkspace({ 'telemetry.yaml': TELEMETRY });
  assert.equal(run(['check', '.'], ws).code, 0);
  const r = run(['check', '.', '--format', 'json', '--istio-version', '1.29'], ws);
  assert.equal(r.code, 1, r.err);
  const rows = JSON.parse(r.out);
  assert.deepEqual(
    rows.map((x) => [x.line, x.column, x.code]),
    [[7, 5, 'IST0106']],
  );
  assert.match(rows[0].message, /needs Istio 1\.30 or later/);
  assert.equal(run(['check', '.', '--istio-version=1.30.2'], ws).code, 0);
});

test('--istio-version rejects what is not an Istio release', () => {
  const r = run(['check', '.', '--istio-version', 'latest'], ROOT);
  assert.equal(r.code, 2);
  assert.match(r.err, /--istio-version must be an Istio release such as 1\.29/);
});

test('the server reads istio.version from its settings', async (t) => {
  const ws = makeWorkspace({ 'telemetry.yaml': TELEMETRY });
  const client = new LspClient({ settings: { version: '1.29' } });
  t.after(() => client.shutdown());
  await client.initialize(ws);
  await client.waitFor((m) => m.method === 'istio-ls/indexed', 10000, 'istio-ls/indexed');
  const diags = client.diagnostics.get(fileUri(join(ws, 'telemetry.yaml'))) ?? [];
  assert.deepEqual(diags.map((d) => [d.range.start.line, d.range.start.character, d.code]), [[6, 4, 'IST0106']]);
});
