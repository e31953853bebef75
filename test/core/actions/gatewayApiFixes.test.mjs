// Quick fixes for the Gateway API parentRef findings: the whole edited file,
// the finding gone and nothing new (checkFix).
import test from 'node:test';
import assert from 'node:assert/strict';
import { checkFix } from './helpers.mjs';

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
