// Completion in Gateway API routes: parentRefs (Gateway names, namespaces,
// sectionName and port from the Gateway's listeners), backendRefs (Services,
// ServiceEntries with kind and group, their ports), hostnames from the
// listeners the route attaches to, and the Gateway API kinds on a new document.
// Every case compares the whole label list and the document after choosing one.
import test from 'node:test';
import { checkCompletion } from '../../helpers/authoring.mjs';
import { GATEWAYS, route } from '../../helpers/gatewayApiWorkspace.mjs';

const head = route('').replace(/^#-.*\n/, '').replace(/\n+$/, '');

test('parentRefs name: Gateways of the route namespace, then others bringing their namespace', () => {
  checkCompletion(
    GATEWAYS + route(`  parentRefs:
  - name: $0`),
    ['internal', 'infra/public'],
    'infra/public',
    `${head}
  parentRefs:
  - name: public
    namespace: infra
`,
  );
});

test('parentRefs name with a namespace written: only that namespace', () => {
  checkCompletion(
    GATEWAYS + route(`  parentRefs:
  - namespace: infra
    name: $0`),
    ['public'],
    'public',
    `${head}
  parentRefs:
  - namespace: infra
    name: public
`,
  );
});

test('parentRefs namespace: the namespaces that hold Gateways', () => {
  checkCompletion(
    GATEWAYS + route(`  parentRefs:
  - name: public
    namespace: $0`),
    ['infra', 'shop'],
    'infra',
    `${head}
  parentRefs:
  - name: public
    namespace: infra
`,
  );
});

test('parentRefs sectionName: the listeners of the named Gateway', () => {
  checkCompletion(
    GATEWAYS + route(`  parentRefs:
  - name: public
    namespace: infra
    sectionName: $0`),
    ['http', 'https'],
    'https',
    `${head}
  parentRefs:
  - name: public
    namespace: infra
    sectionName: https
`,
  );
});

test('parentRefs port: the listener ports, narrowed by sectionName', () => {
  checkCompletion(
    GATEWAYS + route(`  parentRefs:
  - name: public
    namespace: infra
    port: $0`),
    ['80', '443'],
    '80',
    `${head}
  parentRefs:
  - name: public
    namespace: infra
    port: 80
`,
  );
  checkCompletion(
    GATEWAYS + route(`  parentRefs:
  - name: public
    namespace: infra
    sectionName: https
    port: $0`),
    ['443'],
  );
});

test('parentRefs of an unknown Gateway: no listeners to offer', () => {
  checkCompletion(
    GATEWAYS + route(`  parentRefs:
  - name: nowhere
    sectionName: $0`),
    [],
  );
});

test('hostnames: those of the listeners the route attaches to', () => {
  checkCompletion(
    GATEWAYS + route(`  parentRefs:
  - name: public
    namespace: infra
  hostnames:
  - $0`),
    ['*.example.com', 'shop.example.com'],
    '*.example.com',
    `${head}
  parentRefs:
  - name: public
    namespace: infra
  hostnames:
  - "*.example.com"
`,
  );
  checkCompletion(
    GATEWAYS + route(`  parentRefs:
  - name: public
    namespace: infra
    sectionName: https
  hostnames:
  - $0`),
    ['shop.example.com'],
  );
});

test('backendRefs name: Services (with the Service Istio deploys for a Gateway), ServiceEntry hosts as kind Hostname (Istio takes no kind ServiceEntry backend)', () => {
  checkCompletion(
    GATEWAYS + route(`  rules:
  - backendRefs:
    - name: $0`),
    ['cart', 'internal-istio', 'pay.example.org (Hostname)'],
    'pay.example.org (Hostname)',
    `${head}
  rules:
  - backendRefs:
    - name: pay.example.org
      kind: Hostname
      group: networking.istio.io
`,
  );
  checkCompletion(
    GATEWAYS + route(`  rules:
  - backendRefs:
    - kind: ServiceEntry
      group: networking.istio.io
      name: $0`),
    [],
  );
});

test('backendRefs port: the Service ports, or the ServiceEntry ports', () => {
  checkCompletion(
    GATEWAYS + route(`  rules:
  - backendRefs:
    - name: cart
      port: $0`),
    ['8080', '9090'],
    '9090',
    `${head}
  rules:
  - backendRefs:
    - name: cart
      port: 9090
`,
  );
  checkCompletion(
    GATEWAYS + route(`  rules:
  - backendRefs:
    - name: payments
      kind: ServiceEntry
      group: networking.istio.io
      port: $0`),
    ['443'],
  );
  checkCompletion(
    GATEWAYS + route(`  rules:
  - backendRefs:
    - name: pay.example.org
      kind: Hostname
      group: networking.istio.io
      port: $0`),
    ['443'],
  );
});

test('kind values under the Gateway API apiVersion; apiVersion values for kind Gateway name both APIs', () => {
  checkCompletion(
    `apiVersion: gateway.networking.k8s.io/v1
kind: $0
`,
    ['BackendTLSPolicy', 'GRPCRoute', 'Gateway', 'GatewayClass', 'HTTPRoute', 'ListenerSet', 'ReferenceGrant', 'TLSRoute'],
    'HTTPRoute',
    `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
`,
  );
  checkCompletion(
    `kind: Gateway
apiVersion: $0
`,
    ['networking.istio.io/v1', 'networking.istio.io/v1beta1', 'networking.istio.io/v1alpha3', 'gateway.networking.k8s.io/v1', 'gateway.networking.k8s.io/v1beta1'],
    'gateway.networking.k8s.io/v1',
    `kind: Gateway
apiVersion: gateway.networking.k8s.io/v1
`,
  );
});
