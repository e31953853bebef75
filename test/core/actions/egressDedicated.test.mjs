// The egress command's "dedicated egress gateway" option (a gateway workload
// of its own, on its own nodes): the IstioOperator entry, or the Gateway API
// Gateway's infrastructure.parametersRef, is written with the bundle, the
// bundle's Gateway selects that workload only, and the examples stay clean.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { applyWorkspaceEdit, findingKeys, serviceOf } from './helpers.mjs';
import { exampleTexts } from './examples.mjs';

const HOST = 'api.example.com';
const TARGET = 'file:///ws/examples/payments/egress-api-example-com.yaml';
const SIDE = 'file:///ws/examples/payments/istio-egressgateway-dedicated.yaml';
const DEDICATED = 'istio-egressgateway-dedicated.istio-system.svc.cluster.local';
const expected = (name) => fs.readFileSync(fileURLToPath(new URL(`./expected/${name}`, import.meta.url)), 'utf8');

/** Applies the bundle to `texts`; nothing new is reported anywhere, and its own files are clean. */
function apply(texts, request) {
  const service = serviceOf(texts);
  const result = service.scaffoldEgress(request, (u) => texts.get(u));
  assert.equal(result.error, undefined, result.error);
  const after = applyWorkspaceEdit(texts, result.edit);
  const s2 = serviceOf(after);
  // The Gateway API's TLS passthrough writes TLSRoute v1alpha2 as istio.io does: exactly its two routes get the ILS0815 version note.
  const note = (k) => k.endsWith(' ILS0815 "gateway.networking.k8s.io/v1alpha2"');
  const notes = request.api === 'gateway-api' && request.protocol === 'https-passthrough' ? 2 : 0;
  assert.equal(findingKeys(s2, after).filter(note).length - findingKeys(service, texts).filter(note).length, notes, 'version notes the bundle adds');
  assert.deepStrictEqual(findingKeys(s2, after).filter((k) => !note(k)), findingKeys(service, texts).filter((k) => !note(k)), 'findings before and after the bundle');
  for (const uri of result.uris) if (!texts.has(uri)) assert.deepStrictEqual((s2.diagnostics().get(uri) ?? []).filter((f) => f.code !== 'ILS0815').map((f) => `${f.code} ${f.message}`), [], `findings in ${uri}`);
  return { after, result, snap: s2.snapshot() };
}

const request = (variant, more = {}) => ({ host: HOST, protocol: variant, namespace: 'payments', target: TARGET, ...more, options: { dedicatedGateway: true, ...(more.options ?? {}) } });

for (const variant of ['http', 'https-passthrough', 'tls-origination', 'mutual-tls']) {
  test(`dedicated egress gateway, ${variant}: an IstioOperator of its own, the Gateway selects its label only, all clean`, () => {
    const { result, snap } = apply(exampleTexts(), request(variant));
    assert.deepStrictEqual(result.uris, [TARGET, SIDE]);
    const installed = snap.workloads.filter((w) => w.resource.name === 'istio-egressgateway-dedicated');
    assert.equal(installed.length, 1, 'the IstioOperator installs the gateway');
    assert.equal(installed[0].labels.istio, 'egressgateway-dedicated');
    const gw = snap.resources.find((r) => r.kind === 'Gateway' && r.namespace === 'payments' && r.data.servers?.some((s) => s.hosts.some((h) => h.value === HOST)));
    assert.deepStrictEqual(gw.data.selector, { istio: 'egressgateway-dedicated' });
    // Istio's default egress gateway pods are not selected by it, nor the dedicated pods by the default selector.
    const selected = snap.workloads.filter((w) => Object.entries(gw.data.selector).every(([k, v]) => w.labels[k] === v));
    assert.deepStrictEqual(selected.map((w) => w.resource.name), ['istio-egressgateway-dedicated']);
    const vs = snap.virtualServices.find((r) => r.data.hosts.some((h) => h.value === HOST));
    assert.equal(vs.data.routes[0].destinations[0].host.value, DEDICATED);
    assert.equal(snap.destinationRulesFor(DEDICATED, 'payments').length, 1, 'the subset rule is for the dedicated gateway');
  });
}

test('dedicated egress gateway: the whole IstioOperator file (nodeSelector, tolerations, own label), and the notes', () => {
  const { after, result } = apply(exampleTexts(), request('http'));
  assert.equal(after.get(SIDE), expected('dedicated-istiooperator.yaml'));
  assert.match(after.get(TARGET), /selector:\n {4}istio: egressgateway-dedicated\n/);
  assert.ok(result.notes.some((n) => n === `Wrote IstioOperator istio-egressgateway-dedicated to ${SIDE}.`), result.notes.join('\n'));
});

test('dedicated egress gateway: node labels and tolerations from the arguments; a bad name is a field error', () => {
  const { after } = apply(
    exampleTexts(),
    request('http', { dedicatedGateway: { nodeSelector: { pool: 'dmz' }, tolerations: [{ key: 'pool', operator: 'Exists', effect: 'NoExecute' }] } }),
  );
  assert.match(after.get(SIDE), /nodeSelector:\n {10}pool: dmz\n {8}tolerations:\n {8}- key: pool\n {10}operator: Exists\n {10}effect: NoExecute\n/);
  const service = serviceOf(exampleTexts());
  const bad = service.scaffoldEgress(request('http', { dedicatedGateway: { name: 'Bad_Name' } }), () => undefined);
  assert.deepStrictEqual(bad.errors.map((e) => e.field), ['dedicatedGateway']);
  assert.deepStrictEqual(bad.edit.documentChanges, []);
});

test('dedicated egress gateway: a second bundle uses the gateway the first one installs, and writes no second IstioOperator', () => {
  const first = apply(exampleTexts(), request('http'));
  const target = 'file:///ws/examples/payments/egress-other-example-com.yaml';
  const { result, snap } = apply(first.after, { ...request('http'), host: 'other.example.com', target });
  // The new file, and the first bundle's Gateway (same gateway, same port), which gets the host.
  assert.deepStrictEqual(result.uris, [target, TARGET]);
  assert.ok(result.notes.some((n) => /Used the dedicated egress gateway istio-system\/istio-egressgateway-dedicated/.test(n)), result.notes.join('\n'));
  assert.equal(snap.resources.filter((r) => r.kind === 'IstioOperator' && r.name === 'istio-egressgateway-dedicated').length, 1);
});

for (const variant of ['http', 'https-passthrough', 'tls-origination', 'mutual-tls']) {
  test(`dedicated egress Gateway of the Gateway API, ${variant}: infrastructure.parametersRef to a ConfigMap that places its pods, all clean`, () => {
    const { after, snap } = apply(exampleTexts(), request(variant, { api: 'gateway-api' }));
    const gw = snap.resources.find((r) => r.kind === 'Gateway' && r.apiVersion.startsWith('gateway.networking.k8s.io') && r.namespace === 'payments' && r.uri === TARGET);
    assert.ok(gw, 'a new Gateway API Gateway in the bundle file');
    const text = after.get(TARGET);
    assert.match(text, new RegExp(`infrastructure:\\n {4}parametersRef:\\n {6}group: ""\\n {6}kind: ConfigMap\\n {6}name: ${gw.name}-placement\\n`));
    assert.match(text, new RegExp(`kind: ConfigMap\\nmetadata:\\n  name: ${gw.name}-placement\\n  namespace: payments\\ndata:\\n  deployment: \\|\\n    spec:\\n      template:\\n        spec:\\n          nodeSelector:\\n            dedicated: "egress"\\n          tolerations:\\n          - key: "dedicated"\\n`));
    assert.equal(after.has(SIDE), false, 'no IstioOperator: Istio deploys the Gateway');
  });
}

test('the egress form offers the dedicated gateway among the gateways, in both flavours', () => {
  const service = serviceOf(exampleTexts());
  const form = service.egressForm({ host: HOST, namespace: 'payments' });
  const dedicated = form.gateways.filter((g) => g.arguments.options?.dedicatedGateway === true);
  assert.deepStrictEqual(
    dedicated.map((g) => [g.label, g.arguments.api]),
    [
      ['New dedicated egress gateway on its own nodes (IstioOperator)', 'istio'],
      ['New dedicated egress Gateway of the Kubernetes Gateway API in payments, on its own nodes', 'gateway-api'],
    ],
  );
  // Every other choice switches the option off, so a change of mind in the form is not sticky.
  assert.ok(form.gateways.filter((g) => !dedicated.includes(g)).every((g) => g.arguments.options?.dedicatedGateway === false));
  assert.equal(dedicated[0].detail, 'Own label; nodes dedicated=egress, tolerating dedicated=egress:NoSchedule');
  // QuickPick rows cut long details: each stays short.
  for (const g of form.gateways) assert.ok((g.detail ?? '').length <= 100, `${g.label}: ${g.detail}`);
});
