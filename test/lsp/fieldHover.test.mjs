// Field documentation over stdio, as an editor shows it: hover on a key gives
// the description, the facts and the field's istio.io anchor; on a key that
// carries a finding, the editor already shows the finding's message in the
// same hover box, so the server's part keeps to the field's title and link.
import test from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { LspClient, makeWorkspace, fileUri, withCursor } from '../helpers/lspClient.mjs';

const DR = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
  namespace: prod
spec:
  host: reviews.prod.svc.cluster.local
  trafficPolicy:
    loadBalancer:
      simple: LEAST_REQUEST
    outlierDetection:
      consecutiveErrors: 3
      baseEjectionTime: 1m
`;

test('hover over stdio: facts and anchor on a key, the value meaning on an enum value, title and link only on a finding', async (t) => {
  const ws = makeWorkspace({ 'prod/dr.yaml': DR });
  const client = new LspClient();
  t.after(() => client.shutdown());
  await client.initialize(ws);
  const uri = fileUri(join(ws, 'prod/dr.yaml'));
  client.open(uri, DR);
  const diags = await client.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'IST0002'));
  const deprecated = diags.find((x) => x.code === 'IST0002');
  const hoverAt = async (needle, marked) => {
    const { position } = withCursor(DR.replace(needle, marked));
    const hover = await client.request('textDocument/hover', { textDocument: { uri }, position });
    return hover?.contents.value;
  };

  const field = await hoverAt('baseEjectionTime', 'base$0EjectionTime');
  assert.match(field, /^\*\*baseEjectionTime\*\* `string` — DestinationRule `trafficPolicy\.outlierDetection\.baseEjectionTime`\n\nHow long an ejected endpoint/);
  assert.match(field, /^- Default: `30s`$/m);
  assert.match(field, /\(https:\/\/istio\.io\/latest\/docs\/reference\/config\/networking\/destination-rule\/#OutlierDetection-base_ejection_time\)$/);

  const value = await hoverAt('LEAST_REQUEST', 'LEAST_$0REQUEST');
  assert.match(value, /^\*\*LEAST_REQUEST\*\* — value of `simple`/);
  assert.match(value, /fewest outstanding requests/);

  const { position } = withCursor(DR.replace('consecutiveErrors', 'consecutive$0Errors'));
  assert.equal(position.line, deprecated.range.start.line, 'the cursor is on the reported key');
  const onFinding = await hoverAt('consecutiveErrors', 'consecutive$0Errors');
  assert.equal(
    onFinding,
    '**consecutiveErrors** `number` — DestinationRule `trafficPolicy.outlierDetection.consecutiveErrors`\n\n' +
      '[OutlierDetection.consecutive_errors on istio.io](https://istio.io/latest/docs/reference/config/networking/destination-rule/#OutlierDetection-consecutive_errors)',
  );
});
