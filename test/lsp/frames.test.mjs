// The server's framing over stdio (lsp/frameWriter.ts): every message is one
// `Content-Length` header counting the UTF-8 bytes of its body, also for
// non-ASCII text and for an answer larger than a pipe's buffer; and the
// server still exits when the client closes its input.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { LspClient, SERVER, makeWorkspace, fileUri, withCursor } from '../helpers/lspClient.mjs';

const gateway = (i) => `apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: gateway-number-${i}
  namespace: ns-${i % 7}
spec:
  selector:
    istio: ingressgateway
  servers:
  - port: { number: 80, name: http, protocol: HTTP }
    hosts: ["*/host-${i}.example.com"]
`;
const ROUTE = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: café
  namespace: shop
spec:
  hosts: ["shop.example.com"]
  gateways:
  - $0
`;

test('frames count UTF-8 bytes: a non-ASCII hover and a completion list larger than a pipe buffer arrive whole', async (t) => {
  const files = {};
  for (let i = 0; i < 400; i++) files[`gw/${i}.yaml`] = gateway(i);
  const ws = makeWorkspace(files);
  const client = new LspClient();
  t.after(() => client.shutdown());
  // Every frame the client reads is checked: its header's length is the byte length of a body that parses.
  const frames = [];
  const onData = client.onData.bind(client);
  client.onData = (chunk) => {
    frames.push(chunk);
    onData(chunk);
  };
  await client.initialize(ws);
  await client.waitFor((m) => m.method === 'istio-ls/indexed', 30000);
  const uri = fileUri(join(ws, 'route.yaml'));
  const { text, position } = withCursor(ROUTE);
  client.open(uri, text, 1);
  const list = await client.request('textDocument/completion', { textDocument: { uri }, position });
  assert.equal(list.items.length, 401, 'every Gateway and mesh');
  assert.ok(JSON.stringify(list).length > 65536, 'larger than a pipe buffer');
  client.change(uri, ROUTE.replace('  - $0\n', '  - ns-1/gateway-number-1\n'), 2);
  const onReference = await client.request('textDocument/hover', { textDocument: { uri }, position: withCursor(ROUTE.replace('  - $0\n', '  - ns-1/gateway-number-$01\n')).position });
  assert.match(onReference.contents.value, /\*\*Gateway\*\* `ns-1\/gateway-number-1` — /);
  const symbols = await client.request('textDocument/documentSymbol', { textDocument: { uri } });
  assert.equal(symbols[0].name, 'VirtualService shop/café');
  const raw = Buffer.concat(frames);
  let at = 0;
  let count = 0;
  while (at < raw.length) {
    const headerEnd = raw.indexOf('\r\n\r\n', at);
    const length = Number(/^Content-Length: (\d+)$/.exec(raw.subarray(at, headerEnd).toString('ascii'))[1]);
    JSON.parse(raw.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8'));
    at = headerEnd + 4 + length;
    count++;
  }
  assert.equal(at, raw.length);
  assert.ok(count > 3);
});

test('the server exits when the client closes its input without a shutdown', async () => {
  const proc = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const exited = new Promise((resolve) => proc.on('exit', (code) => resolve(code)));
  proc.stdin.end();
  const timer = setTimeout(() => proc.kill('SIGKILL'), 10000);
  const code = await exited;
  clearTimeout(timer);
  assert.equal(code, 1, 'exit code 1: no shutdown came first');
});
