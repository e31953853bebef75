// A workspace for navigation tests: two Gateways named `web` in different
// namespaces, references to them in every form (`web`, `ns/web`, legacy
// `web.ns.svc.cluster.local`, `match[].gateways`), a Service with a
// DestinationRule and its subsets, and a ServiceEntry.
export const NAV = `
#- /foo/gateway.yaml
apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: web
  namespace: foo
spec:
  selector:
    istio: ingressgateway
  servers:
  - port: { number: 80, name: http, protocol: HTTP }
    hosts: ["foo/shop.example.com", "bar/bar.example.com"]
#- /bar/gateway.yaml
apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: web
  namespace: bar
spec:
  selector:
    istio: ingressgateway
  servers:
  - port: { number: 8080, name: http, protocol: HTTP }
    hosts: ["*"]
#- /foo/reviews.yaml
apiVersion: v1
kind: Service
metadata:
  name: reviews
  namespace: foo
spec:
  selector: { app: reviews }
  ports:
  - { port: 9080, name: http }
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
  namespace: foo
spec:
  host: reviews.foo.svc.cluster.local
  subsets:
  - name: v1
    labels: { version: v1 }
  - name: "v2"
    labels: { version: v2 }
#- /foo/vs.yaml
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: shop
  namespace: foo
spec:
  hosts: [shop.example.com]
  gateways: [web, mesh]
  http:
  - match:
    - gateways: [web]
    route:
    - destination: { host: reviews, subset: v1 }
  - route:
    - destination: { host: reviews, subset: "v2" }
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
  namespace: foo
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: { host: reviews, subset: v1 }
#- /bar/vs.yaml
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: bar
  namespace: bar
spec:
  hosts: [bar.example.com]
  gateways: ["foo/web", web]
  http:
  - route:
    - destination:
        host: reviews.foo.svc.cluster.local
        subset: v1
    mirror:
      host: api.partner.com
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: partner
  namespace: bar
spec:
  hosts: [api.partner.com]
  location: MESH_EXTERNAL
  resolution: DNS
  ports:
  - { number: 443, name: tls, protocol: TLS }
#- /baz/vs.yaml
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: legacy
  namespace: baz
spec:
  hosts: [shop.example.com]
  gateways: [web.foo.svc.cluster.local]
  http:
  - route:
    - destination: { host: reviews.foo.svc.cluster.local, subset: v2 }
`;
