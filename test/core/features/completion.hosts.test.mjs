// Completion of hosts and of the gateways that expose them: VirtualService
// `hosts` (the hosts of its gateways, mesh Services for mesh routes), Gateway
// server `hosts` (`namespace/host`), `sniHosts`, DestinationRule subset
// labels, and gateway references ranked by the hosts they expose. Every case
// compares the whole list of labels, in order, and the document after choosing one.
import test from 'node:test';
import { checkCompletion } from '../../helpers/authoring.mjs';
import { WORKSPACE } from '../../helpers/authoringWorkspace.mjs';

// Two VirtualServices: one bound to foo-gateway, one mesh route in bar.
const ROUTES = `
#- /foo/routes.yaml
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: shop
  namespace: foo
spec:
  hosts: [foo.example.com, shop.example.com]
  gateways: [foo-gateway]
  http:
  - route: [{destination: {host: reviews}}]
#- /bar/routes.yaml
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: ratings
  namespace: bar
spec:
  hosts: [ratings]
  http:
  - route: [{destination: {host: ratings}}]
`;

/** Completion in `/ns/new.yaml`: `head` is the document down to `spec:`, `body`/`bodyAfter` its spec before and after choosing `pick`. */
function check(head, body, labels, pick, bodyAfter) {
  return checkCompletion(`${WORKSPACE}${ROUTES}\n#- /new.yaml\n${head}${body}`, labels, pick, pick === undefined ? undefined : `${head}${bodyAfter}`);
}

const vs = (ns) => `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: x\n  namespace: ${ns}\nspec:\n`;

test('VirtualService hosts bound to a gateway: the hosts it exposes to this namespace', () => {
  check(vs('foo'), '  gateways: [foo-gateway]\n  hosts:\n  - $0\n', ['foo.example.com'], 'foo.example.com', '  gateways: [foo-gateway]\n  hosts:\n  - foo.example.com\n');
  // bar-gateway exposes */bar.example.com: to every namespace.
  check(vs('foo'), '  hosts: [$0]\n  gateways: [bar/bar-gateway]\n', ['bar.example.com'], 'bar.example.com', '  hosts: [bar.example.com]\n  gateways: [bar/bar-gateway]\n');
});

test('VirtualService hosts of a mesh route: Services (same namespace first) and visible ServiceEntry hosts', () => {
  check(
    vs('foo'),
    '  hosts: [$0]\n',
    ['reviews', '*.wild.partner.com', 'api.partner.com', 'ratings.bar.svc.cluster.local'],
    '*.wild.partner.com',
    '  hosts: ["*.wild.partner.com"]\n',
  );
  // Both: the gateway's hosts first; those already listed are left out.
  check(
    vs('foo'),
    '  hosts: [reviews, $0]\n  gateways: [foo-gateway, mesh]\n',
    ['foo.example.com', '*.wild.partner.com', 'api.partner.com', 'ratings.bar.svc.cluster.local'],
    'foo.example.com',
    '  hosts: [reviews, foo.example.com]\n  gateways: [foo-gateway, mesh]\n',
  );
});

test('Gateway server hosts: namespace/host of the VirtualServices bound to it first, then the others', () => {
  const gw = 'apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: foo-gateway, namespace: foo}\nspec:\n';
  check(
    gw,
    '  selector: {app: foo-ingress}\n  servers:\n  - port: {number: 80, name: http, protocol: HTTP}\n    hosts:\n    - foo/foo.example.com\n    - $0\n',
    ['foo/shop.example.com'],
    'foo/shop.example.com',
    '  selector: {app: foo-ingress}\n  servers:\n  - port: {number: 80, name: http, protocol: HTTP}\n    hosts:\n    - foo/foo.example.com\n    - foo/shop.example.com\n',
  );
  // Another Gateway: no VirtualService binds it, every host ranks the same. The short name
  // `ratings` (ratings.bar.svc.cluster.local in its VirtualService) is not offered: a Gateway matches hosts as written.
  check(
    'apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: other, namespace: foo}\nspec:\n',
    '  servers:\n  - hosts: [$0]\n',
    ['foo/foo.example.com', 'foo/shop.example.com'],
    'foo/shop.example.com',
    '  servers:\n  - hosts: [foo/shop.example.com]\n',
  );
});

test('tls match sniHosts: the VirtualService own hosts', () => {
  check(
    vs('foo'),
    '  hosts: [api.partner.com, "*.wild.partner.com"]\n  tls:\n  - match:\n    - port: 443\n      sniHosts:\n      - $0\n',
    ['api.partner.com', '*.wild.partner.com'],
    '*.wild.partner.com',
    '  hosts: [api.partner.com, "*.wild.partner.com"]\n  tls:\n  - match:\n    - port: 443\n      sniHosts:\n      - "*.wild.partner.com"\n',
  );
  check(vs('foo'), '  hosts: [api.partner.com, b.example.com]\n  tls:\n  - match: [{sniHosts: [api.partner.com, $0]}]\n', ['b.example.com'], 'b.example.com', '  hosts: [api.partner.com, b.example.com]\n  tls:\n  - match: [{sniHosts: [api.partner.com, b.example.com]}]\n');
  // The whole spec on the cursor's line.
  const head = 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: x, namespace: foo}\n';
  check(head, 'spec: {hosts: [a.example.com], tls: [{match: [{sniHosts: [$0]}]}]}\n', ['a.example.com'], 'a.example.com', 'spec: {hosts: [a.example.com], tls: [{match: [{sniHosts: [a.example.com]}]}]}\n');
});

const dr = 'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: r, namespace: foo}\nspec:\n';

test('DestinationRule subset labels: the labels of the host workloads, those that tell them apart first', () => {
  check(dr, '  host: reviews\n  subsets:\n  - name: v1\n    labels:\n      $0\n', ['version: v1', 'app: reviews'], 'version: v1', '  host: reviews\n  subsets:\n  - name: v1\n    labels:\n      version: v1\n');
  check(dr, '  host: reviews\n  subsets:\n  - name: v1\n    labels: {$0}\n', ['version: v1', 'app: reviews'], 'version: v1', '  host: reviews\n  subsets:\n  - name: v1\n    labels: {version: v1}\n');
  check(dr, '  host: reviews\n  subsets:\n  - name: v1\n    labels: {version: $0}\n', ['v1'], 'v1', '  host: reviews\n  subsets:\n  - name: v1\n    labels: {version: v1}\n');
  // A host with no workload in the workspace: nothing to offer.
  check(dr, '  host: api.partner.com\n  subsets:\n  - name: v1\n    labels:\n      $0\n', []);
});

test('VirtualService gateways: those that expose its hosts first, then same namespace, mesh, others', () => {
  check(vs('foo'), '  hosts: [bar.example.com]\n  gateways:\n  - $0\n', ['bar/bar-gateway', 'foo-gateway', 'mesh'], 'bar/bar-gateway', '  hosts: [bar.example.com]\n  gateways:\n  - bar/bar-gateway\n');
  check(vs('foo'), '  hosts: [foo.example.com]\n  gateways: [$0]\n', ['foo-gateway', 'mesh', 'bar/bar-gateway'], 'foo-gateway', '  hosts: [foo.example.com]\n  gateways: [foo-gateway]\n');
});

test('match gateways: mesh alone when spec.gateways is empty (implied)', () => {
  check(vs('foo'), '  hosts: [reviews]\n  http:\n  - match: [{gateways: [$0]}]\n', ['mesh'], 'mesh', '  hosts: [reviews]\n  http:\n  - match: [{gateways: [mesh]}]\n');
  check(vs('foo'), '  hosts: [foo.example.com]\n  gateways: [foo-gateway]\n  http:\n  - match:\n    - gateways:\n      - $0\n', ['foo-gateway'], 'foo-gateway', '  hosts: [foo.example.com]\n  gateways: [foo-gateway]\n  http:\n  - match:\n    - gateways:\n      - foo-gateway\n');
});
