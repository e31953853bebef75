// The egress bundle and the clients' Sidecar: where the default Sidecar of
// the bundle's namespace limits egress hosts, the bundle adds the entries
// that import the host from where its ServiceEntry and VirtualService are
// defined (ns/host), and nothing when an entry already imports them.
import test from 'node:test';
import assert from 'node:assert/strict';
import { applyWorkspaceEdit, findingKeys, serviceOf } from './helpers.mjs';

const ROOT = 'file:///ws';
const HOST = 'api.example.com';
const MESH = `apiVersion: install.istio.io/v1alpha1
kind: IstioOperator
metadata: {name: cp, namespace: istio-system}
spec:
  meshConfig:
    outboundTrafficPolicy: {mode: REGISTRY_ONLY}
`;
const sidecar = (hosts) => `apiVersion: networking.istio.io/v1
kind: Sidecar
metadata:
  name: default
  namespace: shop
spec:
  egress:
  - hosts:
${hosts.map((h) => `    - "${h}"`).join('\n')}
`;

function run(files, request) {
  const texts = new Map(Object.entries({ '/istio-system/operator.yaml': MESH, ...files }).map(([p, t]) => [ROOT + p, t]));
  const service = serviceOf(texts);
  const result = service.scaffoldEgress({ host: HOST, namespace: 'shop', target: `${ROOT}/shop/egress.yaml`, ...request }, (u) => texts.get(u));
  assert.equal(result.error, undefined, result.error);
  const after = applyWorkspaceEdit(texts, result.edit);
  return { result, after, before: findingKeys(service, texts), now: findingKeys(serviceOf(after), after) };
}

test('a Sidecar that imports only istio-system gets ./host for the bundle of its namespace, and the bundle is clean', () => {
  const { result, after, before, now } = run({ '/shop/sidecar.yaml': sidecar(['istio-system/*']) }, { protocol: 'http' });
  assert.equal(after.get(`${ROOT}/shop/sidecar.yaml`), sidecar(['istio-system/*']) + '    - "./api.example.com"\n');
  assert.ok(result.notes.some((n) => n.startsWith('Added "./api.example.com" to the egress hosts of Sidecar shop/default')), result.notes.join('\n'));
  assert.deepStrictEqual(now, before);
});

test('a ServiceEntry of another namespace is imported from there: platform/host, and ./host for the bundle', () => {
  const se = `apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: partner, namespace: platform}
spec:
  hosts: [api.example.com]
  location: MESH_EXTERNAL
  ports:
  - {number: 80, name: http, protocol: HTTP}
  resolution: DNS
`;
  const { after, before, now } = run({ '/platform/se.yaml': se, '/shop/sidecar.yaml': sidecar(['istio-system/*']) }, { protocol: 'http' });
  assert.equal(after.get(`${ROOT}/shop/sidecar.yaml`), sidecar(['istio-system/*']) + '    - platform/api.example.com\n    - "./api.example.com"\n');
  assert.deepStrictEqual(now, before);
});

test('near misses: a Sidecar importing */* or ./* and the ServiceEntry of its namespace is left alone', () => {
  for (const hosts of [['*/*'], ['./*', 'istio-system/*'], ['./api.example.com', 'istio-system/*']]) {
    const { result, after } = run({ '/shop/sidecar.yaml': sidecar(hosts) }, { protocol: 'http' });
    assert.equal(after.get(`${ROOT}/shop/sidecar.yaml`), sidecar(hosts), hosts.join(','));
    assert.ok(!result.notes.some((n) => n.includes('Sidecar')), result.notes.join('\n'));
  }
});

test('the Gateway API flavour imports the host too: its routes attach to the ServiceEntry in the namespace', () => {
  const { result, after, before, now } = run({ '/shop/sidecar.yaml': sidecar(['istio-system/*']) }, { protocol: 'http', api: 'gateway-api' });
  assert.ok(result.uris.some((u) => u.endsWith('/shop/egress.yaml')), result.uris.join(', '));
  assert.equal(after.get(`${ROOT}/shop/sidecar.yaml`), sidecar(['istio-system/*']) + '    - "./api.example.com"\n');
  assert.deepStrictEqual(now, before);
});
