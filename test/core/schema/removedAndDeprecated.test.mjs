// IST0002 for kinds Istio removed (Mixer, v1alpha1 RBAC and authentication),
// depending on istio.version, and for istioctl's deprecated Sidecar field.
import test from 'node:test';
import assert from 'node:assert/strict';
import { check, findingsOf, load } from '../../helpers/fixture.mjs';

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
  const fx = check(assert, RBAC, { codes: ['IST0002', 'IST0106'] });
  assert.match(findingsOf(fx)[0].message, /removed in Istio 1\.6.*AuthorizationPolicy/);
});

test('a removed kind is not reported when istio.version predates the removal', () => {
  const fx = load(RBAC.replace(/^#.*\n/m, ''), { istioVersion: '1.5' });
  assert.deepEqual(findingsOf(fx).map((f) => f.code), []);
});

test('Mixer configuration names 1.8; authentication.istio.io names 1.6', () => {
  const fx = check(
    assert,
    `
#- /a/mixer.yaml
apiVersion: config.istio.io/v1alpha2
kind: handler
#     ^^^^^^^ IST0002
metadata: { name: denier, namespace: istio-system }
spec:
  compiledAdapter: denier
---
apiVersion: authentication.istio.io/v1alpha1
kind: Policy
#     ^^^^^^ IST0002
metadata: { name: default, namespace: a }
spec:
  peers:
  - mtls: {}
`,
    { codes: ['IST0002', 'IST0106'] },
  );
  const messages = findingsOf(fx, '/a/mixer.yaml').map((f) => f.message);
  assert.match(messages[0], /Istio 1\.8/);
  assert.match(messages[1], /Istio 1\.6/);
  // On 1.7 Mixer still exists but the v1alpha1 authentication API does not.
  const on17 = load(fx.files[0].text, { istioVersion: '1.7' });
  assert.deepEqual(findingsOf(on17).map((f) => f.data.group), ['authentication.istio.io']);
});

test('a CRD that defines a removed rbac.istio.io kind is IST0002 (as istioctl reports it)', () => {
  check(
    assert,
    `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
#     ^^^^^^^^^^^^^^^^^^^^^^^^ IST0002
metadata: { name: serviceroles.rbac.istio.io }
spec:
  group: rbac.istio.io
  names: { kind: ServiceRole, plural: serviceroles }
  scope: Namespaced
`,
    { codes: ['IST0002'] },
  );
});

test('near miss: a CRD of a current Istio group and a current security kind stay clean', () => {
  check(
    assert,
    `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: authorizationpolicies.security.istio.io }
spec:
  group: security.istio.io
  names: { kind: AuthorizationPolicy, plural: authorizationpolicies }
  scope: Namespaced
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: { name: allow-get, namespace: a }
spec:
  rules:
  - to:
    - operation: { methods: ["GET"] }
`,
    { codes: ['IST0002', 'IST0106'] },
  );
});

test('Sidecar outboundTrafficPolicy.egressProxy is IST0002 on the key; mode alone is clean', () => {
  check(
    assert,
    `
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: { name: default, namespace: a }
spec:
  outboundTrafficPolicy:
    mode: ALLOW_ANY
    egressProxy:
#   ^^^^^^^^^^^ IST0002
      host: istio-egressgateway.istio-system.svc.cluster.local
      port: { number: 80 }
---
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: { name: other, namespace: b }
spec:
  outboundTrafficPolicy:
    mode: REGISTRY_ONLY
`,
    { codes: ['IST0002', 'IST0106'] },
  );
});
