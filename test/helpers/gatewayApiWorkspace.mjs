// A Gateway API workspace for the authoring tests: a shared ingress Gateway in
// `infra` with two listeners, a Gateway in `shop`, a Service and a
// ServiceEntry in `shop`, and an HTTPRoute and a VirtualService bound to the
// shared Gateway. Tests append a file that holds the cursor.
export const GATEWAYS = `
#- /infra/gateway.yaml
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: public
  namespace: infra
spec:
  gatewayClassName: istio
  listeners:
  - name: http
    port: 80
    protocol: HTTP
    hostname: "*.example.com"
    allowedRoutes:
      namespaces:
        from: All
  - name: https
    port: 443
    protocol: HTTPS
    hostname: shop.example.com
    tls:
      certificateRefs:
      - name: shop-cert
    allowedRoutes:
      namespaces:
        from: All
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: internal
  namespace: shop
spec:
  gatewayClassName: istio
  listeners:
  - name: web
    port: 8080
    protocol: HTTP
#- /shop/backends.yaml
apiVersion: v1
kind: Service
metadata:
  name: cart
  namespace: shop
spec:
  selector:
    app: cart
  ports:
  - name: http
    port: 8080
  - name: grpc
    port: 9090
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: payments
  namespace: shop
spec:
  hosts: [pay.example.org]
  ports:
  - number: 443
    name: tls
    protocol: TLS
  resolution: DNS
`;

export const ROUTES = `
#- /shop/routes.yaml
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: cart
  namespace: shop
spec:
  parentRefs:
  - name: public
    namespace: infra
    sectionName: http
  hostnames: [cart.example.com]
  rules:
  - backendRefs:
    - name: cart
      port: 8080
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: checkout
  namespace: shop
spec:
  parentRefs:
  - name: public
    namespace: infra
  hostnames: [shop.example.com]
  rules:
  - backendRefs:
    - name: cart
      port: 8080
#- /infra/vs.yaml
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: legacy
  namespace: infra
spec:
  hosts: [legacy.example.com]
  gateways: [public]
  http:
  - route:
    - destination:
        host: cart.shop.svc.cluster.local
`;

/** A route file in `shop` whose spec is `spec` (indented two spaces). */
export function route(spec, kind = 'HTTPRoute', name = 'new') {
  return `#- /shop/new.yaml
apiVersion: gateway.networking.k8s.io/v1
kind: ${kind}
metadata:
  name: ${name}
  namespace: shop
spec:
${spec}
`;
}
