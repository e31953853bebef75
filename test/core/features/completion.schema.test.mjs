// Schema-driven completion: keys not yet present (objects and arrays as
// snippets indented from the key), enum values, booleans, port protocols,
// apiVersion/kind. Every case compares the whole list of labels and the
// document after choosing one item.
import test from 'node:test';
import { checkCompletion } from '../../helpers/authoring.mjs';

const VS_HEAD = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
spec:
`;

test('keys of spec that are not present yet; an array of objects becomes an indentless list', () => {
  checkCompletion(
    `\n${VS_HEAD}  hosts:\n  - reviews\n  $0\n`,
    ['exportTo', 'gateways', 'http', 'tcp', 'tls'],
    'http',
    `\n${VS_HEAD}  hosts:\n  - reviews\n  http:\n  - \n`,
  );
});

test('keys of a new list item after "- ": a required nested object is filled in', () => {
  checkCompletion(
    `\n${VS_HEAD}  hosts: [reviews]\n  http:\n  - $0\n`,
    ['corsPolicy', 'delegate', 'directResponse', 'fault', 'headers', 'match', 'mirror', 'mirrorPercentage', 'mirrors', 'name', 'redirect', 'retries', 'rewrite', 'route', 'timeout'],
    'route',
    `\n${VS_HEAD}  hosts: [reviews]\n  http:\n  - route:\n    - destination:\n        host: \n`,
  );
});

test('a half-typed key is replaced, siblings of the same list item are left out', () => {
  checkCompletion(
    `\n${VS_HEAD}  hosts: [reviews]\n  http:\n  - route:\n    - destination:\n        host: reviews\n      wei$0\n`,
    ['headers', 'weight'],
    'weight',
    `\n${VS_HEAD}  hosts: [reviews]\n  http:\n  - route:\n    - destination:\n        host: reviews\n      weight: \n`,
  );
});

test('a key in front of an existing colon is replaced by its name only', () => {
  checkCompletion(
    `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
spec:
  hos$0: reviews
`,
    ['host', 'exportTo', 'subsets', 'trafficPolicy', 'workloadSelector'],
    'host',
    `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
spec:
  host: reviews
`,
  );
});

test('Gateway servers: required fields in the usual order (port number, name, protocol; hosts)', () => {
  checkCompletion(
    `
apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: gw
spec:
  serv$0
`,
    ['selector', 'servers'],
    'servers',
    `
apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: gw
spec:
  servers:
  - port:
      number: 
      name: 
      protocol: 
    hosts:
    - 
`,
  );
});

test('a file that indents its lists gets indented lists', () => {
  checkCompletion(
    `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts:
    - reviews
  $0
`,
    ['exportTo', 'gateways', 'http', 'tcp', 'tls'],
    'gateways',
    `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts:
    - reviews
  gateways:
    - 
`,
  );
});

test('an object without required fields opens an indented block; deprecated fields are not offered', () => {
  checkCompletion(
    `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
spec:
  host: reviews
  trafficPolicy:
    loadBalancer:
      simple: ROUND_ROBIN
    $0
`,
    ['connectionPool', 'outlierDetection', 'portLevelSettings', 'proxyProtocol', 'retryBudget', 'tls', 'tunnel'],
    'outlierDetection',
    `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
spec:
  host: reviews
  trafficPolicy:
    loadBalancer:
      simple: ROUND_ROBIN
    outlierDetection:
      
`,
  );
});

test('metadata keys: the four that matter, minus those present', () => {
  checkCompletion(
    `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
  $0
spec:
  host: reviews
`,
    ['annotations', 'labels', 'namespace'],
    'namespace',
    `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
  namespace: 
spec:
  host: reviews
`,
  );
});

test('root keys: required first, status never', () => {
  checkCompletion(
    `
apiVersion: networking.istio.io/v1
kind: DestinationRule
$0
`,
    ['metadata', 'spec'],
    'spec',
    `
apiVersion: networking.istio.io/v1
kind: DestinationRule
spec:
  host: 
`,
  );
});

const KINDS = [
  'DestinationRule', 'EnvoyFilter', 'Gateway', 'ProxyConfig', 'ServiceEntry', 'Sidecar', 'VirtualService', 'WorkloadEntry', 'WorkloadGroup',
  'AuthorizationPolicy', 'PeerAuthentication', 'RequestAuthentication', 'Telemetry', 'TrafficExtension', 'WasmPlugin',
  // The Gateway API's standard group; its Gateway is named apart from Istio's.
  'BackendTLSPolicy', 'GRPCRoute', 'Gateway (Gateway API)', 'GatewayClass', 'HTTPRoute', 'ListenerSet', 'ReferenceGrant', 'TCPRoute', 'TLSRoute', 'UDPRoute',
];
/** The whole-resource snippets of snippets/istio.json (Istio's kinds, then the Gateway API's), after the pairs. */
const SNIPPETS = ['istio-authz', 'istio-dr', 'istio-gw', 'istio-peerauthn', 'istio-se', 'istio-sidecar', 'istio-vs', 'k8s-gateway', 'k8s-httproute', 'k8s-referencegrant', 'k8s-tlsroute'];

test('an empty document offers an apiVersion/kind pair per kind, networking.istio.io/v1 first', () => {
  const c = checkCompletion(
    `$0`,
    [...KINDS, ...SNIPPETS],
    'VirtualService',
    `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: 
  namespace: 
spec:
  `,
  );
  // The preferred version of each kind.
  const versions = Object.fromEntries(c.items.map((i) => [i.label, i.detail]));
  checkVersions(versions);
});

function checkVersions(versions) {
  const expected = {
    VirtualService: 'networking.istio.io/v1', Gateway: 'networking.istio.io/v1', EnvoyFilter: 'networking.istio.io/v1alpha3', ProxyConfig: 'networking.istio.io/v1beta1',
    AuthorizationPolicy: 'security.istio.io/v1', Telemetry: 'telemetry.istio.io/v1', WasmPlugin: 'extensions.istio.io/v1alpha1',
  };
  for (const [kind, v] of Object.entries(expected)) if (versions[kind] !== v) throw new Error(`${kind}: ${versions[kind]} instead of ${v}`);
}

test('after --- the new document gets the pairs too', () => {
  checkCompletion(
    `
apiVersion: v1
kind: Service
metadata:
  name: reviews
---
Serv$0
`,
    [...KINDS, ...SNIPPETS],
    'ServiceEntry',
    `
apiVersion: v1
kind: Service
metadata:
  name: reviews
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: 
  namespace: 
spec:
  
`,
  );
});

test('apiVersion values, best version first; kind values for the apiVersion', () => {
  checkCompletion(
    `
apiVersion: $0
`,
    ['networking.istio.io/v1', 'networking.istio.io/v1beta1', 'networking.istio.io/v1alpha3', 'security.istio.io/v1', 'security.istio.io/v1beta1', 'telemetry.istio.io/v1', 'telemetry.istio.io/v1alpha1', 'extensions.istio.io/v1alpha1', 'gateway.networking.k8s.io/v1', 'gateway.networking.k8s.io/v1beta1', 'gateway.networking.k8s.io/v1alpha3', 'gateway.networking.k8s.io/v1alpha2'],
    'networking.istio.io/v1',
    `
apiVersion: networking.istio.io/v1
`,
  );
  checkCompletion(
    `
apiVersion: security.istio.io/v1
kind:$0
`,
    ['AuthorizationPolicy', 'PeerAuthentication', 'RequestAuthentication'],
    'PeerAuthentication',
    `
apiVersion: security.istio.io/v1
kind: PeerAuthentication
`,
  );
});

test('enum: Gateway tls.mode, key inserted with its choices', () => {
  checkCompletion(
    `
apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: gw
spec:
  servers:
  - port: { number: 443, name: https, protocol: HTTPS }
    hosts: ["*"]
    tls:
      mode: $0
`,
    ['PASSTHROUGH', 'SIMPLE', 'MUTUAL', 'ISTIO_MUTUAL', 'AUTO_PASSTHROUGH', 'OPTIONAL_MUTUAL'],
    'SIMPLE',
    `
apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: gw
spec:
  servers:
  - port: { number: 443, name: https, protocol: HTTPS }
    hosts: ["*"]
    tls:
      mode: SIMPLE
`,
  );
});

test('enum: DestinationRule tls.mode and loadBalancer.simple', () => {
  const head = `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: dr
spec:
  host: reviews
  trafficPolicy:
`;
  checkCompletion(`${head}    tls:\n      mode: $0\n`, ['DISABLE', 'SIMPLE', 'MUTUAL', 'ISTIO_MUTUAL'], 'ISTIO_MUTUAL', `${head}    tls:\n      mode: ISTIO_MUTUAL\n`);
  checkCompletion(
    `${head}    loadBalancer:\n      simple: LEAST$0\n`,
    ['UNSPECIFIED', 'LEAST_CONN', 'RANDOM', 'PASSTHROUGH', 'ROUND_ROBIN', 'LEAST_REQUEST'],
    'LEAST_REQUEST',
    `${head}    loadBalancer:\n      simple: LEAST_REQUEST\n`,
  );
});

test('enum: ServiceEntry resolution and location (a partial value is replaced)', () => {
  const head = `
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: se
spec:
  hosts: [api.example.com]
`;
  checkCompletion(`${head}  resolution: $0\n  location: MESH_EXTERNAL\n`, ['NONE', 'STATIC', 'DNS', 'DNS_ROUND_ROBIN', 'DYNAMIC_DNS'], 'DNS', `${head}  resolution: DNS\n  location: MESH_EXTERNAL\n`);
  checkCompletion(`${head}  location: MESH_$0\n`, ['MESH_EXTERNAL', 'MESH_INTERNAL'], 'MESH_INTERNAL', `${head}  location: MESH_INTERNAL\n`);
});

test('enum: Sidecar outboundTrafficPolicy.mode', () => {
  const head = `
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata:
  name: default
spec:
  outboundTrafficPolicy:
`;
  checkCompletion(`${head}    mode: $0\n`, ['REGISTRY_ONLY', 'ALLOW_ANY'], 'REGISTRY_ONLY', `${head}    mode: REGISTRY_ONLY\n`);
});

test('port protocol inside a quote the user opened; in a flow map', () => {
  const PROTOCOLS = ['HTTP', 'HTTPS', 'GRPC', 'HTTP2', 'MONGO', 'TCP', 'TLS', 'GRPC-WEB'];
  const head = `
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: se
spec:
  hosts: [api.example.com]
  ports:
`;
  checkCompletion(`${head}  - number: 443\n    name: https\n    protocol: "$0\n`, PROTOCOLS, 'HTTPS', `${head}  - number: 443\n    name: https\n    protocol: "HTTPS"\n`);
  checkCompletion(`${head}  - { number: 443, name: tls, protocol: $0 }\n`, PROTOCOLS, 'TLS', `${head}  - { number: 443, name: tls, protocol: TLS }\n`);
});

test('booleans, block and flow', () => {
  checkCompletion(
    `
apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: gw
spec:
  servers:
  - port: { number: 80, name: http, protocol: HTTP }
    hosts: ["*"]
    tls: { httpsRedirect: $0 }
`,
    ['true', 'false'],
    'true',
    `
apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: gw
spec:
  servers:
  - port: { number: 80, name: http, protocol: HTTP }
    hosts: ["*"]
    tls: { httpsRedirect: true }
`,
  );
  checkCompletion(
    `\n${VS_HEAD}  hosts: [reviews]\n  http:\n  - route:\n    - destination: { host: reviews }\n    retries:\n      attempts: 3\n      retryRemoteLocalities:$0\n`,
    ['true', 'false'],
    'false',
    `\n${VS_HEAD}  hosts: [reviews]\n  http:\n  - route:\n    - destination: { host: reviews }\n    retries:\n      attempts: 3\n      retryRemoteLocalities: false\n`,
  );
});

test('a boolean key is inserted with its two choices; the first is taken', () => {
  checkCompletion(
    `
apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: gw
spec:
  servers:
  - port: { number: 80, name: http, protocol: HTTP }
    hosts: ["*"]
    tls:
      httpsR$0
`,
    ['caCertCredentialName', 'caCertificates', 'caCrl', 'cipherSuites', 'credentialName', 'credentialNames', 'httpsRedirect', 'insecureSkipVerify', 'maxProtocolVersion', 'minProtocolVersion', 'mode', 'privateKey', 'serverCertificate', 'subjectAltNames', 'tlsCertificates', 'verifyCertificateHash', 'verifyCertificateSpki'],
    'httpsRedirect',
    `
apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: gw
spec:
  servers:
  - port: { number: 80, name: http, protocol: HTTP }
    hosts: ["*"]
    tls:
      httpsRedirect: true
`,
  );
});

test('nothing in a comment, in a block scalar, or in a kind istio-ls has no schema for', () => {
  checkCompletion(`\n${VS_HEAD}  # hosts: $0\n`, []);
  checkCompletion(`\n${VS_HEAD}  hosts: [a]\n  http:\n  - directResponse:\n      body:\n        string: |$0\n`, []);
  checkCompletion(`\napiVersion: v1\nkind: Service\nmetadata:\n  name: reviews\nspec:\n  $0\n`, []);
});

test('keys below the cursor count as present; the missing one of apiVersion/kind is offered', () => {
  checkCompletion(
    `\n${VS_HEAD}  $0\n  http:\n  - route:\n    - destination: { host: reviews }\n  hosts: [reviews]\n`,
    ['exportTo', 'gateways', 'tcp', 'tls'],
    'gateways',
    `\n${VS_HEAD}  gateways:\n  - \n  http:\n  - route:\n    - destination: { host: reviews }\n  hosts: [reviews]\n`,
  );
  checkCompletion(`\nkind: VirtualService\n$0\n`, ['apiVersion'], 'apiVersion', `\nkind: VirtualService\napiVersion: \n`);
});

test('kind snippets only where a new document starts: after ---, not inside a resource nor at a value', () => {
  checkCompletion(
    `
apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
istio-pe$0
`,
    [...KINDS, ...SNIPPETS],
    'istio-peerauthn',
    `
apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
  namespace: default
spec:
  mtls:
    mode: STRICT

`,
  );
  // A key inside a resource and a value: the schema's items only.
  checkCompletion(`\n${VS_HEAD}  hosts: [reviews]\n  $0\n`, ['exportTo', 'gateways', 'http', 'tcp', 'tls']);
  checkCompletion(`\napiVersion: networking.istio.io/v1\nkind: Sidecar\nmetadata: {name: s}\nspec:\n  outboundTrafficPolicy:\n    mode: $0\n`, ['REGISTRY_ONLY', 'ALLOW_ANY']);
});
