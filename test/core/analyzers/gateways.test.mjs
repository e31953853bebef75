// Gateway binding, host claims and the egress path: messages, related
// information and data of the findings. Every analyzer's case where it fires
// and its near misses are in test/fixtures/<CODE>/ (test/core/fixtures.test.mjs).
import test from 'node:test';
import assert from 'node:assert/strict';
import { core, findingsOf, load } from '../../helpers/fixture.mjs';
import { loadCase } from '../../helpers/cases.mjs';

/** Where the related information of each `code` finding in `path` points: `path:line:col text`. */
function relatedOf(fx, path, code) {
  return findingsOf(fx, path)
    .filter((f) => f.code === code)
    .map((f) =>
      (f.related ?? []).map((r) => {
        const file = fx.files.find((x) => x.uri === r.uri);
        assert.ok(file, `related uri ${r.uri} is a fixture file`);
        const p = new core.LineIndex(file.text).positionAt(r.span.start);
        return `${file.path}:${p.line}:${p.character} ${file.text.slice(r.span.start, r.span.end).split('\n')[0]}`;
      }),
    );
}

function only(fx, path, code) {
  const list = findingsOf(fx, path).filter((f) => f.code === code);
  assert.equal(list.length, 1, `one ${code} in ${path}`);
  return list[0];
}

// ---------------------------------------------------------------------------
// gatewayBinding.ts: IST0101 (gateway not found), ILS0205, IST0132

test('IST0101: missing gateway in gateways and in match[].gateways; ns/name resolves across namespaces', () => {
  const fx = loadCase('IST0101/gateway-missing-in-gateways-and-match-gateways.yaml');
  const messages = findingsOf(fx, '/shop/vs.yaml').filter((f) => f.code === 'IST0101').map((f) => f.message);
  assert.deepStrictEqual(messages, [
    'Gateway "edge/pubic-gw" not found in namespace edge: did you mean "edge/public-gw"?',
    // Without a namespace, the same name in another namespace is the likely meaning.
    'Gateway "public-gw" not found in namespace shop: did you mean "edge/public-gw"? A Gateway of another namespace is written namespace/name.',
    'Gateway "edge/pubic-gw" not found in namespace edge: did you mean "edge/public-gw"?',
  ]);
  // The did-you-mean points at the Gateway it suggests.
  assert.deepEqual(relatedOf(fx, '/shop/vs.yaml', 'IST0101'), [['/edge/gateway.yaml:2:18 public-gw'], ['/edge/gateway.yaml:2:18 public-gw'], ['/edge/gateway.yaml:2:18 public-gw']]);
});

test('ILS0205: legacy name.ns.svc.cluster.local binds (no IST0101) and gets a hint; a missing one is IST0101', () => {
  const fx = loadCase('ILS0205/legacy-gateway-fqdn-binds-with-hint.yaml');
  const hint = only(fx, '/shop/vs.yaml', 'ILS0205');
  assert.equal(hint.severity, 'hint');
  assert.deepEqual(hint.data, { gateway: 'public-gw.edge.svc.cluster.local', replacement: 'edge/public-gw' });
  assert.deepEqual(relatedOf(fx, '/shop/vs.yaml', 'ILS0205'), [['/edge/gateway.yaml:2:18 public-gw']]);
});

test('IST0132: host exposed only to another namespace (./host) does not bind; */host and bare hosts do', () => {
  const fx = loadCase('IST0132/host-exposed-only-to-another-namespace-does-not-bind.yaml');
  const f = only(fx, '/shop/vs.yaml', 'IST0132');
  // Consequence and fix in the first 100 characters; the hosts once, in the related information.
  assert.equal(f.message, 'Gateway edge/public-gw exposes none of these hosts to namespace shop: 404 there. Expose one, or bind to a Gateway that does.');
  assert.deepEqual(relatedOf(fx, '/shop/vs.yaml', 'IST0132'), [['/edge/gateway.yaml:6:4 port: { number: 80, name: http, protocol: HTTP }', '/shop/vs.yaml:4:2 hosts']]);
  assert.deepEqual(f.related.map((r) => r.message), ['Gateway edge/public-gw exposes ./internal.example.com, */shop.example.com, blog.example.com', 'VirtualService shop/internal has hosts internal.example.com']);
});

// ---------------------------------------------------------------------------
// gatewaySelector.ts: ILS0206 selector matches no workload in the workspace

test('ILS0206: a Gateway selector that no workload carries, with the near workload as related', () => {
  const fx = loadCase('ILS0206/gateway-selector-no-workload-carries.yaml');
  const f = only(fx, '/edge/gateway.yaml', 'ILS0206');
  assert.equal(f.severity, 'warning');
  assert.match(f.message, /selector app=edge-gateway matches no workload/);
  assert.match(f.message, /istio\.knownGatewayLabels/);
  assert.deepEqual(relatedOf(fx, '/edge/gateway.yaml', 'ILS0206'), [['/edge/deployment.yaml:2:18 edge-gw']]);
});

// ---------------------------------------------------------------------------
// meshHostConflict.ts: IST0109

test('IST0109: two mesh VirtualServices claim the same host (short name and FQDN) in different files', () => {
  const fx = loadCase('IST0109/two-mesh-virtualservices-claim-same-host.yaml');
  assert.deepEqual(relatedOf(fx, '/default/reviews.yaml', 'IST0109'), [['/default/reviews-canary.yaml:6:4 reviews.default.svc.cluster.local']]);
  assert.deepEqual(relatedOf(fx, '/default/reviews-canary.yaml', 'IST0109'), [['/default/reviews.yaml:5:4 reviews']]);
  assert.equal(only(fx, '/default/reviews.yaml', 'IST0109').severity, 'error');
});

// ---------------------------------------------------------------------------
// gatewayHostConflict.ts: ILS0201

test('ILS0201: two VirtualServices claim the same host on one Gateway (also through wildcards)', () => {
  const fx = loadCase('ILS0201/two-virtualservices-claim-same-host-on-one-gateway.yaml');
  assert.deepEqual(relatedOf(fx, '/shop/api.yaml', 'ILS0201'), [
    // The other VirtualService's clashing route, then the Gateway.
    ['/shop/api-v2.yaml:9:4 match: [{ uri: { prefix: / } }]', '/edge/gateway.yaml:2:18 public-gw'],
    ['/shop/api-v2.yaml:9:4 match: [{ uri: { prefix: / } }]', '/edge/gateway.yaml:2:18 public-gw'],
  ]);
  const [, wildcard] = findingsOf(fx, '/shop/api-v2.yaml').filter((f) => f.code === 'ILS0201');
  assert.match(wildcard.message, /^Host b\.foo\.com on Gateway edge\/public-gw: a catch-all route here and in VirtualService shop\/api\./);
});

// ---------------------------------------------------------------------------
// meshWildcardHost.ts: ILS0202 and matchGatewayNotListed.ts: ILS0203

test('ILS0203: a route matches mesh but mesh was dropped from gateways; listed gateways are fine', () => {
  const fx = loadCase('ILS0203/route-matches-mesh-dropped-from-gateways.yaml');
  assert.deepEqual(only(fx, '/app/egress.yaml', 'ILS0203').data, { gateway: 'mesh' });
});

test('ILS0204: external host bound to an egress Gateway (istio label, workload label, IstioMeshGateway) without mesh', () => {
  const fx = loadCase('ILS0204/external-host-bound-to-egress-gateway-without-mesh.yaml');
  const f = only(fx, '/app/google.yaml', 'ILS0204');
  assert.deepEqual(f.data, { gateway: 'mesh' });
  assert.match(f.message, /for google\.com is bound to the egress Gateway app\/gw-egress-google but not to "mesh"/);
  assert.deepEqual(relatedOf(fx, '/app/google.yaml', 'ILS0204'), [['/app/google.yaml:4:2 selector']]);
  assert.deepEqual(relatedOf(fx, '/smm/egress-demo.yaml', 'ILS0204'), [['/smm/egress-demo.yaml:16:2 selector']]);
});

// ---------------------------------------------------------------------------
// gatewayConflict.ts: IST0145

test('IST0145: same selector, same port, the same TLS host in two namespaces', () => {
  const fx = loadCase('IST0145/same-tls-host-in-two-namespaces.yaml');
  assert.deepEqual(relatedOf(fx, '/edge/a.yaml', 'IST0145'), [['/team/b.yaml:10:6 "team/shop.example.com"']]);
  assert.deepEqual(relatedOf(fx, '/team/b.yaml', 'IST0145'), [['/edge/a.yaml:8:6 shop.example.com']]);
  const f = only(fx, '/edge/a.yaml', 'IST0145');
  assert.equal(f.severity, 'error');
  assert.match(f.message, /Conflict with Gateway team\/wildcard-gw: both configure the workload selected by istio=ingressgateway on port 443/);
});

test('IST0145: two TCP servers on one port are said not to merge; HTTP and TCP are said not to share the port', () => {
  const tcp = (name) => `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: ${name}, namespace: edge }
spec:
  selector: { istio: ingressgateway }
  servers:
  - port: { number: 31400, name: tcp, protocol: TCP }
    hosts: ["*"]
`;
  const fx = load(`#- /edge/a.yaml\n${tcp('tcp-a')}#- /edge/b.yaml\n${tcp('tcp-b')}`);
  assert.match(only(fx, '/edge/a.yaml', 'IST0145').message, /Two TCP servers on one port do not merge: Istio keeps one, by creation order, and drops the other/);
  const mixed = loadCase('IST0145/http-and-tcp-on-one-port.yaml');
  const [f] = [...mixed.service.diagnostics().values()].flat().filter((x) => x.code === 'IST0145');
  assert.match(f.message, /Their protocols cannot share the port/);
});

// ---------------------------------------------------------------------------
// gatewayServicePort.ts: IST0162

test('IST0162: Gateway port that the fronting Service does not expose (port and targetPort both count)', () => {
  const fx = loadCase('IST0162/gateway-port-not-on-fronting-service.yaml');
  assert.deepEqual(relatedOf(fx, '/edge/gateway.yaml', 'IST0162'), [['/edge/deployment.yaml:11:18 edge-gw']]);
  assert.match(only(fx, '/edge/gateway.yaml', 'IST0162').message, /Port 9000 is not a port of the Service .* Service edge\/edge-gw exposes ports 80→8080, 443→8443, 9000/);
});

test('ILS0402: routing through an egress gateway under ALLOW_ANY, reported once on the first used egress Gateway', () => {
  const fx = loadCase('ILS0402/egress-gateway-under-allow-any-reported-once.yaml');
  const f = only(fx, '/b/egress.yaml', 'ILS0402');
  assert.equal(f.severity, 'information');
  assert.match(f.message, /IstioOperator istio-system\/control-plane sets outboundTrafficPolicy ALLOW_ANY/);
  assert.match(f.message, /REGISTRY_ONLY and add a NetworkPolicy/);
  assert.deepEqual(relatedOf(fx, '/b/egress.yaml', 'ILS0402'), [['/b/egress.yaml:12:18 example-org', '/istio-system/operator.yaml:6:12 ALLOW_ANY']]);
});

test('ILS0402 with the default policy (no mesh config in the workspace) says where ALLOW_ANY comes from', () => {
  const fx = loadCase('ILS0402/egress-gateway-under-default-allow-any.yaml');
  assert.match(only(fx, '/b/egress.yaml', 'ILS0402').message, /the setting istio\.outboundTrafficPolicy, Istio's default/);
});
