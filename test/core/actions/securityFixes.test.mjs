// Quick fixes on security policies: the whole resulting text, the finding
// gone, nothing new.
import test from 'node:test';
import assert from 'node:assert/strict';
import { checkFix } from './helpers.mjs';

test('ILS0701: drop spiffe:// from a principal, keeping its quotes', () => {
  checkFix(assert, `
#- /shop/authz.yaml
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: frontend-to-cart
  namespace: shop
spec:
  rules:
  - from:
    - source:
        principals:
        - "spiffe://cluster.local/ns/shop/sa/frontend"
#         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ ILS0701
        - cluster.local/ns/shop/sa/admin
`, {
    code: 'ILS0701',
    title: 'Write the principal as cluster.local/ns/shop/sa/frontend',
    expect: {
      '/shop/authz.yaml': `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: frontend-to-cart
  namespace: shop
spec:
  rules:
  - from:
    - source:
        principals:
        - "cluster.local/ns/shop/sa/frontend"
        - cluster.local/ns/shop/sa/admin
`,
    },
  });
});
