// A small workspace in three namespaces (foo, bar and the built-ins) for the
// workspace-aware completion and navigation tests.
export const WORKSPACE = `
#- /foo/gateway.yaml
apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: foo-gateway
  namespace: foo
spec:
  selector:
    app: foo-ingress
  servers:
  - port: { number: 443, name: https, protocol: HTTPS }
    hosts: ["foo.example.com"]
    tls: { mode: SIMPLE, credentialName: foo-cert }
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: foo-ingress
  namespace: foo
spec:
  template:
    metadata:
      labels: { app: foo-ingress, istio: foo-ingress }
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
  - { port: 9443, name: grpc, protocol: TCP }
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: reviews-v1
  namespace: foo
spec:
  template:
    metadata:
      labels: { app: reviews, version: v1 }
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
  namespace: foo
spec:
  host: reviews
  subsets:
  - name: v1
    labels: { version: v1 }
  - name: v2
    labels: { version: v2 }
---
apiVersion: v1
kind: Secret
metadata:
  name: foo-cert
  namespace: foo
type: kubernetes.io/tls
#- /bar/bar.yaml
apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: bar-gateway
  namespace: bar
spec:
  selector:
    istio: ingressgateway
  servers:
  - port: { number: 80, name: http, protocol: HTTP }
    hosts: ["*/bar.example.com"]
---
apiVersion: v1
kind: Service
metadata:
  name: ratings
  namespace: bar
spec:
  selector: { app: ratings }
  ports:
  - { port: 8080, name: http }
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ratings
  namespace: bar
spec:
  template:
    metadata:
      labels: { app: ratings }
---
apiVersion: v1
kind: Secret
metadata:
  name: bar-cert
  namespace: bar
type: kubernetes.io/tls
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: partner
  namespace: bar
spec:
  hosts: ["api.partner.com", "*.wild.partner.com"]
  location: MESH_EXTERNAL
  resolution: DNS
  ports:
  - { number: 443, name: tls, protocol: TLS }
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: private
  namespace: bar
spec:
  hosts: ["private.partner.com"]
  exportTo: ["."]
  location: MESH_EXTERNAL
  resolution: DNS
  ports:
  - { number: 443, name: tls, protocol: TLS }
`;
