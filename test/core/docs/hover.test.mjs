// Hover and completion show a documented field the same way: its description,
// the facts (type, required, default, format, range, release), the enum
// values with their meaning, an example, and the link to the field's anchor.
// On an enum value, hover explains that value; on a finding, hover keeps to
// the title and the link, because the editor shows the finding's message there.
import test from 'node:test';
import assert from 'node:assert/strict';
import { load } from '../../helpers/fixture.mjs';
import { complete } from '../../helpers/authoring.mjs';

const DR_HEAD = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
  namespace: prod
spec:
  host: reviews.prod.svc.cluster.local
`;

function hoverAt(source) {
  const fx = load(source);
  return fx.service.doHover(fx.cursor.uri, fx.cursor.file.text, fx.cursor.offset)?.markdown;
}

test('hover on a duration field: description, default, format and the field anchor', () => {
  const md = hoverAt(`${DR_HEAD}  trafficPolicy:
    outlierDetection:
      base$0EjectionTime: 1m
`);
  assert.equal(
    md,
    [
      '**baseEjectionTime** `string` — DestinationRule `trafficPolicy.outlierDetection.baseEjectionTime`',
      '',
      'How long an ejected endpoint stays out of the pool the first time; each further ejection multiplies it by the number of times the endpoint was ejected. Too long a value keeps recovered endpoints idle.',
      '',
      '- Type: `string`, optional',
      '- Default: `30s`',
      '- Format: a duration, digits with a unit, `h`, `m`, `s` or `ms` (e.g. `1h`, `30s`, `250ms`); at least `1ms`',
      '',
      '[OutlierDetection.base_ejection_time on istio.io](https://istio.io/latest/docs/reference/config/networking/destination-rule/#OutlierDetection-base_ejection_time)',
    ].join('\n'),
  );
});

test('a message reused at several paths is documented once: the subset port-level policy links the same anchor', () => {
  const md = hoverAt(`${DR_HEAD}  subsets:
  - name: v1
    labels: { version: v1 }
    trafficPolicy:
      portLevelSettings:
      - port: { number: 9080 }
        connectionPool:
          http:
            http2Max$0Requests: 100
`);
  assert.match(md, /^\*\*http2MaxRequests\*\* `number` — DestinationRule `subsets\.trafficPolicy\.portLevelSettings\.connectionPool\.http\.http2MaxRequests`/);
  assert.match(md, /- Default: 2\^32-1 \(effectively unlimited\)/);
  assert.match(md, /applies to HTTP\/1\.1 and HTTP\/2 alike/);
  assert.match(md, /\(https:\/\/istio\.io\/latest\/docs\/reference\/config\/networking\/destination-rule\/#ConnectionPoolSettings-HTTPSettings-http2_max_requests\)$/);
});

test('hover on an enum field lists every value with its meaning, and its example', () => {
  const md = hoverAt(`${DR_HEAD}  trafficPolicy:
    loadBalancer:
      sim$0ple: ROUND_ROBIN
`);
  assert.match(md, /- Default: `LEAST_REQUEST`/);
  for (const v of ['UNSPECIFIED', 'LEAST_CONN', 'RANDOM', 'PASSTHROUGH', 'ROUND_ROBIN', 'LEAST_REQUEST']) assert.match(md, new RegExp(`^- \`${v}\`: [A-Z].+\\.$`, 'm'), v);
  assert.match(md, /Example:\n```yaml\nloadBalancer:\n  simple: LEAST_REQUEST\n```/);
});

test('hover on an enum value explains that value, with the field default and anchor', () => {
  const md = hoverAt(`${DR_HEAD}  trafficPolicy:
    loadBalancer:
      simple: PASS$0THROUGH
`);
  assert.equal(
    md,
    [
      '**PASSTHROUGH** — value of `simple`, DestinationRule `trafficPolicy.loadBalancer.simple`',
      '',
      "No load balancing: connect to the IP address the caller asked for (Envoy's original-destination cluster). Only for special cases; a wrong address is not corrected, and subsets and locality settings do not apply.",
      '',
      'Default of `simple`: `LEAST_REQUEST` (Istio picks it when the field is unset).',
      '',
      '[LoadBalancerSettings.simple on istio.io](https://istio.io/latest/docs/reference/config/networking/destination-rule/#LoadBalancerSettings-simple)',
    ].join('\n'),
  );
});

test('hover shows required, release and deprecation facts', () => {
  const required = hoverAt(`${DR_HEAD}  subsets:\n  - na$0me: v1\n`);
  assert.match(required, /- Type: `string`, required/);
  const since = hoverAt(`${DR_HEAD}  trafficPolicy:\n    loadBalancer:\n      war$0mup: { duration: 30s }\n`);
  assert.match(since, /- Added in Istio 1\.24/);
  const conditional = hoverAt(`${DR_HEAD}  trafficPolicy:\n    tls:\n      mode: MUTUAL\n      private$0Key: /etc/certs/key.pem\n`);
  assert.match(conditional, /- Type: `string`, required when `mode` is `MUTUAL` without `credentialName`/);
  // On the value: the key itself carries the IST0002 finding.
  const deprecated = hoverAt(`${DR_HEAD}  trafficPolicy:\n    loadBalancer:\n      warmupDurationSecs: 3$00s\n`);
  assert.match(deprecated, /- Deprecated: use `warmup\.duration`\./);
});

test('hover on a finding keeps to the title and the link: the editor shows the message above it', () => {
  const source = `${DR_HEAD}  trafficPolicy:
    outlierDetection:
      consecutive$0Errors: 3
`;
  const fx = load(source);
  const findings = fx.service.diagnostics().get(fx.cursor.uri) ?? [];
  assert.ok(findings.some((f) => f.code === 'IST0002' && f.span.start <= fx.cursor.offset && fx.cursor.offset <= f.span.end), 'the deprecated field is reported');
  assert.equal(
    hoverAt(source),
    [
      '**consecutiveErrors** `number` — DestinationRule `trafficPolicy.outlierDetection.consecutiveErrors`',
      '',
      '[OutlierDetection.consecutive_errors on istio.io](https://istio.io/latest/docs/reference/config/networking/destination-rule/#OutlierDetection-consecutive_errors)',
    ].join('\n'),
  );
  // The same key without a finding gets the whole text.
  const clean = hoverAt(`${DR_HEAD}  trafficPolicy:\n    outlierDetection:\n      consecutive5xx$0Errors: 3\n`);
  assert.match(clean, /How many 5xx responses in a row eject an endpoint/);
});

test('completion of keys carries the same documentation as hover', () => {
  const c = complete(`${DR_HEAD}  trafficPolicy:\n    outlierDetection:\n      $0\n`);
  const item = c.item('baseEjectionTime');
  assert.ok(item, c.labels.join(', '));
  const hover = hoverAt(`${DR_HEAD}  trafficPolicy:\n    outlierDetection:\n      base$0EjectionTime: 1m\n`);
  assert.equal(item.documentation, hover.split('\n\n').slice(1).join('\n\n'));
});

test('completion of enum values gives each value its meaning, not only "enum"', () => {
  const c = complete(`${DR_HEAD}  trafficPolicy:\n    loadBalancer:\n      simple: $0\n`);
  assert.deepEqual(c.labels, ['UNSPECIFIED', 'LEAST_CONN', 'RANDOM', 'PASSTHROUGH', 'ROUND_ROBIN', 'LEAST_REQUEST']);
  const lr = c.item('LEAST_REQUEST');
  assert.equal(lr.detail, 'Pick, among a few random endpoints, the one with the fewest outstanding requests.');
  assert.match(lr.documentation, /^Pick, among a few random endpoints.+\n\nDefault of `simple`: `LEAST_REQUEST`/s);
  assert.match(lr.documentation, /#LoadBalancerSettings-simple\)$/);
  assert.ok(c.items.every((i) => i.detail !== 'enum'));
});

test('VirtualService: a field under a free map key (a header name) resolves to the shared StringMatch', () => {
  const md = hoverAt(`apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
  namespace: prod
spec:
  hosts: [reviews.prod.svc.cluster.local]
  http:
  - match:
    - headers:
        end-user:
          reg$0ex: '^j.*'
    route:
    - destination:
        host: reviews.prod.svc.cluster.local
`);
  assert.match(md, /^\*\*regex\*\* `string` — VirtualService `http\.match\.headers\.end-user\.regex`/);
  assert.match(md, /as a \*\*whole\*\*/);
  assert.match(md, /- Format: RE2 syntax, matched against the whole value/);
  assert.match(md, /\(https:\/\/istio\.io\/latest\/docs\/reference\/config\/networking\/virtual-service\/#StringMatch-regex\)$/);
});

test('VirtualService: a field the proto hides from istio.io links its message and says so', () => {
  const md = hoverAt(`apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: db
  namespace: prod
spec:
  hosts: [db.prod.svc.cluster.local]
  tcp:
  - match:
    - source$0Subnet: 10.0.0.0/8
    route:
    - destination:
        host: db.prod.svc.cluster.local
`);
  assert.match(md, /istiod does not use it/);
  assert.match(md, /\[L4MatchAttributes on istio\.io\]\(https:\/\/istio\.io\/latest\/docs\/reference\/config\/networking\/virtual-service\/#L4MatchAttributes\) \(the field itself is not listed there\)$/);
});

test('ServiceEntry: hover on `resolution: DNS` explains DNS, and completion offers every mode with its meaning', () => {
  const head = `apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: api
  namespace: prod
spec:
  hosts: [api.example.com]
  ports:
  - { number: 443, name: https, protocol: TLS }
`;
  const md = hoverAt(`${head}  resolution: D$0NS\n`);
  assert.match(md, /^\*\*DNS\*\* — value of `resolution`, ServiceEntry `resolution`\n\nResolve the `endpoints` addresses, or the hosts themselves/);
  assert.match(md, /Default of `resolution`: `NONE`\./);
  assert.match(md, /#ServiceEntry-resolution\)$/);
  const c = complete(`${head}  resolution: $0\n`);
  assert.deepEqual(c.labels, ['NONE', 'STATIC', 'DNS', 'DNS_ROUND_ROBIN', 'DYNAMIC_DNS']);
  assert.equal(c.item('STATIC').detail, 'Use the IP addresses in `endpoints` (or the WorkloadEntries that `workloadSelector` picks).');
});

test('port protocols (a plain string in the schema) get a meaning per value in hover and completion', () => {
  const head = `apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: db
  namespace: prod
spec:
  hosts: [db.example.com]
  addresses: [10.0.0.5]
  resolution: STATIC
  endpoints: [{ address: 10.0.0.5 }]
  ports:
  - number: 5432
    name: tcp-postgres
`;
  const md = hoverAt(`${head}    protocol: T$0CP\n`);
  assert.match(md, /^\*\*TCP\*\* — value of `protocol`, ServiceEntry `ports\.protocol`\n\nOpaque TCP: routed by destination address and port only/);
  const c = complete(`${head}    protocol: $0\n`);
  assert.equal(c.item('TLS').detail, 'TLS that the proxy does not decrypt: routed by SNI (`tls` routes with `sniHosts`).');
  assert.ok(c.items.every((i) => i.detail !== 'protocol' && i.documentation), c.items.map((i) => `${i.label}: ${i.detail}`).join('\n'));
});

test('a proto field spelt in camelCase (targetRefs) links the anchor istio.io derives from that spelling', () => {
  const md = hoverAt(`apiVersion: networking.istio.io/v1alpha3
kind: EnvoyFilter
metadata:
  name: f
  namespace: prod
spec:
  target$0Refs:
  - { kind: Gateway, group: gateway.networking.k8s.io, name: gw }
  configPatches: []
`);
  assert.match(md, /\[EnvoyFilter\.targetRefs on istio\.io\]\(https:\/\/istio\.io\/latest\/docs\/reference\/config\/networking\/envoy-filter\/#EnvoyFilter-targetRefs\)$/);
});

test('hover on a free map key (a label name) shows the documentation of its map field', () => {
  const md = hoverAt(`${DR_HEAD}  subsets:
  - name: v1
    labels:
      ver$0sion: v1
`);
  assert.match(md, /^\*\*version\*\* — entry of `labels`, DestinationRule `subsets\.labels\.version`\n\nPod labels that select this subset's endpoints/);
  assert.match(md, /#Subset-labels\)$/);
});
