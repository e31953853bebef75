// The messages of the security and ambient checks say what is wrong, what it
// breaks and the likely fix (the fixture runner pins codes and ranges).
import test from 'node:test';
import assert from 'node:assert/strict';
import { findingDetails, loadCase } from '../../helpers/cases.mjs';

const messages = (name, code) => findingDetails(loadCase(name), code).map((d) => d.message);

test('IST0127 targetRefs: did you mean for a Gateway, why for a GatewayClass', () => {
  const [gateway, cls, root] = messages('IST0127/targetref-gateway-and-class-attach-nothing.yaml', 'IST0127');
  assert.match(gateway, /^No Gateway API Gateway shop-gatway in namespace shop \(did you mean shop-gateway\?\)/);
  assert.match(cls, /only for istio-waypoint .*not istio/);
  assert.match(root, /only in the root namespace \(istio-system\); from namespace shop/);
});

test('ILS0708 and IST0101 (complete registry): the closest service account and namespace', () => {
  const name = 'ILS0708/principal-service-account-typo.yaml';
  const [sa] = messages(name, 'ILS0708');
  assert.match(sa, /^No workload of namespace shop runs as service account frontnd \(did you mean frontend\?\)/);
  assert.match(sa, /Workloads there run as frontend, cart\.$/);
  assert.match(messages(name, 'IST0101')[0], /^No namespace shopp in the workspace \(did you mean shop\?\)/);
});

test('IST0149 names the claim, the Gateway and a gateway pod without a RequestAuthentication', () => {
  const [m] = messages('IST0149/claim-route-without-request-authentication.yaml', 'IST0149');
  assert.match(m, /JWT claim @request\.auth\.claims\.groups/);
  assert.match(m, /Gateway shop\/shop-gateway \(Deployment istio-system\/istio-ingressgateway\)/);
});

test('ILS0901 suggests the waypoint; ILS0902 names the HTTP attributes and the ambient workload', () => {
  const [ns, svc] = messages('ILS0901/use-waypoint-misspelt.yaml', 'ILS0901');
  assert.match(ns, /^No waypoint waypont in namespace shop \(did you mean waypoint\?\)/);
  assert.match(svc, /^No waypoint shared-waypoint in namespace shop/);
  const [http] = messages('ILS0902/http-rules-by-selector-in-ambient.yaml', 'ILS0902');
  assert.match(http, /ambient workloads \(Deployment shop\/cart\) and cannot see methods, paths: the rules that use them never match/);
});
