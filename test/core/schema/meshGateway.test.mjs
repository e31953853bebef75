// IstioMeshGateway (servicemesh.cisco.com/v1alpha1, Service Mesh Manager):
// schema from the "IstioMeshGateway CR reference" (overlay/mesh-gateway.yaml).
// Their findings are case files under test/fixtures/<CODE>/ (run by
// test/core/fixtures.test.mjs); this file asserts messages and settings.
import test from 'node:test';
import assert from 'node:assert/strict';
import { findingsOf, load } from '../../helpers/fixture.mjs';
import { loadCase } from '../../helpers/cases.mjs';
import { checkCompletion, cursorAt } from '../../helpers/authoring.mjs';

const VALID = `apiVersion: servicemesh.cisco.com/v1alpha1
kind: IstioMeshGateway
metadata:
  name: egress-demo
  namespace: smm-demo
spec:
  type: egress
  runAsRoot: false
  istioControlPlane:
    name: cp-v115x
    namespace: istio-system
  deployment:
    metadata:
      annotations: { team: payments }
    podMetadata:
      labels: { app: egress-demo, gateway-type: egress }
    replicas: { min: 1, max: 3, count: 1 }
    nodeSelector: { pool: egress }
    tolerations:
    - { key: dedicated, operator: Equal, value: egress, effect: NoSchedule }
    topologySpreadConstraints: []
  service:
    metadata:
      annotations:
        service.beta.kubernetes.io/aws-load-balancer-internal: "true"
    ports:
    - name: tcp-status-port
      port: 15021
      protocol: TCP
      targetPort: 15021
    - name: http
      port: 80
      protocol: TCP
      targetPort: 8080
    type: ClusterIP
`;

test('errata §10: a misspelt type and a string runAsRoot are reported on the exact key and value', () => {
  const fx = loadCase('IST0106/istiomeshgateway-misspelt-type-and-string-run-as-root.yaml');
  const messages = findingsOf(fx).map((f) => f.message);
  assert.match(messages[0], /Did you mean "type"/);
  assert.match(messages[1], /true or false/);
});

test('required: type, istioControlPlane and service, and ports in the service', () => {
  const fx = load(`apiVersion: servicemesh.cisco.com/v1alpha1
kind: IstioMeshGateway
metadata: { name: in, namespace: smm-demo }
spec:
  deployment: {}
---
apiVersion: servicemesh.cisco.com/v1alpha1
kind: IstioMeshGateway
metadata: { name: in2, namespace: smm-demo }
spec:
  type: ingress
  istioControlPlane: { name: cp-v115x, namespace: istio-system }
  service:
    type: LoadBalancer
`);
  const missing = findingsOf(fx).filter((f) => f.code === 'IST0106').map((f) => f.data.field);
  assert.deepEqual(missing, ['type', 'istioControlPlane', 'service', 'ports']);
});

test('hover documents the kind and its fields in our words, naming the public source', () => {
  const fx = load(VALID);
  const f = fx.files[0];
  const at = (marked) => fx.service.doHover(f.uri, f.text, cursorAt(f, marked))?.markdown ?? '';
  assert.match(at('I$0stioMeshGateway'), /Service Mesh Manager documentation/);
  assert.match(at('r$0unAsRoot'), /cannot listen on ports below 1024/);
  assert.match(at('i$0stioControlPlane'), /IstioControlPlane resource/);
  assert.doesNotMatch(at('I$0stioMeshGateway'), /seed/i);
});

test('completion offers the spec fields and the enum values', () => {
  checkCompletion(
    `apiVersion: servicemesh.cisco.com/v1alpha1
kind: IstioMeshGateway
metadata: { name: eg, namespace: smm-demo }
spec:
  type: $0
`,
    ['ingress', 'egress'],
  );
  const c = checkCompletion(
    `apiVersion: servicemesh.cisco.com/v1alpha1
kind: IstioMeshGateway
metadata: { name: eg, namespace: smm-demo }
spec:
  type: egress
  $0
`,
    ['istioControlPlane', 'service', 'deployment', 'k8sResourceOverlays', 'runAsRoot'],
  );
  // Required fields first.
  assert.equal(c.labels[0], 'istioControlPlane');
});
