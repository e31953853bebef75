// The egress bundle's Gateway API flavour (istio.io's "Gateway API" tabs).
// Every variant with every option, added to the bundled example workspace,
// must give no finding in the files it writes and no new finding anywhere
// (TLS passthrough: only the ILS0815 note on its TLSRoutes' v1alpha2);
// the routes, the Gateway and the rules read back from the index agree with
// each other. The generated text is pinned per variant; reuse of the
// examples' egress Gateway (already routed, a listener added) and the form's
// choices have their own tests.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { applyWorkspaceEdit, findingKeys, serviceOf } from './helpers.mjs';
import { exampleTexts } from './examples.mjs';

const HOST = 'api.example.com';
const VARIANTS = {
  http: { listener: ['http', 80, 'HTTP', undefined], route: 'HTTPRoute', upstream: 80, mtls: false, originate: false },
  'https-passthrough': { listener: ['tls', 443, 'TLS', 'Passthrough'], route: 'TLSRoute', upstream: 443, mtls: false, originate: false },
  'tls-origination': { listener: ['https-80', 80, 'HTTPS', 'Terminate'], route: 'HTTPRoute', upstream: 443, mtls: true, originate: true },
  'mutual-tls': { listener: ['https', 443, 'HTTPS', 'Terminate'], route: 'HTTPRoute', upstream: 443, mtls: true, originate: true },
};

function scaffold(texts, request) {
  const service = serviceOf(texts);
  return { service, result: service.scaffoldEgress({ api: 'gateway-api', ...request }, (u) => texts.get(u)) };
}

/** Applies the bundle to the examples; asserts that nothing new is reported anywhere. */
function addToExamples(request) {
  const texts = exampleTexts();
  const { service, result } = scaffold(texts, request);
  assert.equal(result.error, undefined, result.error);
  assert.equal(result.alreadyRouted, undefined);
  const after = applyWorkspaceEdit(texts, result.edit);
  const s2 = serviceOf(after);
  const before = findingKeys(service, texts);
  const added = findingKeys(s2, after).filter((k) => !before.includes(k));
  assert.deepStrictEqual(findingKeys(s2, after).filter((k) => before.includes(k)), before, 'no finding of the examples changes');
  // TLS passthrough writes TLSRoute v1alpha2, as istio.io's task does: its two routes get the ILS0815 note on their version, nothing else.
  const notes = request.protocol === 'https-passthrough' ? 2 : 0;
  assert.equal(added.length, notes, `findings the bundle adds: ${added.join('; ')}`);
  const file = result.uris[0].replace('file:///ws', '');
  assert.ok(added.every((k) => k === `${file} ILS0815 "gateway.networking.k8s.io/v1alpha2"`), added.join('; '));
  return { after, result, snapshot: s2.snapshot() };
}

function routes(snap, ns, kind) {
  return snap.resources.filter((r) => r.namespace === ns && r.kind === kind && r.data.kind === 'KubeRoute');
}

/** The bundle's resources, read back from the index, agree on names, ports and hosts. */
function assertBundle(snap, variant, ns, options) {
  const v = VARIANTS[variant];
  const [listenerName, port, protocol, tlsMode] = v.listener;
  const gws = snap.resources.filter((r) => r.namespace === ns && r.data.kind === 'KubeGateway');
  assert.equal(gws.length, 1);
  const gw = gws[0];
  assert.equal(gw.data.className.value, 'istio');
  const l = gw.data.listeners.find((x) => x.name.value === listenerName);
  assert.deepStrictEqual([l.port.value, l.protocol, l.tlsMode, l.hostname.value], [port, protocol, tlsMode, HOST]);
  const service = `${gw.name}-istio`;
  assert.ok(gw.data.installs.hosts.includes(`${service}.${ns}.svc.cluster.local`));
  const ses = snap.lookupHost(HOST, ns).serviceEntries;
  assert.equal(ses.length, 1);
  assert.deepStrictEqual(ses[0].data.exportTo, options.exportTo === false ? ['*'] : ['.']);
  const rs = routes(snap, ns, v.route);
  assert.equal(rs.length, 2, `two ${v.route}s`);
  const [mesh, out] = rs;
  assert.deepStrictEqual(mesh.data.parentRefs.map((p) => [p.kind, p.name.value]), [['ServiceEntry', ses[0].name]]);
  assert.deepStrictEqual(mesh.data.backendRefs.map((b) => [b.kind, b.name.value, b.port.value]), [['Service', service, port]]);
  assert.deepStrictEqual(out.data.parentRefs.map((p) => [p.kind, p.name.value, p.sectionName.value]), [['Gateway', gw.name, listenerName]]);
  assert.deepStrictEqual(out.data.hostnames.map((h) => h.value), [HOST]);
  assert.deepStrictEqual(out.data.backendRefs.map((b) => [b.kind, b.name.value, b.port.value]), [['Hostname', HOST, v.upstream]]);
  assert.equal(mesh.apiVersion, v.route === 'TLSRoute' ? 'gateway.networking.k8s.io/v1alpha2' : 'gateway.networking.k8s.io/v1');
  const gwRules = snap.destinationRulesFor(`${service}.${ns}.svc.cluster.local`, ns);
  assert.equal(gwRules.length, v.mtls ? 1 : 0, 'the rule for the gateway Service');
  const tls = snap.destinationRulesFor(HOST, ns).flatMap((r) => r.data.tls);
  assert.deepStrictEqual(tls.map((t) => [t.mode, t.hasCa]), v.originate ? [['SIMPLE', true]] : []);
  const policies = snap.resources.filter((r) => r.kind === 'NetworkPolicy' && r.namespace === ns && r.name.startsWith('egress-only-via-'));
  assert.equal(policies.length, options.networkPolicy ? 1 : 0);
}

for (const variant of Object.keys(VARIANTS)) {
  for (const exportTo of [true, false]) {
    for (const networkPolicy of [false, true]) {
      for (const ns of ['application', 'payments']) {
        test(`Gateway API bundle ${variant} (exportTo ${exportTo ? 'on' : 'off'}, NetworkPolicy ${networkPolicy ? 'on' : 'off'}) in ${ns}: clean in the examples, resources agree`, () => {
          const options = { exportTo, networkPolicy };
          const { snapshot } = addToExamples({ host: HOST, protocol: variant, namespace: ns, options, target: `file:///ws/examples/${ns}/egress-api-example-com.yaml` });
          assertBundle(snapshot, variant, ns, options);
        });
      }
    }
  }
}

const EXPECTED = new URL('./expected/', import.meta.url);
const expected = (name) => fs.readFileSync(fileURLToPath(new URL(name, EXPECTED)), 'utf8');

for (const variant of Object.keys(VARIANTS)) {
  test(`Gateway API bundle ${variant}: the whole generated file`, () => {
    const target = 'file:///ws/examples/payments/egress-api-example-com.yaml';
    const { after, result } = addToExamples({ host: HOST, protocol: variant, namespace: 'payments', target, options: { networkPolicy: variant === 'mutual-tls' } });
    assert.deepStrictEqual(result.uris, [target]);
    if (process.env.UPDATE_GOLDEN) fs.writeFileSync(fileURLToPath(new URL(`gateway-api-${variant}.yaml`, EXPECTED)), after.get(target));
    assert.equal(after.get(target), expected(`gateway-api-${variant}.yaml`));
  });
}

test('Gateway API bundle for the host the examples already send through their egress Gateway: nothing to write, and where', () => {
  const texts = exampleTexts();
  const { result } = scaffold(texts, { host: 'httpbin.org', protocol: 'http', namespace: 'store', target: 'file:///ws/examples/gateway-api/egress-httpbin-org.yaml' });
  assert.equal(result.error, undefined);
  assert.deepStrictEqual(result.edit.documentChanges, []);
  assert.match(result.alreadyRouted.message, /already routed through the egress Gateway's Service httpbin-egress-gateway-istio by HTTPRoute store\/direct-httpbin-to-egress-gateway/);
  assert.equal(result.alreadyRouted.uri, 'file:///ws/examples/gateway-api/egress-httpbin.yaml');
});

test('Gateway API bundle on the chosen egress Gateway of the examples: a listener is added for the host, the rest is new, all clean', () => {
  const target = 'file:///ws/examples/gateway-api/egress-api-example-com.yaml';
  const { after, result } = addToExamples({ host: HOST, protocol: 'http', namespace: 'store', egressGateway: { gatewayName: 'httpbin-egress-gateway' }, target });
  const gwFile = 'file:///ws/examples/gateway-api/egress-httpbin.yaml';
  assert.deepStrictEqual(result.uris, [target, gwFile]);
  assert.ok(result.notes.some((n) => n.includes('Added the listener "http-api-example-com"')), result.notes.join('\n'));
  const before = exampleTexts().get(gwFile);
  const listener = ['  - name: http-api-example-com', '    hostname: api.example.com', '    port: 80', '    protocol: HTTP', '    allowedRoutes:', '      namespaces:', '        from: Same', ''].join('\n');
  const anchor = '        from: Same\n---\napiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute';
  assert.equal(after.get(gwFile), before.replace(anchor, `        from: Same\n${listener}---\napiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute`));
  assert.doesNotMatch(after.get(target), /kind: Gateway\n/);
  assert.match(after.get(target), /parentRefs:\n {2}- name: httpbin-egress-gateway\n {4}sectionName: http-api-example-com/);
});

test('Gateway API bundle on a chosen Gateway whose port carries another protocol: stops with the reason', () => {
  const texts = exampleTexts();
  const { result } = scaffold(texts, { host: HOST, protocol: 'https-passthrough', port: 443, namespace: 'store', egressGateway: { gatewayName: 'httpbin-egress-gateway', port: 80 }, target: 'file:///ws/examples/gateway-api/x.yaml' });
  assert.match(result.error, /Gateway store\/httpbin-egress-gateway uses port 80 for HTTP \(listener "http"\), not TLS/);
  assert.deepStrictEqual(result.edit.documentChanges, []);
});

test('the egress form offers the Gateway API flavour: the namespace\'s Gateways of class istio, and a new one', () => {
  const service = serviceOf(exampleTexts());
  const form = service.egressForm({ host: HOST, namespace: 'store' });
  const api = form.gateways.filter((g) => g.arguments.api === 'gateway-api');
  assert.deepStrictEqual(
    api.map((g) => [g.label, g.arguments.egressGateway]),
    [
      ['httpbin-egress-gateway (Gateway API)', { gatewayName: 'httpbin-egress-gateway' }],
      ['New egress Gateway of the Kubernetes Gateway API in store', null],
      ['New dedicated egress Gateway of the Kubernetes Gateway API in store, on its own nodes', null],
    ],
  );
  assert.ok(form.gateways.filter((g) => g.arguments.api !== 'gateway-api').every((g) => g.arguments.api === 'istio'));
});
