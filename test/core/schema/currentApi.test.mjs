// The fields and kinds of Istio 1.30 and 1.31 that the pinned model package
// lacks (server/src/core/schema/overlay/istio-api.yaml): each validates, is
// documented on hover, and is reported when istio.version is older than it.
import test from 'node:test';
import assert from 'node:assert/strict';
import { load, check, findingsOf } from '../../helpers/fixture.mjs';

const doc = (apiVersion, kind, spec) => `apiVersion: ${apiVersion}
kind: ${kind}
metadata: { name: x, namespace: a }
spec:
${spec}`;

const DR = (policy) => doc('networking.istio.io/v1', 'DestinationRule', `  host: reviews.a.svc.cluster.local\n  trafficPolicy:\n${policy}`);

// key: the added key as written (its first occurrence is the one checked); words: a phrase of its hover text.
const CASES = [
  {
    name: 'AuthorizationPolicy source.trustDomains',
    since: '1.30',
    key: 'trustDomains',
    words: 'Trust domains of the client certificate',
    text: doc('security.istio.io/v1', 'AuthorizationPolicy', '  rules:\n  - from:\n    - source:\n        trustDomains: ["cluster.local"]'),
  },
  {
    name: 'AuthorizationPolicy source.notTrustDomains',
    since: '1.30',
    key: 'notTrustDomains',
    words: 'The opposite of `trustDomains`',
    text: doc('security.istio.io/v1beta1', 'AuthorizationPolicy', '  action: DENY\n  rules:\n  - from:\n    - source:\n        notTrustDomains: ["partner.example"]'),
  },
  {
    name: 'Telemetry tracing[].disableContextPropagation',
    since: '1.30',
    key: 'disableContextPropagation',
    words: 'from forwarding trace context headers',
    text: doc('telemetry.istio.io/v1', 'Telemetry', '  selector: { matchLabels: { istio: egressgateway } }\n  tracing:\n  - disableContextPropagation: true'),
  },
  {
    name: 'DestinationRule outlierDetection.outlierDetectionHttpErrorCodes',
    since: '1.31',
    key: 'outlierDetectionHttpErrorCodes',
    words: 'count as errors',
    text: DR('    outlierDetection:\n      consecutive5xxErrors: 5\n      outlierDetectionHttpErrorCodes: [500, 503, 429]'),
  },
  {
    name: 'DestinationRule retryBudget.budgetInterval (subset)',
    since: '1.31',
    key: 'budgetInterval',
    words: 'retry budget',
    text: doc(
      'networking.istio.io/v1',
      'DestinationRule',
      '  host: reviews\n  subsets:\n  - name: v1\n    labels: { version: v1 }\n    trafficPolicy:\n      retryBudget:\n        budgetInterval: 10s',
    ),
  },
  {
    name: 'DestinationRule connectionPool.http.http2KeepAlive (subset)',
    since: '1.31',
    key: 'http2KeepAlive',
    words: 'PING frames',
    text: doc(
      'networking.istio.io/v1beta1',
      'DestinationRule',
      '  host: reviews\n  subsets:\n  - name: v1\n    labels: { version: v1 }\n    trafficPolicy:\n      connectionPool:\n        http:\n          http2KeepAlive: { interval: 30s, timeout: 5s }',
    ),
  },
  {
    name: 'Sidecar inboundConnectionPool.http.http2KeepAlive',
    since: '1.31',
    key: 'http2KeepAlive',
    words: 'PING frames',
    text: doc('networking.istio.io/v1', 'Sidecar', '  inboundConnectionPool:\n    http:\n      http2KeepAlive:\n        interval: 30s\n        timeout: 5s'),
  },
  {
    name: 'DestinationRule loadBalancer.zoneAwareLbSetting',
    since: '1.31',
    key: 'zoneAwareLbSetting',
    words: 'zone-aware routing',
    text: DR('    loadBalancer:\n      simple: ROUND_ROBIN\n      zoneAwareLbSetting:\n        enabled: true\n        failover:\n        - { from: us-east, to: eu-west }\n        minClusterSize: 3'),
  },
  {
    name: 'Gateway servers[].tls.insecureSkipVerify',
    since: '1.31',
    key: 'insecureSkipVerify',
    words: 'fails verification',
    text: doc(
      'networking.istio.io/v1',
      'Gateway',
      '  selector: { istio: ingressgateway }\n  servers:\n  - port: { number: 443, name: https, protocol: HTTPS }\n    hosts: ["a.example.com"]\n    tls: { mode: MUTUAL, credentialName: a-cert, insecureSkipVerify: true }',
    ),
  },
  {
    name: 'VirtualService http[].redirect.prefixRewrite',
    since: '1.31',
    key: 'prefixRewrite',
    words: 'matched path prefix',
    text: doc(
      'networking.istio.io/v1',
      'VirtualService',
      '  hosts: ["example.com"]\n  http:\n  - match:\n    - uri: { prefix: /foo/ }\n    redirect:\n      authority: foo.example.com\n      prefixRewrite: /',
    ),
  },
  {
    name: 'EnvoyFilter patch.operation MERGE_AND_REPLACE_LIST',
    since: '1.31',
    key: 'MERGE_AND_REPLACE_LIST',
    text: doc(
      'networking.istio.io/v1alpha3',
      'EnvoyFilter',
      '  configPatches:\n  - applyTo: CLUSTER\n    patch:\n      operation: MERGE_AND_REPLACE_LIST\n      value: { dns_lookup_family: V4_ONLY }',
    ),
  },
  {
    name: 'TrafficExtension kind',
    since: '1.30',
    key: 'TrafficExtension',
    words: 'inline Lua script',
    text: doc(
      'extensions.istio.io/v1alpha1',
      'TrafficExtension',
      '  selector: { matchLabels: { app: web } }\n  phase: AUTHN\n  priority: 10\n  match:\n  - mode: SERVER\n    ports: [{ number: 8080 }]\n  lua:\n    inlineCode: |\n      function envoy_on_request(h) end',
    ),
  },
  {
    name: 'TrafficExtension wasm (fields shared with WasmPlugin)',
    since: '1.30',
    key: 'TrafficExtension',
    text: doc(
      'extensions.istio.io/v1alpha1',
      'TrafficExtension',
      '  targetRefs:\n  - { kind: Gateway, group: gateway.networking.k8s.io, name: gw }\n  wasm:\n    url: oci://ghcr.io/example/filter:1.0\n    imagePullPolicy: IfNotPresent\n    failStrategy: FAIL_OPEN\n    pluginConfig: { header: x-example }',
    ),
  },
  // Fields the package has, with the release that added them.
  {
    name: 'DestinationRule trafficPolicy.retryBudget (package field, 1.27)',
    since: '1.27',
    key: 'retryBudget',
    text: DR('    retryBudget:\n      percent: 20'),
  },
  {
    name: 'Gateway tls.credentialNames (package field, 1.26)',
    since: '1.26',
    key: 'credentialNames',
    text: doc(
      'networking.istio.io/v1',
      'Gateway',
      '  selector: { istio: ingressgateway }\n  servers:\n  - port: { number: 443, name: https, protocol: HTTPS }\n    hosts: ["a.example.com"]\n    tls:\n      mode: SIMPLE\n      credentialNames: [rsa-cert, ecdsa-cert]',
    ),
  },
];

const schemaFindings = (fx) => findingsOf(fx).filter((f) => f.code === 'IST0106' || f.code === 'IST0002');
const before = (since) => `1.${Number(since.split('.')[1]) - 1}`;

for (const c of CASES) {
  test(`${c.name}: valid on the newest release`, () => {
    const fx = load(c.text);
    assert.deepEqual(schemaFindings(fx).map((f) => f.message), []);
  });

  test(`${c.name}: reported on the key when istio.version is ${before(c.since)}, clean on ${c.since}`, () => {
    const fx = load(c.text, { istioVersion: before(c.since) });
    const found = schemaFindings(fx);
    assert.equal(found.length, 1, found.map((f) => f.message).join('\n'));
    assert.equal(found[0].code, 'IST0106');
    const at = c.text.indexOf(c.key);
    assert.deepEqual(found[0].span, { start: at, end: at + c.key.length });
    assert.match(found[0].message, new RegExp(`needs Istio ${c.since.replace('.', '\\.')} or later`));
    assert.deepEqual(schemaFindings(load(c.text, { istioVersion: c.since })), []);
  });

  if (c.words) {
    test(`${c.name}: hover documents it`, () => {
      const fx = load(c.text);
      const hover = fx.service.doHover(fx.files[0].uri, fx.files[0].text, c.text.indexOf(c.key) + 1);
      assert.ok(hover?.markdown.includes(c.words), hover?.markdown);
    });
  }
}

test('near miss: a misspelt new field is still an unknown field, with its suggestion', () => {
  const fx = check(assert, `
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: { name: x, namespace: a }
spec:
  rules:
  - from:
    - source:
        trustDomain: ["cluster.local"]
#       ^^^^^^^^^^^ IST0106
`, { codes: ['IST0106'] });
  assert.match(findingsOf(fx)[0].message, /Did you mean "trustDomains"/);
});

test('near miss: TrafficExtension enum, unknown field and one-of parts are checked like the package kinds', () => {
  check(assert, `
apiVersion: extensions.istio.io/v1alpha1
kind: TrafficExtension
metadata: { name: x, namespace: a }
spec:
  phase: AUTHX
#        ^^^^^ IST0106
  lua:
    inlineCod: "function envoy_on_request(h) end"
#   ^^^^^^^^^ IST0106
  wasm:
    url: oci://ghcr.io/example/filter:1.0
    failStrategy: FAIL_SOMETIMES
#                 ^^^^^^^^^^^^^^ IST0106
`, { codes: ['IST0106'] });
});

test('an unknown istio.version falls back to the newest release', () => {
  const c = CASES[0];
  assert.deepEqual(schemaFindings(load(c.text, { istioVersion: 'latest' })), []);
  assert.equal(schemaFindings(load(c.text, { istioVersion: 'v1.29.3' })).length, 1);
});
