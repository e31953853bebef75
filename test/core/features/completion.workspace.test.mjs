// Completion from the workspace: the names of gateways, hosts, subsets, ports,
// workload labels, namespaces and secrets, same namespace first. Every case
// compares the whole list of labels and the document after choosing one.
import test from 'node:test';
import assert from 'node:assert/strict';
import { checkCompletion, complete } from '../../helpers/authoring.mjs';
import { WORKSPACE } from '../../helpers/authoringWorkspace.mjs';

/** A new file in namespace `ns` holding one resource; `body` is its spec. */
function doc(kind, ns, body, apiVersion = 'networking.istio.io/v1') {
  return `apiVersion: ${apiVersion}
kind: ${kind}
metadata:
  name: x
  namespace: ${ns}
spec:
${body}`;
}

/** Completion in `/ns/new.yaml` of the shared workspace; `after` is that file's text after choosing `pick`. */
function inWorkspace(kind, ns, body, labels, pick, bodyAfter, apiVersion) {
  const source = `${WORKSPACE}\n#- /${ns}/new.yaml\n${doc(kind, ns, body, apiVersion)}`;
  return checkCompletion(source, labels, pick, pick === undefined ? undefined : doc(kind, ns, bodyAfter, apiVersion));
}

const HOSTS_FROM_FOO = ['reviews', 'api.partner.com', 'ratings.bar.svc.cluster.local', 'istio-egressgateway.istio-system.svc.cluster.local', 'istio-ingressgateway.istio-system.svc.cluster.local'];

test('VirtualService gateways: same namespace by name, then mesh, then ns/name', () => {
  const c = inWorkspace('VirtualService', 'foo', '  hosts: [reviews]\n  gateways:\n  - $0\n', ['foo-gateway', 'mesh', 'bar/bar-gateway'], 'bar/bar-gateway', '  hosts: [reviews]\n  gateways:\n  - bar/bar-gateway\n');
  assert.equal(c.item('bar/bar-gateway').detail, 'Gateway bar/bar-gateway');
  assert.equal(
    c.item('bar/bar-gateway').documentation,
    '**Gateway** `bar/bar-gateway` — [bar.yaml:4](file:///ws/bar/bar.yaml#L4)\n\nselector: `istio=ingressgateway`\n- 80/HTTP: `*/bar.example.com`',
  );
});

// The VirtualService's hosts rank the Gateways that expose them first, wherever the hosts are written: above
// the cursor (read from the lines above it), below it, or above it with nothing after them but the cursor's line.
for (const [name, body, bodyAfter] of [
  ['hosts above the list', '  hosts:\n  - bar.example.com\n  gateways:\n  - $0\n  http:\n  - route:\n    - destination: {host: ratings}\n', '  hosts:\n  - bar.example.com\n  gateways:\n  - bar/bar-gateway\n  http:\n  - route:\n    - destination: {host: ratings}\n'],
  ['hosts below the list', '  gateways:\n  - $0\n  hosts:\n  - bar.example.com\n', '  gateways:\n  - bar/bar-gateway\n  hosts:\n  - bar.example.com\n'],
  ['hosts right above the line of a flow list', '  hosts:\n  - bar.example.com\n  gateways: [mesh, $0]\n', '  hosts:\n  - bar.example.com\n  gateways: [mesh, bar/bar-gateway]\n'],
]) {
  test(`VirtualService gateways: the Gateway exposing the hosts comes first (${name})`, () => {
    const labels = body.includes('[mesh') ? ['bar/bar-gateway', 'foo-gateway'] : ['bar/bar-gateway', 'foo-gateway', 'mesh'];
    inWorkspace('VirtualService', 'foo', body, labels, 'bar/bar-gateway', bodyAfter);
  });
}

test('VirtualService gateways: the hosts written above the cursor count, not what the index holds', () => {
  // The shared workspace has no /bar/new.yaml: only the text knows these hosts. Without them bar-gateway
  // (same namespace) would come first.
  inWorkspace('VirtualService', 'bar', '  hosts:\n  - foo.example.com\n  gateways:\n  - $0\n', ['foo/foo-gateway', 'bar-gateway', 'mesh'], 'foo/foo-gateway', '  hosts:\n  - foo.example.com\n  gateways:\n  - foo/foo-gateway\n');
});

test('VirtualService gateways: of two spec keys the first counts, as everywhere else (its hosts are not those of the second)', () => {
  inWorkspace('VirtualService', 'foo', '  gateways:\n  - $0\nspec:\n  hosts: [bar.example.com]\n', ['foo-gateway', 'mesh', 'bar/bar-gateway'], 'foo-gateway', '  gateways:\n  - foo-gateway\nspec:\n  hosts: [bar.example.com]\n');
});

test('gateways in a flow list leave out the ones already listed', () => {
  inWorkspace('VirtualService', 'foo', '  hosts: [reviews]\n  gateways: [mesh, $0]\n', ['foo-gateway', 'bar/bar-gateway'], 'foo-gateway', '  hosts: [reviews]\n  gateways: [mesh, foo-gateway]\n');
});

test('match[].gateways: only those of spec.gateways, in their order; in a quote the user opened', () => {
  inWorkspace(
    'VirtualService',
    'bar',
    '  hosts: [bar.example.com]\n  gateways: [mesh, bar-gateway]\n  http:\n  - match:\n    - gateways: ["$0\n',
    ['mesh', 'bar-gateway'],
    'bar-gateway',
    '  hosts: [bar.example.com]\n  gateways: [mesh, bar-gateway]\n  http:\n  - match:\n    - gateways: ["bar-gateway"\n',
  );
});

test('route destination host: Services (short name in the same namespace), visible ServiceEntry hosts, built-ins', () => {
  const c = inWorkspace('VirtualService', 'foo', '  hosts: [reviews]\n  http:\n  - route:\n    - destination:\n        host: $0\n', HOSTS_FROM_FOO, 'ratings.bar.svc.cluster.local', '  hosts: [reviews]\n  http:\n  - route:\n    - destination:\n        host: ratings.bar.svc.cluster.local\n');
  assert.equal(c.item('api.partner.com').documentation, 'ServiceEntry `bar/partner` — [bar.yaml:43](file:///ws/bar/bar.yaml#L43): MESH_EXTERNAL, DNS; ports 443 (tls/TLS)');
  assert.equal(c.item('reviews').documentation, 'Service `foo/reviews` — [reviews.yaml:4](file:///ws/foo/reviews.yaml#L4): ports 9080 (http), 9443 (grpc/TCP)');
});

test('host right after "host:" gets its space; a ServiceEntry exported to "." shows only in its namespace', () => {
  inWorkspace(
    'VirtualService',
    'bar',
    '  hosts: [ratings]\n  http:\n  - route:\n    - destination:\n        host:$0\n',
    ['api.partner.com', 'private.partner.com', 'ratings', 'reviews.foo.svc.cluster.local', 'istio-egressgateway.istio-system.svc.cluster.local', 'istio-ingressgateway.istio-system.svc.cluster.local'],
    'private.partner.com',
    '  hosts: [ratings]\n  http:\n  - route:\n    - destination:\n        host: private.partner.com\n',
  );
});

test('mirror host, typed halfway', () => {
  inWorkspace(
    'VirtualService',
    'foo',
    '  hosts: [reviews]\n  http:\n  - route:\n    - destination: { host: reviews }\n    mirror:\n      host: rat$0\n',
    HOSTS_FROM_FOO,
    'ratings.bar.svc.cluster.local',
    '  hosts: [reviews]\n  http:\n  - route:\n    - destination: { host: reviews }\n    mirror:\n      host: ratings.bar.svc.cluster.local\n',
  );
});

test('TCP and TLS route hosts', () => {
  inWorkspace('VirtualService', 'foo', '  hosts: [reviews]\n  tcp:\n  - route:\n    - destination:\n        host: $0\n', HOSTS_FROM_FOO, 'api.partner.com', '  hosts: [reviews]\n  tcp:\n  - route:\n    - destination:\n        host: api.partner.com\n');
  inWorkspace(
    'VirtualService',
    'foo',
    '  hosts: [api.partner.com]\n  tls:\n  - match:\n    - sniHosts: [api.partner.com]\n    route:\n    - destination: { host: $0 }\n',
    HOSTS_FROM_FOO,
    'api.partner.com',
    '  hosts: [api.partner.com]\n  tls:\n  - match:\n    - sniHosts: [api.partner.com]\n    route:\n    - destination: { host: api.partner.com }\n',
  );
});

test('DestinationRule host also offers wildcard ServiceEntry hosts, quoted', () => {
  inWorkspace('DestinationRule', 'foo', '  host: $0\n', ['reviews', '*.wild.partner.com', 'api.partner.com', 'ratings.bar.svc.cluster.local', 'istio-egressgateway.istio-system.svc.cluster.local', 'istio-ingressgateway.istio-system.svc.cluster.local'], '*.wild.partner.com', '  host: "*.wild.partner.com"\n');
});

test('Sidecar egress hosts in ns/host form', () => {
  inWorkspace(
    'Sidecar',
    'foo',
    '  egress:\n  - hosts:\n    - "./*"\n    - $0\n',
    ['bar/*', 'istio-system/*', './reviews.foo.svc.cluster.local', 'bar/*.wild.partner.com', 'bar/api.partner.com', 'bar/ratings.bar.svc.cluster.local'],
    'bar/api.partner.com',
    '  egress:\n  - hosts:\n    - "./*"\n    - bar/api.partner.com\n',
  );
});

test('destination subset: the subsets of the DestinationRules for the host on the same destination', () => {
  const c = inWorkspace('VirtualService', 'foo', '  hosts: [reviews]\n  http:\n  - route:\n    - destination:\n        host: reviews\n        subset: $0\n', ['v1', 'v2'], 'v2', '  hosts: [reviews]\n  http:\n  - route:\n    - destination:\n        host: reviews\n        subset: v2\n');
  assert.equal(c.item('v2').documentation, 'subset `v2` of DestinationRule `foo/reviews` — [reviews.yaml:32](file:///ws/foo/reviews.yaml#L32): labels `version=v2`');
  // Written before the host, from another namespace, in flow style.
  inWorkspace(
    'VirtualService',
    'bar',
    '  hosts: [ratings]\n  http:\n  - route:\n    - destination: { subset: $0, host: reviews.foo.svc.cluster.local }\n',
    ['v1', 'v2'],
    'v1',
    '  hosts: [ratings]\n  http:\n  - route:\n    - destination: { subset: v1, host: reviews.foo.svc.cluster.local }\n',
  );
  // No DestinationRule for this host: nothing.
  inWorkspace('VirtualService', 'bar', '  hosts: [ratings]\n  http:\n  - route:\n    - destination:\n        host: ratings\n        subset: $0\n', []);
});

test('destination port number: the ports of that Service or ServiceEntry', () => {
  inWorkspace('VirtualService', 'foo', '  hosts: [reviews]\n  http:\n  - route:\n    - destination:\n        host: reviews\n        port:\n          number: $0\n', ['9080', '9443'], '9443', '  hosts: [reviews]\n  http:\n  - route:\n    - destination:\n        host: reviews\n        port:\n          number: 9443\n');
  inWorkspace('VirtualService', 'foo', '  hosts: [api.partner.com]\n  tcp:\n  - route:\n    - destination:\n        host: api.partner.com\n        port: { number: $0 }\n', ['443'], '443', '  hosts: [api.partner.com]\n  tcp:\n  - route:\n    - destination:\n        host: api.partner.com\n        port: { number: 443 }\n');
});

test('Gateway selector: gateway workload labels first (istio: before app:), application labels last', () => {
  const c = inWorkspace(
    'Gateway',
    'bar',
    '  selector:\n    $0\n',
    // foo-ingress is a gateway's workload: foo-gateway selects it. Then the built-in gateways' labels, then applications (same namespace first).
    ['istio: egressgateway', 'istio: foo-ingress', 'istio: ingressgateway', 'app: foo-ingress', 'app: istio-egressgateway', 'app: istio-ingressgateway', 'app: ratings', 'app: reviews', 'version: v1'],
    'istio: egressgateway',
    '  selector:\n    istio: egressgateway\n',
  );
  assert.equal(c.item('app: ratings').documentation, 'Labels of Deployment `bar/ratings` — [bar.yaml:26](file:///ws/bar/bar.yaml#L26): `app=ratings`');
  inWorkspace('Gateway', 'foo', '  selector:\n    app: reviews\n    $0\n', ['istio: egressgateway', 'istio: foo-ingress', 'istio: ingressgateway', 'version: v1'], 'version: v1', '  selector:\n    app: reviews\n    version: v1\n');
});

test('Gateway selector value: the values of that label', () => {
  inWorkspace('Gateway', 'bar', '  selector:\n    app: $0\n', ['foo-ingress', 'istio-egressgateway', 'istio-ingressgateway', 'ratings', 'reviews'], 'foo-ingress', '  selector:\n    app: foo-ingress\n');
});

test('workloadSelector labels: only the workloads of the resource namespace', () => {
  inWorkspace('Sidecar', 'foo', '  workloadSelector:\n    labels:\n      $0\n', ['app: foo-ingress', 'app: reviews', 'istio: foo-ingress', 'version: v1'], 'app: reviews', '  workloadSelector:\n    labels:\n      app: reviews\n');
  inWorkspace('DestinationRule', 'bar', '  host: ratings\n  workloadSelector:\n    matchLabels:\n      app: $0\n', ['ratings'], 'ratings', '  host: ratings\n  workloadSelector:\n    matchLabels:\n      app: ratings\n');
  inWorkspace('AuthorizationPolicy', 'foo', '  selector:\n    matchLabels:\n      app: reviews\n      $0\n', ['istio: foo-ingress', 'version: v1'], 'version: v1', '  selector:\n    matchLabels:\n      app: reviews\n      version: v1\n', 'security.istio.io/v1');
});

test('exportTo: ".", "*" (quoted) and the namespaces of the workspace; never a mix the webhook rejects', () => {
  inWorkspace('VirtualService', 'foo', '  hosts: [reviews]\n  exportTo:\n  - $0\n', ['.', '*', 'bar', 'foo'], '*', '  hosts: [reviews]\n  exportTo:\n  - "*"\n');
  // "." is bar here: neither "*" nor bar again.
  inWorkspace('ServiceEntry', 'bar', '  hosts: [x.example.com]\n  exportTo: [".", $0]\n', ['foo'], 'foo', '  hosts: [x.example.com]\n  exportTo: [".", foo]\n');
  inWorkspace('VirtualService', 'foo', '  hosts: [reviews]\n  exportTo:\n  - foo\n  - $0\n', ['bar'], 'bar', '  hosts: [reviews]\n  exportTo:\n  - foo\n  - bar\n');
  // "*" takes no other entry.
  inWorkspace('DestinationRule', 'bar', '  host: ratings\n  exportTo: ["*", $0]\n', []);
  inWorkspace('DestinationRule', 'bar', '  host: ratings\n  exportTo:\n  - "$0\n', ['.', '*', 'bar', 'foo'], '.', '  host: ratings\n  exportTo:\n  - "."\n');
});

test('Gateway tls.credentialName: the Secrets, same namespace first', () => {
  inWorkspace(
    'Gateway',
    'foo',
    '  selector: { app: foo-ingress }\n  servers:\n  - port: { number: 443, name: https, protocol: HTTPS }\n    hosts: [a.example.com]\n    tls:\n      mode: SIMPLE\n      credentialName: $0\n',
    ['foo-cert', 'bar-cert'],
    'bar-cert',
    '  selector: { app: foo-ingress }\n  servers:\n  - port: { number: 443, name: https, protocol: HTTPS }\n    hosts: [a.example.com]\n    tls:\n      mode: SIMPLE\n      credentialName: bar-cert\n',
  );
});

test('metadata.namespace: the namespaces of the workspace', () => {
  const source = `${WORKSPACE}\n#- /new.yaml\napiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata:\n  name: x\n  namespace: $0\n`;
  checkCompletion(source, ['bar', 'foo'], 'bar', 'apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata:\n  name: x\n  namespace: bar\n');
});

test('a key with workspace values reopens completion after it is inserted', () => {
  const c = complete(`${WORKSPACE}\n#- /foo/new.yaml\n${doc('DestinationRule', 'foo', '  $0\n')}`);
  assert.equal(c.item('host').retrigger, true);
  assert.equal(c.item('subsets').retrigger, undefined);
});

test('metadata.namespace: the namespaces of the workspace, not the default one only this file gets', () => {
  // `shop` is named in another file; `default` is given to resources that name none, here and in /b.yaml;
  // `solo` is given by default only to this file's resources (it is the workspace's default namespace).
  const other = `#- /a.yaml\napiVersion: v1\nkind: Service\nmetadata: {name: a, namespace: shop}\n`;
  const unnamed = `#- /b.yaml\napiVersion: v1\nkind: Service\nmetadata: {name: b}\n`;
  const self = `#- /c.yaml\napiVersion: v1\nkind: Service\nmetadata: {name: c}\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: d\n  namespace: $0\n`;
  checkCompletion(`${other}${unnamed}${self}`, ['default', 'shop']);
  checkCompletion(`${other}${self}`, ['shop']);
  // Named in this file, it is offered.
  checkCompletion(`${other}${self.replace('name: c}', 'name: c, namespace: mine}')}`, ['mine', 'shop']);
  // Seen from another file, the default namespace of /c.yaml's first Service is offered.
  checkCompletion(`${other}${self.replace('$0', 'x')}${unnamed.replace('{name: b}', 'name: b\n  namespace: $0')}`, ['default', 'shop', 'x']);
});
