// Sidecar scope: the messages of ILS0404 and of IST0101 name the Sidecar's
// own outboundTrafficPolicy, and the namespace where the host is defined
// (cases in test/fixtures/ILS0404).
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadCase } from '../../helpers/cases.mjs';

const fx = loadCase('ILS0404/dot-import-of-serviceentry-in-other-namespace.yaml');
const diags = fx.service.diagnostics();

test('ILS0404 says where the host is defined and what the fixed entry is', () => {
  const found = (diags.get('file:///ws/shop/sidecar.yaml') ?? []).filter((f) => f.code === 'ILS0404');
  assert.equal(found.length, 2);
  assert.match(found[0].message, /^"\.\/api\.example\.com" imports api\.example\.com only as defined in namespace shop, but the workspace registers it in egress-config: this entry imports nothing/);
  assert.match(found[0].message, /REGISTRY_ONLY \(set by this Sidecar\), calls to api\.example\.com go to the BlackHoleCluster/);
  assert.match(found[0].message, /Write "egress-config\/api\.example\.com" \(the namespace where the ServiceEntry is defined\) or "\*\/api\.example\.com"\./);
  assert.deepEqual(found[0].related.map((r) => r.message), ['ServiceEntry egress-config/api registers api.example.com in namespace egress-config']);
});

test("IST0101 uses the namespace's default Sidecar's REGISTRY_ONLY, not the mesh-wide ALLOW_ANY", () => {
  const [f] = (diags.get('file:///ws/shop/vs.yaml') ?? []).filter((x) => x.code === 'IST0101');
  assert.match(f.message, /With outboundTrafficPolicy REGISTRY_ONLY, calls to it are answered 502 by the BlackHoleCluster\./);
  assert.equal(f.related[0].uri, 'file:///ws/shop/sidecar.yaml');
  assert.equal(f.related[0].message, 'outboundTrafficPolicy: REGISTRY_ONLY');
});
