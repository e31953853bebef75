// The egress-gateway bundle. Every variant with every combination of options,
// added to the bundled example workspace, must give no finding in the files
// it writes or changes and no new finding anywhere; the resources must agree
// with each other (checked on the index). The generated text is pinned for
// each variant, and reuse, file naming and argument reading have their own
// tests.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { core } from '../../helpers/fixture.mjs';
import { applyWorkspaceEdit, findingKeys, serviceOf } from './helpers.mjs';
import { exampleTexts } from './examples.mjs';

const VARIANTS = {
  http: { gatewayPort: 80, protocol: 'HTTP', tlsMode: undefined, appPort: 80, upstream: 80, originate: false, routes: 'http' },
  'https-passthrough': { gatewayPort: 443, protocol: 'TLS', tlsMode: 'PASSTHROUGH', appPort: 443, upstream: 443, originate: false, routes: 'tls' },
  'tls-origination': { gatewayPort: 80, protocol: 'HTTP', tlsMode: undefined, appPort: 80, upstream: 443, originate: true, routes: 'http' },
  'mutual-tls': { gatewayPort: 443, protocol: 'HTTPS', tlsMode: 'ISTIO_MUTUAL', appPort: 80, upstream: 443, originate: true, routes: 'http' },
};
const HOST = 'api.example.com';
const EGRESS = 'istio-egressgateway.istio-system.svc.cluster.local';

function scaffold(texts, request) {
  const service = serviceOf(texts);
  const result = service.scaffoldEgress(request, (u) => texts.get(u));
  return { service, result };
}

/** Applies the bundle to the examples; asserts nothing new is reported anywhere. */
function addToExamples(request) {
  const texts = exampleTexts();
  const { service, result } = scaffold(texts, request);
  assert.equal(result.error, undefined, result.error);
  const after = applyWorkspaceEdit(texts, result.edit);
  const s2 = serviceOf(after);
  assert.deepStrictEqual(findingKeys(s2, after), findingKeys(service, texts), 'findings before and after the bundle');
  for (const uri of result.uris) {
    const own = texts.has(uri) ? [] : (s2.diagnostics().get(uri) ?? []);
    assert.deepStrictEqual(own.map((f) => `${f.code} ${f.message}`), [], `findings in the new file ${uri}`);
  }
  return { texts, after, result, snapshot: s2.snapshot() };
}

function sameLabels(a, b) {
  return JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());
}

/** The bundle's resources, read back from the index, agree on hosts, ports, names and subsets. */
function assertBundle(snap, { variant, ns, options }) {
  const v = VARIANTS[variant];
  const meshGw = options.meshGateway;
  const serviceHost = meshGw ? `egress-gateway.${ns}.svc.cluster.local` : EGRESS;
  const selector = meshGw ? { 'gateway-name': 'egress-gateway', 'gateway-type': 'egress' } : { istio: 'egressgateway' };
  const vss = snap.virtualServices.filter((r) => r.data.hosts.some((h) => h.value === HOST));
  assert.equal(vss.length, 1, 'one VirtualService for the host');
  const vs = vss[0];
  assert.equal(vs.namespace, ns);
  const gwRefs = vs.data.gateways.map((g) => g.value);
  assert.ok(gwRefs.includes('mesh'), 'bound to mesh');
  const gwRef = gwRefs.find((g) => g !== 'mesh');
  const [gwNs, gwName] = gwRef.includes('/') ? gwRef.split('/') : [ns, gwRef];
  const gw = snap.findGateway(gwNs, gwName);
  assert.ok(gw, `Gateway ${gwRef} exists`);
  assert.ok(sameLabels(gw.data.selector, selector), 'the Gateway selects the egress gateway');
  const server = gw.data.servers.find((s) => s.port?.number === v.gatewayPort && s.hosts.some((h) => h.value === HOST || h.value === `./${HOST}`));
  assert.ok(server, `the Gateway exposes ${HOST} on ${v.gatewayPort}`);
  assert.equal(server.port.protocol, v.protocol);
  assert.equal(server.tlsMode, v.tlsMode);
  const routes = vs.data.routes;
  assert.deepStrictEqual(routes.map((r) => r.protocol), [v.routes, v.routes]);
  const [meshLeg, gwLeg] = routes;
  assert.deepStrictEqual(meshLeg.matchGateways.map((g) => g.value), ['mesh']);
  assert.deepStrictEqual(meshLeg.matchPorts, [v.appPort]);
  assert.equal(meshLeg.destinations[0].host.value, serviceHost);
  assert.equal(meshLeg.destinations[0].port.number, v.gatewayPort);
  const subset = meshLeg.destinations[0].subset.value;
  assert.deepStrictEqual(gwLeg.matchGateways.map((g) => g.value), [gwRef]);
  assert.deepStrictEqual(gwLeg.matchPorts, [v.gatewayPort]);
  assert.equal(gwLeg.destinations[0].host.value, HOST);
  assert.equal(gwLeg.destinations[0].port.number, v.upstream);
  if (v.routes === 'tls') for (const r of routes) assert.deepStrictEqual(r.sniHosts.map((h) => h.value), [HOST]);
  const rules = snap.destinationRulesFor(serviceHost, ns);
  const withSubset = rules.flatMap((r) => r.data.subsets).filter((s) => s.name.value === subset);
  assert.equal(withSubset.length, 1, `one subset ${subset}`);
  assert.equal(withSubset[0].tls?.mode, variant === 'mutual-tls' ? 'ISTIO_MUTUAL' : undefined);
  const ses = snap.lookupHost(HOST, ns).serviceEntries;
  assert.equal(ses.length, 1, 'one ServiceEntry for the host');
  const ports = ses[0].data.ports.map((p) => `${p.number}/${p.protocol}`);
  assert.ok(ports.includes(`${v.appPort}/${v.routes === 'tls' ? 'TLS' : 'HTTP'}`), `app port in ${ports}`);
  if (v.originate) assert.ok(ports.includes(`${v.upstream}/HTTPS`), `upstream port in ${ports}`);
  // The egress gateway's namespace must see the host and the gateway route.
  const gwPodNs = meshGw ? ns : 'istio-system';
  assert.ok(snap.isRegistered(HOST, gwPodNs), `${HOST} visible in ${gwPodNs}`);
  if (v.originate) {
    const tls = snap.destinationRulesFor(HOST, gwPodNs).flatMap((r) => r.data.tls);
    assert.deepStrictEqual(tls.map((t) => [t.mode, t.hasCa]), [['SIMPLE', true]]);
  }
  const policies = snap.resources.filter((r) => r.kind === 'NetworkPolicy' && r.namespace === ns && r.name.startsWith('egress-only-via-'));
  assert.equal(policies.length, options.networkPolicy ? 1 : 0);
  const meshGateways = snap.resources.filter((r) => r.kind === 'IstioMeshGateway' && r.namespace === ns);
  assert.equal(meshGateways.length, meshGw ? 1 : 0);
  if (meshGw) {
    assert.equal(meshGateways[0].data.gatewayType, 'egress');
    assert.deepStrictEqual(meshGateways[0].data.ports.map((p) => [p.number, p.targetPort > 1024]), [[v.gatewayPort, true]]);
  }
  // The examples have no ServiceEntry for api.example.com: this one is the bundle's.
  assert.deepStrictEqual(ses[0].data.exportTo, options.exportTo ? (meshGw ? ['.'] : ['.', 'istio-system']) : ['*']);
}

const OPTION_SETS = [];
for (const exportTo of [true, false]) for (const networkPolicy of [false, true]) for (const meshGateway of [false, true]) OPTION_SETS.push({ exportTo, networkPolicy, meshGateway });

for (const variant of Object.keys(VARIANTS)) {
  for (const options of OPTION_SETS) {
    for (const ns of ['application', 'payments']) {
      const label = Object.entries(options)
        .map(([k, on]) => `${k} ${on ? 'on' : 'off'}`)
        .join(', ');
      test(`bundle ${variant} (${label}) in ${ns}: clean in the examples, resources agree`, () => {
        const { snapshot } = addToExamples({ host: HOST, protocol: variant, namespace: ns, options, target: { uri: `file:///ws/examples/${ns}/egress-api-example-com.yaml`, mode: 'newFile' } });
        assertBundle(snapshot, { variant, ns, options });
      });
    }
  }
}

const EXPECTED = new URL('./expected/', import.meta.url);
const expected = (name) => fs.readFileSync(fileURLToPath(new URL(name, EXPECTED)), 'utf8');

for (const variant of Object.keys(VARIANTS)) {
  test(`bundle ${variant}: the whole generated file (new namespace, default options)`, () => {
    const target = 'file:///ws/examples/payments/egress-api-example-com.yaml';
    const { after, result } = addToExamples({ host: HOST, protocol: variant, namespace: 'payments', target });
    assert.deepStrictEqual(result.uris, [target]);
    assert.equal(after.get(target), expected(`${variant}.yaml`));
  });
}

test('bundle mutual-tls with a NetworkPolicy, an IstioMeshGateway and exportTo off: the whole generated file', () => {
  const target = 'file:///ws/examples/payments/egress-api-example-com.yaml';
  const { after } = addToExamples({
    host: HOST,
    protocol: 'mutual-tls',
    namespace: 'payments',
    options: { networkPolicy: true, meshGateway: true, exportTo: false },
    target,
  });
  assert.equal(after.get(target), expected('mutual-tls-all-options.yaml'));
});

test('bundle http in application: shares the gateway workload through gw-egress-google, writes its own DestinationRule, leaves dr-egress-google alone', () => {
  const target = 'file:///ws/examples/application/egress-api-example-com.yaml';
  const { texts, after, result } = addToExamples({ host: HOST, protocol: 'http', namespace: 'application', target });
  const google = 'file:///ws/examples/application/egress-google.yaml';
  assert.deepStrictEqual(result.uris, [target, google]);
  // One line added to the google bundle's Gateway (a second server for the gateway port would conflict), nothing else.
  assert.deepStrictEqual(addedLines(texts.get(google), after.get(google)), ['    - api.example.com']);
  const created = after.get(target);
  assert.deepStrictEqual(created.match(/^kind: \w+/gm), ['kind: ServiceEntry', 'kind: DestinationRule', 'kind: VirtualService']);
  assert.match(created, /gateways:\n  - gw-egress-google\n  - mesh\n/);
  assert.deepStrictEqual(result.notes, [
    `Wrote ServiceEntry api-example-com, DestinationRule egress-api-example-com, VirtualService api-example-com-via-egress-gateway to ${target}.`,
    'Added api.example.com to Gateway application/gw-egress-google (port 80).',
  ]);
});

/** The lines of `after` that are not in `before`, when `after` only adds lines. */
function addedLines(before, after) {
  const a = before.split('\n');
  const out = [];
  let i = 0;
  for (const line of after.split('\n')) {
    if (i < a.length && a[i] === line) i++;
    else out.push(line);
  }
  assert.equal(i, a.length, 'every line of the original is still there, in order');
  return out;
}

// A small workspace of its own for the reuse tests.
const ROOT = 'file:///ws';
function workspace(files) {
  return new Map(Object.entries(files).map(([p, t]) => [ROOT + p, t]));
}
const MESH = `apiVersion: install.istio.io/v1alpha1
kind: IstioOperator
metadata: {name: cp, namespace: istio-system}
spec:
  meshConfig:
    outboundTrafficPolicy: {mode: REGISTRY_ONLY}
`;

function run(files, request) {
  const texts = workspace({ '/istio-system/operator.yaml': MESH, ...files });
  const { service, result } = scaffold(texts, request);
  const after = result.error ? texts : applyWorkspaceEdit(texts, result.edit);
  const s2 = serviceOf(after);
  return { texts, after, result, before: findingKeys(service, texts), now: findingKeys(s2, after), snapshot: s2.snapshot() };
}

test('reuse: the ServiceEntry for the host gets the missing port and the gateway namespace, comments kept', () => {
  const se = `# The partner API, called directly until now.
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
    name: partner   # owned by team payments
    namespace: payments
spec:
    hosts: [api.example.com]
    exportTo: ["."]
    location: MESH_EXTERNAL
    ports:
        - number: 80
          name: http
          protocol: HTTP
    resolution: DNS
`;
  const { after, result, before, now, snapshot } = run({ '/payments/se.yaml': se }, { host: HOST, protocol: 'tls-origination', namespace: 'payments', target: `${ROOT}/payments/egress.yaml` });
  assert.equal(result.error, undefined);
  assert.equal(
    after.get(`${ROOT}/payments/se.yaml`),
    `# The partner API, called directly until now.
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
    name: partner   # owned by team payments
    namespace: payments
spec:
    hosts: [api.example.com]
    exportTo: [".", istio-system]
    location: MESH_EXTERNAL
    ports:
        - number: 80
          name: http
          protocol: HTTP
        - number: 443
          name: https
          protocol: HTTPS
    resolution: DNS
`,
  );
  assert.deepStrictEqual(after.get(`${ROOT}/payments/egress.yaml`).match(/^kind: \w+/gm), ['kind: Gateway', 'kind: DestinationRule', 'kind: DestinationRule', 'kind: VirtualService']);
  assert.equal(snapshot.serviceEntries.length, 1);
  assert.deepStrictEqual(now, before);
  assert.deepStrictEqual(before, []);
});

test('reuse: a Gateway of the egress gateway on the port gets the host, in its flow style', () => {
  const gw = `apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: egress-http   # shared by the team's bundles
  namespace: payments
spec:
  selector:
    istio: egressgateway
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["other.example.com"]
  - port: {number: 443, name: tls, protocol: TLS}
    hosts: ["other.example.com"]
    tls: {mode: PASSTHROUGH}
`;
  const { after, result, before, now } = run({ '/payments/gateway.yaml': gw }, { host: HOST, protocol: 'http', namespace: 'payments', target: `${ROOT}/payments/egress.yaml` });
  assert.equal(result.error, undefined);
  assert.equal(after.get(`${ROOT}/payments/gateway.yaml`), gw.replace('hosts: ["other.example.com"]\n  - port: {number: 443', 'hosts: ["other.example.com", api.example.com]\n  - port: {number: 443'));
  assert.match(after.get(`${ROOT}/payments/egress.yaml`), /gateways:\n  - egress-http\n  - mesh\n/);
  assert.deepStrictEqual(now, before);
});

test('own rule: a DestinationRule of the namespace for the egress gateway is left alone; the bundle writes its own, which Istio merges with it', () => {
  const dr = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
    name: egress-gateway-subsets
    namespace: payments
spec:
    host: istio-egressgateway.istio-system.svc.cluster.local
    exportTo: ["."]
    subsets:
        # github, added by hand
        - name: github
`;
  const { after, result, before, now } = run({ '/payments/dr.yaml': dr }, { host: HOST, protocol: 'mutual-tls', namespace: 'payments', target: `${ROOT}/payments/egress.yaml` });
  assert.equal(result.error, undefined);
  assert.deepStrictEqual(result.uris, [`${ROOT}/payments/egress.yaml`]);
  assert.equal(after.get(`${ROOT}/payments/dr.yaml`), dr);
  const created = after.get(`${ROOT}/payments/egress.yaml`);
  assert.deepStrictEqual(created.match(/^kind: \w+|^  host: .*/gm), [
    'kind: ServiceEntry',
    'kind: Gateway',
    'kind: DestinationRule',
    '  host: istio-egressgateway.istio-system.svc.cluster.local',
    'kind: DestinationRule',
    '  host: api.example.com',
    'kind: VirtualService',
  ]);
  // Nothing carried: the namespace's sidecars already read rules of their own namespace.
  assert.doesNotMatch(created, /carried over/i);
  assert.deepStrictEqual(now, before);
});

// The platform team's rule in istio-system defines subsets that the sidecars of
// payments use today: a VirtualService of payments, and one of team shared exported to all.
const platformRule = {
  '/istio-system/egress-subsets.yaml': `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: egress-subsets, namespace: istio-system}
spec:
  host: istio-egressgateway.istio-system.svc.cluster.local
  subsets:
  - name: github
    trafficPolicy:
      tls: {mode: ISTIO_MUTUAL, sni: github.com}
  - name: legacy
  - name: unused
`,
  '/payments/github.yaml': `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: github, namespace: payments}
spec:
  hosts: [github.com]
  http:
  - route:
    - destination: {host: istio-egressgateway.istio-system.svc.cluster.local, subset: github}
`,
  '/payments/github-se.yaml': `apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: github, namespace: payments}
spec:
  hosts: [github.com]
  location: MESH_EXTERNAL
  ports: [{number: 80, name: http, protocol: HTTP}]
  resolution: DNS
`,
  '/shared/legacy.yaml': `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: legacy, namespace: shared}
spec:
  hosts: [legacy.example.org]
  exportTo: ["*"]
  http:
  - route:
    - destination: {host: istio-egressgateway.istio-system.svc.cluster.local, subset: legacy}
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: legacy, namespace: shared}
spec:
  hosts: [legacy.example.org]
  location: MESH_EXTERNAL
  ports: [{number: 80, name: http, protocol: HTTP}]
  resolution: DNS
`,
};

test('own rule: the first rule of a namespace carries the subsets its sidecars use from the platform rule, and says so; that rule is not edited', () => {
  const { texts, after, result, before, now } = run(platformRule, { host: HOST, protocol: 'http', namespace: 'payments', target: `${ROOT}/payments/egress.yaml` });
  assert.equal(result.error, undefined);
  assert.deepStrictEqual(result.uris, [`${ROOT}/payments/egress.yaml`]);
  for (const [uri, text] of texts) assert.equal(after.get(uri), text, `${uri} unchanged`);
  const created = after.get(`${ROOT}/payments/egress.yaml`);
  const rule = created.split('---\n').find((d) => d.includes('host: istio-egressgateway'));
  assert.equal(
    rule,
    `# The subset "api-example-com" of the egress gateway service, which the VirtualService's mesh route
# targets. This bundle's own rule, for the sidecars of payments: other bundles keep their subsets in
# their own rules, and Istio merges the rules of one namespace.
# Carried over from DestinationRule istio-system/egress-subsets: "github", "legacy", which
# VirtualService payments/github, VirtualService shared/legacy route to from payments. A sidecar
# takes the rules of its own namespace first and never merges them with other namespaces', so
# without them this rule would hide those subsets here.
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: egress-api-example-com
  namespace: payments
spec:
  host: istio-egressgateway.istio-system.svc.cluster.local
  exportTo:
  - "."
  subsets:
  - name: api-example-com
  - name: github  # carried over from istio-system/egress-subsets
    trafficPolicy:
      tls:
        mode: ISTIO_MUTUAL
        sni: github.com
  - name: legacy  # carried over from istio-system/egress-subsets
`,
  );
  assert.ok(result.notes.includes('Carried the subset "github" of DestinationRule istio-system/egress-subsets into the bundle\'s DestinationRule: VirtualService payments/github uses it from payments, and a rule there hides that one.'));
  assert.deepStrictEqual(now, before);
});

test('reuse: an IstioMeshGateway of the namespace gets the port it lacks', () => {
  const mg = `apiVersion: servicemesh.cisco.com/v1alpha1
kind: IstioMeshGateway
metadata: {name: egress-demo, namespace: smm-demo}
spec:
  type: egress
  istioControlPlane: {name: cp-v115x, namespace: istio-system}
  service:
    type: ClusterIP
    ports:
    - name: http
      port: 80
      protocol: TCP
      targetPort: 8080
`;
  const { after, result, before, now } = run({ '/smm-demo/gateway.yaml': mg }, { host: HOST, protocol: 'https-passthrough', namespace: 'smm-demo', options: { meshGateway: true }, target: `${ROOT}/smm-demo/egress.yaml` });
  assert.equal(result.error, undefined);
  assert.equal(after.get(`${ROOT}/smm-demo/gateway.yaml`), mg + `    - name: tls\n      port: 443\n      protocol: TCP\n      targetPort: 8443\n`);
  assert.match(after.get(`${ROOT}/smm-demo/egress.yaml`), /host: egress-demo\.smm-demo\.svc\.cluster\.local/);
  assert.deepStrictEqual(now, before);
});

test('already routed: nothing to write, said plainly with where, and no claim of anything extended', () => {
  const first = run({}, { host: HOST, protocol: 'http', namespace: 'payments', target: `${ROOT}/payments/egress.yaml` });
  const texts = first.after;
  const { result } = scaffold(texts, { host: HOST, protocol: 'http', namespace: 'payments', target: `${ROOT}/payments/egress-again.yaml` });
  assert.deepStrictEqual(result.edit, { documentChanges: [] });
  assert.equal(result.error, undefined);
  assert.deepStrictEqual(result.notes, []);
  const vs = texts.get(`${ROOT}/payments/egress.yaml`);
  const { message, uri, span } = result.alreadyRouted;
  assert.equal(message, 'api.example.com is already routed through the egress gateway istio-egressgateway.istio-system.svc.cluster.local by VirtualService payments/api-example-com-via-egress-gateway: nothing to write.');
  assert.equal(uri, `${ROOT}/payments/egress.yaml`);
  assert.equal(vs.slice(span.start, span.end), 'api-example-com-via-egress-gateway');
});

test('no conflict: a Gateway serving the host on the port with another protocol stops the bundle', () => {
  const gw = `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: egress-tls, namespace: payments}
spec:
  selector: {istio: egressgateway}
  servers:
  - port: {number: 443, name: tls, protocol: TLS}
    hosts: [api.example.com]
    tls: {mode: PASSTHROUGH}
`;
  const { result } = run({ '/payments/gw.yaml': gw }, { host: HOST, protocol: 'mutual-tls', namespace: 'payments', target: `${ROOT}/payments/egress.yaml` });
  assert.deepStrictEqual(result.edit, { documentChanges: [] });
  assert.match(result.error, /^Gateway payments\/egress-tls already serves api\.example\.com on port 443 of the egress gateway \(protocol TLS, TLS PASSTHROUGH\)/);
});

test('a created file never overwrites: -2, then -3, whether the index or only the disk has the file', () => {
  const taken = `${ROOT}/payments/egress.yaml`;
  const texts = workspace({ '/istio-system/operator.yaml': MESH, '/payments/egress.yaml': '# mine\n' });
  const onDisk = new Map([[`${ROOT}/payments/egress-2.yaml`, 'not yaml the index knows about']]);
  const service = serviceOf(texts);
  const result = service.scaffoldEgress({ host: HOST, protocol: 'http', namespace: 'payments', target: taken }, (u) => texts.get(u) ?? onDisk.get(u));
  assert.equal(result.target, `${ROOT}/payments/egress-3.yaml`);
  assert.deepStrictEqual(result.edit.documentChanges[0], { kind: 'create', uri: `${ROOT}/payments/egress-3.yaml` });
  assert.ok(!result.edit.documentChanges.some((c) => c.uri === taken || c.uri === `${ROOT}/payments/egress-2.yaml`));
});

test('append mode: the bundle goes after the last document, in the file’s indentation', () => {
  const mine = `# Team payments.
apiVersion: v1
kind: Namespace
metadata:
    name: payments
    labels:
        istio-injection: enabled`;
  const { after, result, before, now } = run({ '/payments/all.yaml': mine }, { host: HOST, protocol: 'http', namespace: 'payments', target: { uri: `${ROOT}/payments/all.yaml`, mode: 'append' } });
  assert.deepStrictEqual(result.uris, [`${ROOT}/payments/all.yaml`]);
  const text = after.get(`${ROOT}/payments/all.yaml`);
  assert.ok(text.startsWith(mine + '\n---\n# api.example.com through the egress gateway: HTTP.\n'), text.slice(0, 300));
  // Four spaces per level, learnt from the file; it has no list to learn list indentation from.
  assert.match(text, /\nspec:\n    hosts:\n    - api\.example\.com\n/);
  assert.deepStrictEqual(now, before);
});

test('arguments: protocol names are forgiving, a target may be a uri string or a serialised Uri', () => {
  const base = { host: 'https://API.example.com/v1', namespace: 'payments' };
  const texts = workspace({ '/istio-system/operator.yaml': MESH });
  const service = serviceOf(texts);
  const targetOf = (r) => r.target;
  for (const [protocol, variant] of [['HTTP', 'http'], ['TLS', 'https-passthrough'], ['originate', 'tls-origination'], ['ISTIO_MUTUAL', 'mutual-tls']]) {
    const r = service.scaffoldEgress({ ...base, protocol, target: { scheme: 'file', path: '/ws/payments/e.yaml' } }, (u) => texts.get(u));
    assert.equal(r.error, undefined);
    assert.equal(targetOf(r), `${ROOT}/payments/e.yaml`);
    assert.match(r.edit.documentChanges[1].edits[0].newText, new RegExp(`through the egress gateway: ${{ http: 'HTTP\\.', 'https-passthrough': 'HTTPS passed', 'tls-origination': 'HTTP from', 'mutual-tls': 'Istio mutual' }[variant]}`));
  }
  const external = service.scaffoldEgress({ ...base, protocol: 'http', target: { external: `${ROOT}/payments/x.yaml`, $mid: 1 } }, (u) => texts.get(u));
  assert.equal(external.target, `${ROOT}/payments/x.yaml`);
});

test('arguments: what is missing or wrong is said, and nothing is written', () => {
  const service = core.getLanguageService();
  const missing = service.scaffoldEgress({ host: HOST }, () => undefined);
  assert.deepStrictEqual([missing.error, missing.missing, missing.edit], ['Cannot write the egress bundle: missing protocol, namespace, target.', ['protocol', 'namespace', 'target'], { documentChanges: [] }]);
  const wrong = service.scaffoldEgress({ host: '*.example.com', protocol: 'smtp', port: 'x', namespace: 'Pay_ments', target: 'file:///ws/a.yaml' }, () => undefined);
  assert.equal(
    wrong.error,
    'Cannot write the egress bundle: "*.example.com" is not a host name such as api.example.com (a wildcard or an IP address cannot go through this bundle); unknown protocol "smtp": use http, https-passthrough, tls-origination or mutual-tls; port x is not a port number; "Pay_ments" is not a namespace name (lower case letters, digits and -).',
  );
  // The same, per field, for a form to show beside each one.
  assert.deepStrictEqual(
    wrong.errors.map((e) => e.field),
    ['host', 'protocol', 'port', 'namespace'],
  );
  const origination80 = service.scaffoldEgress({ host: HOST, protocol: 'tls-origination', port: 80, namespace: 'a', target: 'file:///ws/a.yaml' }, () => undefined);
  assert.match(origination80.error, /its port cannot be 80/);
});

test('the egress gateways a client can offer: Istio’s default, then IstioMeshGateways of type egress', () => {
  const texts = workspace({
    '/smm/gw.yaml': `apiVersion: servicemesh.cisco.com/v1alpha1
kind: IstioMeshGateway
metadata: {name: egress-demo, namespace: smm-demo}
spec:
  type: egress
  service: {ports: [{name: http, port: 80, protocol: TCP, targetPort: 8080}]}
`,
  });
  assert.deepStrictEqual(serviceOf(texts).findEgressGateways(), [
    {
      label: 'istio-egressgateway',
      description: "Istio's egress gateway: istio: egressgateway, istio-egressgateway.istio-system.svc.cluster.local",
      selector: { istio: 'egressgateway' },
      serviceHost: EGRESS,
    },
    {
      label: 'egress-demo',
      description: 'IstioMeshGateway smm-demo/egress-demo',
      selector: { 'gateway-name': 'egress-demo', 'gateway-type': 'egress' },
      serviceHost: 'egress-demo.smm-demo.svc.cluster.local',
      meshGateway: true,
    },
  ]);
});

test('the Service an IstioMeshGateway gets from the operator is a registered host (seed 002)', () => {
  const texts = workspace({
    '/smm-demo/all.yaml': `apiVersion: servicemesh.cisco.com/v1alpha1
kind: IstioMeshGateway
metadata: {name: egress-demo, namespace: smm-demo}
spec:
  type: egress
  istioControlPlane: {name: cp-v115x, namespace: istio-system}
  service: {ports: [{name: http, port: 80, protocol: TCP, targetPort: 8080}]}
---
apiVersion: v1
kind: Service
metadata: {name: notifications, namespace: smm-demo}
spec:
  selector: {app: notifications}
  ports: [{name: http, port: 80}]
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: egress-demo, namespace: smm-demo}
spec:
  host: egress-demo.smm-demo.svc.cluster.local
`,
  });
  const service = serviceOf(texts);
  assert.ok(service.snapshot().isRegistered('egress-demo.smm-demo.svc.cluster.local', 'smm-demo'));
  assert.ok(!service.snapshot().isRegistered('other.smm-demo.svc.cluster.local', 'smm-demo'));
  assert.deepStrictEqual(findingKeys(service, texts), []);
});
