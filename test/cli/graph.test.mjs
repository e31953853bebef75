// `istio-ls graph` as a user runs it: the traffic map of a two-team workspace
// (test/cli/graph-workspace) in each format against golden files, the filters,
// and bad usage. UPDATE_GOLDEN=1 rewrites the golden files after a deliberate change.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { run, ROOT } from './run.mjs';

const WS = 'test/cli/graph-workspace';
const golden = (name, text) => {
  const file = path.join(ROOT, 'test/cli/expected', name);
  if (process.env.UPDATE_GOLDEN) fs.writeFileSync(file, text);
  assert.equal(text, fs.readFileSync(file, 'utf8'));
};

for (const [format, file] of [['mermaid', 'graph.mmd'], ['dot', 'graph.dot'], ['json', 'graph.json']]) {
  test(`istio-ls graph --format ${format} prints the workspace's traffic map`, () => {
    const r = run(['graph', WS, '--format', format, '--no-cache']);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.err, '');
    golden(file, r.out);
  });
}

test('mermaid is the default format; the red edge of the undefined subset is styled', () => {
  const r = run(['graph', WS, '--no-cache']);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^flowchart LR\n/);
  assert.match(r.out, /\{\{"subset canary of cart: not defined"\}\}/);
  assert.match(r.out, /linkStyle \d+ stroke:#c00/);
});

test('--host keeps the chain through one host; --show-namespace one team; --around one resource', () => {
  const ids = (args) => JSON.parse(run(['graph', WS, '--format', 'json', '--no-cache', ...args]).out).nodes.map((n) => n.id).sort();
  const egress = ids(['--host', 'api.processor.example']);
  assert.ok(egress.includes('ServiceEntry/payments/processor') && egress.includes('mesh'));
  assert.ok(!egress.some((id) => id.includes('shop')), egress.join('\n'));
  const shop = ids(['--show-namespace', 'shop']);
  assert.ok(shop.includes('Service/shop/cart') && !shop.some((id) => id.includes('payments')), shop.join('\n'));
  assert.deepEqual(ids(['--around', 'VirtualService/payments/processor-via-egress']), egress);
});

test('the JSON gives each node its file and 1-based position', () => {
  const graph = JSON.parse(run(['graph', WS, '--format', 'json', '--no-cache']).out);
  const vs = graph.nodes.find((n) => n.id === 'VirtualService/shop/shop');
  assert.deepEqual(vs.at, { file: 'test/cli/graph-workspace/shop/ingress.yaml', line: 10, column: 1, endLine: 24, endColumn: 1 });
});

test('bad usage exits 2 with the graph usage; --help exits 0', () => {
  for (const args of [['--format', 'svg'], ['--around', 'cart'], ['--min-severity', 'error'], ['--host']]) {
    const r = run(['graph', WS, ...args]);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.err, /Usage: istio-ls graph/);
  }
  const help = run(['graph', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.out, /^Usage: istio-ls graph/);
});
