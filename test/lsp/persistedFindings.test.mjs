// The findings persisted beside the summaries, through the real server over
// stdio: a restart that finds every file as it was publishes them without
// analysing first, and they are never used when anything they were computed
// from differs (a file changed or deleted on disk, an editor's unsaved text,
// the settings), nor when the stored file is damaged.
import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LspClient, makeWorkspace, fileUri } from '../helpers/lspClient.mjs';

const GATEWAY = `apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: gw
  namespace: shop
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["shop.example.com"]
`;
// Bound to the Gateway of the other file: clean while that file has it, ILS0209 once it is gone (IST0101 for another name while it is there).
const ROUTE = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: shop
  namespace: shop
spec:
  hosts: ["shop.example.com"]
  gateways: [gw]
  http:
  - route:
    - destination: {host: shop.shop.svc.cluster.local}
`;
const TYPO = ROUTE.replace('destination', 'destnation');

const codes = (client, uri) => (client.diagnostics.get(uri) ?? []).map((d) => d.code).sort();

async function session(ws, storagePath, { settings = {}, open } = {}) {
  const client = new LspClient({ settings });
  await client.initialize(ws, {}, { storagePath });
  if (open) client.open(open.uri, open.text, 1);
  const indexed = (await client.waitFor((m) => m.method === 'istio-ls/indexed', 30000, 'istio-ls/indexed')).params;
  // Let the analysis that follows persisted findings run, and whatever it corrects arrive.
  await new Promise((r) => setTimeout(r, 400));
  const result = { indexed, route: codes(client, fileUri(join(ws, 'route.yaml'))), gateway: codes(client, fileUri(join(ws, 'gateway.yaml'))) };
  assert.equal(await client.shutdown(), 0, client.stderr);
  return result;
}

test('an unchanged workspace publishes the persisted findings; a change on disk, unsaved text or new settings is analysed', async (t) => {
  const ws = makeWorkspace({ 'gateway.yaml': GATEWAY, 'route.yaml': TYPO });
  const storagePath = mkdtempSync(join(tmpdir(), 'istio-ls-findings-'));
  t.after(() => rmSync(storagePath, { recursive: true, force: true }));

  const cold = await session(ws, storagePath);
  assert.equal(cold.indexed.persistedFindings, false, 'nothing persisted yet');
  assert.deepEqual(cold.route, ['IST0106']);

  const warm = await session(ws, storagePath);
  assert.equal(warm.indexed.fromCache, 2);
  assert.equal(warm.indexed.persistedFindings, true, 'the unchanged workspace reuses its findings');
  assert.deepEqual(warm.route, ['IST0106']);
  assert.deepEqual(warm.gateway, []);

  // The Gateway's file deleted on disk: a cross-file finding appears, the stored findings are not used.
  rmSync(join(ws, 'gateway.yaml'));
  const deleted = await session(ws, storagePath);
  assert.equal(deleted.indexed.persistedFindings, false);
  assert.deepEqual(deleted.route, ['ILS0209', 'IST0106']);
  // Back as it was: the findings persisted for that state are right again.
  writeFileSync(join(ws, 'gateway.yaml'), GATEWAY);
  const restored = await session(ws, storagePath);
  assert.deepEqual(restored.route, ['IST0106']);

  // A file changed on disk (same length, other bytes).
  writeFileSync(join(ws, 'route.yaml'), ROUTE.replace('gateways: [gw]', 'gateways: [gx]'));
  const changed = await session(ws, storagePath);
  assert.equal(changed.indexed.persistedFindings, false);
  assert.deepEqual(changed.route, ['IST0101']);
  writeFileSync(join(ws, 'route.yaml'), TYPO);
  await session(ws, storagePath);

  // The editor restores a tab with unsaved text: that text's findings, not the disk's.
  const unsaved = await session(ws, storagePath, { open: { uri: fileUri(join(ws, 'route.yaml')), text: ROUTE } });
  assert.equal(unsaved.indexed.persistedFindings, false);
  assert.deepEqual(unsaved.route, []);
  // ... and a tab with the disk's text gets the disk's findings (persisted or not: that depends on when the tab opens).
  const sameText = await session(ws, storagePath, { open: { uri: fileUri(join(ws, 'route.yaml')), text: TYPO } });
  assert.deepEqual(sameText.route, ['IST0106']);

  // Other settings: the code turned off.
  const off = await session(ws, storagePath, { settings: { diagnostics: { severity: { IST0106: 'off' } } } });
  assert.equal(off.indexed.persistedFindings, false);
  assert.deepEqual(off.route, []);

  // A damaged file is ignored.
  assert.equal((await session(ws, storagePath)).indexed.persistedFindings, false, 'one set of findings is kept: those of the last settings');
  assert.equal((await session(ws, storagePath)).indexed.persistedFindings, true);
  const file = join(storagePath, 'istio-ls-findings-v1.json');
  const good = readFileSync(file, 'utf8');
  for (const bad of [good.slice(0, good.length / 2), 'garbage', good.replace(/"code":"IST0106"/, '"code":7')]) {
    assert.notEqual(bad, good);
    writeFileSync(file, bad);
    const damaged = await session(ws, storagePath);
    assert.equal(damaged.indexed.persistedFindings, false);
    assert.deepEqual(damaged.route, ['IST0106']);
  }
});
