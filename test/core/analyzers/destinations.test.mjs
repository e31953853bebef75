// Cross-file destination checks: IST0101 (host, subset), IST0112, IST0174,
// IST0173, ILS0301, IST0177, and the google.com egress gateway bundle.
// The findings of each fixture (exact ranges, near misses) are checked by
// test/core/fixtures.test.mjs; this file asserts what a case file cannot
// express: messages, related locations and data, loading the same cases.
import test from 'node:test';
import assert from 'node:assert/strict';
import { core } from '../../helpers/fixture.mjs';
import { loadCase } from '../../helpers/cases.mjs';

/**
 * Every finding with this code, rendered whole: where it starts, the exact text
 * its range covers, severity, and where each related location points (with the
 * first line of the text there).
 */
function details(fx, code) {
  const byUri = new Map(fx.files.map((f) => [f.uri, f]));
  const at = (f, offset) => {
    const p = new core.LineIndex(f.text).positionAt(offset);
    return `${f.path}:${p.line}:${p.character}`;
  };
  const out = [];
  for (const f of fx.files) {
    for (const d of fx.service.diagnostics().get(f.uri) ?? []) {
      if (d.code !== code) continue;
      out.push({
        key: [f.path, d.span.start],
        at: at(f, d.span.start),
        text: f.text.slice(d.span.start, d.span.end),
        severity: d.severity,
        related: (d.related ?? []).map((r) => {
          const rf = byUri.get(r.uri);
          return `${at(rf, r.span.start)} ${rf.text.slice(r.span.start, r.span.end).split('\n')[0]}`;
        }),
        message: d.message,
        data: d.data,
      });
    }
  }
  return out.sort((a, b) => (a.key[0] < b.key[0] ? -1 : a.key[0] > b.key[0] ? 1 : a.key[1] - b.key[1]));
}

// ---------------------------------------------------------------- IST0101 host

test('IST0101 host: Service in the workspace, short names expand to the rule namespace', () => {
  const fx = loadCase('IST0101/host-short-name-expands-to-rule-namespace.yaml');
  const d = details(fx, 'IST0101');
  assert.deepStrictEqual(
    d.map((x) => x.text),
    ['ratings', 'ratings', 'ratings.shop.svc.cluster.local'],
  );
  assert.equal(d[0].severity, 'error');
  assert.match(d[0].message, /^Destination host ratings \(ratings\.shop\.svc\.cluster\.local\) is not in the service registry: no Service ratings in namespace shop and no ServiceEntry for it/);
  assert.deepStrictEqual(d[0].related, []);
  assert.deepStrictEqual(d[0].data, { kind: 'hostNotFound', host: 'ratings.shop.svc.cluster.local', external: false, namespace: 'shop' });
});

test('IST0101 host: ServiceEntry hosts, exact and wildcard', () => {
  const fx = loadCase('IST0101/host-not-in-serviceentry-exact-or-wildcard.yaml');
  const d = details(fx, 'IST0101');
  assert.match(d[0].message, /^Destination host wiki\.org is not in the service registry: no ServiceEntry visible to namespace shop lists it \(searched 0 Services and 1 ServiceEntries in the workspace\)\. Add a ServiceEntry for it\.$/);
  assert.deepStrictEqual(d[0].related, []);
  assert.equal(d[1].data.external, true);
});

test('IST0101 host: under REGISTRY_ONLY from an IstioOperator the message names the BlackHoleCluster 502 and links the operator', () => {
  const fx = loadCase('IST0101/host-registry-only-from-istiooperator.yaml');
  const [d] = details(fx, 'IST0101');
  assert.match(d.message, /With outboundTrafficPolicy REGISTRY_ONLY, calls to it are answered 502 by the BlackHoleCluster\.$/);
  assert.deepStrictEqual(d.related, ['/istio-system/operator.yaml:6:12 REGISTRY_ONLY']);
});

test('IST0101 host: REGISTRY_ONLY from the istio ConfigMap links the mesh config', () => {
  const fx = loadCase('IST0101/host-registry-only-from-istio-configmap.yaml');
  const [d] = details(fx, 'IST0101');
  assert.match(d.message, /502 by the BlackHoleCluster/);
  assert.deepStrictEqual(d.related, ['/istio-system/istio.yaml:4:8 |-']);
});

test('IST0101 host: REGISTRY_ONLY from the setting alone has no related location; ALLOW_ANY asks for a ServiceEntry', () => {
  let fx = loadCase('IST0101/host-registry-only-from-setting.yaml');
  let [d] = details(fx, 'IST0101');
  assert.match(d.message, /502 by the BlackHoleCluster/);
  assert.deepStrictEqual(d.related, []);
  fx = loadCase('IST0101/host-allow-any-default-asks-for-serviceentry.yaml');
  [d] = details(fx, 'IST0101');
  assert.doesNotMatch(d.message, /BlackHoleCluster/);
  assert.match(d.message, /Add a ServiceEntry for it\.$/);
});

test('IST0101 host: an ALLOW_ANY IstioOperator overrides the REGISTRY_ONLY setting', () => {
  const fx = loadCase('IST0101/host-allow-any-istiooperator-overrides-setting.yaml');
  assert.doesNotMatch(details(fx, 'IST0101')[0].message, /BlackHoleCluster/);
});

// -------------------------------------------------------------- IST0101 subset

test('IST0101 subset: no DestinationRule for the host', () => {
  const fx = loadCase('IST0101/subset-without-destinationrule-for-host.yaml');
  const [d] = details(fx, 'IST0101');
  assert.equal(d.message, 'Subset "v1" not found: no DestinationRule for host reviews.shop.svc.cluster.local is visible to sidecars in namespace shop.');
  assert.deepStrictEqual(d.related, []);
});

test('IST0101 subset: the DestinationRule lacks the subset, related points at its subsets', () => {
  const fx = loadCase('IST0101/subset-missing-from-destinationrule.yaml');
  const [d] = details(fx, 'IST0101');
  assert.equal(d.message, 'Subset "v3" not found in the DestinationRule shop/reviews that sidecars in namespace shop get for reviews.shop.svc.cluster.local (subsets: v1).');
  assert.deepStrictEqual(d.related, ['/shop/dr.yaml:5:2 subsets']);
  assert.equal(d.data.destinationRule, 'shop/reviews');
});

test('IST0101 subset: a wildcard DestinationRule defines subsets for the hosts it covers, unless an exact one wins', () => {
  const fx = loadCase('IST0101/subset-wildcard-destinationrule-unless-exact-one-wins.yaml');
  // Istio uses only the most specific host's rules: the wildcard rule is not merged in.
  const [d] = details(fx, 'IST0101');
  assert.deepStrictEqual(d.related, ['/shop/dr.yaml:12:2 subsets', '/shop/dr.yaml:5:20 eu']);
  assert.match(d.message, /shop\/wildcard defines it for \*\.example\.com, but only the rules of the most specific host apply\.$/);
});

test('IST0112: a multi-port Service destination without port, in HTTP, TCP and mirror destinations', () => {
  const fx = loadCase('IST0112/multi-port-service-destination-without-port.yaml');
  const d = details(fx, 'IST0112');
  assert.equal(d[0].severity, 'error');
  assert.deepStrictEqual(d[0].data, { ports: [9080, 9090] });
  assert.deepStrictEqual(d[0].related, ['/shop/reviews.yaml:2:18 reviews']);
  assert.match(d[0].message, /^This destination gives no port, and Service shop\/reviews has 2 ports \(9080 http, 9090 grpc\)/);
  assert.match(d[1].message, /^This mirror destination gives no port/);
});

test('IST0112: a multi-port ServiceEntry destination without port; hosts outside the workspace are not judged', () => {
  const fx = loadCase('IST0112/multi-port-serviceentry-destination-without-port.yaml');
  const [d] = details(fx, 'IST0112');
  assert.deepStrictEqual(d.data, { ports: [80, 443] });
  assert.deepStrictEqual(d.related, ['/shop/se.yaml:2:18 google']);
});

// --------------------------------------------------------------------- IST0174

test('IST0174: a DestinationRule for a missing in-cluster Service (partial and complete registry)', () => {
  const fx = loadCase('IST0174/destinationrule-host-missing-partial-registry.yaml');
  const [d] = details(fx, 'IST0174');
  assert.equal(d.severity, 'warning');
  assert.equal(
    d.message,
    'DestinationRule host ratings (ratings.shop.svc.cluster.local) is not in the service registry: no Service ratings in namespace shop and no ServiceEntry for it. Istio ignores this DestinationRule: its traffic policy and subsets never apply.',
  );
});

test('IST0173: a subset whose labels select none of the Service’s workloads', () => {
  const fx = loadCase('IST0173/subset-labels-select-no-workload-of-service.yaml');
  const [d] = details(fx, 'IST0173');
  assert.equal(d.severity, 'warning');
  // ratings-v2 has version v2 but is not behind the helloworld Service.
  assert.equal(
    d.message,
    'Subset "v2" selects no workload: none of the workloads behind Service app/helloworld has the labels version=v2 (workloads: helloworld-v1 {app=helloworld, version=v1}). Requests routed to this subset get 503 "no healthy upstream".',
  );
  assert.deepStrictEqual(d.related, ['/app/helloworld.yaml:2:18 helloworld', '/app/helloworld.yaml:9:18 helloworld-v1']);
  assert.deepStrictEqual(d.data, { subset: 'v2', labels: { version: 'v2' } });
});

// --------------------------------------------------------------------- ILS0301

test('ILS0301: the same subset defined by two DestinationRules for one host', () => {
  const fx = loadCase('ILS0301/same-subset-in-two-destinationrules-for-one-host.yaml');
  const [d] = details(fx, 'ILS0301');
  assert.equal(d.severity, 'warning');
  assert.deepStrictEqual(d.related, ['/shop/a.yaml:6:10 v1']);
  assert.match(d.message, /^Subset "v1" is also defined by DestinationRule shop\/reviews-a for host reviews\.shop\.svc\.cluster\.local\. Istio merges the two rules and keeps only the definition of the rule created first: one of the two is ignored \(this one, if DestinationRule shop\/reviews-a is applied before it\)\./);
});

test('ILS0301: two top-level trafficPolicies, the later one in workspace order is reported, the message saying which is kept depends on which is applied first', () => {
  const fx = loadCase('ILS0301/two-top-level-traffic-policies-later-one-ignored.yaml');
  const [d] = details(fx, 'ILS0301');
  assert.deepStrictEqual(d.related, ['/shop/a.yaml:5:2 trafficPolicy']);
  assert.match(d.message, /^DestinationRule shop\/reviews-pool also sets a top-level trafficPolicy for host .*: Istio merges the two rules and keeps only the trafficPolicy of the rule created first, so one of them is ignored/);
  assert.deepStrictEqual(d.data, { kind: 'ignoredTrafficPolicy', kept: 'shop/reviews-pool' });
});

// --------------------------------------------------------------------- IST0177

test('IST0177: two ServiceEntries give one host and port different protocols; each points at the other', () => {
  const fx = loadCase('IST0177/two-serviceentries-different-protocols-same-port.yaml');
  const d = details(fx, 'IST0177');
  assert.deepStrictEqual(d.map((x) => x.related), [['/shop/db.yaml:8:4 number: 5432'], ['/shop/db-http.yaml:8:4 { number: 5432, name: http, protocol: http }']]);
  assert.equal(d[0].severity, 'warning');
  assert.match(d[1].message, /^Port 5432 of db\.example\.com has protocol TCP here but HTTP in ServiceEntry shop\/db-http, visible to the same namespaces/);
  assert.deepStrictEqual(d[1].data, { port: 5432, protocols: ['TCP', 'HTTP'] });
});

test('seed 001: without the DestinationRule, exactly one IST0101 on the subset', () => {
  const fx = loadCase('IST0101/egress-bundle-google-without-destinationrule.yaml');
  const [d] = details(fx, 'IST0101');
  assert.equal(d.text, 'google');
  assert.match(d.message, /^Subset "google" not found: no DestinationRule for host istio-egressgateway\.istio-system\.svc\.cluster\.local/);
});

test('seed 001: without the ServiceEntry under REGISTRY_ONLY, exactly one IST0101 on the google.com destination, naming the 502', () => {
  const fx = loadCase('IST0101/egress-bundle-google-without-serviceentry-registry-only.yaml');
  const [d] = details(fx, 'IST0101');
  assert.equal(d.text, 'google.com');
  assert.match(d.message, /502 by the BlackHoleCluster/);
  assert.deepStrictEqual(d.related, ['/istio-system/istio-operator.yaml:9:12 REGISTRY_ONLY']);
});

test('seed 001: with mesh dropped from gateways, ILS0203 on the route match and ILS0204 on the gateways', () => {
  const fx = loadCase('ILS0204/egress-bundle-google-mesh-dropped-from-gateways.yaml');
  assert.match(details(fx, 'ILS0203')[0].message, /not in the VirtualService's gateways \(gw-egress-google\)/);
});

test('IST0101 host:port: a base Service built into two namespaces is named in the namespace of each finding', () => {
  const fx = loadCase('IST0101/port-not-on-service-built-into-two-namespaces.yaml');
  const messages = details(fx, 'IST0101').map((d) => `${d.at} ${d.message}`).sort();
  assert.equal(messages.length, 2);
  assert.match(messages[0], /^\/overlays\/local\/vs\.yaml.*Service local\/ui exposes 80 http/);
  assert.match(messages[1], /^\/overlays\/staging\/vs\.yaml.*Service staging\/ui exposes 80 http/);
});
