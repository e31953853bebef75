// Hover and completion on the security, telemetry and extensions kinds show
// the same structured facts as on the networking kinds: the description, the
// default, the format, the release, each enum value's meaning, the example of
// a commonly misused field, and the link to the field's istio.io anchor
// (including messages shared across kinds, such as PolicyTargetReference).
import test from 'node:test';
import assert from 'node:assert/strict';
import { load } from '../../helpers/fixture.mjs';
import { complete } from '../../helpers/authoring.mjs';

function hoverAt(source) {
  const fx = load(source);
  return fx.service.doHover(fx.cursor.uri, fx.cursor.file.text, fx.cursor.offset)?.markdown;
}

const head = (apiVersion, kind) => `apiVersion: ${apiVersion}
kind: ${kind}
metadata:
  name: policy
  namespace: prod
spec:
`;
const AP = head('security.istio.io/v1', 'AuthorizationPolicy');
const PA = head('security.istio.io/v1', 'PeerAuthentication');
const RA = head('security.istio.io/v1', 'RequestAuthentication');
const TELEMETRY = head('telemetry.istio.io/v1', 'Telemetry');
const WASM = head('extensions.istio.io/v1alpha1', 'WasmPlugin');

test('AuthorizationPolicy principals: the spiffe:// pitfall, the match forms, the example and the Source anchor', () => {
  const md = hoverAt(`${AP}  rules:
  - from:
    - source:
        princ$0ipals: ["cluster.local/ns/web/sa/frontend"]
`);
  assert.match(md, /^\*\*principals\*\* `string\[\]` — AuthorizationPolicy `rules\.from\.source\.principals`\n\n/);
  assert.match(md, /without the `spiffe:\/\/` scheme: a value starting with `spiffe:\/\/` never matches \(ILS0701\)/);
  assert.match(md, /^- Default: any principal$/m);
  assert.match(md, /^- Format: list of strings, each exact \(`abc`\), prefix \(`abc\*`\), suffix \(`\*abc`\) or `\*`/m);
  assert.match(md, /Example:\n```yaml\nprincipals:\n- cluster\.local\/ns\/bookinfo\/sa\/productpage/);
  assert.match(md, /\[Source\.principals on istio\.io\]\(https:\/\/istio\.io\/latest\/docs\/reference\/config\/security\/authorization-policy\/#Source-principals\)$/);
});

test('AuthorizationPolicy action: hover on CUSTOM explains that value; completion gives each action its meaning', () => {
  const md = hoverAt(`${AP}  action: CUS$0TOM
  provider:
    name: ext-authz
  rules:
  - to:
    - operation:
        paths: ["/admin/*"]
`);
  assert.equal(
    md,
    [
      '**CUSTOM** — value of `action`, AuthorizationPolicy `action`',
      '',
      'Ask the external authorization provider named in `provider` about matching requests, before DENY and ALLOW; it can refuse a request but cannot let through one that DENY or ALLOW policies refuse. Needs `provider.name` and rules, and cannot test identities (principals, namespaces, JWT). Added in Istio 1.8.',
      '',
      'Default of `action`: `ALLOW`.',
      '',
      '[AuthorizationPolicy.action on istio.io](https://istio.io/latest/docs/reference/config/security/authorization-policy/#AuthorizationPolicy-action)',
    ].join('\n'),
  );
  const c = complete(`${AP}  action: $0\n`);
  assert.deepEqual(c.labels, ['ALLOW', 'DENY', 'AUDIT', 'CUSTOM']);
  // The detail line is the meaning's first sentence; the documentation has all of it.
  assert.equal(c.item('DENY').detail, 'Refuse the request if it matches a rule, whatever ALLOW policies say.');
  assert.match(c.item('DENY').documentation, /^Refuse the request .+ Needs at least one rule\.\n\nDefault of `action`: `ALLOW`\./);
  assert.ok(c.items.every((i) => i.detail !== 'enum'));
});

test('the hidden targetRef links its message, says it is deprecated, and its fields link the shared PolicyTargetReference', () => {
  const field = hoverAt(`${AP}  target$0Ref:\n    kind: Gateway\n    group: gateway.networking.k8s.io\n    name: waypoint\n`);
  assert.match(field, /^- Deprecated: write `targetRefs`, a list of the same references\.$/m);
  assert.match(field, /\[AuthorizationPolicy on istio\.io\]\(https:\/\/istio\.io\/latest\/docs\/reference\/config\/security\/authorization-policy\/#AuthorizationPolicy\) \(the field itself is not listed there\)$/);
  const kind = hoverAt(`${TELEMETRY}  targetRefs:\n  - ki$0nd: Gateway\n    group: gateway.networking.k8s.io\n    name: waypoint\n`);
  assert.match(kind, /^- Type: `string`, required$/m);
  assert.match(kind, /^- Added in Istio 1\.20$/m);
  assert.match(kind, /\(https:\/\/istio\.io\/latest\/docs\/reference\/config\/type\/workload-selector\/#PolicyTargetReference-kind\)$/);
});

test('PeerAuthentication: a mode under a port key resolves through the map; completion explains every mode', () => {
  const md = hoverAt(`${PA}  selector:
    matchLabels: { app: reviews }
  portLevelMtls:
    8080:
      mo$0de: PERMISSIVE
`);
  assert.match(md, /^\*\*mode\*\* `enum` — PeerAuthentication `portLevelMtls\.8080\.mode`/);
  assert.match(md, /^- Default: `UNSET`: the parent policy's mode, and `PERMISSIVE` when no policy sets one$/m);
  assert.match(md, /^- `STRICT`: Accept mutual TLS only/m);
  assert.match(md, /#PeerAuthentication-MutualTLS-mode\)$/);
  const c = complete(`${PA}  mtls:\n    mode: $0\n`);
  assert.deepEqual([...c.labels].sort(), ['DISABLE', 'PERMISSIVE', 'STRICT', 'UNSET']);
  assert.match(c.item('UNSET').detail, /^Take the mode of the parent policy/);
  const ports = hoverAt(`${PA}  selector:\n    matchLabels: { app: reviews }\n  portLevel$0Mtls:\n    8080: { mode: PERMISSIVE }\n`);
  assert.match(ports, /container port/);
  assert.match(ports, /app: reviews      # required with portLevelMtls/);
});

test('RequestAuthentication: the jwks_uri spelling links the jwks_uri anchor; the header prefix example keeps the space', () => {
  const alias = hoverAt(`${RA}  jwtRules:\n  - issuer: https://accounts.example.com\n    jwks$0_uri: https://accounts.example.com/jwks.json\n`);
  assert.match(alias, /The proto spelling of `jwksUri`/);
  assert.match(alias, /^- Default: discovered from the issuer's OpenID configuration/m);
  assert.match(alias, /\[JWTRule\.jwks_uri on istio\.io\]\(https:\/\/istio\.io\/latest\/docs\/reference\/config\/security\/request_authentication\/#JWTRule-jwks_uri\)$/);
  const prefix = hoverAt(`${RA}  jwtRules:\n  - issuer: https://accounts.example.com\n    fromHeaders:\n    - name: Authorization\n      pre$0fix: "Bearer "\n`);
  assert.match(prefix, /prefix: "Bearer "   # quoted, with the space/);
  assert.match(prefix, /#JWTHeader-prefix\)$/);
  const timeout = hoverAt(`${RA}  jwtRules:\n  - issuer: https://accounts.example.com\n    time$0out: 10s\n`);
  assert.match(timeout, /^- Default: `5s`\n- Format: a duration, .+; at least `1ms`\n- Added in Istio 1\.22$/m);
});

test('completion of a JWT rule key carries the same documentation as its hover', () => {
  const c = complete(`${RA}  jwtRules:\n  - issuer: https://accounts.example.com\n    $0\n`);
  const item = c.item('forwardOriginalToken');
  assert.ok(item, c.labels.join(', '));
  const hover = hoverAt(`${RA}  jwtRules:\n  - issuer: https://accounts.example.com\n    forwardOriginal$0Token: true\n`);
  assert.equal(item.documentation, hover.split('\n\n').slice(1).join('\n\n'));
  assert.match(item.documentation, /^- Default: `false`$/m);
});

test('Telemetry: a tag operation under a tag name explains REMOVE; sampling shows where its default comes from', () => {
  const md = hoverAt(`${TELEMETRY}  metrics:
  - overrides:
    - tagOverrides:
        request_protocol:
          operation: REM$0OVE
`);
  assert.match(md, /^\*\*REMOVE\*\* — value of `operation`, Telemetry `metrics\.overrides\.tagOverrides\.request_protocol\.operation`\n\nLeave the tag out of the metric; `value` must not be set\./);
  assert.match(md, /#MetricsOverrides-TagOverride-operation\)$/);
  const sampling = hoverAt(`${TELEMETRY}  tracing:\n  - randomSampling$0Percentage: 10\n`);
  assert.match(sampling, /^- Default: the parent Telemetry's value, else the mesh's `defaultConfig\.tracing\.sampling`, else 1%$/m);
  assert.match(sampling, /^- Range: 0–100$/m);
  assert.match(sampling, /#Tracing-random_sampling_percentage\)$/);
});

test('WasmPlugin: match ports link the type PortSelector; failStrategy lists every strategy with its meaning', () => {
  const port = hoverAt(`${WASM}  url: oci://ghcr.io/acme/auth:1.0\n  match:\n  - ports:\n    - num$0ber: 8080\n`);
  assert.match(port, /^- Range: 1–65535$/m);
  assert.match(port, /\(https:\/\/istio\.io\/latest\/docs\/reference\/config\/type\/workload-selector\/#PortSelector-number\)$/);
  const strategy = hoverAt(`${WASM}  url: oci://ghcr.io/acme/auth:1.0\n  fail$0Strategy: FAIL_OPEN\n`);
  assert.match(strategy, /^- Default: `FAIL_CLOSE`$/m);
  for (const v of ['FAIL_CLOSE', 'FAIL_OPEN', 'FAIL_RELOAD']) assert.match(strategy, new RegExp(`^- \`${v}\`: [A-Z].+\\.$`, 'm'), v);
  assert.match(strategy, /#WasmPlugin-fail_strategy\)$/);
});

test('TrafficExtension: the Wasm module fields are shared with WasmPlugin but link WasmConfig on their own page', () => {
  const TE = head('extensions.istio.io/v1alpha1', 'TrafficExtension');
  const url = hoverAt(`${TE}  wasm:\n    u$0rl: oci://ghcr.io/acme/auth:1.0\n`);
  assert.match(url, /^\*\*url\*\* `string` — TrafficExtension `wasm\.url`\n\nWhere to get the module: an OCI image/);
  assert.match(url, /\[WasmConfig\.url on istio\.io\]\(https:\/\/istio\.io\/latest\/docs\/reference\/config\/proxy_extensions\/traffic_extension\/#WasmConfig-url\)$/);
  const phase = hoverAt(`${TE}  lua:\n    inlineCode: "function envoy_on_request(h) end"\n  phase: UNSPEC$0IFIED\n`);
  assert.match(phase, /^\*\*UNSPECIFIED\*\* — value of `phase`, TrafficExtension `phase`\n\nistiod places the extension near the end of the filter chain/);
  const lua = hoverAt(`${TE}  lua:\n    inline$0Code: "function envoy_on_request(h) end"\n`);
  assert.match(lua, /^- Type: `string`, required$/m);
  assert.match(lua, /#LuaConfig-inline_code\)$/);
});
