// Work the server does away from the user's requests, through the real
// server over stdio. Edits in a workspace the scan read with worker threads
// are summarised by the worker kept from the scan: their diagnostics are
// those of a fresh server on the edited text, a text the editor has moved on
// from is never taken in, and a document that is not a file stays on the
// main thread, alone. The worker script's answer to an editor's texts. And
// documents an editor opens are parsed for the features while it is quiet.
import test from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { LspClient, makeWorkspace, fileUri, SERVER } from '../helpers/lspClient.mjs';
import { core } from '../helpers/fixture.mjs';

const DR = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
  namespace: shop
spec:
  host: reviews
  subsets:
  - name: v1
    labels: {version: v1}
  - name: v2
    labels: {version: v2}
`;
const route = (subset) => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
  namespace: shop
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: {host: reviews, subset: ${subset}}
---
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata:
  name: s
  namespace: shop
spec:
  egress: [{ hosts: ["./*"] }]
`;
const service = (i) => `apiVersion: v1
kind: Service
metadata:
  name: svc-${i}
  namespace: other
spec:
  ports: [{ name: http, port: 80 }]
`;
// More files than one batch of the scan's pool (8), so the scan starts its worker threads.
const files = () => {
  const out = { 'dr.yaml': DR, 'route.yaml': route('v1') };
  for (let i = 0; i < 12; i++) out[`svc-${i}.yaml`] = service(i);
  return out;
};

const indexed = (client) => client.waitFor((m) => m.method === 'istio-ls/indexed', 30000, 'istio-ls/indexed').then((m) => m.params);
const waitForVersion = (client, uri, version) =>
  client.waitFor((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri && m.params.version === version, 10000, `diagnostics of version ${version}`).then((m) => m.params.diagnostics);
const shape = (diagnostics) => diagnostics.map((d) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.code} ${d.message}`).sort();
/** How many of the worker's summaries the server took in (its trace: "worker summaries … ms: N of M taken in"). */
const workerSummaries = (client) => [...client.stderr.matchAll(/worker summaries .*: (\d+) of \d+ taken in/g)].reduce((n, m) => n + Number(m[1]), 0);

/** A server over the workspace of files(), indexed, with its trace on stderr. */
async function tracedServer(t) {
  const ws = makeWorkspace(files());
  const client = new LspClient({ env: { ISTIO_LS_TRACE: '1' } });
  t.after(() => client.shutdown());
  await client.initialize(ws);
  await indexed(client);
  return { ws, client };
}

/** The diagnostics of `name` from a server started on a workspace holding `text` there: a fresh analysis. */
async function fresh(name, text) {
  const ws = makeWorkspace({ ...files(), [name]: text });
  const client = new LspClient();
  try {
    await client.initialize(ws);
    await indexed(client);
    const uri = fileUri(join(ws, name));
    client.open(uri, text, 1);
    return shape(await waitForVersion(client, uri, 1));
  } finally {
    await client.shutdown();
  }
}

test('edits in a workspace scanned by worker threads are summarised on the kept worker, with the findings of a fresh analysis', async (t) => {
  const { ws, client } = await tracedServer(t);
  const uri = fileUri(join(ws, 'route.yaml'));
  client.open(uri, route('v1'), 1);
  assert.deepEqual(await waitForVersion(client, uri, 1), []);

  // A subset the DestinationRule does not define, then the fix.
  client.change(uri, route('v9'), 2);
  const broken = await waitForVersion(client, uri, 2);
  assert.deepEqual(broken.map((d) => [d.code, d.range.start.line]), [['IST0101', 9]]);
  const viaWorker = workerSummaries(client);
  assert.ok(viaWorker >= 1, `the edit's summary came from the worker (trace: ${client.stderr.slice(-500)})`);
  client.change(uri, route('v2'), 3);
  assert.deepEqual(await waitForVersion(client, uri, 3), []);

  // A burst: only the last text counts, whatever the worker was given before it.
  const texts = ['v9', 'v1', 'v8', 'v2', 'v7'].map(route);
  texts.forEach((text, i) => client.change(uri, text, 4 + i));
  const last = texts.at(-1).replace('egress', 'egres');
  client.change(uri, last, 9);
  const final = await waitForVersion(client, uri, 9);
  assert.deepEqual(shape(final), await fresh('route.yaml', last));
  assert.deepEqual(final.map((d) => d.code).sort(), ['IST0101', 'IST0106']);
  assert.ok(workerSummaries(client) > viaWorker, 'the burst went to the worker too');
  // Every publish of the document carries the version it was analysed from: no older text came back.
  const versions = client.notifications.filter((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri).map((m) => m.params.version);
  assert.deepEqual(versions, [...versions].sort((a, b) => a - b));
});

test('with worker threads about, a document that is not a file is analysed alone on the main thread', async (t) => {
  const { client } = await tracedServer(t);
  const untitled = 'untitled:Untitled-1';
  // Alone: its findings are those of its text with nothing else (joined, the workspace's DestinationRule, which lacks v9,
  // would make the subset IST0101; alone, neither the host nor a rule for it is known).
  const text = route('v9').replace('egress', 'egres');
  client.open(untitled, text, 1);
  const alone = core.getLanguageService();
  alone.updateFile(untitled, text);
  const expected = alone.diagnostics().get(untitled).map((f) => f.code).sort();
  assert.deepEqual(expected, ['IST0106']);
  assert.deepEqual((await waitForVersion(client, untitled, 1)).map((d) => d.code).sort(), expected);
  assert.equal(workerSummaries(client), 0);
});

test("the worker script summarises an editor's texts under the options each message gives, as the main thread does", async (t) => {
  const worker = new Worker(join(SERVER, '..', 'summaryWorker.js'), { workerData: { defaultNamespace: 'default', maxFileSize: 1 << 20 } });
  t.after(() => worker.terminate());
  const ask = (message) =>
    new Promise((resolve) => {
      worker.once('message', resolve);
      worker.postMessage(message);
    });
  // No namespace in the text: the message's default namespace (not the one the worker started with) applies.
  const text = route('v1').replaceAll('  namespace: shop\n', '');
  const broken = 'kind: VirtualService\nspec: [\n';
  const reply = await ask({ id: 7, texts: [{ uri: 'file:///w/route.yaml', text }, { uri: 'file:///w/broken.yaml', text: broken }], options: { defaultNamespace: 'team', maxFileSize: 1 << 20 } });
  assert.equal(reply.id, 7);
  const service = core.getLanguageService({ defaultNamespace: 'team' });
  const here = [service.updateFile('file:///w/route.yaml', text), service.updateFile('file:///w/broken.yaml', broken)];
  assert.deepEqual(reply.texts.map((r) => r.resources.map((x) => `${x.kind} ${x.namespace}/${x.name}`)), [['VirtualService team/reviews', 'Sidecar team/s'], []]);
  assert.deepEqual(reply.texts.map((r) => JSON.parse(JSON.stringify(r))), here.map((s) => JSON.parse(JSON.stringify(s))));
});

test('documents an editor opens are parsed for the features once the client is quiet, the newest first, and not once closed', async (t) => {
  const { ws, client } = await tracedServer(t);
  const [dr, routeUri, closed] = ['dr.yaml', 'route.yaml', 'svc-0.yaml'].map((f) => fileUri(join(ws, f)));
  client.open(dr, DR, 1);
  client.open(closed, service(0), 1);
  client.open(routeUri, route('v1'), 1);
  client.notify('textDocument/didClose', { textDocument: { uri: closed } });
  const prepared = () => [...client.stderr.matchAll(/prepared (\S+)/g)].map((m) => m[1]);
  for (let waited = 0; prepared().length < 2 && waited < 10000; waited += 20) await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(prepared(), [routeUri, dr]);
  // The features answer from the prepared trees as from their own parse.
  const hover = await client.request('textDocument/hover', { textDocument: { uri: routeUri }, position: { line: 9, character: 44 } });
  assert.match(hover.contents.value, /v1/);
});
