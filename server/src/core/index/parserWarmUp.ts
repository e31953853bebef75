// Warms the main thread's parser. The initial scan summarises every file in
// worker threads, so the first edits after a start ran the YAML parser and the
// extractors on the main thread unoptimised (several times slower than after
// a few dozen parses). Summarising a small representative sample while the
// server is idle gets that JIT work done before the first edit needs it.
import { summarize } from '../summary/summarize';

/** A small file of the kinds users edit most (the features' warm-up reads it too). */
export const WARM_UP_SAMPLE = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
  namespace: shop
spec:
  hosts:
  - reviews
  - "reviews.example.com"
  gateways:
  - mesh
  - shop/public
  http:
  - match:
    - uri:
        prefix: /v2
      headers:
        x-canary:
          exact: "true"
    route:
    - destination:
        host: reviews
        subset: v2
        port:
          number: 9080
      weight: 90
    - destination:
        host: reviews.shop.svc.cluster.local
        subset: v1
      weight: 10
    retries: {attempts: 3, perTryTimeout: 2s}
  - route:
    - destination:
        host: reviews
        subset: v1
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
  namespace: shop
spec:
  host: reviews
  trafficPolicy:
    tls:
      mode: ISTIO_MUTUAL
  subsets:
  - name: v1
    labels:
      version: v1
  - name: v2
    labels:
      version: v2
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: public
  namespace: shop
spec:
  selector:
    istio: ingressgateway
  servers:
  - port:
      number: 443
      name: https
      protocol: HTTPS
    hosts:
    - "shop/reviews.example.com"
    tls:
      mode: SIMPLE
      credentialName: reviews-cert
---
apiVersion: v1
kind: Service
metadata:
  name: reviews
  namespace: shop
  labels:
    app: reviews
spec:
  selector:
    app: reviews
  ports:
  - name: http
    port: 9080
    targetPort: 9080
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: reviews-v1
  namespace: shop
spec:
  template:
    metadata:
      labels:
        app: reviews
        version: v1
    spec:
      containers:
      - name: reviews
        image: example/reviews:1.0 # a comment
`;

/** Summarises the sample `rounds` times (a few ms each); the results are dropped. */
export function warmUpParser(rounds: number): void {
  for (let i = 0; i < rounds; i++) summarize(`untitled:istio-ls-warm-up-${i}`, WARM_UP_SAMPLE, { defaultNamespace: 'default', limits: { maxFileSize: WARM_UP_SAMPLE.length + 1 } });
}
