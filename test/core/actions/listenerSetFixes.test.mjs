// ILS0819 quick fix: the Gateway admits the ListenerSet's namespace, by name
// (or `from: Same` for its own namespace); the whole edited Gateway, the
// finding gone and nothing new (checkFix). No fix when the class decides.
import test from 'node:test';
import assert from 'node:assert/strict';
import { checkFix, titlesFor } from './helpers.mjs';
import { load } from '../../helpers/fixture.mjs';

const GW = (allowed) => `#- /infra/gateway.yaml
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: web
  namespace: infra
spec:
  gatewayClassName: istio
${allowed}  listeners:
  - name: http
    port: 80
    protocol: HTTP
`;
const LS = (ns, mark = '#         ^^^ ILS0819\n') => `#- /${ns}/listeners.yaml
apiVersion: gateway.networking.k8s.io/v1
kind: ListenerSet
metadata:
  name: extra
  namespace: ${ns}
spec:
  parentRef:
    name: web
${mark}    namespace: infra
  listeners:
  - name: extra
    port: 8080
    protocol: HTTP
`;
const body = (text) => text.replace(/^#- .*\n/, '').replace(/\n$/, '');

test('ILS0819 Gateway without allowedListeners: admit the ListenerSet namespace by its name label', () => {
  checkFix(assert, GW('') + LS('team'), {
    code: 'ILS0819',
    title: 'Let Gateway infra/web admit the ListenerSets of namespace team (allowedListeners selector on kubernetes.io/metadata.name)',
    expect: { '/infra/gateway.yaml': body(GW(`  allowedListeners:
    namespaces:
      from: Selector
      selector:
        matchLabels:
          kubernetes.io/metadata.name: team
`)) },
  });
});

test('ILS0819 ListenerSet in the Gateway namespace: allowedListeners from: Same', () => {
  checkFix(assert, GW('') + LS('infra'), {
    code: 'ILS0819',
    title: 'Let Gateway infra/web admit the ListenerSets of namespace infra (allowedListeners from: Same)',
    expect: { '/infra/gateway.yaml': body(GW(`  allowedListeners:
    namespaces:
      from: Same
`)) },
  });
});

test('ILS0819 Gateway with from: Same: it keeps its own namespace and adds the ListenerSet one', () => {
  checkFix(assert, GW('  allowedListeners:\n    namespaces:\n      from: Same\n') + LS('team'), {
    code: 'ILS0819',
    title: 'Let Gateway infra/web admit the ListenerSets of namespace team (allowedListeners selector on kubernetes.io/metadata.name)',
    expect: { '/infra/gateway.yaml': body(GW(`  allowedListeners:
    namespaces:
      from: Selector
      selector:
        matchExpressions:
        - key: kubernetes.io/metadata.name
          operator: In
          values:
          - infra
          - team
`)) },
  });
});

test('ILS0819 for a class without ListenerSets: no fix offered', () => {
  const fx = load(GW('  allowedListeners:\n    namespaces:\n      from: All\n').replace('gatewayClassName: istio', 'gatewayClassName: istio-remote') + LS('team'));
  assert.deepEqual(titlesFor(fx, 'ILS0819'), []);
});
