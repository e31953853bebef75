// IST0002 for kinds Istio removed (Mixer, v1alpha1 RBAC and authentication),
// depending on istio.version, and for istioctl's deprecated Sidecar field.
// Their findings are case files under test/fixtures/<CODE>/ (run by
// test/core/fixtures.test.mjs); this file asserts messages and settings.
import test from 'node:test';
import assert from 'node:assert/strict';
import { findingsOf, load } from '../../helpers/fixture.mjs';
import { loadCase } from '../../helpers/cases.mjs';

const RBAC = `
apiVersion: rbac.istio.io/v1alpha1
kind: ServiceRole
#     ^^^^^^^^^^^ IST0002
metadata: { name: reader, namespace: a }
spec:
  rules:
  - services: ["*"]
    methods: ["GET"]
`;

test('a removed kind is IST0002 on its kind, naming the release that removed it', () => {
  const fx = loadCase('IST0002/removed-rbac-kind.yaml');
  assert.match(findingsOf(fx)[0].message, /removed in Istio 1\.6.*AuthorizationPolicy/);
});

test('a removed kind is not reported when istio.version predates the removal', () => {
  const fx = load(RBAC.replace(/^#.*\n/m, ''), { istioVersion: '1.5' });
  assert.deepEqual(findingsOf(fx).map((f) => f.code), []);
});

test('Mixer configuration names 1.8; authentication.istio.io names 1.6', () => {
  const fx = loadCase('IST0002/mixer-and-authentication-kinds-removed.yaml');
  const messages = findingsOf(fx, '/a/mixer.yaml').map((f) => f.message);
  assert.match(messages[0], /Istio 1\.8/);
  assert.match(messages[1], /Istio 1\.6/);
  // On 1.7 Mixer still exists but the v1alpha1 authentication API does not.
  const on17 = load(fx.files[0].text, { istioVersion: '1.7' });
  assert.deepEqual(findingsOf(on17).map((f) => f.data.group), ['authentication.istio.io']);
});


test('the pre-1.0 routing kinds of config.istio.io name their networking.istio.io replacement and 1.0, not Mixer', () => {
  const fx = load(`apiVersion: config.istio.io/v1alpha2
kind: RouteRule
metadata: { name: reviews-default, namespace: a }
spec:
  destination: { name: reviews }
---
apiVersion: config.istio.io/v1alpha2
kind: EgressRule
metadata: { name: google, namespace: a }
spec:
  destination: { service: "*.google.com" }
`);
  const messages = findingsOf(fx).map((f) => f.message);
  assert.equal(messages.length, 2);
  assert.match(messages[0], /v1alpha2 routing API \(config\.istio\.io RouteRule\) was removed in Istio 1\.0.*use VirtualService \(networking\.istio\.io\)/);
  assert.match(messages[1], /use ServiceEntry/);
  assert.doesNotMatch(messages.join('\n'), /Mixer/);
});
