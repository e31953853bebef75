// IST0002 fixes: a deprecated integer percentage that Istio still reads is
// rewritten as its replacement with the same meaning; no rewrite when the
// replacement is already set (Istio reads that one, and the key would repeat).
import test from 'node:test';
import assert from 'node:assert/strict';
import { checkFix } from './helpers.mjs';
import { load } from '../../helpers/fixture.mjs';

const source = `
#- /shop/vs.yaml
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: cart, namespace: shop}
spec:
  hosts: [cart]
  http:
  - fault:
      delay:
        percent: 10   # one request in ten
#       ^^^^^^^ IST0002
        fixedDelay: 5s
    mirror: {host: cart-shadow}
    mirrorPercent: 50
#   ^^^^^^^^^^^^^ IST0002
    route:
    - destination: {host: cart}
#- /shop/services.yaml
apiVersion: v1
kind: Service
metadata: {name: cart, namespace: shop}
spec:
  selector: {app: cart}
  ports: [{port: 80, name: http}]
---
apiVersion: v1
kind: Service
metadata: {name: cart-shadow, namespace: shop}
spec:
  selector: {app: cart-shadow}
  ports: [{port: 80, name: http}]
`;
const vsOf = (text) => text.replace(/^\n#- \S+\n/, '').replace(/^#.*\^.*\n/gm, '').split('\n#- /shop/services.yaml')[0];

test('IST0002 delay.percent: write percentage: {value: N}, comment kept, finding gone, nothing new', () => {
  checkFix(assert, source, {
    code: 'IST0002',
    line: 8,
    title: 'Write percentage: {value: 10} instead',
    expect: { '/shop/vs.yaml': vsOf(source).replace('percent: 10   # one request in ten', 'percentage: {value: 10}   # one request in ten') },
  });
});

test('IST0002 mirrorPercent: write mirrorPercentage: {value: N}', () => {
  checkFix(assert, source, {
    code: 'IST0002',
    line: 11,
    title: 'Write mirrorPercentage: {value: 50} instead',
    expect: { '/shop/vs.yaml': vsOf(source).replace('mirrorPercent: 50', 'mirrorPercentage: {value: 50}') },
  });
});

test('IST0002 with the replacement already set gets no rewrite', () => {
  const both = source.replace('    mirrorPercent: 50\n', '    mirrorPercent: 50\n    mirrorPercentage: {value: 20}\n');
  const fx = load(both);
  const f = fx.files[0];
  const finding = fx.service.diagnostics().get(f.uri).find((d) => d.code === 'IST0002' && d.data?.field === 'mirrorPercent');
  assert.ok(finding, 'the deprecated field is still reported');
  assert.deepStrictEqual(fx.service.getCodeActions(f.uri, f.text, finding.span, [finding]).map((a) => a.title), []);
});
