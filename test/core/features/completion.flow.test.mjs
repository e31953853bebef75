// Completion inside flow maps and flow sequences, in the closed forms editors
// produce while typing (`{host: |}}]`): keys and values, with the same items
// as block style. Every case compares the whole list of labels and the
// document after choosing one item.
import test from 'node:test';
import { checkCompletion } from '../../helpers/authoring.mjs';
import { WORKSPACE } from '../../helpers/authoringWorkspace.mjs';

const HEAD = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: x
  namespace: foo
spec:
  hosts: [reviews]
`;

/** Completion in /foo/new.yaml of the shared workspace; `before`/`after` are the lines after HEAD. */
function inFoo(before, labels, pick, after) {
  return checkCompletion(`${WORKSPACE}\n#- /foo/new.yaml\n${HEAD}${before}`, labels, pick, pick === undefined ? undefined : `${HEAD}${after}`);
}

const HOSTS = ['reviews', 'api.partner.com', 'ratings.bar.svc.cluster.local', 'istio-egressgateway.istio-system.svc.cluster.local', 'istio-ingressgateway.istio-system.svc.cluster.local'];

test('subset inside a destination map inside a route list, brackets closed by the editor', () => {
  inFoo('  http:\n  - route: [{destination: {host: reviews, subset: $0}}]\n', ['v1', 'v2'], 'v2', '  http:\n  - route: [{destination: {host: reviews, subset: v2}}]\n');
});

test('a half-typed subset is replaced up to the closing brace', () => {
  inFoo('  http:\n  - route: [{destination: {host: reviews, subset: v$01}}]\n', ['v1', 'v2'], 'v2', '  http:\n  - route: [{destination: {host: reviews, subset: v2}}]\n');
});

test('host in a closed flow map, block route above', () => {
  inFoo('  http:\n  - route:\n    - destination: {host: $0}\n', HOSTS, 'ratings.bar.svc.cluster.local', '  http:\n  - route:\n    - destination: {host: ratings.bar.svc.cluster.local}\n');
});

test('host with no space after the colon gets one', () => {
  inFoo('  http:\n  - route: [{destination: {host:$0}}]\n', HOSTS, 'reviews', '  http:\n  - route: [{destination: {host: reviews}}]\n');
});

test('port number in a flow map nested in a flow map: the host is read one map up', () => {
  inFoo('  http:\n  - route: [{destination: {host: reviews, port: {number: $0}}}]\n', ['9080', '9443'], '9443', '  http:\n  - route: [{destination: {host: reviews, port: {number: 9443}}}]\n');
  inFoo('  http:\n  - route:\n    - destination:\n        host: reviews\n        port: {number: $0}\n', ['9080', '9443'], '9080', '  http:\n  - route:\n    - destination:\n        host: reviews\n        port: {number: 9080}\n');
});

test('the whole http rule in flow style', () => {
  inFoo('  http: [{route: [{destination: {subset: $0, host: reviews}}]}]\n', ['v1', 'v2'], 'v1', '  http: [{route: [{destination: {subset: v1, host: reviews}}]}]\n');
});

test('keys of a flow map: those present (before and after the cursor) are left out', () => {
  inFoo('  http:\n  - route: [{destination: {$0}}]\n', ['host', 'port', 'subset'], 'host', '  http:\n  - route: [{destination: {host: }}]\n');
  inFoo('  http:\n  - route: [{destination: {host: reviews}, $0}]\n', ['headers', 'weight'], 'weight', '  http:\n  - route: [{destination: {host: reviews}, weight: }]\n');
  inFoo('  http:\n  - route: [{weight: 90, $0, destination: {host: reviews}}]\n', ['headers'], 'headers', '  http:\n  - route: [{weight: 90, headers: {}, destination: {host: reviews}}]\n');
});

test('a key right after a comma gets a space; an enum key its choices', () => {
  checkCompletion(
    `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: r}
spec:
  host: reviews
  trafficPolicy: {loadBalancer: {simple: LEAST_REQUEST},$0}
`,
    ['connectionPool', 'outlierDetection', 'portLevelSettings', 'proxyProtocol', 'retryBudget', 'tls', 'tunnel'],
    'tls',
    `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: r}
spec:
  host: reviews
  trafficPolicy: {loadBalancer: {simple: LEAST_REQUEST}, tls: {}}
`,
  );
  checkCompletion(
    `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: r}
spec:
  host: reviews
  trafficPolicy: {tls: {mo$0}}
`,
    ['caCertificates', 'caCrl', 'clientCertificate', 'credentialName', 'insecureSkipVerify', 'mode', 'privateKey', 'sni', 'subjectAltNames'],
    'mode',
    `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: r}
spec:
  host: reviews
  trafficPolicy: {tls: {mode: DISABLE}}
`,
  );
});

test('metadata keys in a flow map, then a namespace value', () => {
  checkCompletion(
    `${WORKSPACE}\n#- /new.yaml\napiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: x, $0}\n`,
    ['annotations', 'labels', 'namespace'],
    'namespace',
    'apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: x, namespace: }\n',
  );
  checkCompletion(
    `${WORKSPACE}\n#- /new.yaml\napiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: x, namespace: $0}\n`,
    ['bar', 'foo'],
    'bar',
    'apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: x, namespace: bar}\n',
  );
});

test('a flow sequence item after a dash: enum values in a port map', () => {
  checkCompletion(
    `
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: se}
spec:
  hosts: [a.example.com]
  ports:
  - {number: 443, name: tls, protocol: $0}
`,
    ['HTTP', 'HTTPS', 'GRPC', 'HTTP2', 'MONGO', 'TCP', 'TLS', 'GRPC-WEB'],
    'TLS',
    `
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: se}
spec:
  hosts: [a.example.com]
  ports:
  - {number: 443, name: tls, protocol: TLS}
`,
  );
});

test('inside a quote the user opened in a flow map', () => {
  inFoo('  http:\n  - route: [{destination: {host: "rev$0"}}]\n', HOSTS, 'reviews', '  http:\n  - route: [{destination: {host: "reviews"}}]\n');
  // The host after the quoted cursor is still read.
  inFoo('  http:\n  - route: [{destination: {subset: "v$0", host: reviews}}]\n', ['v1', 'v2'], 'v2', '  http:\n  - route: [{destination: {subset: "v2", host: reviews}}]\n');
});

test('nothing after the collection closed, in a comment, or for a key that is itself a collection', () => {
  inFoo('  http:\n  - route: [{destination: {host: reviews}}] $0\n', []);
  inFoo('  http:\n  - route: [{destination: {host: reviews}}] # {host: $0}\n', []);
  inFoo('  http:\n  - route: [{destination: {host: reviews, port: {number: [$0]}}}]\n', []);
});

test('a flow collection spread over lines, with a comment on an earlier line', () => {
  inFoo(
    '  gateways: [\n    foo-gateway, # the public one\n    $0\n  ]\n',
    ['mesh', 'bar/bar-gateway'],
    'mesh',
    '  gateways: [\n    foo-gateway, # the public one\n    mesh\n  ]\n',
  );
  inFoo(
    '  http:\n  - route: [{\n      destination: {host: reviews},\n      $0\n    }]\n',
    ['headers', 'weight'],
    'weight',
    '  http:\n  - route: [{\n      destination: {host: reviews},\n      weight: \n    }]\n',
  );
  checkCompletion(
    `${WORKSPACE}\n#- /new.yaml\napiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {\n  name: x,\n  $0\n}\n`,
    ['annotations', 'labels', 'namespace'],
    'labels',
    'apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {\n  name: x,\n  labels: {}\n}\n',
  );
});

test('an unclosed flow list does not take in the block lines below it', () => {
  inFoo('  gateways: [mesh, $0\n  http:\n  - route: [{destination: {host: reviews}}, {destination: {host: ratings.bar.svc.cluster.local}}]\n', ['foo-gateway', 'bar/bar-gateway'], 'foo-gateway', '  gateways: [mesh, foo-gateway\n  http:\n  - route: [{destination: {host: reviews}}, {destination: {host: ratings.bar.svc.cluster.local}}]\n');
});
