// IstioOperator spec (issue 10, pattern 4): istioctl decodes it with unknown
// fields disallowed and MeshConfig strictly, so typos fail the install.
// Their findings are case files under test/fixtures/<CODE>/ (run by
// test/core/fixtures.test.mjs); this file asserts messages and settings.
import test from 'node:test';
import assert from 'node:assert/strict';
import { findingsOf, load } from '../../helpers/fixture.mjs';
import { loadCase } from '../../helpers/cases.mjs';
import { cursorAt } from '../../helpers/authoring.mjs';

const VALID = `apiVersion: install.istio.io/v1alpha1
kind: IstioOperator
metadata:
  name: control-plane
  namespace: istio-system
spec:
  profile: default
  hub: docker.io/istio
  tag: 1.31.0
  revision: 1-31-0
  meshConfig:
    accessLogFile: /dev/stdout
    accessLogEncoding: JSON
    outboundTrafficPolicy:
      mode: REGISTRY_ONLY
    enable_auto_mtls: true
    defaultConfig:
      holdApplicationUntilProxyStarts: true
      proxyMetadata:
        ISTIO_META_DNS_CAPTURE: "true"
    extensionProviders:
    - name: otel
      opentelemetry:
        service: otel-collector.observability.svc.cluster.local
        port: 4317
    localityLbSetting:
      enabled: true
  components:
    pilot:
      k8s:
        resources:
          requests: { cpu: 500m, memory: 2Gi }
        hpaSpec: { minReplicas: 2, maxReplicas: 5 }
    egressGateways:
    - name: istio-egressgateway
      enabled: true
      label:
        istio: egressgateway
        dedicated: "true"
      k8s:
        nodeSelector: { pool: egress }
        tolerations:
        - { key: dedicated, operator: Equal, value: egress, effect: NoSchedule }
        service:
          ports:
          - { name: https, port: 443, targetPort: 8443 }
        overlays:
        - kind: Deployment
          name: istio-egressgateway
          patches:
          - path: spec.template.spec.priorityClassName
            value: system-cluster-critical
  values:
    global:
      proxy:
        holdApplicationUntilProxyStarts: true
    anything: goes
`;

test('a typical IstioOperator is clean (protobuf snake_case names, Helm values and Kubernetes specs pass through)', () => {
  const fx = load(VALID);
  assert.deepEqual(findingsOf(fx).map((f) => `${f.code} ${f.message}`), []);
});

test('issue 10: a misspelt spec key and a misspelt outbound traffic mode are reported on the exact key and value', () => {
  const fx = loadCase('IST0106/istiooperator-misspelt-key-and-traffic-mode.yaml');
  const [profile, mode] = findingsOf(fx).map((f) => f.message);
  assert.match(profile, /Did you mean "profile"/);
  assert.match(mode, /Did you mean "REGISTRY_ONLY"/);
});

test('hover explains the outbound traffic mode and the gateway label', () => {
  const fx = load(VALID);
  const f = fx.files[0];
  const at = (marked) => fx.service.doHover(f.uri, f.text, cursorAt(f, marked))?.markdown ?? '';
  assert.match(at('m$0ode: REGISTRY_ONLY'), /BlackHoleCluster/);
  assert.match(at('l$0abel:'), /selector/);
  assert.match(at('p$0rofile:'), /built-in profile/);
});

const OLD_API = `
apiVersion: install.istio.io/v1alpha1
kind: IstioOperator
metadata: { name: cp, namespace: istio-system }
spec:
  addonComponents:
# ^^^^^^^^^^^^^^^ IST0002
    grafana: { enabled: true }
  components:
    citadel:
#   ^^^^^^^ IST0002
      enabled: false
    telemetry:
#   ^^^^^^^^^ IST0002
      enabled: false
`;

test('fields of the IstioOperator API that later releases removed are IST0002 naming the release, not unknown fields', () => {
  const fx = loadCase('IST0002/istiooperator-fields-removed-in-later-releases.yaml');
  assert.deepEqual(
    findingsOf(fx).map((f) => f.message.match(/removed in Istio [\d.]+/)[0]),
    ['removed in Istio 1.14', 'removed in Istio 1.7', 'removed in Istio 1.8'],
  );
});

test('with istio.version before the removal, the old fields are accepted', () => {
  const fx = load(OLD_API.replace(/^#.*\n/gm, ''), { istioVersion: '1.7' });
  // 1.7 still had addonComponents and components.telemetry, but no longer citadel.
  assert.deepEqual(findingsOf(fx).map((f) => f.data.path), ['spec.components.citadel']);
});
