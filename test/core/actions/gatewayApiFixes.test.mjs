// Quick fixes for the Gateway API parentRef findings: the whole edited file,
// the finding gone and nothing new (checkFix).
import test from 'node:test';
import assert from 'node:assert/strict';
import { checkFix, titlesFor } from './helpers.mjs';
import { load } from '../../helpers/fixture.mjs';

const gateway = `#- /shop/gateway.yaml
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: web
  namespace: shop
spec:
  gatewayClassName: istio
  listeners:
  - name: http
    port: 80
    protocol: HTTP
  - name: admin
    port: 8080
    protocol: HTTP
`;

const route = (ref, mark) => `#- /shop/route.yaml
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: shop
  namespace: shop
spec:
  parentRefs:
  - name: web
${ref}${mark ?? ''}  rules:
  - backendRefs:
    - name: front
      port: 80
#- /shop/svc.yaml
apiVersion: v1
kind: Service
metadata: {name: front, namespace: shop}
spec: {selector: {app: front}, ports: [{port: 80}]}
`;

test('ILS0802 sectionName names no listener: change it to a listener of the Gateway', () => {
  checkFix(assert, gateway + route('    sectionName: htp\n', '#                ^^^ ILS0802\n'), {
    code: 'ILS0802',
    title: 'Change sectionName to "http" (HTTP 80)',
    expect: { '/shop/route.yaml': route('    sectionName: http\n').replace(/#- \/shop\/svc\.yaml[\s\S]*$/, '').replace(/^#- \/shop\/route\.yaml\n/, '').replace(/\n$/, '') },
  });
});

test('ILS0802 port is on no listener named by sectionName: change it to that listener\'s port', () => {
  checkFix(assert, gateway + route('    sectionName: admin\n    port: 80\n', '#         ^^ ILS0802\n'), {
    code: 'ILS0802',
    title: 'Change port to 8080 (listener admin)',
    expect: { '/shop/route.yaml': route('    sectionName: admin\n    port: 8080\n').replace(/#- \/shop\/svc\.yaml[\s\S]*$/, '').replace(/^#- \/shop\/route\.yaml\n/, '').replace(/\n$/, '') },
  });
});

// ILS0809: the ReferenceGrant goes into the target namespace, in a new file
// beside the target Service's file; it names the one Service referenced.
const CROSS = `#- /ratings/svc.yaml
apiVersion: v1
kind: Service
metadata:
  name: ratings
  namespace: ratings
spec:
  selector: {app: ratings}
  ports:
  - port: 9080
#- /ratings/grants.yaml
apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata:
  name: from-reviews
  namespace: ratings
spec:
  from:
  - group: gateway.networking.k8s.io
    kind: GRPCRoute
    namespace: reviews
  to:
  - group: ""
    kind: Service
#- /bookinfo/gateway.yaml
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: web
  namespace: bookinfo
spec:
  gatewayClassName: istio
  listeners:
  - name: http
    port: 80
    protocol: HTTP
#- /bookinfo/route.yaml
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: reviews
  namespace: bookinfo
spec:
  parentRefs:
  - name: web
  rules:
  - backendRefs:
    - name: ratings
      namespace: ratings
#                ^^^^^^^ ILS0809
      port: 9080
`;

test('ILS0809 cross-namespace backend: create the ReferenceGrant in the target namespace, in a new file beside the Service', () => {
  checkFix(assert, CROSS, {
    code: 'ILS0809',
    title: 'Create a ReferenceGrant in namespace ratings for HTTPRoutes of bookinfo to Service ratings (in referencegrant-from-bookinfo.yaml)',
    expect: {
      '/ratings/referencegrant-from-bookinfo.yaml': `# Lets HTTPRoutes of bookinfo reference Service ratings (istio-ls quick fix).
apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata:
  name: httproutes-from-bookinfo
  namespace: ratings
spec:
  from:
  - group: gateway.networking.k8s.io
    kind: HTTPRoute
    namespace: bookinfo
  to:
  - group: ""
    kind: Service
    name: ratings
`,
    },
  });
});

test('ILS0809 listener certificate in another namespace: the grant for Gateways to that Secret, in a new file beside a grant of that namespace', () => {
  const source = `#- /ratings/grants.yaml
apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata:
  name: other
  namespace: certs
spec:
  from:
  - group: gateway.networking.k8s.io
    kind: HTTPRoute
    namespace: shop
  to:
  - group: ""
    kind: Service
#- /shop/gateway.yaml
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: web
  namespace: shop
spec:
  gatewayClassName: istio
  listeners:
  - name: https
    port: 443
    protocol: HTTPS
    tls:
      certificateRefs:
      - name: shop-cert
        namespace: certs
#                  ^^^^^ ILS0809
`;
  const { actions } = checkFix(assert, source, {
    code: 'ILS0809',
    title: 'Create a ReferenceGrant in namespace certs for Gateways of shop to Secret shop-cert (in referencegrant-from-shop.yaml)',
    expect: {
      '/ratings/referencegrant-from-shop.yaml': `# Lets Gateways of shop reference Secret shop-cert (istio-ls quick fix).
apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata:
  name: gateways-from-shop
  namespace: certs
spec:
  from:
  - group: gateway.networking.k8s.io
    kind: Gateway
    namespace: shop
  to:
  - group: ""
    kind: Secret
    name: shop-cert
`,
    },
  });
  assert.equal(actions.filter((a) => a.title.startsWith('Create a ReferenceGrant')).length, 1);
});

// ILS0805: the listener keeps its own namespace and admits the route's, by name.
const ADMIT_GW = (allowed) => `#- /infra/gateway.yaml
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: web
  namespace: infra
spec:
  gatewayClassName: istio
  listeners:
  - name: http
    port: 80
    protocol: HTTP
${allowed}`;
const ADMIT_ROUTE = `#- /shop/route.yaml
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: shop
  namespace: shop
spec:
  parentRefs:
  - name: web
    namespace: infra
#              ^^^^^ ILS0805
  rules:
  - backendRefs:
    - name: front
      port: 80
#- /shop/svc.yaml
apiVersion: v1
kind: Service
metadata: {name: front, namespace: shop}
spec: {selector: {app: front}, ports: [{port: 80}]}
`;
const SELECTOR = `    allowedRoutes:
      namespaces:
        from: Selector
        selector:
          matchExpressions:
          - key: kubernetes.io/metadata.name
            operator: In
            values:
            - infra
            - shop
`;

test('ILS0805 listener without allowedRoutes (from: Same by default): admit the route namespace by name, keeping its own', () => {
  checkFix(assert, ADMIT_GW('') + ADMIT_ROUTE, {
    code: 'ILS0805',
    title: 'Let listener http of Gateway infra/web admit routes of namespace shop too (allowedRoutes selector on kubernetes.io/metadata.name)',
    expect: { '/infra/gateway.yaml': ADMIT_GW(SELECTOR).replace(/^#- \/infra\/gateway\.yaml\n/, '') },
  });
});

test('ILS0805 listener with from: Same written: it becomes Selector with the selector added', () => {
  checkFix(assert, ADMIT_GW('    allowedRoutes:\n      namespaces:\n        from: Same\n') + ADMIT_ROUTE, {
    code: 'ILS0805',
    title: 'Let listener http of Gateway infra/web admit routes of namespace shop too (allowedRoutes selector on kubernetes.io/metadata.name)',
    expect: { '/infra/gateway.yaml': ADMIT_GW(SELECTOR).replace(/^#- \/infra\/gateway\.yaml\n/, '') },
  });
});

// ILS0803: the route's hostname becomes the listener's, or the Gateway gains a listener for it.
const HOST_GW = `#- /shop/gateway.yaml
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: web
  namespace: shop
spec:
  gatewayClassName: istio
  listeners:
  - name: http
    port: 80
    protocol: HTTP
    hostname: shop.example.com
`;
const HOST_ROUTE = (host) => `#- /shop/route.yaml
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: shop
  namespace: shop
spec:
  parentRefs:
  - name: web
#         ^^^ ILS0803
  hostnames:
  - ${host}
  rules:
  - backendRefs:
    - name: front
      port: 80
#- /shop/svc.yaml
apiVersion: v1
kind: Service
metadata: {name: front, namespace: shop}
spec: {selector: {app: front}, ports: [{port: 80}]}
`;
const routeText = (host) => HOST_ROUTE(host).replace(/#- \/shop\/svc\.yaml[\s\S]*$/, '').replace(/\n$/, '').replace(/^#- \/shop\/route\.yaml\n/, '').replace(/#\s+\^+ ILS0803\n/, '');

test('ILS0803 route hostname matches no listener: change it to the listener hostname', () => {
  checkFix(assert, HOST_GW + HOST_ROUTE('shop.exmaple.com'), {
    code: 'ILS0803',
    title: 'Change hostname "shop.exmaple.com" to "shop.example.com" (listener hostname of Gateway shop/web)',
    expect: { '/shop/route.yaml': routeText('shop.example.com') },
  });
});

test('ILS0803: or add a listener for the route hostname, copied from the one on that port', () => {
  checkFix(assert, HOST_GW + HOST_ROUTE('admin.example.com'), {
    code: 'ILS0803',
    title: 'Add listener http-admin-example-com for admin.example.com to Gateway shop/web (copy of http)',
    expect: { '/shop/gateway.yaml': HOST_GW.replace(/^#- \/shop\/gateway\.yaml\n/, '') + '  - name: http-admin-example-com\n    hostname: admin.example.com\n    port: 80\n    protocol: HTTP\n' },
  });
});

test('ILS0803: a listener without a port is no model for a new listener (only the hostname change is offered)', () => {
  const fx = load(HOST_GW.replace('    port: 80\n', '') + HOST_ROUTE('shop.exmaple.com'));
  assert.deepEqual(titlesFor(fx, 'ILS0803'), ['Change hostname "shop.exmaple.com" to "shop.example.com" (listener hostname of Gateway shop/web)']);
});

// ILS0805 with from: Selector: the route's Namespace object (in the workspace) gets the label the selector wants.
const LABEL_GW = `#- /infra/gateway.yaml
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: web
  namespace: infra
spec:
  gatewayClassName: istio
  listeners:
  - name: http
    port: 80
    protocol: HTTP
    allowedRoutes:
      namespaces:
        from: Selector
        selector:
          matchLabels:
            shared-gateway-access: "true"
`;
const LABEL_NS = (labels) => `#- /shop/namespace.yaml
apiVersion: v1
kind: Namespace
metadata:
  name: shop
${labels}`;

test('ILS0805 listener with a label selector: label the route namespace (labels added, or a labels map created)', () => {
  const title = 'Label Namespace shop with shared-gateway-access=true (listener http of Gateway infra/web admits namespaces with it)';
  checkFix(assert, LABEL_GW + LABEL_NS('  labels:\n    team: shop\n') + ADMIT_ROUTE, {
    code: 'ILS0805',
    title,
    expect: { '/shop/namespace.yaml': LABEL_NS('  labels:\n    team: shop\n    shared-gateway-access: "true"\n').replace(/^#- \/shop\/namespace\.yaml\n/, '') },
  });
  checkFix(assert, LABEL_GW + LABEL_NS('') + ADMIT_ROUTE, {
    code: 'ILS0805',
    title,
    expect: { '/shop/namespace.yaml': LABEL_NS('  labels:\n    shared-gateway-access: "true"\n').replace(/^#- \/shop\/namespace\.yaml\n/, '') },
  });
});
